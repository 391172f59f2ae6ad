// Reads the IP-to-staff map (ip,staff_email,from,to; ISO 8601 instants with offsets), e.g. from DHCP
// leases, so traffic with no username is attributed to whoever held the address at that moment.
import { type ColumnSpec, readSettingsCsv, type SettingsError } from "./read-settings-csv";

export interface IpLease {
  ip: string;
  email: string;
  /** Epoch seconds; the lease is [from, to). */
  from: number;
  to: number;
  /** The line of the map it came from (absent for a lease built in code). */
  line?: number;
}

const COLUMNS: ColumnSpec[] = [
  { field: "ip", headers: ["ip", "ip_address", "address", "client_ip"], required: true },
  { field: "email", headers: ["staff_email", "email"], required: true },
  { field: "from", headers: ["from", "start", "lease_start"], required: true },
  { field: "to", headers: ["to", "end", "lease_end"], required: true },
];

// An instant needs its offset: a lease with no zone could be an hour out either side of a clock change.
const instantPattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function parseInstant(text: string): number | null {
  if (!instantPattern.test(text)) return null;
  const ms = Date.parse(text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** Canonical text of an address, so "010.0.0.1" in a lease and "10.0.0.1" in a log are the same. */
export function canonicalIp(text: string): string {
  const t = text.trim().toLowerCase();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t);
  if (v4)
    return v4
      .slice(1)
      .map((n) => String(Number(n)))
      .join(".");
  return t.replace(/^\[|\]$/g, "");
}

export type ParseIpMapCsvResult = { ok: true; leases: IpLease[] } | { ok: false; errors: SettingsError[] };

export function parseIpMapCsv(text: string, fileName: string): ParseIpMapCsvResult {
  const read = readSettingsCsv(text, fileName, COLUMNS);
  if (!read.ok) return read;
  const errors: SettingsError[] = [];
  const leases: IpLease[] = [];
  for (const row of read.rows) {
    const error = (field: string, message: string) =>
      errors.push({ file: fileName, line: row.line, field, message });
    const ip = canonicalIp(row.get("ip"));
    if (!/^[0-9a-f.:]+$/.test(ip) || (!ip.includes(".") && !ip.includes(":"))) {
      error("ip", `"${row.get("ip")}" is not an IP address`);
      continue;
    }
    const email = row.get("email").toLowerCase();
    if (!email.includes("@")) {
      error("staff_email", `"${row.get("email")}" is not an email address`);
      continue;
    }
    const fromText = row.get("from");
    const toText = row.get("to");
    // A blank end is a lease still held.
    const from = fromText === "" ? Number.NEGATIVE_INFINITY : parseInstant(fromText);
    const to = toText === "" ? Number.POSITIVE_INFINITY : parseInstant(toText);
    if (from === null)
      error(
        "from",
        `"${fromText}" is not an ISO 8601 instant with an offset (e.g. 2026-03-30T08:00:00+01:00)`,
      );
    if (to === null)
      error("to", `"${toText}" is not an ISO 8601 instant with an offset (e.g. 2026-03-30T12:30:00+01:00)`);
    if (from === null || to === null) continue;
    if (to <= from) {
      error("to", `${toText} is not after ${fromText}`);
      continue;
    }
    leases.push({ ip, email, from, to, line: row.line });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, leases };
}

export interface LeaseOverlap {
  ip: string;
  first: IpLease;
  second: IpLease;
  /** Epoch seconds: the overlap is [from, to). */
  from: number;
  to: number;
}

/**
 * Leases of one address held by two different people at once. The scanner leaves a request in such
 * an overlap unattributed (the map cannot say whose it was); this lists them so the school is told.
 * A person's own overlapping leases (a renewal) are not an overlap.
 */
export function overlappingLeases(leases: readonly IpLease[]): LeaseOverlap[] {
  const byIp = new Map<string, IpLease[]>();
  for (const lease of leases) {
    const ip = canonicalIp(lease.ip);
    const list = byIp.get(ip) ?? [];
    list.push(lease);
    byIp.set(ip, list);
  }
  const overlaps: LeaseOverlap[] = [];
  for (const [ip, list] of byIp) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      // Sorted by start: once a later lease starts at or after a's end, none after it overlaps a.
      for (let j = i + 1; j < list.length && list[j]!.from < a.to; j++) {
        const b = list[j]!;
        if (b.email === a.email) continue;
        overlaps.push({ ip, first: a, second: b, from: b.from, to: Math.min(a.to, b.to) });
      }
    }
  }
  return overlaps;
}

/** An overlap in words, for a warning: which lines, who, and when. */
export function formatLeaseOverlap(overlap: LeaseOverlap, fileName: string): string {
  const when = (s: number) =>
    Number.isFinite(s) ? new Date(s * 1000).toISOString().replace(".000Z", "Z") : "open";
  const at = (l: IpLease) => (l.line === undefined ? l.email : `line ${l.line} (${l.email})`);
  return (
    `${fileName}: ${overlap.ip}: ${at(overlap.first)} and ${at(overlap.second)} both hold it from ` +
    `${when(overlap.from)} to ${when(overlap.to)}; requests from it then are counted as unattributed`
  );
}

/** The warnings for a map's overlaps, the first 20 in full (a map can hold thousands). */
export function leaseOverlapWarnings(leases: readonly IpLease[], fileName: string): string[] {
  const overlaps = overlappingLeases(leases);
  const warnings = overlaps.slice(0, 20).map((o) => formatLeaseOverlap(o, fileName));
  if (overlaps.length > 20)
    warnings.push(`${fileName}: ... and ${overlaps.length - 20} more overlapping leases`);
  return warnings;
}
