// Anchors the head of the audit trail outside its table: the latest row's number and hash,
// appended daily to a file beside the data folder and emailed to the trustees. A keyed chain
// cannot be forged, but its end can be cut off (delete the newest rows and the rest still
// verifies); `audit verify` compares against the anchor, so a shortened trail is caught.
import fs from "node:fs/promises";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { DbOrTx } from "../db";
import type { Mailer } from "../../platform/mail/send-mail";
import { auditEvents } from "./schema";

export type AuditAnchor = { seq: number; hash: string; at: string; anchoredAt: string };

export async function readAuditHead(db: DbOrTx): Promise<Omit<AuditAnchor, "anchoredAt"> | null> {
  const [row] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash, at: auditEvents.at })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row ? { seq: row.seq, hash: row.hash, at: new Date(row.at).toISOString() } : null;
}

export async function anchorAuditHead(options: {
  db: DbOrTx;
  file: string;
  mailer?: Mailer;
  baseUrl?: string;
  now?: Date;
}): Promise<AuditAnchor | null> {
  const head = await readAuditHead(options.db);
  if (!head) return null;
  const anchor: AuditAnchor = { ...head, anchoredAt: (options.now ?? new Date()).toISOString() };
  await fs.mkdir(path.dirname(options.file), { recursive: true });
  await fs.appendFile(options.file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  if (options.mailer) {
    // The trustees hold a copy no one with only the server can change.
    const trustees = await options.db
      .selectDistinct({ email: users.email })
      .from(users)
      .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
      .where(and(eq(users.active, true), eq(roleAssignments.role, "trustee")));
    for (const t of trustees) {
      await options.mailer.send({
        to: t.email,
        subject: `Conduct audit trail: row ${anchor.seq} anchored`,
        text: `The audit trail's newest row on ${anchor.anchoredAt} was number ${anchor.seq}, with hash\n${anchor.hash}\n\nKeep this email. To check later that no row up to it was removed or changed, your trust administrator runs:\n  conduct audit verify --anchor ${anchor.seq}:${anchor.hash}\n`,
      });
    }
  }
  return anchor;
}

/** The newest anchor in the file, or null when there is none yet. */
export async function readLatestAnchor(file: string): Promise<AuditAnchor | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const lines = text.split("\n").filter((l) => l.trim());
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as AuditAnchor) : null;
}

/** "SEQ:HASH", as the trustees' email gives it. */
export function parseAnchorArgument(value: string): Pick<AuditAnchor, "seq" | "hash"> | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(value.trim());
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}
