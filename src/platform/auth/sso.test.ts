// Single sign-on against a real OpenID Connect provider (oidc-provider) on the loopback: the
// browser's part (log in, consent) is driven over HTTP through the provider's dev interactions,
// and Conduct's part goes through openid-client (discovery, code exchange, ID token checks).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
// @ts-expect-error oidc-provider ships no type declarations
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../platform/audit/schema";
import {
  createTestApp,
  seedTrust,
  signInAs,
  TEST_ORIGIN,
  type TestApp,
} from "../../platform/testing/test-app";
import { sessions } from "./schema";
import { SESSION_COOKIE } from "./sessions";

const CLIENT = { id: "conduct-test", secret: "a-client-secret-long-enough-for-hs256-0123456789" };
const CALLBACK = `${TEST_ORIGIN}/auth/sso/test/callback`;

/** The people the identity provider knows: the account id typed at its login form is the key. */
const ACCOUNTS: Record<string, { email: string; name: string; verified: boolean }> = {
  "known-teacher": { email: "Known.Teacher@school.example.org", name: "Known Teacher", verified: true },
  stranger: { email: "stranger@elsewhere.example.org", name: "A Stranger", verified: true },
  // Claims to be the known teacher, but the provider has not checked that it owns the address.
  impostor: { email: "known.teacher@school.example.org", name: "Impostor", verified: false },
  "strict-teacher": { email: "strict.teacher@school.example.org", name: "Strict Teacher", verified: true },
};

let t: TestApp;
let idp: { issuer: string; server: http.Server };
// A provider that keeps the email out of the ID token and gives it only from its userinfo endpoint.
let strictIdp: { issuer: string; server: http.Server };

