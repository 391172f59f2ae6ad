// Password hashing with argon2id (the @node-rs/argon2 defaults are argon2id, m=19 MiB, t=2, p=1:
// OWASP's recommended minimum).
import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 12;
/** No one types more; a longer "password" is refused before hashing, so it costs nothing. */
export const MAX_PASSWORD_LENGTH = 256;
/** The longest an email address can be (RFC 5321's path limit, less the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */ });
}

// A real hash of a random password, verified against when the account does not exist, so a
// wrong email takes as long as a wrong password and does not reveal who has an account.
let decoy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!storedHash) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}
