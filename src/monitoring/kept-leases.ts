// The IP-to-staff map a school keeps between ingests: a map loaded with an ingest (or on its own,
// `conduct monitor leases` or the ingest page) is kept, and every later ingest of the school
// attributes traffic with no known username through all the leases kept. Loading the same map again
// adds nothing (the table's key); leases that ended before the retention period go with the purge.
import "./audit-events";
import { sql } from "drizzle-orm";
import type { StaffMember } from "../core/people/list-staff";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { DbOrTx } from "../platform/db";
import { canonicalIp, formatLeaseOverlap, type IpLease, overlappingLeases } from "./parse-ip-map-csv";

/** A lease as kept: the map's, with the member of staff its email named when it was loaded. */
export type KeptLease = IpLease & { staffId: string | null };

export type KeepLeasesResult = {
  /** Leases new to the school's map, and those it already kept (the same ip, email, from and to). */
  added: number;
  alreadyKept: number;
  /** How many the school keeps now. */
  kept: number;
  /** Worth checking: overlaps with another person's lease (the file's or one kept), emails on no staff record. */
  warnings: string[];
};

const toTimestamp = (seconds: number) =>
  seconds === Number.NEGATIVE_INFINITY
    ? "-infinity"
    : seconds === Number.POSITIVE_INFINITY
      ? "infinity"
      : new Date(seconds * 1000).toISOString();

/** Keeps a map's leases for the school, audited; `people` is the school's staff list (listStaff). */
export async function keepLeases(
  db: DbOrTx,
  options: {
    schoolId: string;
    people: readonly Pick<StaffMember, "id" | "email">[];
    leases: readonly IpLease[];
    fileName: string;
    actor: Actor;
  },
): Promise<KeepLeasesResult> {
  const { schoolId, leases, fileName } = options;
  const idOf = new Map(options.people.map((p) => [p.email.toLowerCase(), p.id]));
  let added = 0;
  // A few thousand rows at a time: one statement's parameters stay well inside PostgreSQL's limit.
  for (let i = 0; i < leases.length; i += 2000) {
    const batch = leases.slice(i, i + 2000);
    const rows = sql.join(
      batch.map(
        (l) =>
          sql`(${schoolId}::uuid, ${canonicalIp(l.ip)}, ${l.email.toLowerCase()}, ${idOf.get(l.email.toLowerCase()) ?? null}::uuid, ${toTimestamp(l.from)}::timestamptz, ${toTimestamp(l.to)}::timestamptz)`,
      ),
      sql`, `,
    );
    const inserted = await db.execute<{ n: string }>(sql`
      with added as (
        insert into monitoring_ip_leases (school_id, ip, staff_email, staff_id, valid_from, valid_to)
        values ${rows}
        on conflict (school_id, ip, staff_email, valid_from, valid_to) do nothing
        returning 1)
      select count(*) as n from added`);
    added += Number(inserted.rows[0]!.n);
  }
  const kept = await loadKeptLeases(db, schoolId);
  const warnings = overlapWarnings(leases, kept, fileName);
  const nobody = [...new Set(leases.map((l) => l.email.toLowerCase()).filter((e) => !idOf.has(e)))];
  if (nobody.length > 0)
    warnings.push(
      `${fileName}: ${nobody.length} email(s) in the map are on no staff record at this school (${nobody.slice(0, 5).join(", ")}${nobody.length > 5 ? ", ..." : ""}); requests from their addresses are counted as unattributed`,
    );
  await recordAuditEvent(db, {
    actor: options.actor,
    action: "monitoring.leases-kept",
    subjectType: "school",
    subjectId: schoolId,
    schoolId,
    detail: { fileName, leases: leases.length, added, kept: kept.length },
  });
  return { added, alreadyKept: leases.length - added, kept: kept.length, warnings };
}

/** Overlaps of two people's leases that involve a lease of this file (kept ones are named by email). */
function overlapWarnings(file: readonly IpLease[], kept: readonly KeptLease[], fileName: string): string[] {
  const keyOf = (l: IpLease) => `${canonicalIp(l.ip)}|${l.email.toLowerCase()}|${l.from}|${l.to}`;
  const inFile = new Map(file.map((l) => [keyOf(l), l]));
  // The file's own leases with their line numbers, then the kept leases the file does not hold.
  const all = [...inFile.values(), ...kept.filter((l) => !inFile.has(keyOf(l)))];
  const overlaps = overlappingLeases(all).filter(
    (o) => inFile.has(keyOf(o.first)) || inFile.has(keyOf(o.second)),
  );
  const warnings = overlaps.slice(0, 20).map((o) => formatLeaseOverlap(o, fileName));
  if (overlaps.length > 20)
    warnings.push(`${fileName}: ... and ${overlaps.length - 20} more overlapping leases`);
  return warnings;
}

/** Every lease the school keeps, oldest first. */
export async function loadKeptLeases(db: DbOrTx, schoolId: string): Promise<KeptLease[]> {
  const found = await db.execute<{
    ip: string;
    staff_email: string;
    staff_id: string | null;
    from_s: number | string;
    to_s: number | string;
  }>(sql`
    select ip, staff_email, staff_id, extract(epoch from valid_from)::float8 as from_s,
      extract(epoch from valid_to)::float8 as to_s
    from monitoring_ip_leases where school_id = ${schoolId}
    order by valid_from, ip, staff_email`);
  return found.rows.map((r) => ({
    ip: r.ip,
    email: r.staff_email,
    staffId: r.staff_id,
    from: Number(r.from_s),
    to: Number(r.to_s),
  }));
}

/** How many leases the school keeps, and the span they cover (null ends: open). */
export async function countKeptLeases(
  db: DbOrTx,
  schoolId: string,
): Promise<{ leases: number; from: Date | null; to: Date | null }> {
  const found = await db.execute<{ n: string; lo: string | null; hi: string | null }>(sql`
    select count(*) as n,
      min(valid_from) filter (where valid_from <> '-infinity') as lo,
      max(valid_to) filter (where valid_to <> 'infinity') as hi
    from monitoring_ip_leases where school_id = ${schoolId}`);
  const row = found.rows[0]!;
  return {
    leases: Number(row.n),
    from: row.lo ? new Date(row.lo) : null,
    to: row.hi ? new Date(row.hi) : null,
  };
}
