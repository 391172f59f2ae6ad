// A planted-truth school for the monitoring tests: a bell schedule, four members of staff, a
// timetable with a break duty, an IP reassigned at lunchtime, and requests on the Friday before and
// the Monday after the clocks change in March 2026, written out as Squid, W3C and CSV logs. The
// expected minutes are worked out by hand in the tests, not by the code under test.
import { Command } from "commander";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import type { MinuteClass } from "./classify-minute";
import {
  type MonitorCommandIo,
  registerMonitoringCommands,
  type RegisterMonitoringCommandsOptions,
} from "./cli";

export const bellsJson = JSON.stringify({
  timezone: "Europe/London",
  directedDay: ["08:30", "16:00"],
  periods: [
    { name: "Registration", start: "08:40", end: "09:00", kind: "registration" },
    { name: "Period 1", start: "09:00", end: "10:00", kind: "lesson" },
    { name: "Period 2", start: "10:00", end: "11:00", kind: "lesson" },
    { name: "Break", start: "11:00", end: "11:20", kind: "break" },
    { name: "Period 3", start: "11:20", end: "12:20", kind: "lesson" },
    { name: "Lunch", start: "12:20", end: "13:10", kind: "lunch" },
    { name: "Period 4", start: "13:10", end: "14:10", kind: "lesson" },
    { name: "Period 5", start: "14:10", end: "15:10", kind: "lesson" },
  ],
});

export const staffCsv = [
  "email,network_username,first_name,last_name,school",
  "alice@summit.org,SUMMIT\\alice,Alice,Archer,summit-high",
  "bob@summit.org,bob,Bob,Baker,summit-high",
  "carol@summit.org,,Carol,Cook,summit-high",
  "dave@summit.org,,Dave,Dyer,summit-high",
].join("\n");

// Bob's own timetable: a lesson, PPA, break duty and a lesson on Mondays; Period 4 is free.
export const timetableCsv = [
  "staff_email,weekday,start,end,activity",
  "bob@summit.org,Mon,09:00,10:00,lesson",
  "bob@summit.org,Mon,10:00,11:00,ppa",
  "bob@summit.org,Mon,11:00,11:20,duty",
  "bob@summit.org,Mon,11:20,12:20,lesson",
].join("\n");

// 10.0.0.5 is Carol's laptop until 12:30 on the Monday, then handed to Dave.
export const ipMapCsv = [
  "ip,staff_email,from,to",
  "10.0.0.5,carol@summit.org,2026-03-30T08:00:00+01:00,2026-03-30T12:30:00+01:00",
  "10.0.0.5,dave@summit.org,2026-03-30T12:30:00+01:00,2026-03-30T17:00:00+01:00",
].join("\n");

export interface PlantedRequest {
  /** School-local wall time, "YYYY-MM-DD HH:MM:SS". */
  local: string;
  ip: string;
  user: string;
  host: string;
  connect?: boolean;
}

// Europe/London in March 2026: GMT until Sunday 29 March 01:00 UTC, BST (UTC+1) after. Written out
// by hand so the tests do not lean on the code they test.
function utcSeconds(local: string): number {
  const [date, time] = local.split(" ") as [string, string];
  const offsetHours = date >= "2026-03-29" ? 1 : 0;
  return Date.parse(`${date}T${time}Z`) / 1000 - offsetHours * 3600;
}

/** Requests every 20 s for `minutes` minutes from a local start time (3 a minute). */
function burst(start: string, minutes: number, ip: string, user: string, host: string): PlantedRequest[] {
  const out: PlantedRequest[] = [];
  const t0 = utcSeconds(start);
  for (let m = 0; m < minutes; m++) {
    for (const s of [5, 25, 45]) {
      const t = t0 + m * 60 + s;
      out.push({ local: localOf(t), ip, user, host });
    }
  }
  return out;
}

