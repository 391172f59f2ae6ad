// The Squid scanner's fast path against its general reader, line by line on awkward lines, and the
// analyser's answer whatever the number of threads (so wherever the file is split): both must be
// exactly the same, malformed line numbers included.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeyList } from "./number-set";
import { defaultPlatformList } from "./platforms";
import { LogScanner, type ScanSetup } from "./scan-log";
import {
  bellsJson,
  ipMapCsv,
  plantedRequests,
  runMonitor,
  squidLine,
  staffCsv,
  timetableCsv,
} from "./test-support";

const setup: ScanSetup = {
  format: "squid",
  platforms: defaultPlatformList,
  usernames: [
    ["alice@summit.org", 0],
    ["alice", 0],
    ["bob", 1],
  ],
  leases: [["10.0.0.5", [[0, 2e9, 2]]]],
  timeZone: "Europe/London",
};

const base =
  "1774857600.123    120 10.0.0.5 TCP_MISS/200 4312 GET http://www.facebook.com/a?b=1 bob HIER_DIRECT/1.2.3.4 text/html";

/** Lines the fast path must read exactly as the general reader does, or hand to it. */
const awkward = [
  base,
  base.replace("GET http://www.facebook.com/a?b=1", "CONNECT www.facebook.com:443"),
  base.replace("www.facebook.com", "WWW.FaceBook.COM"),
  base.replace("www.facebook.com", "www.facebook.com."),
  base.replace("www.facebook.com", "user:pw@www.facebook.com"),
  base.replace("www.facebook.com", "www.facebook.com:8080"),
  base.replace("www.facebook.com", "www.facebook.com:80x"),
  base.replace("http://www.facebook.com/a?b=1", "[2a03:2880::1]:443"),
  base.replace("http://www.facebook.com/a?b=1", "http:///nohost"),
  base.replace("http://www.facebook.com/a?b=1", "/relative/path"),
  base.replace("http://www.facebook.com/a?b=1", "www.facebook.com"),
  base.replace("http://www.facebook.com/a?b=1", "www.facebook.com#frag"),
  base.replace("http://www.facebook.com/a?b=1", "www.facebook.com?q"),
  base.replace("http://www.facebook.com/a?b=1", "http://www.facebook.com"),
  base.replace("http://www.facebook.com/a?b=1", "https://ex_ample.facebook.com/"),
  base.replace("http://www.facebook.com/a?b=1", "http://www.facébook.com/"),
  base.replace(" bob ", " - "),
  base.replace(" bob ", " pupil9 ").replace("10.0.0.5", "10.0.0.9"),
  base.replace(" bob ", " - ").replace("10.0.0.5", "10.0.0.9"),
  base.replace("10.0.0.5", "-").replace(" bob ", " - "),
  base.replace("10.0.0.5", "-"),
  base.replace(" bob ", "\tbob\t"),
  `${base} extra fields here`,
  `${base} `,
  `  ${base}`,
  `${base}\r`,
  base.replace(" text/html", ""),
  base.replace("1774857600.123", "1774857600"),
  base.replace("1774857600.123", "1774857600."),
  base.replace("1774857600.123", "1774857600.12x"),
  base.replace("1774857600.123", "17748576001234567"),
  base.replace("1774857600.123", "-1774857600"),
  base.replace("1774857600.123", "yesterday"),
  base.slice(0, 40),
  "",
  "   ",
  "\r",
  "\u0001",
  base.replace("TCP_MISS", "TCP\u0001MISS"),
  base.replace("www.facebook.com", "www.bbc.co.uk"),
  base.replace("www.facebook.com", "notfacebook.com"),
  base.replace("www.facebook.com", "facebook.com.evil.example"),
];

function scanAll(text: string, generalOnly: boolean, chunk: number) {
  const scanner = new LogScanner(setup, { generalOnly });
  const bytes = Buffer.from(text);
  // Fed in chunks, as a stream is, so lines are cut at every place.
  let carry = Buffer.alloc(0);
  for (let at = 0; at < bytes.length; at += chunk) {
    const data = Buffer.concat([carry, bytes.subarray(at, at + chunk)]);
    const rest = scanner.scan(data, 0, data.length, false);
    carry = Buffer.from(data.subarray(rest));
  }
  scanner.scan(carry, 0, carry.length, true);
  const r = scanner.result();
  return { ...r, keys: [...r.keys].sort(), unattributedKeys: [...r.unattributedKeys].sort() };
}

describe("the Squid scanner", () => {
  it("reads every awkward line as its general reader does, however the bytes are chunked", () => {
    for (const line of awkward) {
      const text = `${base}\n${line}\n${base.replace("bob", "alice")}\n`;
      const general = scanAll(text, true, 1 << 20);
      for (const chunk of [1, 7, 64, 1 << 20])
        expect(scanAll(text, false, chunk), JSON.stringify(line)).toEqual(general);
      // And as the last line of a file with no newline after it.
      const last = `${base}\n${line}`;
      expect(scanAll(last, false, 1 << 20), JSON.stringify(line)).toEqual(scanAll(last, true, 1 << 20));
    }
    // The awkward lines do say something: some counted, some malformed, some attributed.
    const all = scanAll(`${awkward.join("\n")}\n`, true, 1 << 20);
    expect(all.malformed).toBeGreaterThan(5);
    expect(all.keys.length).toBeGreaterThan(0);
    expect(all.unattributedKeys.length).toBeGreaterThan(0);
  });
});

describe("the scanner's key list", () => {
  it("gives each key once, ascending, through many compactions", () => {
    const list = new KeyList();
    const truth = new Set<number>();
    let seed = 7;
    for (let i = 0; i < 3_000_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      // Large keys (above 2^32) and repeats, near and far apart.
      const key = (seed % 150_000) * 2 ** 20 + (i % 3);
      list.add(key);
      truth.add(key);
    }
    const got = list.sorted();
    const want = Float64Array.from(truth).sort();
    expect(got.length).toBe(want.length);
    expect(got.every((k, i) => k === want[i])).toBe(true);
  });
});

describe("monitor analyse across threads", () => {
  it("prints byte-identical JSON with 1, 2, 3 and 5 threads, wherever the file is split", async () => {
    const lines = plantedRequests().map(squidLine);
    const out: string[] = [];
    for (let r = 0; r < 12; r++) {
      lines.forEach((line, i) => {
        out.push(line);
        if ((i + r) % 37 === 0) out.push(line.slice(0, 30 + r));
        if ((i + r) % 53 === 0) out.push("");
      });
    }
    const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitor-threads-"));
    const file = path.join(dir, "access.log");
    writeFileSync(file, `${out.join("\n")}\n`);
    const settings = {
      "staff.csv": staffCsv,
      "bells.json": bellsJson,
      "tt.csv": timetableCsv,
      "map.csv": ipMapCsv,
    };
    const args = ["--log", file, "--format", "squid", "--staff", "staff.csv", "--bells", "bells.json"];
    args.push("--timetable", "tt.csv", "--ip-map", "map.csv", "--json");
    const results = [];
    for (const threads of [1, 2, 3, 5]) {
      results.push(await runMonitor(args, settings, { threads, minBytesPerThread: 500 }));
    }
    const one = results[0]!;
    expect(one.exitCode).toBe(0);
    expect(JSON.parse(one.stdout).malformedLines).toBeGreaterThan(20);
    expect(JSON.parse(one.stdout).minutes.length).toBeGreaterThan(3);
    for (const r of results.slice(1)) {
      expect(r.stdout).toBe(one.stdout);
      expect(r.stderr).toBe(one.stderr);
    }
  });
});
