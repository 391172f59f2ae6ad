// Scans proxy log bytes into distinct (person, platform, minute) keys. Squid lines are read as bytes
// (only a host is ever decoded, once per distinct host); W3C and CSV lines, rarer and shaped by their
// headers, are split into strings. A line that cannot be read is counted with its number and why,
// never fatal. Nothing of a line is kept but the minute, the platform and who made the request.
import { ByteMap, MISSING } from "./byte-map";
import { instantOfLocal } from "./local-time";
import { KeyList, NumberSet } from "./number-set";
import { canonicalIp } from "./parse-ip-map-csv";
import { normaliseNetworkUsername } from "./parse-staff-csv";
import { createPlatformMatcher, type PlatformList } from "./platforms";

export const LOG_FORMATS = ["squid", "w3c", "csv"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * Keys pack (person, minute, platform) into one integer below 2^53, in that order, so sorted keys
 * come grouped by person and then by minute: the summary is one pass with no hash table.
 */
export const MINUTE_SPACE = 2 ** 26;
export const PLATFORM_SPACE = 128;
export const MAX_PEOPLE = 2 ** 20;

export function packKey(person: number, platform: number, epochMinute: number): number {
  return (person * MINUTE_SPACE + epochMinute) * PLATFORM_SPACE + platform;
}

export function unpackKey(key: number): { person: number; platform: number; minute: number } {
  const platform = key % PLATFORM_SPACE;
  const rest = (key - platform) / PLATFORM_SPACE;
  const minute = rest % MINUTE_SPACE;
  return { person: (rest - minute) / MINUTE_SPACE, platform, minute };
}

/** Everything a scanner needs, as plain data so it can be sent to a worker thread. */
export interface ScanSetup {
  format: LogFormat;
  platforms: PlatformList;
  /** Normalised network usernames (and emails) to the index of a member of staff. */
  usernames: [string, number][];
  /** Canonical IP to its leases: [fromSeconds, toSeconds, staff index (-1: someone not in the staff list)]. */
  leases: [string, [number, number, number][]][];
  /** The school's zone: a CSV timestamp with no offset is read as school-local time. */
  timeZone: string;
  /** For a worker starting mid-file: the #Fields of the file's start (W3C) or its header row (CSV). */
  header?: string;
}

export interface MalformedLine {
  line: number;
  reason: string;
}

export interface ScanResult {
  /** Log records read (not counting blank lines, W3C directives or CSV header rows). */
  lines: number;
  /** Physical lines seen, for turning a worker's line numbers into the file's. */
  physicalLines: number;
  malformed: number;
  examples: MalformedLine[];
  /** Requests to a platform attributed to a member of staff, and not attributed. */
  attributedRequests: number;
  unattributedRequests: number;
  /** Distinct (person, platform, minute) keys, ascending. */
  keys: Float64Array;
  /** Distinct (client, minute) pairs of unattributed platform requests; client indexes into `clients`. */
  unattributedKeys: Float64Array;
  clients: string[];
  /** W3C: a #Fields line that differs from the setup's header was seen (the caller re-runs in one thread). */
  headerChanged: boolean;
}

export const MAX_EXAMPLES = 10;
export const MAX_LINE_BYTES = 64 * 1024;

const textDecoder = new TextDecoder("utf-8", { fatal: false });

export class LogScanner {
  private readonly matcher: (host: string) => number;
  private readonly hostCache = new ByteMap();
  private readonly hostStrings = new Map<string, number>();
  private readonly userCache = new ByteMap();
  private readonly ipCache = new ByteMap();
  private readonly clientCache = new ByteMap();
  private readonly clientNames: string[] = [];
  private readonly clientIds = new Map<string, number>();
  private readonly usernames: Map<string, number>;
  private readonly emails: Map<string, number>;
  /**
   * Each address's leases as disjoint spans [from, to, staff, from, to, staff, ...] in seconds,
   * sorted (leaseSpans): a lookup is a binary search, however many leases a school keeps.
   */
  private readonly leaseGroups: Float64Array[] = [];
  private readonly leaseIndex: Map<string, number>;
  private readonly keys = new KeyList();
  private readonly unattributed = new NumberSet(1 << 10);
  private lastKey = -1;
  private lines = 0;
  private physical = 0;
  private malformed = 0;
  private examples: MalformedLine[] = [];
  private attributedRequests = 0;
  private unattributedRequests = 0;
  private headerChanged = false;
  // W3C and CSV header state.
  private readonly initialHeader: string | undefined;
  private fields: Map<string, number> | null = null;
  private fieldCount = 0;
  private csvHeaderLine: string | null = null;
  private csvDelimiter = ",";
  private readonly naiveCache = new Map<number, number>();

  /**
   * `generalOnly` (for tests) sends every Squid line through the general reader, which the fast
   * path must agree with line for line.
   */
  constructor(
    private readonly setup: ScanSetup,
    private readonly options: { generalOnly?: boolean } = {},
  ) {
    this.matcher = createPlatformMatcher(setup.platforms);
    this.usernames = new Map(setup.usernames);
    this.emails = new Map(setup.usernames.filter(([name]) => name.includes("@")));
    this.leaseIndex = new Map();
    for (const [ip, group] of setup.leases) {
      this.leaseIndex.set(ip, this.leaseGroups.length);
      this.leaseGroups.push(leaseSpans(group));
    }
    this.initialHeader = setup.header;
    if (setup.header !== undefined) {
      if (setup.format === "w3c") this.setW3cFields(setup.header);
      if (setup.format === "csv") this.setCsvHeader(setup.header);
    }
  }

  /**
   * Reads the complete lines in buf[start, end) and returns where the unread rest begins (a partial
   * last line), unless `final`, when the rest is read as a last line too.
   */
  scan(buf: Uint8Array, start: number, end: number, final: boolean): number {
    if (this.setup.format === "squid" && !this.options.generalOnly)
      return this.scanSquid(buf, start, end, final);
    return this.scanLines(buf, start, end, final);
  }

  /**
   * Squid lines in one pass over the bytes, with no search for the newline first: a line in the
   * usual shape (fields separated by spaces, epoch seconds, a host that needs no unpicking) is read
   * here, scanning the long fields four bytes at a time; any other line, malformed or merely unusual
   * (tabs, a port-less IPv6 host, user information, a trailing dot, a blank client), is read again
   * by the general `squidLine`, which decides. So both paths give the same answer for every line.
   */
  private scanSquid(buf: Uint8Array, start: number, end: number, final: boolean): number {
    let last = end - 1;
    while (last >= start && buf[last] !== 10) last--;
    if (last >= start) {
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      // Words are read only where four bytes remain before the end of the buffer.
      const wordLimit = buf.length - 4;
      let i = start;
      while (i <= last) {
        const ls = i;
        this.physical++;
        let b = buf[i]!;
        if (b === 10) {
          i++;
          continue;
        }
        i = this.squidFast(buf, view, wordLimit, ls);
        if (i < 0) {
          // Not in the usual shape: the general reader, on the line's exact bounds.
          const nl = buf.indexOf(10, ls);
          let le = nl;
          if (le > ls && buf[le - 1] === 13) le--;
          if (le > ls) this.squidLine(buf, ls, le);
          i = nl + 1;
        }
        b = 0;
      }
    }
    const rest = last >= start ? last + 1 : start;
    if (!final || rest >= end) return rest;
    // A last line with no newline: copy it so a newline follows it, as the readers rely on.
    let le = end;
    if (buf[le - 1] === 13) le--;
    this.physical++;
    if (le > rest) {
      const line = new Uint8Array(le - rest + 1);
      line.set(buf.subarray(rest, le));
      line[le - rest] = 10;
      this.squidLine(line, 0, le - rest);
    }
    return end;
  }

  /**
   * One Squid line in the usual shape, from `ls`; returns where the next line starts, or -1 (having
   * counted nothing) when the line must go to `squidLine`.
   */
  private squidFast(buf: Uint8Array, view: DataView, wordLimit: number, ls: number): number {
    let i = ls;
    let b = buf[i]!;
    // 0: epoch seconds, an optional fraction.
    let seconds = 0;
    while (b >= 48 && b <= 57) {
      seconds = seconds * 10 + (b - 48);
      b = buf[++i]!;
    }
    if (i === ls) return -1;
    if (b === 46) {
      b = buf[++i]!;
      while (b >= 48 && b <= 57) b = buf[++i]!;
    }
    if (b !== 32) return -1;
    const minute = Math.floor(seconds / 60);
    if (minute >= MINUTE_SPACE) return -1;
    // 1: elapsed.
    while (b === 32) b = buf[++i]!;
    if (b <= 32) return -1;
    while (b > 32) b = buf[++i]!;
    if (b !== 32) return -1;
    // 2: client.
    while (b === 32) b = buf[++i]!;
    const s2 = i;
    if (b <= 32) return -1;
    while (b > 32) b = buf[++i]!;
    const e2 = i;
    if (b !== 32 || (e2 === s2 + 1 && buf[s2] === 45)) return -1;
    // 3, 4, 5: code/status, bytes, method.
    for (let f = 3; f < 6; f++) {
      while (b === 32) b = buf[++i]!;
      if (b <= 32) return -1;
      i = skipField(buf, view, wordLimit, i);
      b = buf[i]!;
      if (b !== 32) return -1;
    }
    // 6: the URL, or host:port for CONNECT.
    while (b === 32) b = buf[++i]!;
    const s6 = i;
    if (b <= 32) return -1;
    i = skipField(buf, view, wordLimit, i);
    const e6 = i;
    if (buf[i] !== 32) return -1;
    let hs = s6;
    const limit = Math.min(e6 - 2, s6 + 12);
    for (let j = s6; j < limit; j++) {
      if (buf[j] === 58) {
        if (buf[j + 1] === 47 && buf[j + 2] === 47) hs = j + 3;
        break;
      }
    }
    let he = hs;
    let c = buf[he]!;
    // Letters, digits, "-" and "." (the bytes of a host name) up to ":", "/", "?", "#" or the field's end.
    while (c > 64 ? c !== 91 && c !== 93 : c === 45 || c === 46 || (c >= 48 && c <= 57)) c = buf[++he]!;
    if (he === hs || buf[he - 1] === 46 || he > e6) return -1;
    if (c === 58) {
      // A port: only digits may follow, up to the end of the authority.
      let j = he + 1;
      c = buf[j]!;
      while (c >= 48 && c <= 57) c = buf[++j]!;
      if (j !== e6 && c !== 47 && c !== 63 && c !== 35) return -1;
    } else if (he !== e6 && c !== 47 && c !== 63 && c !== 35) return -1;
    const platform = this.platformOfHost(buf, hs, he);
    // 7: user.
    b = 32;
    while (b === 32) b = buf[++i]!;
    const s7 = i;
    if (b <= 32) return -1;
    i = skipField(buf, view, wordLimit, i);
    const e7 = i;
    if (buf[i] !== 32) return -1;
    // 8, 9: hierarchy, type; then the end of the line.
    b = 32;
    for (let f = 8; f < 10; f++) {
      while (b === 32) b = buf[++i]!;
      if (b <= 32) return -1;
      i = skipField(buf, view, wordLimit, i);
      b = buf[i]!;
    }
    if (b === 13) b = buf[++i]!;
    if (b !== 10) return -1;
    this.lines++;
    if (platform >= 0) {
      const hasUser = !(buf[s7] === 45 && e7 === s7 + 1);
      let person = hasUser ? this.staffOfUserBytes(buf, s7, e7) : -1;
      if (person < 0) person = this.staffOfIpBytes(buf, s2, e2, seconds);
      if (person >= 0) this.addKey(person, platform, minute);
      else if (hasUser) this.addUnattributed(buf, s7, e7, minute);
      else this.addUnattributed(buf, s2, e2, minute);
    }
    return i + 1;
  }

  private scanLines(buf: Uint8Array, start: number, end: number, final: boolean): number {
    let pos = start;
    const format = this.setup.format;
    for (;;) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0 || nl >= end) {
        if (!final || pos >= end) return pos;
        nl = end;
      }
      let le = nl;
      if (le > pos && buf[le - 1] === 13) le--;
      this.physical++;
      if (le > pos) {
        if (format === "squid") {
          if (nl === end) {
            // A last line with no newline: copy it so a newline follows it, as squidLine relies on.
            const line = new Uint8Array(le - pos + 1);
            line.set(buf.subarray(pos, le));
            line[le - pos] = 10;
            this.squidLine(line, 0, le - pos);
          } else this.squidLine(buf, pos, le);
        } else this.textLine(textDecoder.decode(buf.subarray(pos, le)));
      }
      pos = nl + 1;
      if (pos >= end) return end;
    }
  }

  /** A line too long to be a log line (over MAX_LINE_BYTES): counted as malformed, its bytes skipped. */
  overlong(): void {
    this.physical++;
    this.lines++;
    this.bad(`longer than ${MAX_LINE_BYTES} bytes`);
  }

  private bad(reason: string): void {
    this.malformed++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ line: this.physical, reason });
  }

  private squidLine(buf: Uint8Array, ls: number, le: number): void {
    // Fields: 0 time, 1 elapsed, 2 client, 3 code/status, 4 bytes, 5 method, 6 URL, 7 user, 8 hierarchy, 9 type.
    let i = ls;
    let f = 0;
    let s0 = 0;
    let e0 = 0;
    let s2 = 0;
    let e2 = 0;
    let s6 = 0;
    let e6 = 0;
    let s7 = 0;
    let e7 = 0;
    // The byte at `le` is always a newline or carriage return (scan() guarantees it), so the loops
    // need no bounds check: every byte at or below 32 ends a field.
    let b = buf[i]!;
    for (;;) {
      while (b === 32 || b === 9) b = buf[++i]!;
      if (i >= le) break;
      const fs = i;
      while (b > 32) b = buf[++i]!;
      if (i === fs) {
        // Some other control character: a separator.
        b = buf[++i]!;
        continue;
      }
      if (f === 0) {
        s0 = fs;
        e0 = i;
      } else if (f === 2) {
        s2 = fs;
        e2 = i;
      } else if (f === 6) {
        s6 = fs;
        e6 = i;
      } else if (f === 7) {
        s7 = fs;
        e7 = i;
      }
      f++;
      if (f === 10) break;
    }
    if (f === 0) return; // only spaces: a blank line
    this.lines++;
    if (f < 10) {
      this.bad(
        `expected 10 fields (time elapsed client code/status bytes method URL user hierarchy type), found ${f}`,
      );
      return;
    }
    // Epoch seconds, optionally with a fraction.
    let seconds = 0;
    let j = s0;
    for (; j < e0; j++) {
      const d = buf[j]! - 48;
      if (d < 0 || d > 9) break;
      seconds = seconds * 10 + d;
    }
    if (j === s0 || (j < e0 && buf[j] !== 46)) {
      this.bad("time: not epoch seconds (e.g. 1774857600.123)");
      return;
    }
    for (j++; j < e0; j++) {
      const d = buf[j]! - 48;
      if (d < 0 || d > 9) {
        this.bad("time: not epoch seconds (e.g. 1774857600.123)");
        return;
      }
    }
    const minute = Math.floor(seconds / 60);
    if (minute >= MINUTE_SPACE) {
      this.bad("time: after the year 2097");
      return;
    }
    if (buf[s2] === 45 && e2 === s2 + 1) {
      this.bad("client: missing");
      return;
    }
    const platform = this.platformOfUrl(buf, s6, e6);
    if (platform === -3) {
      this.bad("URL: no host");
      return;
    }
    if (platform < 0) return;
    const hasUser = !(buf[s7] === 45 && e7 === s7 + 1);
    let person = hasUser ? this.staffOfUserBytes(buf, s7, e7) : -1;
    if (person < 0) person = this.staffOfIpBytes(buf, s2, e2, seconds);
    if (person >= 0) this.addKey(person, platform, minute);
    else if (hasUser) this.addUnattributed(buf, s7, e7, minute);
    else this.addUnattributed(buf, s2, e2, minute);
  }

  /** Platform index of the URL's host, -1 for none, -3 when there is no host at all. */
  private platformOfUrl(buf: Uint8Array, s: number, e: number): number {
    let hs = s;
    const limit = Math.min(e - 2, s + 12);
    for (let j = s; j < limit; j++) {
      if (buf[j] === 58) {
        if (buf[j + 1] === 47 && buf[j + 2] === 47) hs = j + 3;
        break;
      }
    }
    // One pass over the authority: the host ends at ":" (a port), "/", "?" or "#"; a "@" means what
    // came before was user information.
    let he = -1;
    let j = hs;
    for (; j < e; j++) {
      const b = buf[j]!;
      if (b === 47 || b === 63 || b === 35) break;
      if (b === 64) {
        hs = j + 1;
        he = -1;
        continue;
      }
      if (he < 0 && b === 58) he = j;
    }
    if (he < 0) he = j;
    if (buf[hs] === 91) return hs + 1 < j ? -1 : -3; // [IPv6]: an address, not a platform
    if (he > hs && buf[he - 1] === 46) he--; // the trailing dot of a fully qualified name
    if (he === hs) return -3;
    return this.platformOfHost(buf, hs, he);
  }

  private platformOfHost(buf: Uint8Array, hs: number, he: number): number {
    let platform = this.hostCache.get(buf, hs, he);
    if (platform === MISSING) {
      platform = this.matcher(textDecoder.decode(buf.subarray(hs, he)));
      this.hostCache.set(buf, hs, he, platform);
    }
    return platform;
  }

  private staffOfUserBytes(buf: Uint8Array, s: number, e: number): number {
    let staff = this.userCache.get(buf, s, e);
    if (staff === MISSING) {
      staff = this.staffOfUsername(textDecoder.decode(buf.subarray(s, e)));
      this.userCache.set(buf, s, e, staff);
    }
    return staff;
  }

  private staffOfUsername(raw: string): number {
    const email = this.emails.get(raw.trim().toLowerCase());
    if (email !== undefined) return email;
    return this.usernames.get(normaliseNetworkUsername(raw)) ?? -1;
  }

  private staffOfIpBytes(buf: Uint8Array, s: number, e: number, seconds: number): number {
    if (this.leaseGroups.length === 0) return -1;
    let group = this.ipCache.get(buf, s, e);
    if (group === MISSING) {
      group = this.leaseIndex.get(canonicalIp(textDecoder.decode(buf.subarray(s, e)))) ?? -1;
      this.ipCache.set(buf, s, e, group);
    }
    return group < 0 ? -1 : this.staffOfLease(group, seconds);
  }

  private staffOfLease(group: number, seconds: number): number {
    // Whoever held the address at that second: the span holding it (see leaseSpans), else no one.
    const spans = this.leaseGroups[group]!;
    let lo = 0;
    let hi = spans.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (seconds < spans[mid * 3]!) hi = mid - 1;
      else if (seconds >= spans[mid * 3 + 1]!) lo = mid + 1;
      else return spans[mid * 3 + 2]!;
    }
    return -1;
  }

  private addKey(person: number, platform: number, minute: number): void {
    this.attributedRequests++;
    const key = packKey(person, platform, minute);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.keys.add(key);
  }

  private addUnattributed(buf: Uint8Array, s: number, e: number, minute: number): void {
    let client = this.clientCache.get(buf, s, e);
    if (client === MISSING) {
      client = this.clientId(textDecoder.decode(buf.subarray(s, e)).toLowerCase());
      this.clientCache.set(buf, s, e, client);
    }
    this.addUnattributedClient(client, minute);
  }

  private clientId(name: string): number {
    let id = this.clientIds.get(name);
    if (id === undefined) {
      id = this.clientNames.length;
      this.clientNames.push(name);
      this.clientIds.set(name, id);
    }
    return id;
  }

  private addUnattributedClient(client: number, minute: number): void {
    this.unattributedRequests++;
    this.unattributed.add(client * MINUTE_SPACE + minute);
  }

  // ---- W3C extended and CSV: split into strings ------------------------------------------------

  private textLine(line: string): void {
    if (this.setup.format === "w3c") this.w3cLine(line);
    else this.csvLine(line);
  }

  private setW3cFields(directive: string): void {
    const names = directive
      .replace(/^#Fields:\s*/i, "")
      .trim()
      .split(/\s+/)
      .map((n) => n.toLowerCase());
    this.fields = new Map();
    names.forEach((n, i) => {
      if (!this.fields!.has(n)) this.fields!.set(n, i);
    });
    this.fieldCount = names.length;
  }

  private w3cLine(line: string): void {
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      if (/^#Fields:/i.test(line)) {
        if (this.initialHeader !== undefined && line.trim() !== this.initialHeader.trim())
          this.headerChanged = true;
        this.setW3cFields(line);
      }
      return;
    }
    this.lines++;
    const fields = this.fields;
    if (!fields) {
      this.bad("no #Fields header before this line");
      return;
    }
    const values = splitW3c(line);
    if (values === null) {
      this.bad("a quoted value is not closed");
      return;
    }
    if (values.length !== this.fieldCount) {
      this.bad(`expected ${this.fieldCount} fields as the #Fields header says, found ${values.length}`);
      return;
    }
    const get = (...names: string[]): string | undefined => {
      for (const n of names) {
        const i = fields.get(n);
        if (i !== undefined) {
          const v = values[i]!;
          return v === "-" ? "" : v;
        }
      }
      return undefined;
    };
    const date = get("date");
    const time = get("time");
    if (date === undefined || time === undefined) {
      this.bad("the #Fields header has no date and time");
      return;
    }
    // W3C extended log times are UTC.
    const seconds = parseW3cInstant(date, time);
    if (seconds === null) {
      this.bad(`date/time: "${date} ${time}" is not YYYY-MM-DD HH:MM:SS`);
      return;
    }
    const hostValue = get("cs-host", "cs(host)", "r-host", "x-host", "s-hostname");
    const urlValue = get("cs-uri", "cs-url", "r-uri", "cs-uri-stem");
    let host = hostValue ? hostOfUrl(hostValue) : null;
    if (!host && urlValue) host = hostOfUrl(urlValue);
    if (!host) {
      this.bad("no host (cs-host, cs(Host), r-host or a full URL in cs-uri)");
      return;
    }
    this.request(
      seconds,
      host,
      get("cs-username", "cs(username)", "x-username", "c-username") ?? "",
      get("c-ip", "c-ip-address", "x-client-ip") ?? "",
    );
  }

  private setCsvHeader(line: string): void {
    const counts = [",", ";", "\t"]
      .map((d) => [d, line.split(d).length] as const)
      .sort((a, b) => b[1] - a[1]);
    this.csvDelimiter = counts[0]![0];
    this.csvHeaderLine = line.trim();
    const names = splitCsv(line, this.csvDelimiter) ?? [];
    this.fields = new Map();
    const aliases: Record<string, string[]> = {
      timestamp: [
        "timestamp",
        "time",
        "datetime",
        "date_time",
        "time_stamp",
        "ts",
        "logged_at",
        "event_time",
        "date",
      ],
      username: ["username", "user", "user_name", "login", "network_username", "cs_username", "account"],
      client_ip: [
        "client_ip",
        "ip",
        "client",
        "source_ip",
        "src_ip",
        "clientip",
        "c_ip",
        "client_address",
        "ip_address",
      ],
      url: [
        "url",
        "uri",
        "host",
        "hostname",
        "domain",
        "destination",
        "dest",
        "site",
        "request_url",
        "dst_host",
      ],
    };
    const normalised = names.map((n) =>
      n
        .normalize("NFKD")
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ""),
    );
    for (const [field, list] of Object.entries(aliases)) {
      for (const alias of list) {
        const i = normalised.indexOf(alias.replace(/[^a-z0-9]/g, ""));
        if (i >= 0) {
          this.fields.set(field, i);
          break;
        }
      }
    }
    this.fieldCount = names.length;
  }

  private csvLine(line: string): void {
    if (line.trim() === "") return;
    if (this.csvHeaderLine === null) {
      this.setCsvHeader(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
      return;
    }
    if (line.trim() === this.csvHeaderLine) return; // a header repeated where files were joined
    this.lines++;
    const fields = this.fields!;
    if (!fields.has("timestamp")) {
      this.bad("the header has no timestamp column");
      return;
    }
    if (!fields.has("url")) {
      this.bad("the header has no url column");
      return;
    }
    const values = splitCsv(line, this.csvDelimiter);
    if (values === null) {
      this.bad("a quoted value is not closed");
      return;
    }
    if (values.length < this.fieldCount) {
      this.bad(`expected ${this.fieldCount} values as the header has, found ${values.length}`);
      return;
    }
    const get = (field: string) => {
      const i = fields.get(field);
      const v = i === undefined ? "" : (values[i] ?? "").trim();
      return v === "-" ? "" : v;
    };
    const seconds = this.parseCsvTimestamp(get("timestamp"));
    if (seconds === null) {
      this.bad(`timestamp: "${get("timestamp")}" is not ISO 8601 or epoch seconds`);
      return;
    }
    const host = hostOfUrl(get("url"));
    if (!host) {
      this.bad(`url: "${get("url")}" has no host`);
      return;
    }
    this.request(seconds, host, get("username"), get("client_ip"));
  }

  private parseCsvTimestamp(text: string): number | null {
    if (/^\d+(\.\d+)?$/.test(text)) {
      const n = Number(text);
      // Thirteen digits are milliseconds (as JavaScript and many appliances write them).
      return Math.floor(n >= 1e11 ? n / 1000 : n);
    }
    const m =
      /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
        text,
      );
    if (!m) return null;
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as number[];
    if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) return null;
    const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, Math.min(s!, 59));
    if (new Date(wall).getUTCDate() !== d) return null;
    const zone = m[7];
    if (zone === undefined) {
      // No offset: school-local time, the zone a school's appliance is normally set to.
      const wallMinute = Math.floor(wall / 60_000);
      let instantMinute = this.naiveCache.get(wallMinute);
      if (instantMinute === undefined) {
        instantMinute = Math.floor(instantOfLocal(wallMinute * 60_000, this.setup.timeZone) / 60_000);
        this.naiveCache.set(wallMinute, instantMinute);
      }
      return instantMinute * 60 + Math.min(s!, 59);
    }
    if (zone.toUpperCase() === "Z") return Math.floor(wall / 1000);
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    return Math.floor(wall / 1000) - sign * offsetMinutes * 60;
  }

  private request(seconds: number, host: string, username: string, ip: string): void {
    const minute = Math.floor(seconds / 60);
    if (minute < 0 || minute >= MINUTE_SPACE) {
      this.bad("time: outside 1970 to 2097");
      return;
    }
    let platform = this.hostStrings.get(host);
    if (platform === undefined) {
      platform = this.matcher(host);
      this.hostStrings.set(host, platform);
    }
    if (platform < 0) return;
    let person = username ? this.staffOfUsername(username) : -1;
    if (person < 0 && ip && this.leaseGroups.length > 0) {
      const group = this.leaseIndex.get(canonicalIp(ip));
      if (group !== undefined) person = this.staffOfLease(group, seconds);
    }
    if (person >= 0) this.addKey(person, platform, minute);
    else this.addUnattributedClient(this.clientId((username || ip || "(unknown)").toLowerCase()), minute);
  }

  result(): ScanResult {
    return {
      lines: this.lines,
      physicalLines: this.physical,
      malformed: this.malformed,
      examples: this.examples,
      attributedRequests: this.attributedRequests,
      unattributedRequests: this.unattributedRequests,
      keys: this.keys.sorted(),
      unattributedKeys: this.unattributed.values(),
      clients: this.clientNames,
      headerChanged: this.headerChanged,
    };
  }
}

