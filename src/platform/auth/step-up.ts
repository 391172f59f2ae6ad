// Step-up before the most sensitive pages (a safeguarding case's detail): the person re-enters their
// password, or a code from their authenticator app once they have enrolled one, and the session
// counts as stepped up for STEP_UP_MINUTES. Roles that hold safeguarding and HR records (DSL, HR)
// must enrol an app: a password alone does not step them up.
import { and, count, eq, gt } from "drizzle-orm";
import { auditEvents } from "../../platform/audit/schema";
import { authenticator } from "otplib";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { DbOrTx } from "../db";
import { verifyPassword } from "./passwords";
import type { Role } from "./permissions";
import { users } from "./schema";
import type { SignedInUser } from "./sessions";
import { stepUps, totpEnrolments } from "./step-up-schema";

export const STEP_UP_MINUTES = 15;
/** Wrong passwords or codes allowed in STEP_UP_MINUTES before step-up refuses to check more. */
export const MAX_STEP_UP_FAILURES = 10;
export const TOTP_REQUIRED_ROLES: readonly Role[] = ["dsl", "hr"];

// One step (30 s) either side, for a phone's clock a little off.
authenticator.options = { window: 1 };

export function mustUseTotp(user: Pick<SignedInUser, "roles">): boolean {
  return user.roles.some((r) => TOTP_REQUIRED_ROLES.includes(r.role));
}

export async function totpEnrolled(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select().from(totpEnrolments).where(eq(totpEnrolments.userId, userId));
  return !!row?.confirmedAt;
}

/** Pure: is a step-up at `at` still recent at `now`? */
export function isRecent(at: Date | null | undefined, now: Date): boolean {
  return (
    !!at && now.getTime() - at.getTime() <= STEP_UP_MINUTES * 60_000 && at.getTime() <= now.getTime() + 60_000
  );
}

export async function hasRecentStepUp(db: DbOrTx, sessionId: string, now = new Date()): Promise<boolean> {
  const [row] = await db.select().from(stepUps).where(eq(stepUps.sessionId, sessionId));
  return isRecent(row?.at, now);
}

export type StepUpResult =
  | { ok: true }
  | { ok: false; field: "password" | "code"; message: string; enrol?: boolean };

export async function stepUp(
  db: DbOrTx,
  user: SignedInUser,
  answer: { password?: string; code?: string },
  now = new Date(),
): Promise<StepUpResult> {
  // Guessing a 6-digit code would otherwise go on at any speed.
  const [failures] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "step-up.refused"),
        eq(auditEvents.actorId, user.id),
        gt(auditEvents.at, new Date(now.getTime() - STEP_UP_MINUTES * 60_000).toISOString()),
      ),
    );
  if ((failures?.n ?? 0) >= MAX_STEP_UP_FAILURES)
    return {
      ok: false,
      field: "code",
      message: `Too many wrong answers. Wait ${STEP_UP_MINUTES} minutes and try again.`,
    };
  const enrolled = await totpEnrolled(db, user.id);
  let via: "password" | "totp";
  if (enrolled) {
    const [row] = await db.select().from(totpEnrolments).where(eq(totpEnrolments.userId, user.id));
    const code = (answer.code ?? "").replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code) || !authenticator.check(code, row!.secret))
      return refuse(db, user, {
        ok: false,
        field: "code",
        message: "That code is not right. Enter the 6 digits your app shows now.",
      });
    via = "totp";
  } else {
    if (mustUseTotp(user))
      return {
        ok: false,
        field: "code",
        enrol: true,
        message: "Your role holds safeguarding or HR records: set up an authenticator app first.",
      };
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    const password = (answer.password ?? "").slice(0, 256);
    if (!(await verifyPassword(row?.hash ?? null, password)))
      return refuse(db, user, { ok: false, field: "password", message: "That password is not right." });
    via = "password";
  }
  await db
    .insert(stepUps)
    .values({ sessionId: user.sessionId, via, at: now })
    .onConflictDoUpdate({ target: stepUps.sessionId, set: { via, at: now } });
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "step-up",
    subjectType: "user",
    subjectId: user.id,
    personId: user.id,
    detail: { via },
  });
  return { ok: true };
}

async function refuse(db: DbOrTx, user: SignedInUser, result: StepUpResult): Promise<StepUpResult> {
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "step-up.refused",
    subjectType: "user",
    subjectId: user.id,
    personId: user.id,
  });
  return result;
}

/** Starts (or restarts, while unconfirmed) enrolment: the secret to type or scan into an app. */
export async function beginTotpEnrolment(db: DbOrTx, user: Pick<SignedInUser, "id" | "email">) {
  const [existing] = await db.select().from(totpEnrolments).where(eq(totpEnrolments.userId, user.id));
  if (existing?.confirmedAt) return { alreadyEnrolled: true as const };
  const secret = existing?.secret ?? authenticator.generateSecret();
  if (!existing) await db.insert(totpEnrolments).values({ userId: user.id, secret });
  return {
    alreadyEnrolled: false as const,
    secret,
    uri: authenticator.keyuri(user.email, "Conduct", secret),
  };
}

/** Confirms enrolment with a first code; that also counts as a step-up. */
export async function confirmTotpEnrolment(db: DbOrTx, user: SignedInUser, code: string, now = new Date()) {
  const [row] = await db.select().from(totpEnrolments).where(eq(totpEnrolments.userId, user.id));
  const clean = code.replace(/\s+/g, "");
  if (!row || row.confirmedAt || !/^\d{6}$/.test(clean) || !authenticator.check(clean, row.secret))
    return { ok: false as const, message: "That code is not right. Enter the 6 digits your app shows now." };
  await db.update(totpEnrolments).set({ confirmedAt: now }).where(eq(totpEnrolments.userId, user.id));
  await db
    .insert(stepUps)
    .values({ sessionId: user.sessionId, via: "totp", at: now })
    .onConflictDoUpdate({ target: stepUps.sessionId, set: { via: "totp", at: now } });
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "totp.enrolled",
    subjectType: "user",
    subjectId: user.id,
    personId: user.id,
  });
  return { ok: true as const };
}
