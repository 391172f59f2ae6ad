// Who a log line is attributed to, as the scanner needs it: each member of staff's email and network
// username to their index in the school's staff list, and each address's leases. The people record's
// network username (from the people import: the school's MIS/AD export, its source of truth) comes
// first; a username kept by monitoring from `monitor ingest --staff` is used only for someone whose
// record has none, and never when the record gives that username to someone else. The leases are
// every one the school keeps (kept-leases.ts), so a map loaded once serves later ingests.
import { eq } from "drizzle-orm";
import type { StaffMember } from "../core/people/list-staff";
import type { DbOrTx } from "../platform/db";
import { loadKeptLeases } from "./kept-leases";
import { canonicalIp } from "./parse-ip-map-csv";
import { normaliseNetworkUsername, type StaffMember as StaffFileMember } from "./parse-staff-csv";
import { monitoringNetworkUsernames } from "./schema";

export type Attribution = {
  /** Normalised usernames and emails to the person's index in `people`. */
  usernames: [string, number][];
  /** Canonical IP to its leases: [from, to, person (-1: no one on the staff list)]. */
  leases: [string, [number, number, number][]][];
  /** --staff usernames set aside because the people record says otherwise. */
  warnings: string[];
};

/**
 * Records the usernames of a `--staff` file (matched by email) as monitoring's own, replacing the
 * school's last; says which the people record overrides.
 */
export async function keepStaffFileUsernames(
  db: DbOrTx,
  schoolId: string,
  people: readonly StaffMember[],
  staffFile: readonly StaffFileMember[],
): Promise<void> {
  const index = new Map(people.map((p, i) => [p.email.toLowerCase(), i]));
  const rows = staffFile
    .filter((s) => s.networkUsername !== "" && index.has(s.email))
    .map((s) => ({
      staffId: people[index.get(s.email)!]!.id,
      schoolId,
      username: normaliseNetworkUsername(s.networkUsername),
    }));
  await db.transaction(async (tx) => {
    await tx.delete(monitoringNetworkUsernames).where(eq(monitoringNetworkUsernames.schoolId, schoolId));
    if (rows.length > 0) await tx.insert(monitoringNetworkUsernames).values(rows);
  });
}

export async function loadAttribution(
  db: DbOrTx,
  schoolId: string,
  people: readonly StaffMember[],
): Promise<Attribution> {
  const index = new Map(people.map((p, i) => [p.email.toLowerCase(), i]));
  const byId = new Map(people.map((p, i) => [p.id, i]));
  const usernames: [string, number][] = people.map((p, i) => [p.email.toLowerCase(), i]);
  const claimed = new Map<string, number>();
  for (const [i, p] of people.entries()) {
    if (!p.networkUsername) continue;
    const name = normaliseNetworkUsername(p.networkUsername);
    claimed.set(name, i);
    usernames.push([name, i]);
  }
  const warnings: string[] = [];
  const kept = await db
    .select({ staffId: monitoringNetworkUsernames.staffId, username: monitoringNetworkUsernames.username })
    .from(monitoringNetworkUsernames)
    .where(eq(monitoringNetworkUsernames.schoolId, schoolId));
  let overridden = 0;
  for (const k of kept) {
    const i = byId.get(k.staffId);
    if (i === undefined) continue;
    const holder = claimed.get(k.username);
    if (holder === i) continue;
    // The record gives this person another username, or gives this one to someone else: the record wins.
    if (people[i]!.networkUsername || holder !== undefined) {
      overridden++;
      continue;
    }
    usernames.push([k.username, i]);
  }
  if (overridden > 0)
    warnings.push(
      `${overridden} network username(s) from --staff differ from the people record (the people import's Network Username), which was used instead`,
    );

  const leaseMap = new Map<string, [number, number, number][]>();
  for (const lease of await loadKeptLeases(db, schoolId)) {
    // A lease to someone not in the staff list is kept (as -1), so its overlap with a colleague's
    // lease is left unattributed, as analyse does: never guessed. The member of staff named when the
    // map was loaded, else whoever has the email now.
    const person = (lease.staffId ? byId.get(lease.staffId) : undefined) ?? index.get(lease.email) ?? -1;
    const ip = canonicalIp(lease.ip);
    const list = leaseMap.get(ip) ?? [];
    list.push([lease.from, lease.to, person]);
    leaseMap.set(ip, list);
  }
  return { usernames, leases: [...leaseMap], warnings };
}
