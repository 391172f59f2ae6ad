// What `monitor analyse` says when its inputs are probably not what the school meant: a timetable
// with no lessons, the wrong --format, two people's leases of one address overlapping; and how a
// registration period is classed for someone with a timetable. Examples worked out by hand.
import { mkdtempSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyMinute } from "./classify-minute";
import { guessLogFormat, wrongFormatHint } from "./guess-log-format";
import { parseBellSchedule } from "./parse-bell-schedule";
import { overlappingLeases, parseIpMapCsv } from "./parse-ip-map-csv";
import { parseTimetableCsv, timetablesWithoutLessons } from "./parse-timetable-csv";
import { defaultPlatformList } from "./platforms";
import { scanLogSource } from "./scan-log-source";
import { bellsJson, runMonitor, staffCsv } from "./test-support";

// Mon 16 Nov 2026 is GMT: UTC is school-local time.
const epoch = (utc: string) => Date.parse(`${utc}Z`) / 1000;
const sq = (utc: string, ip: string, user: string, url = "https://www.facebook.com/") =>
  `${epoch(utc)}.000    120 ${ip} TCP_MISS/200 900 GET ${url} ${user} HIER_DIRECT/1.2.3.4 text/html`;

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "conduct-warnings-")), name);
  writeFileSync(file, content);
  return file;
}

const settings = { "staff.csv": staffCsv, "bells.json": bellsJson };
const analyse = (log: string, format: string, extra: string[] = [], files: Record<string, string> = {}) =>
  runMonitor(
    ["--log", log, "--format", format, "--staff", "staff.csv", "--bells", "bells.json", ...extra, "--json"],
    { ...settings, ...files },
  );

describe("registration for someone with a timetable", () => {
  const bells = parseBellSchedule(bellsJson, "bells.json");
  if (!bells.ok) throw new Error("bells");
  const monday = { schoolDay: true, weekday: 1, week: "A" as const, minuteOfDay: 8 * 60 + 50 };
  it("is directed time without pupils when the timetable does not list it, pupils present with no timetable", () => {
    const tt = parseTimetableCsv(
      "staff_email,weekday,start,end,activity\nbob@summit.org,Mon,09:00,10:00,lesson",
      "t",
    );
    if (!tt.ok) throw new Error("tt");
    expect(classifyMinute(monday, bells.schedule, tt.timetables.get("bob@summit.org"))).toBe(
      "directedNoPupils",
    );
    expect(classifyMinute(monday, bells.schedule, undefined)).toBe("pupilsPresent");
    // A form tutor lists their registration, and then it has pupils.
    const tutor = parseTimetableCsv(
      "staff_email,weekday,start,end,activity\nbob@summit.org,Mon,08:40,09:00,duty",
      "t",
    );
    if (!tutor.ok) throw new Error("tt");
    expect(classifyMinute(monday, bells.schedule, tutor.timetables.get("bob@summit.org"))).toBe(
      "pupilsPresent",
    );
  });
});

describe("a timetable that lists no lessons", () => {
  const rota = [
    "staff_email,weekday,start,end,activity",
    "alice@summit.org,Mon,11:00,11:20,duty",
    "alice@summit.org,Tue,12:30,13:00,meeting",
    "bob@summit.org,Mon,11:00,11:20,duty",
    "bob@summit.org,Mon,09:00,10:00,lesson",
  ].join("\n");

  it("is found per person", () => {
    const tt = parseTimetableCsv(rota, "rota.csv");
    if (!tt.ok) throw new Error("tt");
    expect(timetablesWithoutLessons(tt.timetables)).toEqual(["alice@summit.org"]);
  });

  it("is warned about on stderr, and its lesson periods are time without pupils for that person", async () => {
    const log = tempFile("access.log", `${sq("2026-11-16T09:30:00", "10.0.0.1", "alice")}\n`);
    const result = await analyse(log, "squid", ["--timetable", "rota.csv"], { "rota.csv": rota });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "rota.csv: timetable for alice@summit.org lists no lessons: every lesson period counts as time without pupils for them",
    );
    expect(result.stderr).not.toContain("timetable for bob@summit.org");
    const out = JSON.parse(result.stdout);
    expect(out.minutes[0]).toMatchObject({
      staff: "alice@summit.org",
      pupilsPresent: 0,
      directedNoPupils: 1,
    });
  });
});