/**
 * The index of the first byte at or below 32 (a space, a control character) at or after `i`, four
 * bytes at a time while a whole word remains before `wordLimit`. (A word has a byte below 0x21 when
 * (x - 0x21212121) & ~x & 0x80808080 is not 0; bytes of 0x80 and over never set it.)
 */
function skipField(buf: Uint8Array, view: DataView, wordLimit: number, from: number): number {
  let i = from;
  while (i <= wordLimit) {
    const x = view.getInt32(i, true);
    if (((x - 0x21212121) & ~x & 0x80808080) !== 0) break;
    i += 4;
  }
  while (buf[i]! > 32) i++;
  return i;
}

/** The host of a URL, "host:port" or bare host, lower-case; null when there is none. */
export function hostOfUrl(value: string): string | null {
  let rest = value.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  else if (rest.startsWith("/")) return null;
  const end = rest.search(/[/?#]/);
  let authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.startsWith("["))
    return authority.includes("]") ? authority.slice(0, authority.indexOf("]") + 1) : null;
  const host = authority.split(":")[0]!.toLowerCase().replace(/\.$/, "");
  return host === "" ? null : host;
}

function parseW3cInstant(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? "0")];
  if (mo < 1 || mo > 12 || day < 1 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, day, h, mi, Math.min(s, 59));
  if (new Date(ms).getUTCDate() !== day) return null;
  return Math.floor(ms / 1000);
}

