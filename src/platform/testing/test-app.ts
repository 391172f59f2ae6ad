// An in-process Conduct for tests: a real database, real routes, requests through app.request.
import "../../capabilities";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../platform/auth/passwords";
import type { Role } from "../../platform/auth/permissions";
import { roleAssignments, users } from "../../platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../../platform/auth/sessions";
import { type Config, readConfig } from "../config";
import { createLogger } from "../logger";
import { createMailer } from "../../platform/mail/send-mail";
import { createApp } from "../../platform/web/app";
import type { Services } from "../../platform/web/context";
import { schools, trusts } from "../../core/people/schema";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_ORIGIN = "http://localhost:3000";
export const TEST_PASSWORD = "correct horse battery staple";

export type TestApp = {
  database: TestDatabase;
  services: Services;
  app: ReturnType<typeof createApp>;
  /** A request as a browser on Conduct's own origin would send it (Origin header set for forms). */
  request: (
    path: string,
    init?: RequestInit & { cookie?: string; form?: Record<string, string> },
  ) => Promise<Response>;
  close: () => Promise<void>;
};

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = {
    ...readConfig({ BASE_URL: TEST_ORIGIN, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
    databaseUrl: database.url,
    ...overrides,
  };
  const logger = createLogger("silent");
  const services: Services = {
    database,
    config,
    logger,
    mailer: createMailer({ db: database.db, smtpUrl: config.smtpUrl, from: config.mailFrom, logger }),
    jobs: null,
  };
  const app = createApp(services);
  const request: TestApp["request"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set("cookie", init.cookie);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const method = init.method ?? (init.form ? "POST" : "GET");
    if (method !== "GET" && !headers.has("origin")) headers.set("origin", TEST_ORIGIN);
    return Promise.resolve(app.request(`${TEST_ORIGIN}${path}`, { ...init, method, headers, body }));
  };
  return { database, services, app, request, close: () => database.drop() };
}

export type SeededTrust = {
  trustId: string;
  schoolA: { id: string; slug: string };
  schoolB: { id: string; slug: string };
};

/** A trust with two schools, as first-run set-up would leave it (plus a second school). */
export async function seedTrust(t: TestApp): Promise<SeededTrust> {
  const { db } = t.database;
  const [trust] = await db.insert(trusts).values({ name: "Test Trust", slug: "test-trust" }).returning();
  const [a] = await db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "school-a", name: "School A", phase: "secondary" })
    .returning();
  const [b] = await db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "school-b", name: "School B", phase: "primary" })
    .returning();
  return { trustId: trust!.id, schoolA: { id: a!.id, slug: a!.slug }, schoolB: { id: b!.id, slug: b!.slug } };
}

let passwordHash: Promise<string> | undefined;

/** An account signInAs made: its session cookie, id and email. */
export type SignedIn = { cookie: string; userId: string; email: string };

/** Creates an account holding one role (at school A for school roles) and returns its session cookie. */
export async function signInAs(
  t: TestApp,
  role: Role,
  options: { schoolId?: string | null; email?: string } = {},
): Promise<SignedIn> {
  const { db } = t.database;
  const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@test.example.org`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await db
    .insert(users)
    .values({ email, name: `Test ${role}`, passwordHash: await passwordHash })
    .returning();
  const isTrustWide = ["trust-admin", "it-director", "hr", "trustee"].includes(role);
  await db
    .insert(roleAssignments)
    .values({ userId: user!.id, role, schoolId: isTrustWide ? null : (options.schoolId ?? null) });
  const token = await startSession(db, user!.id, "password");
  return { cookie: `${SESSION_COOKIE}=${token}`, userId: user!.id, email };
}

export async function userByEmail(t: TestApp, email: string) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, email));
  return u;
}
