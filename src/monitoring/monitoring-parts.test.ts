// The analyser's parts one at a time: platform matching, usernames, the three log formats' edge
// cases, school-local time across the clock changes, classing a minute, and settings errors.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { classifyMinute } from "./classify-minute";
import { instantOfLocal, localMinuteOf } from "./local-time";
import { parseBellSchedule } from "./parse-bell-schedule";
import { parseIpMapCsv } from "./parse-ip-map-csv";
import { normaliseNetworkUsername, parseStaffCsv } from "./parse-staff-csv";
import { parseTermDates, weekOf } from "./parse-term-dates";
import { parseTimetableCsv, parseWeekday } from "./parse-timetable-csv";
import { plainCsvRecords } from "./read-settings-csv";
import { createPlatformMatcher, defaultPlatformList, validatePlatformList } from "./platforms";
import { LogScanner, type LogFormat, MAX_LINE_BYTES, unpackKey } from "./scan-log";
import { bellsJson } from "./test-support";

const ids = defaultPlatformList.platforms.map((p) => p.id);
const match = createPlatformMatcher(defaultPlatformList);
const platformOf = (host: string) => ids[match(host)] ?? null;

function scan(format: LogFormat, text: string, usernames: [string, number][] = [["alice", 0]]) {
  const scanner = new LogScanner({
    format,
    platforms: defaultPlatformList,
    usernames,
    leases: [["10.0.0.5", [[0, 2e9, 1]]]],
    timeZone: "Europe/London",
  });
  const bytes = Buffer.from(text);
  scanner.scan(bytes, 0, bytes.length, true);
  const result = scanner.result();
  const keys = [...result.keys].map(unpackKey).sort((a, b) => a.minute - b.minute || a.person - b.person);
  return { ...result, decoded: keys.map((k) => ({ ...k, platform: ids[k.platform] })) };
}

describe("platforms", () => {
  it("matches content and CDN hosts on the registrable domain, and not look-alikes", () => {
    expect(platformOf("scontent-lhr8-1.xx.fbcdn.net")).toBe("facebook");
    expect(platformOf("SCONTENT.CDNINSTAGRAM.COM.")).toBe("instagram");
    expect(platformOf("pbs.twimg.com")).toBe("x");
    expect(platformOf("p16-sign-va.tiktokcdn.com")).toBe("tiktok");
    expect(platformOf("www.pinterest.co.uk")).toBe("pinterest");
    expect(platformOf("notfacebook.com")).toBeNull();
    expect(platformOf("facebook.com.evil.example")).toBeNull();
    expect(platformOf("157.240.1.35")).toBeNull();
    expect(platformOf("www.bbc.co.uk")).toBeNull();
  });

  it("refuses a trust's list that gives one domain to two platforms", () => {
    const result = validatePlatformList(
      {
        version: "t1",
        platforms: [
          { id: "a", name: "A", domains: ["a.com"] },
          { id: "b", name: "B", domains: ["A.com"] },
        ],
      },
      "list.json",
    );
    expect(result).toEqual({
      ok: false,
      message: "list.json: platforms[1].domains: a.com is already listed under a",
    });
  });
});