async function startProvider(conformIdTokenClaims = false) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [CALLBACK, `${TEST_ORIGIN}/auth/sso/strict/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    cookies: { keys: ["test-cookie-signing-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Entra ID and Google put the email in the ID token; oidc-provider does that only when told to.
    conformIdTokenClaims,
    features: { devInteractions: { enabled: true } },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.verified,
          name: account.name,
        }),
      };
    },
  });
  server.on("request", provider.callback());
  return { issuer, server };
}

/** The few cookies a browser would keep between the provider's pages. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1);
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Plays the browser from Conduct's redirect to the provider until the provider sends the browser
 * back to Conduct's callback; returns that callback URL (not yet visited).
 */
async function logInAtProvider(authorizationUrl: string, accountId: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin === TEST_ORIGIN) return url;
    const res = await fetch(url, {
      method,
      redirect: "manual",
      headers: {
        cookie: jar.header(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: body?.toString(),
    });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      url = new URL(res.headers.get("location")!, url);
      method = "GET";
      body = undefined;
      continue;
    }
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    expect(action, html.slice(0, 500)).toBeTruthy();
    url = new URL(action!.replace(/&amp;/g, "&"), url);
    method = "POST";
    body =
      prompt === "login"
        ? new URLSearchParams({ prompt: "login", login: accountId, password: "anything" })
        : new URLSearchParams({ prompt: "consent" });
  }
  throw new Error("the provider never sent the browser back to Conduct");
}

/** Conduct's redirect to the provider, as a browser clicking "Sign in with Test IdP" gets it. */
async function beginAtConduct(next?: string, providerId = "test", issuer = idp.issuer): Promise<string> {
  const res = await t.request(`/auth/sso/${providerId}${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  expect(res.status).toBe(302);
  const location = res.headers.get("location")!;
  expect(location.startsWith(`${issuer}/`)).toBe(true);
  return location;
}

async function callback(url: URL): Promise<Response> {
  return t.request(`${url.pathname}${url.search}`);
}

function sessionCookie(res: Response): string | null {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return found ? found.split(";")[0]! : null;
}

beforeAll(async () => {
  idp = await startProvider();
  strictIdp = await startProvider(true);
  t = await createTestApp({
    oidcProviders: [
      { id: "test", label: "Test IdP", issuer: idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret },
      {
        id: "strict",
        label: "Strict IdP",
        issuer: strictIdp.issuer,
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
      },
    ],
    oidcAllowHttp: true,
  });
  await seedTrust(t);
});
afterAll(async () => {
  await t?.close();
  for (const p of [idp, strictIdp]) {
    p?.server.closeAllConnections();
    await new Promise<void>((resolve) => (p ? p.server.close(() => resolve()) : resolve()));
  }
});

describe("single sign-on with OpenID Connect", () => {
  it("offers the provider on the sign-in page", async () => {
    const html = await (await t.request("/sign-in")).text();
    expect(html).toContain("Sign in with Test IdP");
    expect(html).toContain('href="/auth/sso/test?next=%2F"');
  });

  it("signs in a person whose verified email has an account, and records it", async () => {
    const me = await signInAs(t, "staff", { email: "known.teacher@school.example.org" });
    const location = await beginAtConduct("/declarations");
    const authorization = new URL(location);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();

    const back = await logInAtProvider(location, "known-teacher");
    expect(back.searchParams.get("code")).toBeTruthy();
    const res = await callback(back);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe("/declarations");
    const cookie = sessionCookie(res);
    expect(cookie).not.toBeNull();
    const home = await t.request("/api/v1/me", { cookie: cookie! });
    expect(home.status).toBe(200);
    expect(((await home.json()) as { email: string }).email).toBe("known.teacher@school.example.org");
    const mine = await t.database.db.select().from(sessions).where(eq(sessions.userId, me.userId));
    expect(mine.map((s) => s.via).sort()).toEqual(["password", "sso"]);
    const [event] = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, "sign-in"))
    ).filter((e) => e.actorId === me.userId);
    expect(event?.detail).toEqual({ via: "test" });

    // The same callback again (a replay from history or a leaked URL) is refused.
    const replay = await callback(back);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("expired or was already used");
    expect(sessionCookie(replay)).toBeNull();
  });

  it("refuses a verified email that has no Conduct account, with a message", async () => {
    const sessionsBefore = (await t.database.pool.query("select count(*)::int as n from sessions")).rows[0].n;
    const back = await logInAtProvider(await beginAtConduct(), "stranger");
    const res = await callback(back);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("stranger@elsewhere.example.org has no Conduct account");
    expect(sessionCookie(res)).toBeNull();
    expect((await t.database.pool.query("select count(*)::int as n from sessions")).rows[0].n).toBe(
      sessionsBefore,
    );
    const refused = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "sign-in.refused"));
    expect(refused.map((e) => e.detail)).toContainEqual({
      via: "test",
      email: "stranger@elsewhere.example.org",
      reason: "no account",
    });
  });

  it("refuses an email the provider has not verified", async () => {
    const res = await callback(await logInAtProvider(await beginAtConduct(), "impostor"));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("not verified");
    expect(sessionCookie(res)).toBeNull();
  });

  it("refuses a callback whose state was tampered with", async () => {
    const back = await logInAtProvider(await beginAtConduct(), "known-teacher");
    const tampered = new URL(back);
    tampered.searchParams.set("state", `${back.searchParams.get("state")}x`);
    const res = await callback(tampered);
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeNull();
    const missing = new URL(back);
    missing.searchParams.delete("state");
    expect((await callback(missing)).status).toBe(400);
  });

  it("refuses one attempt's code presented with another attempt's state", async () => {
    // Both states are genuine, so only the PKCE verifier (and nonce) can tell the code does not belong.
    const first = await logInAtProvider(await beginAtConduct(), "known-teacher");
    const second = await logInAtProvider(await beginAtConduct(), "known-teacher");
    const swapped = new URL(first);
    swapped.searchParams.set("state", second.searchParams.get("state")!);
    const res = await callback(swapped);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Test IdP did not confirm who you are");
    expect(sessionCookie(res)).toBeNull();
  });

  it("answers an unknown provider with 404", async () => {
    expect((await t.request("/auth/sso/nope")).status).toBe(404);
    expect((await t.request("/auth/sso/nope/callback?state=x&code=y")).status).toBe(400);
  });
});

describe("a provider that gives the email only from its userinfo endpoint", () => {
  it("still signs the person in, asking the userinfo endpoint for the email", async () => {
    await signInAs(t, "staff", { email: "strict.teacher@school.example.org" });
    const location = await beginAtConduct("/", "strict", strictIdp.issuer);
    const back = await logInAtProvider(location, "strict-teacher");
    const res = await callback(back);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(sessionCookie(res)).not.toBeNull();
  });
});