describe("the wrong --format", () => {
  const w3c = [
    "#Software: Example Filter",
    "#Fields: date time c-ip cs-username cs-uri sc-status",
    "2026-11-16 09:30:00 10.0.0.1 alice https://www.facebook.com/ 200",
    "2026-11-16 09:31:00 10.0.0.1 alice https://www.instagram.com/ 200",
  ].join("\n");
  const csv =
    "timestamp,username,client_ip,url,bytes,action\n2026-11-16T09:30:00Z,alice,10.0.0.1,www.facebook.com,1,allowed\n";

  it("is recognised from the first lines", () => {
    expect(guessLogFormat(w3c)).toBe("w3c");
    expect(guessLogFormat(`\ufeff${csv}`)).toBe("csv");
    expect(guessLogFormat("Time;Login;IP;Host\n1;2;3;4")).toBe("csv");
    expect(guessLogFormat(`${sq("2026-11-16T09:30:00", "10.0.0.1", "alice")}\n`)).toBe("squid");
    expect(guessLogFormat("hello\nworld\n")).toBeUndefined();
    // Only when most lines were malformed, and only for another format.
    expect(wrongFormatHint("squid", w3c, 2, 1)).toBeUndefined();
    expect(wrongFormatHint("w3c", w3c, 2, 2)).toBeUndefined();
    expect(wrongFormatHint("squid", w3c, 4, 4)).toBe("this looks like W3C extended: try --format w3c");
  });

  it("is told from the scan's own start, gzipped or plain, however long the file", async () => {
    // Hosts that do not repeat, so the gzip is well over the first read.
    const rows = Array.from(
      { length: 20_000 },
      (_, n) =>
        `2026-11-16 09:32:00 10.0.0.1 alice https://h${((n * 2654435761) % 2 ** 32).toString(36)}.example/ 200`,
    );
    const long = `${w3c}\n${rows.join("\n")}\n`;
    const gz = gzipSync(long);
    expect(gz.length).toBeGreaterThan(64 * 1024);
    for (const file of [tempFile("proxy.log", long), tempFile("proxy.log.gz", gz)]) {
      const scanned = await scanLogSource({
        source: file,
        setup: {
          format: "squid",
          platforms: defaultPlatformList,
          usernames: [["alice", 0]],
          leases: [],
          timeZone: "Europe/London",
        },
      });
      expect(scanned.head.startsWith("#Software: Example Filter")).toBe(true);
      expect(wrongFormatHint("squid", scanned.head, scanned.lines, scanned.malformedLines)).toBe(
        "this looks like W3C extended: try --format w3c",
      );
    }
  });

  it("says what to try, and exits 4 when no line could be read", async () => {
    const result = await analyse(tempFile("proxy.log", `${w3c}\n`), "squid");
    expect(result.stderr).toContain("this looks like W3C extended: try --format w3c");
    expect(result.exitCode).toBe(4);
    // The counts are still printed: they are true.
    expect(JSON.parse(result.stdout)).toMatchObject({ lines: 4, malformedLines: 4, minutes: [] });

    const asW3c = await analyse(tempFile("filter.csv", csv), "w3c");
    expect(asW3c.stderr).toContain("this looks like CSV with a header: try --format csv");
    expect(asW3c.exitCode).toBe(4);
  });

  it("stays quiet, exit 0, for the right format with a few bad lines, and for an empty log", async () => {
    const log = [
      sq("2026-11-16T09:30:00", "10.0.0.1", "alice"),
      "garbage",
      sq("2026-11-16T09:40:00", "10.0.0.1", "alice"),
    ];
    const result = await analyse(tempFile("access.log", `${log.join("\n")}\n`), "squid");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain("try --format");
    const empty = await analyse(tempFile("empty.log", ""), "squid");
    expect(empty.exitCode).toBe(0);
    expect(JSON.parse(empty.stdout).lines).toBe(0);
  });
});