describe("usernames", () => {
  it("brings every form a log writes to one", () => {
    for (const raw of [
      "SUMMIT\\JSmith",
      "summit\\\\jsmith",
      "SUMMIT%5Cjsmith",
      "jsmith@summit.org",
      " JSMITH ",
    ]) {
      expect(normaliseNetworkUsername(raw)).toBe("jsmith");
    }
  });

  it("refuses a staff file where two people share a network username", () => {
    const result = parseStaffCsv(
      "email,AD Username\na@x.org,SUMMIT\\amy\nb@x.org,amy@summit.org\n",
      "staff.csv",
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatchObject({ file: "staff.csv", line: 3, field: "network_username" });
  });
});

describe("Squid lines", () => {
  const line = (t: number, user: string, url: string, ip = "10.0.0.1") =>
    `${t}.123    42 ${ip} TCP_MISS/200 100 GET ${url} ${user} HIER_DIRECT/1.2.3.4 text/html`;

  it("reads a last line with no newline, CONNECT hosts, user information and ports", () => {
    const text = [
      line(1774857600, "alice", "http://u:p@www.facebook.com:8080/x"),
      line(1774857660, "alice", "www.instagram.com:443"),
      line(1774857720, "-", "https://www.tiktok.com/@someone", "10.0.0.5"),
    ].join("\n");
    const result = scan("squid", text);
    expect(result.lines).toBe(3);
    expect(result.malformed).toBe(0);
    expect(result.decoded).toEqual([
      { person: 0, platform: "facebook", minute: 29580960 },
      { person: 0, platform: "instagram", minute: 29580961 },
      { person: 1, platform: "tiktok", minute: 29580962 },
    ]);
  });

  it("counts a line too long to be a log line as malformed and reads on", () => {
    const scanner = new LogScanner({
      format: "squid",
      platforms: defaultPlatformList,
      usernames: [["alice", 0]],
      leases: [],
      timeZone: "Europe/London",
    });
    scanner.overlong();
    const bytes = Buffer.from(`${line(1774857600, "alice", "http://x.com/")}\n`);
    scanner.scan(bytes, 0, bytes.length, true);
    const result = scanner.result();
    expect(result).toMatchObject({ lines: 2, malformed: 1 });
    expect(result.examples[0]).toEqual({ line: 1, reason: `longer than ${MAX_LINE_BYTES} bytes` });
    expect(result.keys.length).toBe(1);
  });

  it("an unknown username falls back to the IP map; with neither it is unattributed", () => {
    const result = scan(
      "squid",
      [
        line(1774857600, "visitor", "http://x.com/", "10.0.0.5"),
        line(1774857600, "visitor", "http://x.com/", "10.0.0.9"),
        line(1774857610, "-", "http://x.com/", "10.0.0.9"),
      ].join("\n"),
    );
    expect(result.decoded).toEqual([{ person: 1, platform: "x", minute: 29580960 }]);
    // Two clients (the login "visitor", the address 10.0.0.9) in the same minute.
    expect(result.unattributedKeys.length).toBe(2);
  });
});

describe("W3C extended lines", () => {
  it("follows the #Fields header, quoted values and a header that changes", () => {
    const text = [
      "2026-03-30 08:00:00 1.2.3.4 alice www.facebook.com",
      "#Fields: date time c-ip cs-username cs-host",
      '2026-03-30 08:00:00 10.0.0.1 "alice" www.facebook.com',
      "2026-03-30 08:01:00 10.0.0.1 alice",
      "#Fields: date time cs-username cs(User-Agent) cs-uri",
      '2026-03-30 08:02:00 alice "Mozilla/5.0 (X11; Linux)" https://www.instagram.com/p/1',
      "2026-03-31 25:00:00 alice - https://www.instagram.com/",
    ].join("\n");
    const result = scan("w3c", text);
    expect(result.lines).toBe(5);
    expect(result.malformed).toBe(3);
    expect(result.examples.map((e) => [e.line, e.reason.split(" ").slice(0, 3).join(" ")])).toEqual([
      [1, "no #Fields header"],
      [4, "expected 5 fields"],
      [7, 'date/time: "2026-03-31 25:00:00"'],
    ]);
    expect(result.decoded.map((k) => k.platform)).toEqual(["facebook", "instagram"]);
  });
});

describe("CSV lines", () => {
  it("reads aliased headers, quoted values, epoch milliseconds and school-local times", () => {
    const text = [
      "Time;User;Source IP;Domain;Bytes;Action",
      // 08:00 BST on the Monday after the clocks change is 07:00 UTC.
      "2026-03-30 08:00:00;alice;10.0.0.1;facebook.com;1;blocked",
      '1774854060000;"ALICE";10.0.0.1;"www.facebook.com";1;allowed',
      "2026-03-30T07:02:30Z;alice;10.0.0.1;https://x.com/home;1;allowed",
      "not a time;alice;10.0.0.1;x.com;1;allowed",
      '2026-03-30T07:03:00Z;"alice;10.0.0.1;x.com;1;allowed',
    ].join("\n");
    const result = scan("csv", text);
    expect(result.lines).toBe(5);
    expect(result.malformed).toBe(2);
    expect(result.decoded).toEqual([
      { person: 0, platform: "facebook", minute: Date.parse("2026-03-30T07:00:00Z") / 60000 },
      { person: 0, platform: "facebook", minute: Date.parse("2026-03-30T07:01:00Z") / 60000 },
      { person: 0, platform: "x", minute: Date.parse("2026-03-30T07:02:00Z") / 60000 },
    ]);
  });
});

describe("school-local time", () => {
  it("is an hour different in UTC on the Monday after the clocks go forward and back", () => {
    const at = (iso: string) => localMinuteOf(Date.parse(iso) / 60000, "Europe/London");
    expect(at("2026-03-27T09:00:00Z")).toMatchObject({ date: "2026-03-27", weekday: 5, minuteOfDay: 540 });
    expect(at("2026-03-30T08:00:00Z")).toMatchObject({ date: "2026-03-30", weekday: 1, minuteOfDay: 540 });
    expect(at("2026-10-26T09:00:00Z")).toMatchObject({ date: "2026-10-26", weekday: 1, minuteOfDay: 540 });
    expect(at("2026-03-29T23:30:00Z")).toMatchObject({ date: "2026-03-30", minuteOfDay: 30 });
  });

  it("reads a zone-less time in the autumn's repeated hour as the first, and one in the spring gap forward", () => {
    const repeated = instantOfLocal(Date.parse("2026-10-25T01:30:00Z"), "Europe/London");
    expect(new Date(repeated).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    const gap = instantOfLocal(Date.parse("2026-03-29T01:30:00Z"), "Europe/London");
    expect(new Date(gap).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
});

describe("classing a minute", () => {
  const bells = parseBellSchedule(bellsJson, "bells.json");
  if (!bells.ok) throw new Error(bells.errors.join());
  const schedule = bells.schedule;
  const at = (weekday: number, time: string, week: "A" | "B" = "A") => {
    const [h, m] = time.split(":").map(Number) as [number, number];
    return { schoolDay: true, weekday, week, minuteOfDay: h * 60 + m };
  };
  const tt = parseTimetableCsv(
    [
      "staff_email,weekday,start,end,activity",
      "t@x.org,A-Tue,09:00,10:00,lesson",
      "t@x.org,B-Tue,09:00,10:00,ppa",
      "t@x.org,Tuesday,12:30,13:00,meeting",
      "t@x.org,tue,11:00,11:20,duty",
    ].join("\n"),
    "tt.csv",
  );
  if (!tt.ok) throw new Error("timetable");
  const mine = tt.timetables.get("t@x.org");

  it("uses the week of a two-week timetable, break duty and a lunchtime meeting", () => {
    expect(classifyMinute(at(2, "09:30", "A"), schedule, mine)).toBe("pupilsPresent");
    expect(classifyMinute(at(2, "09:30", "B"), schedule, mine)).toBe("directedNoPupils");
    expect(classifyMinute(at(2, "11:10"), schedule, mine)).toBe("pupilsPresent");
    expect(classifyMinute(at(2, "12:40"), schedule, mine)).toBe("directedNoPupils");
    expect(classifyMinute(at(2, "13:05"), schedule, mine)).toBe("allowed");
    expect(classifyMinute(at(2, "14:30"), schedule, mine)).toBe("directedNoPupils");
    expect(classifyMinute(at(2, "16:00"), schedule, mine)).toBe("allowed");
    expect(classifyMinute({ ...at(2, "09:30"), schoolDay: false }, schedule, mine)).toBe("allowed");
  });

  it("without a timetable: registration and lessons have pupils, the directed day outside periods is directed", () => {
    expect(classifyMinute(at(1, "08:45"), schedule, undefined)).toBe("pupilsPresent");
    expect(classifyMinute(at(1, "08:35"), schedule, undefined)).toBe("directedNoPupils");
    expect(classifyMinute(at(1, "15:30"), schedule, undefined)).toBe("directedNoPupils");
    expect(classifyMinute(at(1, "11:00"), schedule, undefined)).toBe("allowed");
    expect(classifyMinute(at(1, "08:29"), schedule, undefined)).toBe("allowed");
  });

  it("alternates weeks from a week-A date, or by ISO week", () => {
    const terms = parseTermDates(JSON.stringify({ weekA: "2026-03-25" }), "terms.json");
    if (!terms.ok) throw new Error("terms");
    const day = (iso: string) => Date.parse(iso) / 86_400_000;
    expect(weekOf(day("2026-03-23"), 1, terms.termDates.weekA)).toBe("A");
    expect(weekOf(day("2026-04-03"), 5, terms.termDates.weekA)).toBe("B");
    expect(weekOf(day("2026-04-06"), 1, terms.termDates.weekA)).toBe("A");
    // ISO week 14 of 2026 begins on Monday 30 March: even, so B.
    expect(weekOf(day("2026-03-30"), 1, undefined)).toBe("B");
    expect(parseWeekday("B-Fri")).toEqual({ weekday: 5, week: "B" });
    expect(parseWeekday("Sat")).toBeNull();
  });
});

describe("settings errors name the file, line and field", () => {
  it("timetable, IP map and bell schedule", () => {
    const tt = parseTimetableCsv(
      "staff_email,weekday,start,end,activity\nt@x.org,Mon,09:00,08:00,lesson\nt@x.org,Mon,09:00,10:00,marking\n",
      "tt.csv",
    );
    expect(tt.ok ? [] : tt.errors.map((e) => [e.line, e.field])).toEqual([
      [2, "end"],
      [3, "activity"],
    ]);
    const map = parseIpMapCsv(
      "ip,staff_email,from,to\n10.0.0.1,a@x.org,2026-03-30T08:00:00,2026-03-30T09:00:00Z\n",
      "map.csv",
    );
    expect(map.ok ? [] : map.errors.map((e) => [e.file, e.line, e.field])).toEqual([["map.csv", 2, "from"]]);
    const bells = parseBellSchedule(
      '{"directedDay":["08:30"],"periods":[{"start":"9:00","end":"10:00","kind":"class"}]}',
      "b.json",
    );
    expect(bells.ok ? [] : bells.errors).toEqual([
      'b.json: directedDay: expected ["HH:MM","HH:MM"], e.g. ["08:30","16:00"]',
      'b.json: periods[0].kind: "class" is not one of lesson, registration, break, lunch',
    ]);
  });
});

describe("settings CSV without quotes", () => {
  it("reads as csv-parse does: blank and empty-valued lines skipped, fields trimmed, line numbers kept", () => {
    const options = {
      info: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
    } as const;
    const texts = [
      "a,b\n1,2\n",
      "a,b\n\n , \n1,2\n\n\n3",
      "a,b\n,\n  x  ,\ty\t\n",
      "a\n1,2,3\n4",
      "h\n\n  \n\t\nz\n,,\n",
      "",
    ];
    const lines = (records: { record: string[]; info: { lines: number } }[]) =>
      records.map((r) => [r.info.lines, r.record]);
    for (const text of texts)
      expect(lines(plainCsvRecords(text)!)).toEqual(
        lines(parse(text, options) as unknown as { record: string[]; info: { lines: number } }[]),
      );
    expect(lines(plainCsvRecords("a,b\n\n , \n1,2\n")!)).toEqual([
      [1, ["a", "b"]],
      [4, ["1", "2"]],
    ]);
    // Quotes, and characters whose trimming or splitting csv-parse might see otherwise, go to csv-parse.
    expect(plainCsvRecords('a,b\n"x, y",2\n')).toBeNull();
    expect(plainCsvRecords("a,b\nJos\u00e9,\u00a02\n")).toBeNull();
    expect(plainCsvRecords("a,b\r\n1,2\r\n")).toBeNull();
  });
});
