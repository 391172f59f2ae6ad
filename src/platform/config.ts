// Reads the environment once, so every setting a deployment can change is listed in one place.
import path from "node:path";
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  BASE_URL: z.string().url().optional(),
  CONDUCT_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().optional(),
  CONDUCT_APP_DATABASE_URL: z.string().optional(),
  CONDUCT_AUDIT_KEY: z.string().optional(),
  CONDUCT_AUDIT_ANCHOR_FILE: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Conduct <conduct@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  // Only for tests against a local identity provider: openid-client refuses plain http otherwise.
  OIDC_ALLOW_HTTP: z.enum(["true", "false"]).default("false"),
});

export type OidcProviderConfig = {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
};

export type Config = {
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The application's own login (default: conduct_app, given a password at start-up). */
  appDatabaseUrl: string | undefined;
  /** The audit chain's HMAC key; default: audit.key in the data folder. */
  auditKey: string | undefined;
  /** Where the daily anchor of the audit trail's head is appended (outside the database). */
  auditAnchorFile: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  secureCookies: boolean;
  oidcProviders: OidcProviderConfig[];
  oidcAllowHttp: boolean;
};

const PROVIDER_LABELS: Record<string, string> = { MICROSOFT: "Microsoft", GOOGLE: "Google" };

/** OIDC_<NAME>_ISSUER, OIDC_<NAME>_CLIENT_ID and OIDC_<NAME>_CLIENT_SECRET configure one provider each. */
export function readOidcProviders(env: NodeJS.ProcessEnv): OidcProviderConfig[] {
  const providers: OidcProviderConfig[] = [];
  for (const key of Object.keys(env).sort()) {
    const m = /^OIDC_([A-Z0-9]+)_ISSUER$/.exec(key);
    if (!m) continue;
    const name = m[1]!;
    const clientId = env[`OIDC_${name}_CLIENT_ID`];
    const clientSecret = env[`OIDC_${name}_CLIENT_SECRET`];
    if (!clientId || !clientSecret) {
      throw new Error(
        `OIDC_${name}_ISSUER is set but OIDC_${name}_CLIENT_ID or OIDC_${name}_CLIENT_SECRET is missing`,
      );
    }
    providers.push({
      id: name.toLowerCase(),
      label:
        env[`OIDC_${name}_LABEL`] ?? PROVIDER_LABELS[name] ?? name.charAt(0) + name.slice(1).toLowerCase(),
      issuer: env[key]!,
      clientId,
      clientSecret,
    });
  }
  return providers;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Conduct's settings are not valid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const baseUrl = e.BASE_URL ?? `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    dataDir: path.resolve(e.CONDUCT_DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    appDatabaseUrl: e.CONDUCT_APP_DATABASE_URL || undefined,
    auditKey: e.CONDUCT_AUDIT_KEY || undefined,
    // Beside the data folder, not in it: a copy of the folder (or its loss) leaves the anchor.
    auditAnchorFile: path.resolve(
      e.CONDUCT_AUDIT_ANCHOR_FILE || `${path.resolve(e.CONDUCT_DATA_DIR)}-audit-anchors.jsonl`,
    ),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === "true" : baseUrl.startsWith("https:"),
    oidcProviders: readOidcProviders(env),
    oidcAllowHttp: e.OIDC_ALLOW_HTTP === "true",
  };
}
