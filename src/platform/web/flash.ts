// A one-time message shown on the next page (after a redirect), kept in a short-lived cookie.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

const FLASH_COOKIE = "conduct_flash";

export function setFlash(c: Context, message: string) {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(message.slice(0, 300)), {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    maxAge: 60,
  });
}

export function takeFlash(c: Context): string | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return null;
  deleteCookie(c, FLASH_COOKIE, { path: "/" });
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
