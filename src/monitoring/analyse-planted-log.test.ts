// The analyser against a log whose answer is known: each person's minutes in each class were worked
// out by hand from test-support's plan (lesson, PPA, break duty, lunch, the Monday after the clocks
// change, an IP handed over at lunchtime, duplicated and malformed lines).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  bellsJson,
  csvLines,
  ipMapCsv,
  plantedRequests,
  runMonitor,
  squidLine,
  staffCsv,
  timetableCsv,
  w3cLines,
} from "./test-support";

const expectedMinutes = [
  {
    staff: "alice@summit.org",
    date: "2026-03-27",
    pupilsPresent: 10,
    directedNoPupils: 0,
    allowed: 0,
    byPlatform: { facebook: 10 },
  },
  {
    staff: "alice@summit.org",
    date: "2026-03-30",
    pupilsPresent: 5,
    directedNoPupils: 5,
    allowed: 13,
    byPlatform: { instagram: 10, x: 10, tiktok: 3 },
  },
  {
    staff: "alice@summit.org",
    date: "2026-04-04",
    pupilsPresent: 0,
    directedNoPupils: 0,
    allowed: 4,
    byPlatform: { facebook: 4 },
  },
  {
    staff: "bob@summit.org",
    date: "2026-03-30",
    pupilsPresent: 6,
    directedNoPupils: 20,
    allowed: 15,
    byPlatform: { facebook: 41, instagram: 1 },
  },
  {
    staff: "carol@summit.org",
    date: "2026-03-30",
    pupilsPresent: 10,
    directedNoPupils: 0,
    allowed: 0,
    byPlatform: { tiktok: 10 },
  },
  {
    staff: "dave@summit.org",
    date: "2026-03-30",
    pupilsPresent: 5,
    directedNoPupils: 0,
    allowed: 10,
    byPlatform: { tiktok: 10, snapchat: 5 },
  },
];

const settings = {
  "staff.csv": staffCsv,
  "bells.json": bellsJson,
  "tt.csv": timetableCsv,
  "map.csv": ipMapCsv,
};
const settingArgs = [
  "--staff",
  "staff.csv",
  "--bells",
  "bells.json",
  "--timetable",
  "tt.csv",
  "--ip-map",
  "map.csv",
  "--json",
];

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitor-"));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function squidLog(): { text: string; lines: number } {
  const requests = plantedRequests();
  const lines = requests.map(squidLine);
  // Every tenth line twice (a log rotated and re-read), and three broken lines.
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    if (i % 10 === 0) out.push(line);
    if (i === 40) out.push("this is not a squid line");
    if (i === 80) out.push(line.slice(0, 40));
    if (i === 120) out.push(line.replace(/^\d+\.\d+/, "yesterday"));
  });
  return { text: `${out.join("\n")}\n`, lines: out.length };
}