describe("overlapping leases of one address", () => {
  // Alice has 10.0.0.9 08:00-13:00, Bob from 12:00: from 12:00 to 13:00 the map cannot say whose it was.
  const map = [
    "ip,staff_email,from,to",
    "10.0.0.9,alice@summit.org,2026-11-16T08:00:00Z,2026-11-16T13:00:00Z",
    "10.0.0.9,bob@summit.org,2026-11-16T12:00:00Z,",
    "10.0.0.7,carol@summit.org,2026-11-16T08:00:00Z,2026-11-16T12:00:00Z",
    "10.0.0.7,carol@summit.org,2026-11-16T11:00:00Z,2026-11-16T16:00:00Z",
  ].join("\n");

  it("are listed with their lines; a person's own renewal is not an overlap", () => {
    const parsed = parseIpMapCsv(map, "map.csv");
    if (!parsed.ok) throw new Error("map");
    const overlaps = overlappingLeases(parsed.leases);
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]).toMatchObject({
      ip: "10.0.0.9",
      from: epoch("2026-11-16T12:00:00"),
      to: epoch("2026-11-16T13:00:00"),
    });
    expect([overlaps[0]!.first.line, overlaps[0]!.second.line]).toEqual([2, 3]);
  });

  it("leave the overlap's minutes unattributed, with a warning, and attribute either side of it", async () => {
    const log = [
      sq("2026-11-16T11:30:00", "10.0.0.9", "-"), // Alice's lease alone (P3): Alice
      sq("2026-11-16T12:30:00", "10.0.0.9", "-"), // both: unattributed
      sq("2026-11-16T12:59:00", "10.0.0.9", "-"), // both: unattributed
      sq("2026-11-16T13:00:00", "10.0.0.9", "-"), // Alice's ended: Bob
      sq("2026-11-16T11:30:00", "10.0.0.7", "-"), // Carol's two leases: Carol
    ];
    const result = await analyse(
      tempFile("access.log", `${log.join("\n")}\n`),
      "squid",
      ["--ip-map", "map.csv"],
      {
        "map.csv": map,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "map.csv: 10.0.0.9: line 2 (alice@summit.org) and line 3 (bob@summit.org) both hold it from 2026-11-16T12:00:00Z to 2026-11-16T13:00:00Z",
    );
    const out = JSON.parse(result.stdout);
    expect(out.unattributedMinutes).toBe(2);
    expect(out.minutes.map((m: { staff: string }) => m.staff)).toEqual([
      "alice@summit.org",
      "bob@summit.org",
      "carol@summit.org",
    ]);
  });

  it("with someone not in the staff list still leave the overlap unattributed", async () => {
    const other = [
      "ip,staff_email,from,to",
      "10.0.0.9,alice@summit.org,2026-11-16T08:00:00Z,2026-11-16T13:00:00Z",
      "10.0.0.9,supply.teacher@agency.example,2026-11-16T12:00:00Z,",
    ].join("\n");
    const log = [sq("2026-11-16T11:30:00", "10.0.0.9", "-"), sq("2026-11-16T12:30:00", "10.0.0.9", "-")];
    const result = await analyse(
      tempFile("access.log", `${log.join("\n")}\n`),
      "squid",
      ["--ip-map", "map.csv"],
      {
        "map.csv": other,
      },
    );
    const out = JSON.parse(result.stdout);
    expect(out.unattributedMinutes).toBe(1);
    expect(out.minutes).toHaveLength(1);
    expect(out.minutes[0]).toMatchObject({ staff: "alice@summit.org", pupilsPresent: 1 });
  });
});

describe("a tiny log", () => {
  it("is scanned in this thread, even when more threads are offered, and its start is kept for the format check", async () => {
    const file = tempFile("access.log", `${sq("2026-11-16T09:30:00", "10.0.0.1", "alice")}\n`);
    const scanned = await scanLogSource({
      source: file,
      threads: 8,
      setup: {
        format: "squid",
        platforms: defaultPlatformList,
        usernames: [["alice", 0]],
        leases: [],
        timeZone: "Europe/London",
      },
    });
    expect(scanned.threads).toBe(1);
    expect(scanned.lines).toBe(1);
    expect(scanned.head).toContain("www.facebook.com");
  });
});