function localOf(utc: number): string {
  const offsetHours = utc >= Date.parse("2026-03-29T01:00:00Z") / 1000 ? 1 : 0;
  return new Date((utc + offsetHours * 3600) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

export function plantedRequests(): PlantedRequest[] {
  return [
    // Friday 27 March (GMT). Alice, Period 1: 10 minutes of Facebook with pupils present.
    ...burst("2026-03-27 09:15:00", 10, "10.0.0.1", "summit\\ALICE", "www.facebook.com"),
    // Monday 30 March (BST). Alice: 08:30 directed, no period (5); 09:30 Period 1 (5); break (10); after school (3).
    ...burst("2026-03-30 08:30:00", 5, "10.0.0.1", "alice@summit.org", "scontent-lhr8-1.cdninstagram.com"),
    ...burst("2026-03-30 09:30:00", 5, "10.0.0.1", "SUMMIT%5Calice", "www.instagram.com"),
    ...burst("2026-03-30 11:05:00", 10, "10.0.0.1", "alice", "pbs.twimg.com").map((r) => ({
      ...r,
      user: "summit\\alice",
    })),
    ...burst("2026-03-30 16:30:00", 3, "10.0.0.1", "summit\\alice", "v16-webapp.tiktokcdn.com"),
    // Bob: Period 1 lesson, one minute on both Facebook and Instagram.
    ...burst("2026-03-30 09:10:00", 1, "10.0.0.2", "bob", "www.facebook.com"),
    ...burst("2026-03-30 09:10:00", 1, "10.0.0.2", "bob", "www.instagram.com"),
    // PPA (10), break duty (5), lunch (15), free Period 4 (10).
    ...burst("2026-03-30 10:10:00", 10, "10.0.0.2", "BOB", "static.xx.fbcdn.net"),
    ...burst("2026-03-30 11:02:00", 5, "10.0.0.2", "bob", "www.facebook.com").map((r) => ({
      ...r,
      connect: true,
    })),
    ...burst("2026-03-30 12:30:00", 15, "10.0.0.2", "bob", "m.facebook.com"),
    ...burst("2026-03-30 13:30:00", 10, "10.0.0.2", "bob", "facebook.com"),
    // Carol, no username, Period 3 through the IP map (10); Dave on the same IP after lunch-time handover.
    ...burst("2026-03-30 12:00:00", 10, "10.0.0.5", "-", "www.tiktok.com"),
    ...burst("2026-03-30 12:40:00", 10, "10.0.0.5", "-", "www.tiktok.com"),
    ...burst("2026-03-30 13:15:00", 5, "10.0.0.5", "-", "www.snapchat.com"),
    // Unattributed: an address with no lease (3), a login that is no one on staff (2), the lease ended (1).
    ...burst("2026-03-30 10:00:00", 3, "10.0.0.99", "-", "www.facebook.com"),
    ...burst("2026-03-30 10:00:00", 2, "10.0.0.77", "pupil123", "www.facebook.com"),
    ...burst("2026-03-30 18:00:00", 1, "10.0.0.5", "-", "www.facebook.com"),
    // Saturday 4 April: not a school day, allowed (4).
    ...burst("2026-04-04 10:00:00", 4, "10.0.0.1", "summit\\alice", "www.facebook.com"),
    // Not social media, and look-alikes that are not the platforms.
    ...burst("2026-03-30 09:40:00", 5, "10.0.0.1", "summit\\alice", "www.bbc.co.uk"),
    ...burst("2026-03-30 09:45:00", 2, "10.0.0.1", "summit\\alice", "notfacebook.com"),
    ...burst("2026-03-30 09:47:00", 2, "10.0.0.1", "summit\\alice", "facebook.com.evil.example"),
  ].sort((a, b) => (a.local < b.local ? -1 : a.local > b.local ? 1 : 0));
}

export function squidLine(r: PlantedRequest): string {
  const t = utcSeconds(r.local);
  const url = r.connect ? `${r.host}:443` : `http://${r.host}/some/path?q=1`;
  const method = r.connect ? "CONNECT" : "GET";
  return `${t}.${String(t % 1000).padStart(3, "0")}    ${String(120).padStart(5)} ${r.ip} TCP_MISS/200 4312 ${method} ${url} ${r.user} HIER_DIRECT/157.240.1.35 text/html`;
}

export function w3cLines(requests: PlantedRequest[]): string[] {
  return [
    "#Software: Planted Filter 1.0",
    "#Version: 1.0",
    "#Date: 2026-03-27 00:00:00",
    "#Fields: date time c-ip cs-username cs-method cs-host cs-uri-stem sc-status",
    ...requests.map((r) => {
      const iso = new Date(utcSeconds(r.local) * 1000).toISOString();
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${r.ip} ${r.user} GET ${r.host} /some/path 200`;
    }),
  ];
}

export function csvLines(requests: PlantedRequest[]): string[] {
  return [
    "Timestamp,User Name,Client IP,URL,Bytes,Action",
    ...requests.map((r, i) => {
      const t = utcSeconds(r.local);
      // Alternate the three timestamp forms: epoch, UTC and a local offset.
      const offset = r.local >= "2026-03-29" ? "+01:00" : "+00:00";
      const stamp =
        i % 3 === 0
          ? String(t)
          : i % 3 === 1
            ? new Date(t * 1000).toISOString()
            : `${r.local.replace(" ", "T")}${offset}`;
      const user = r.user === "-" ? "" : r.user.includes(",") ? `"${r.user}"` : r.user;
      return `${stamp},${user},${r.ip},https://${r.host}/some/path,4312,allowed`;
    }),
  ];
}

export async function runMonitor(
  args: string[],
  files: Record<string, string | Buffer>,
  options: Omit<RegisterMonitoringCommandsOptions, "io"> = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const { readFile } = await import("node:fs/promises");
  const { Readable } = await import("node:stream");
  const io: MonitorCommandIo = {
    readFile: async (path) => {
      const f = files[path];
      if (f !== undefined) return f.toString();
      return readFile(path, "utf8");
    },
    stdin: () => Readable.from([Buffer.from(files["-"] ?? "")]),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerMonitoringCommands(program, { ...options, io });
  await program.parseAsync(["node", "conduct", "monitor", "analyse", ...args]);
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}

/**
 * The stored minutes one row each, as the per-minute table held them: each hour row's masks
 * expanded, minute by minute, for tests that count or look at single minutes.
 */
export async function storedMinutes(
  db: DbOrTx,
): Promise<
  { staffId: string; platform: string; minute: Date; minuteClass: MinuteClass; schoolId: string }[]
> {
  const rows = await db.execute<{
    staff_id: string;
    platform: string;
    minute: string;
    minute_class: MinuteClass;
    school_id: string;
  }>(sql`
    select m.staff_id, m.platform, m.hour + make_interval(mins => k) as minute, v.minute_class, m.school_id
    from monitoring_minutes m
    cross join generate_series(0, 59) as k
    cross join lateral (values ('pupilsPresent', m.pupils_present), ('directedNoPupils', m.directed_no_pupils), ('allowed', m.allowed)) as v(minute_class, bits)
    where v.bits & (1::bigint << k) <> 0
    order by 1, 2, 3`);
  return rows.rows.map((r) => ({
    staffId: r.staff_id,
    platform: r.platform,
    minute: new Date(r.minute),
    minuteClass: r.minute_class,
    schoolId: r.school_id,
  }));
}