describe("monitor analyse on a planted log", () => {
  it("counts each person's minutes per class on the Squid log, with duplicates and malformed lines", async () => {
    const log = squidLog();
    const file = tempFile("access.log", log.text);
    const result = await runMonitor(["--log", file, "--format", "squid", ...settingArgs], settings);
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(Object.keys(out)).toEqual([
      "lines",
      "malformedLines",
      "unattributedMinutes",
      "minutes",
      "findings",
    ]);
    expect(out.lines).toBe(log.lines);
    expect(out.malformedLines).toBe(3);
    expect(out.unattributedMinutes).toBe(6);
    expect(out.minutes).toEqual(expectedMinutes);
    // The first malformed lines are reported with their line numbers and why.
    expect(result.stderr).toMatch(/access\.log:\d+: expected 10 fields/);
    expect(result.stderr).toMatch(/access\.log:\d+: time: not epoch seconds/);
    const reported = [...result.stderr.matchAll(/access\.log:(\d+): /g)].map((m) => Number(m[1]));
    const textLines = log.text.split("\n");
    expect(textLines[reported[0]! - 1]).toBe("this is not a squid line");
  });

  it("raises an 8.6.2 finding for each day with pupils present, all to review", async () => {
    const file = tempFile("access.log", squidLog().text);
    const out = JSON.parse(
      (await runMonitor(["--log", file, "--format", "squid", ...settingArgs], settings)).stdout,
    );
    const found = out.findings.map((f: { staff: string; date: string; clause: string; minutes: number }) => [
      f.staff,
      f.date,
      f.clause,
      f.minutes,
    ]);
    expect(found).toEqual([
      ["alice@summit.org", "2026-03-27", "8.6.2", 10],
      ["alice@summit.org", "2026-03-30", "8.6.2", 5],
      ["bob@summit.org", "2026-03-30", "8.6.2", 6],
      ["carol@summit.org", "2026-03-30", "8.6.2", 10],
      ["dave@summit.org", "2026-03-30", "8.6.2", 5],
    ]);
    expect(out.findings.every((f: { status: string }) => f.status === "to review")).toBe(true);
  });

  it("applies the trust's 9.1 thresholds per day outside breaks and per week of school days", async () => {
    const file = tempFile("access.log", squidLog().text);
    const thresholds = JSON.stringify({ dailyMinutesOutsideBreaks: 20, weeklyMinutes: 22 });
    const out = JSON.parse(
      (
        await runMonitor(["--log", file, "--format", "squid", ...settingArgs, "--thresholds", "t.json"], {
          ...settings,
          "t.json": thresholds,
        })
      ).stdout,
    );
    const excessive = out.findings
      .filter((f: { clause: string }) => f.clause === "9.1")
      .map((f: { staff: string; kind: string; date: string; minutes: number }) => [
        f.staff,
        f.kind,
        f.date,
        f.minutes,
      ]);
    // Bob: 6 + 20 outside breaks on Monday. Weeks: Alice 23 on school days (Saturday's 4 do not count), Bob 41.
    expect(excessive).toEqual([
      ["alice@summit.org", "weekly-excessive", "2026-03-30", 23],
      ["bob@summit.org", "daily-excessive", "2026-03-30", 26],
      ["bob@summit.org", "weekly-excessive", "2026-03-30", 41],
    ]);
    expect(out.findings.find((f: { kind: string }) => f.kind === "daily-excessive").reason).toContain(
      "clause 9.1",
    );
  });

  it("gives the same minutes from the W3C and CSV forms of the log, and from gzip", async () => {
    const requests = plantedRequests();
    const w3c = tempFile("ex.log", `${w3cLines(requests).join("\r\n")}\r\n`);
    const csv = tempFile("log.csv", `${csvLines(requests).join("\n")}\n`);
    const gz = tempFile("access.log.gz", gzipSync(squidLog().text));
    for (const [file, format] of [
      [w3c, "w3c"],
      [csv, "csv"],
      [gz, "squid"],
    ] as const) {
      const result = await runMonitor(["--log", file, "--format", format, ...settingArgs], settings);
      if (format !== "squid") expect(result.stderr).toBe("");
      else expect(result.stderr.match(/access\.log\.gz:\d+: /g)).toHaveLength(3);
      const out = JSON.parse(result.stdout);
      expect(out.minutes, format).toEqual(expectedMinutes);
      expect(out.unattributedMinutes, format).toBe(6);
      if (format !== "squid") expect(out.lines).toBe(requests.length);
    }
  });

  it("reads the log from stdin", async () => {
    const log = squidLog();
    const result = await runMonitor(["--log", "-", "--format", "squid", ...settingArgs], {
      ...settings,
      "-": log.text,
    });
    expect(JSON.parse(result.stdout).minutes).toEqual(expectedMinutes);
  });

  it("splits a file across worker threads with the same answer", async () => {
    const log = squidLog();
    // Repeat the log: the repeats are duplicates, so the minutes do not change, only the line count.
    const file = tempFile("access.log", log.text.repeat(20));
    const result = await runMonitor(["--log", file, "--format", "squid", ...settingArgs], settings, {
      threads: 3,
      minBytesPerThread: 1000,
    });
    const out = JSON.parse(result.stdout);
    expect(out.lines).toBe(log.lines * 20);
    expect(out.malformedLines).toBe(60);
    expect(out.minutes).toEqual(expectedMinutes);
    expect(out.unattributedMinutes).toBe(6);
    const reported = [...result.stderr.matchAll(/access\.log:(\d+): /g)].map((m) => Number(m[1]));
    const textLines = log.text.repeat(20).split("\n");
    for (const line of reported)
      expect(textLines[line - 1]).not.toMatch(
        /^\d+\.\d+ +\d+ 10\.0\.0\.\d+ TCP_MISS\/200 4312 GET \S+ \S+ \S+ \S+$/,
      );
  });

  it("without a timetable, lesson and registration periods count as pupils present", async () => {
    const file = tempFile("access.log", squidLog().text);
    const args = ["--staff", "staff.csv", "--bells", "bells.json", "--ip-map", "map.csv", "--json"];
    const out = JSON.parse(
      (await runMonitor(["--log", file, "--format", "squid", ...args], settings)).stdout,
    );
    const bob = out.minutes.find((r: { staff: string }) => r.staff === "bob@summit.org");
    // PPA at 10:10 is Period 2 and Period 4 is a lesson: both pupils present now; the break duty is a break.
    expect(bob).toMatchObject({ pupilsPresent: 21, directedNoPupils: 0, allowed: 20 });
  });

  it("treats a closure day in the term dates as not a school day", async () => {
    const file = tempFile("access.log", squidLog().text);
    const terms = JSON.stringify({
      terms: [{ start: "2026-01-05", end: "2026-03-31" }],
      closures: ["2026-03-30"],
    });
    const out = JSON.parse(
      (
        await runMonitor(["--log", file, "--format", "squid", ...settingArgs, "--term-dates", "terms.json"], {
          ...settings,
          "terms.json": terms,
        })
      ).stdout,
    );
    const monday = out.minutes.filter((r: { date: string }) => r.date === "2026-03-30");
    expect(
      monday.every(
        (r: { pupilsPresent: number; directedNoPupils: number }) =>
          r.pupilsPresent + r.directedNoPupils === 0,
      ),
    ).toBe(true);
    expect(out.minutes.find((r: { staff: string; date: string }) => r.date === "2026-03-27")).toMatchObject({
      pupilsPresent: 10,
    });
  });
});
