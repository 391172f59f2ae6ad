// The key of the audit chain's HMAC, kept outside the database: an attacker who can rewrite rows
// (even as the superuser) cannot make a chain `audit verify` accepts without it.
// CONDUCT_AUDIT_KEY (every instance behind a load balancer needs the same one) or, by default,
// `audit.key` in the data folder, made on first start.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export const AUDIT_KEY_FILE = "audit.key";
const MIN_KEY_LENGTH = 32;

let current: Buffer | null = null;

export function setAuditKey(key: Buffer | string): void {
  current = Buffer.isBuffer(key) ? key : Buffer.from(key, "utf8");
}

export function auditKey(): Buffer {
  if (!current)
    throw new Error(
      "The audit key is not loaded: open the database through openDatabase (or set one in tests)",
    );
  return current;
}

export async function loadAuditKey(options: { env?: string; dataDir: string }): Promise<Buffer> {
  const fromEnv = options.env?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_KEY_LENGTH)
      throw new Error(
        `CONDUCT_AUDIT_KEY must be at least ${MIN_KEY_LENGTH} characters (try: openssl rand -hex 32)`,
      );
    return Buffer.from(fromEnv, "utf8");
  }
  const file = path.join(options.dataDir, AUDIT_KEY_FILE);
  try {
    return Buffer.from((await fs.readFile(file, "utf8")).trim(), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await fs.mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(32).toString("hex");
  try {
    await fs.writeFile(file, `${key}\n`, { flag: "wx", mode: 0o600 });
    return Buffer.from(key, "utf8");
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return Buffer.from((await fs.readFile(file, "utf8")).trim(), "utf8");
  }
}