/** W3C values are separated by spaces or tabs; a value in double quotes may hold spaces ("" is a quote). */
export function splitW3c(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === " " || line[i] === "\t")) i++;
    if (i >= n) break;
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= n) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i];
        i++;
      }
      out.push(value);
    } else {
      const s = i;
      while (i < n && line[i] !== " " && line[i] !== "\t") i++;
      out.push(line.slice(s, i));
    }
  }
  return out;
}

/** One CSV record on one line (RFC 4180 quoting); null when a quote is not closed. */
export function splitCsv(line: string, delimiter: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= n) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i];
        i++;
      }
      while (i < n && line[i] !== delimiter) value += line[i++];
      out.push(value);
    } else {
      const next = line.indexOf(delimiter, i);
      const end = next < 0 ? n : next;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= n) break;
    i++; // the delimiter
    if (i === n) {
      out.push("");
      break;
    }
  }
  return out;
}

/**
 * An address's leases [from, to, staff] as the disjoint, sorted spans in which exactly one person
 * held it. Where two people's leases overlap, the map cannot say which of them it was: no span, so
 * unattributed (counted, never guessed). The same person twice is a renewal. A lease to someone not
 * in the staff list has person -1: it still makes an overlap, and gives no span of its own.
 */
export function leaseSpans(group: readonly (readonly [number, number, number])[]): Float64Array {
  const events: [number, number, number][] = [];
  for (const [from, to, person] of group) {
    if (!(to > from)) continue;
    events.push([from, 1, person], [to, -1, person]);
  }
  events.sort((a, b) => a[0] - b[0]);
  const held = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < events.length; ) {
    const at = events[i]![0];
    for (; i < events.length && events[i]![0] === at; i++) {
      const [, change, person] = events[i]!;
      const n = (held.get(person) ?? 0) + change;
      if (n === 0) held.delete(person);
      else held.set(person, n);
    }
    const next = i < events.length ? events[i]![0] : at;
    const only = held.size === 1 ? held.keys().next().value! : -1;
    if (only < 0 || next === at) continue;
    const last = out.length - 3;
    // Joined to the span before when it is the same person's and they meet.
    if (last >= 0 && out[last + 2] === only && out[last + 1] === at) out[last + 1] = next;
    else out.push(at, next, only);
  }
  return Float64Array.from(out);
}
