// A signed-in page holds someone's records (declarations, people, the audit trail, the outbox,
// "My record"): no browser or proxy cache may keep a copy, for the next user of a shared computer.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";

export function noStoreWhenSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.get("user") && !c.req.path.startsWith("/static/")) c.res.headers.set("cache-control", "no-store");
  };
}
