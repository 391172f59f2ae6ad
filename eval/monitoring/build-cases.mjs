// Writes the monitoring eval cases (dev/ and test/). Each request is written from a readable UTC
// instant; every expected count below was worked out by hand from the issue and the README (the
// comment beside each request says which class and why). Never derived from the product.
// Usage: node eval/monitoring/build-cases.mjs
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("./", import.meta.url);
const BELLS = {
  timezone: "Europe/London",
  directedDay: ["08:30", "16:00"],
  periods: [
    { name: "Registration", start: "08:45", end: "09:00", kind: "registration" },
    { name: "P1", start: "09:00", end: "10:00", kind: "lesson" },
    { name: "P2", start: "10:00", end: "11:00", kind: "lesson" },
    { name: "Break", start: "11:00", end: "11:20", kind: "break" },
    { name: "P3", start: "11:20", end: "12:20", kind: "lesson" },
    { name: "Lunch", start: "12:20", end: "13:10", kind: "lunch" },
    { name: "P4", start: "13:10", end: "14:10", kind: "lesson" },
    { name: "P5", start: "14:10", end: "15:10", kind: "lesson" },
  ],
};
const STAFF = `email,network_username,first_name,last_name,school
alice.adams@summit.example,aadams,Alice,Adams,summit-high
bob.brown@summit.example,bbrown,Bob,Brown,summit-high
carol.clark@summit.example,cclark,Carol,Clark,summit-high
`;
const A = "alice.adams@summit.example";
const B = "bob.brown@summit.example";
const C = "carol.clark@summit.example";

const epoch = (utc) => Date.parse(`${utc}Z`) / 1000; // utc: "2026-11-16T09:15:00"
// Squid native: time elapsed client code/status bytes method URL user hierarchy type
const sq = (utc, ip, url, user = "-", method = "GET", frac = ".123") =>
  `${epoch(utc)}${frac}    245 ${ip} ${method === "CONNECT" ? "TCP_TUNNEL/200" : "TCP_MISS/200"} 4120 ${method} ${url} ${user} HIER_DIRECT/157.240.1.35 ${method === "CONNECT" ? "-" : "text/html"}`;
const row = (staff, date, p, d, a, byPlatform) => ({
  staff,
  date,
  pupilsPresent: p,
  directedNoPupils: d,
  allowed: a,
  byPlatform,
});
const pp = (staff, date, minutes) => ({ staff, kind: "pupils-present", date, minutes, clause: "8.6.2" });

function write(split, name, c) {
  const dir = new URL(`${split}/${name}/`, root);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const eol = c.crlf ? "\r\n" : "\n";
  const logText = c.log.join(eol) + (c.noFinalNewline ? "" : eol);
  writeFileSync(new URL(c.logFile, dir), c.logFile.endsWith(".gz") ? gzipSync(logText) : logText);
  writeFileSync(new URL("staff.csv", dir), c.staff ?? STAFF);
  writeFileSync(new URL("bell.json", dir), `${JSON.stringify(c.bells ?? BELLS, null, 2)}\n`);
  if (c.timetable) writeFileSync(new URL("timetable.csv", dir), c.timetable);
  if (c.ipMap) writeFileSync(new URL("ip-map.csv", dir), c.ipMap);
  if (c.terms) writeFileSync(new URL("terms.json", dir), `${JSON.stringify(c.terms, null, 2)}\n`);
  if (c.thresholds) writeFileSync(new URL("thresholds.json", dir), `${JSON.stringify(c.thresholds, null, 2)}\n`);
  const caseFile = { description: c.description, format: c.format, log: c.logFile };
  writeFileSync(new URL("case.json", dir), `${JSON.stringify(caseFile, null, 2)}\n`);
  writeFileSync(new URL("expected.json", dir), `${JSON.stringify(c.expected, null, 2)}\n`);
}

// ---------------------------------------------------------------- dev

// Mon 16 Nov 2026 is GMT, so UTC = school-local time.
write("dev", "classes-squid", {
  description: "One person's minutes in each class on a GMT Monday, plus a weekend",
  format: "squid",
  logFile: "access.log",
  log: [
    sq("2026-11-16T07:10:05", "10.0.0.11", "https://www.facebook.com/", "aadams"), // before directed day: allowed
    sq("2026-11-16T08:35:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // directed, outside periods
    sq("2026-11-16T08:50:30", "10.0.0.11", "https://www.facebook.com/", "aadams"), // registration: pupils
    sq("2026-11-16T09:15:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // P1: pupils
    sq("2026-11-16T10:59:59", "10.0.0.11", "https://www.facebook.com/", "aadams"), // P2 last minute: pupils
    sq("2026-11-16T11:00:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // break starts: allowed
    sq("2026-11-16T11:19:30", "10.0.0.11", "https://www.facebook.com/", "aadams"), // break: allowed
    sq("2026-11-16T11:20:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // P3 starts: pupils
    sq("2026-11-16T12:45:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // lunch: allowed
    sq("2026-11-16T15:10:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // P5 ended: directed
    sq("2026-11-16T15:59:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // directed
    sq("2026-11-16T16:05:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // after directed day
    sq("2026-11-16T20:00:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // evening
    sq("2026-11-21T10:00:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // Saturday
    sq("2026-11-22T14:00:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // Sunday
  ],
  expected: {
    lines: 15,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 4, 3, 6, { facebook: 13 }),
      row(A, "2026-11-21", 0, 0, 1, { facebook: 1 }),
      row(A, "2026-11-22", 0, 0, 1, { facebook: 1 }),
    ],
    findings: [pp(A, "2026-11-16", 4)],
  },
});

write("dev", "timetable-duty-ppa-squid", {
  description: "Timetable: PPA, a lesson, break duty (8.6.2), a lunchtime meeting, free lesson periods",
  format: "squid",
  logFile: "access.log",
  timetable: `staff_email,weekday,start,end,activity
${A},Mon,09:00,10:00,ppa
${A},Mon,10:00,11:00,lesson
${A},Mon,11:00,11:20,duty
${A},Mon,12:30,13:00,meeting
${A},Tue,13:10,14:10,lesson
`,
  log: [
    sq("2026-11-16T09:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // PPA: directed
    sq("2026-11-16T10:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // lesson: pupils
    sq("2026-11-16T11:10:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // duty in break: pupils
    sq("2026-11-16T11:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // P3 free: directed
    sq("2026-11-16T12:25:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // lunch: allowed
    sq("2026-11-16T12:40:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // meeting: directed
    sq("2026-11-16T13:05:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // lunch: allowed
    sq("2026-11-17T09:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // Tue P1 free: directed
    sq("2026-11-17T11:10:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // Tue break, no duty: allowed
    sq("2026-11-17T13:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // Tue lesson: pupils
    // Bob has no timetable: the bell schedule alone decides.
    sq("2026-11-16T09:30:00", "10.0.0.12", "https://x.com/home", "bbrown"), // P1: pupils
    sq("2026-11-16T11:10:00", "10.0.0.12", "https://x.com/home", "bbrown"), // break: allowed
    sq("2026-11-16T11:30:00", "10.0.0.12", "https://x.com/home", "bbrown"), // P3: pupils
    sq("2026-11-16T12:40:00", "10.0.0.12", "https://x.com/home", "bbrown"), // lunch: allowed
  ],
  expected: {
    lines: 14,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 2, 3, 2, { instagram: 7 }),
      row(A, "2026-11-17", 1, 1, 1, { instagram: 3 }),
      row(B, "2026-11-16", 2, 0, 2, { x: 4 }),
    ],
    findings: [pp(A, "2026-11-16", 2), pp(A, "2026-11-17", 1), pp(B, "2026-11-16", 2)],
  },
});

// Clocks go forward at 01:00 UTC on Sun 29 Mar 2026. Fri 27 is GMT, Mon 30 is BST (UTC+1).
write("dev", "dst-march-squid", {
  description: "The Monday after the clocks go forward, and 00:30 local on a BST day",
  format: "squid",
  logFile: "access.log",
  log: [
    sq("2026-03-27T09:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Fri 09:30 GMT: P1 pupils
    sq("2026-03-27T16:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Fri 16:30: allowed
    sq("2026-03-29T00:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Sun 00:30 GMT: allowed
    sq("2026-03-29T01:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Sun 02:30 BST: allowed
    sq("2026-03-30T07:50:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Mon 08:50 BST: registration
    sq("2026-03-30T08:20:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Mon 09:20 BST: P1 pupils
    sq("2026-03-30T10:05:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Mon 11:05 BST: break
    sq("2026-03-30T14:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Mon 15:30 BST: directed
    sq("2026-03-30T15:20:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Mon 16:20 BST: allowed
    sq("2026-03-30T23:30:00", "10.0.0.13", "https://www.tiktok.com/", "cclark"), // Tue 31 00:30 BST: allowed
  ],
  expected: {
    lines: 10,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(C, "2026-03-27", 1, 0, 1, { tiktok: 2 }),
      row(C, "2026-03-29", 0, 0, 2, { tiktok: 2 }),
      row(C, "2026-03-30", 2, 1, 2, { tiktok: 5 }),
      row(C, "2026-03-31", 0, 0, 1, { tiktok: 1 }),
    ],
    findings: [pp(C, "2026-03-27", 1), pp(C, "2026-03-30", 2)],
  },
});

write("dev", "same-minute-squid", {
  description: "Two requests in a minute, a page and its CDN in a minute, two platforms in a minute, a duplicate line",
  format: "squid",
  logFile: "access.log",
  log: [
    sq("2026-11-16T09:10:05", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    sq("2026-11-16T09:10:40", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    sq("2026-11-16T09:10:59", "10.0.0.11", "https://www.facebook.com/", "aadams", "GET", ".900"),
    sq("2026-11-16T09:20:10", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    sq("2026-11-16T09:20:50", "10.0.0.11", "https://static.xx.fbcdn.net/rsrc.php/v3/a.js", "aadams"),
    sq("2026-11-16T09:30:00", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    sq("2026-11-16T09:30:30", "10.0.0.11", "https://www.instagram.com/", "aadams"),
    sq("2026-11-16T09:40:00", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    sq("2026-11-16T09:40:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // exact duplicate
    sq("2026-11-16T12:40:00", "10.0.0.11", "https://www.youtube.com/watch?v=x", "aadams"),
    sq("2026-11-16T12:40:59", "10.0.0.11", "https://www.reddit.com/", "aadams"),
  ],
  expected: {
    lines: 11,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-11-16", 4, 0, 1, { facebook: 4, instagram: 1, youtube: 1, reddit: 1 })],
    findings: [pp(A, "2026-11-16", 4)],
  },
});

write("dev", "domains-squid", {
  description: "CDN and API domains, subdomains, CONNECT host:443, case, ports; look-alikes and other sites",
  format: "squid",
  logFile: "access.log",
  log: [
    sq("2026-11-16T12:21:00", "10.0.0.11", "https://scontent-lhr8-1.xx.fbcdn.net/v/t1.jpg", "aadams"), // facebook
    sq("2026-11-16T12:22:00", "10.0.0.11", "https://scontent.cdninstagram.com/x.jpg", "aadams"), // instagram
    sq("2026-11-16T12:23:00", "10.0.0.11", "www.instagram.com:443", "aadams", "CONNECT"), // instagram
    sq("2026-11-16T12:24:00", "10.0.0.11", "graph.facebook.com:443", "aadams", "CONNECT"), // facebook
    sq("2026-11-16T12:25:00", "10.0.0.11", "https://pbs.twimg.com/media/a.jpg", "aadams"), // x
    sq("2026-11-16T12:26:00", "10.0.0.11", "http://m.facebook.com/", "aadams"), // facebook
    sq("2026-11-16T12:27:00", "10.0.0.11", "https://www.bbc.co.uk/news", "aadams"), // not a platform
    sq("2026-11-16T12:28:00", "10.0.0.11", "https://notfacebook.com/", "aadams"), // look-alike
    sq("2026-11-16T12:29:00", "10.0.0.11", "https://facebook.com.evil.example/", "aadams"), // look-alike
    sq("2026-11-16T12:30:00", "10.0.0.11", "https://v16-webapp.tiktokcdn.com/video/1", "aadams"), // tiktok
    sq("2026-11-16T12:31:00", "10.0.0.11", "https://media.licdn.com/dms/image/1", "aadams"), // linkedin
    sq("2026-11-16T12:32:00", "10.0.0.11", "https://rr3---sn-aigl6n7s.googlevideo.com/videoplayback", "aadams"), // youtube
    sq("2026-11-16T12:33:00", "10.0.0.11", "https://WWW.FACEBOOK.COM/", "aadams"), // facebook, host case
    sq("2026-11-16T12:34:00", "10.0.0.11", "http://twitter.com/home", "aadams"), // x
    sq("2026-11-16T12:35:00", "10.0.0.11", "www.reddit.com:443", "aadams", "CONNECT"), // reddit
    sq("2026-11-16T12:36:00", "10.0.0.11", "https://www.google.com/search?q=facebook.com", "aadams"), // no
    sq("2026-11-16T12:37:00", "10.0.0.11", "https://www.facebook.com:8443/", "aadams"), // facebook with a port
  ],
  expected: {
    lines: 17,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 0, 0, 13, { facebook: 5, instagram: 2, x: 2, tiktok: 1, linkedin: 1, youtube: 1, reddit: 1 }),
    ],
    findings: [],
  },
});

write("dev", "usernames-squid", {
  description: "Attribution by username: DOMAIN\\user, DOMAIN%5Cuser, user@domain, case, email; unknown users and no user",
  format: "squid",
  logFile: "access.log",
  log: [
    sq("2026-11-16T12:21:00", "10.0.0.11", "https://www.facebook.com/", "SUMMIT\\aadams"),
    sq("2026-11-16T12:22:00", "10.0.0.11", "https://www.facebook.com/", "SUMMIT%5Caadams"),
    sq("2026-11-16T12:23:00", "10.0.0.11", "https://www.facebook.com/", "SUMMIT\\AAdams"),
    sq("2026-11-16T12:24:00", "10.0.0.11", "https://www.facebook.com/", "aadams@summit.local"),
    sq("2026-11-16T12:25:00", "10.0.0.11", "https://www.facebook.com/", "ALICE.ADAMS@summit.example"),
    sq("2026-11-16T12:26:00", "10.0.0.12", "https://www.facebook.com/", "bbrown"),
    sq("2026-11-16T12:27:00", "10.0.0.99", "https://www.facebook.com/", "zzed"), // unattributed client zzed
    sq("2026-11-16T12:27:30", "10.0.0.99", "https://www.facebook.com/", "zzed"), // same client-minute
    sq("2026-11-16T12:28:00", "10.0.0.98", "https://www.facebook.com/", "-"), // unattributed client IP .98
    sq("2026-11-16T12:28:10", "10.0.0.97", "https://www.facebook.com/", "-"), // another client, same minute
    sq("2026-11-16T12:40:00", "10.0.0.99", "https://www.bbc.co.uk/", "zzed"), // not a platform: not counted
  ],
  expected: {
    lines: 11,
    malformedLines: 0,
    unattributedMinutes: 3,
    minutes: [row(A, "2026-11-16", 0, 0, 5, { facebook: 5 }), row(B, "2026-11-16", 0, 0, 1, { facebook: 1 })],
    findings: [],
  },
});

write("dev", "malformed-squid", {
  description: "Malformed lines counted, never fatal; blank lines ignored; no newline at the end",
  format: "squid",
  logFile: "access.log",
  noFinalNewline: true,
  log: [
    sq("2026-11-16T12:21:00", "10.0.0.11", "https://www.facebook.com/", "aadams"),
    "garbage line here",
    sq("2026-11-16T12:21:30", "10.0.0.11", "https://www.facebook.com/", "aadams").replace(/^\d+\.\d+/, "notanumber"),
    "",
    `${epoch("2026-11-16T12:21:40")}.000    245 10.0.0.11 TCP_MISS/200 4120 GET https://www.facebook.com/ aadams HIER_DIRECT/1.2.3.4`, // 9 fields
    sq("2026-11-16T12:22:00", "10.0.0.11", "https://www.instagram.com/", "aadams"),
    `${epoch("2026-11-16T12:24:00")}.000 245 10.0.0.11`, // truncated
    sq("2026-11-16T12:23:00", "10.0.0.11", "https://www.youtube.com/", "aadams"),
  ],
  expected: {
    lines: 7,
    malformedLines: 4,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-11-16", 0, 0, 3, { facebook: 1, instagram: 1, youtube: 1 })],
    findings: [],
  },
});

write("dev", "w3c-basic", {
  description: "W3C extended: directives, quoted values with spaces, cs-host + cs-uri-stem, a later #Fields with cs-uri",
  format: "w3c",
  logFile: "proxy.log",
  log: [
    "#Software: Example Web Filter 9.2",
    "#Version: 1.0",
    "#Date: 2026-11-16 00:00:00",
    "#Fields: date time c-ip cs-username cs-method cs-host cs-uri-stem sc-status cs(User-Agent)",
    '2026-11-16 09:15:00 10.0.0.11 SUMMIT\\aadams GET www.facebook.com / 200 "Mozilla/5.0 (Windows NT 10.0; Win64)"',
    '2026-11-16 12:30:00 10.0.0.11 SUMMIT\\aadams GET www.instagram.com /p/abc 200 "Mozilla/5.0 (Windows NT 10.0; Win64)"',
    '2026-11-16 12:31:00 10.0.0.12 "bbrown" GET "www.tiktok.com" "/@some one" 200 "Mozilla/5.0 (Mac OS X 10_15)"',
    "#Fields: date time cs-username c-ip cs-uri sc-status",
    "2026-11-16 13:20:00 bbrown 10.0.0.12 https://www.reddit.com/r/teachers 200", // P4: pupils
    "2026-11-16 13:21:00 - 10.0.0.50 https://www.facebook.com/ 200", // unattributed
    "2026-11-16 13:22:00 aadams 10.0.0.11 https://www.example.org/ 200", // not a platform
  ],
  expected: {
    lines: 6,
    malformedLines: 0,
    unattributedMinutes: 1,
    minutes: [
      row(A, "2026-11-16", 1, 0, 1, { facebook: 1, instagram: 1 }),
      row(B, "2026-11-16", 1, 0, 1, { tiktok: 1, reddit: 1 }),
    ],
    findings: [pp(A, "2026-11-16", 1), pp(B, "2026-11-16", 1)],
  },
});

// Mon 15 Jun 2026 is BST: local = UTC+1.
write("dev", "csv-aliases-times", {
  description: "CSV with header aliases; ISO Z, ISO +01:00, ISO with no offset (local), fractional seconds, epoch s and ms",
  format: "csv",
  logFile: "filter.csv",
  log: [
    "Time,Login,Source_IP,Host,Bytes,Action",
    "2026-06-15T08:15:00Z,aadams,10.0.0.11,www.facebook.com,100,allowed", // 09:15 BST: pupils
    "2026-06-15T12:30:00+01:00,aadams,10.0.0.11,www.instagram.com,100,blocked", // 12:30 local lunch
    "2026-06-15T13:30:00,aadams,10.0.0.11,www.tiktok.com,100,allowed", // local 13:30 P4: pupils
    `${epoch("2026-06-15T11:10:00")},bbrown,10.0.0.12,www.youtube.com,100,allowed`, // 12:10 BST P3
    `${epoch("2026-06-15T12:40:00") * 1000},bbrown,10.0.0.12,www.youtube.com,100,allowed`, // 13:40 BST P4
    "2026-06-15T11:45:00.500Z,bbrown,10.0.0.12,www.reddit.com,100,allowed", // 12:45 BST lunch
  ],
  expected: {
    lines: 6,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-06-15", 2, 0, 1, { facebook: 1, instagram: 1, tiktok: 1 }),
      row(B, "2026-06-15", 2, 0, 1, { youtube: 2, reddit: 1 }),
    ],
    findings: [pp(A, "2026-06-15", 2), pp(B, "2026-06-15", 2)],
  },
});

write("dev", "gzip-squid", {
  description: "A gzipped Squid log",
  format: "squid",
  logFile: "access.log.gz",
  log: [
    sq("2026-11-16T09:15:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // pupils
    sq("2026-11-16T12:30:00", "10.0.0.11", "https://www.instagram.com/", "aadams"), // lunch
    sq("2026-11-16T15:30:00", "10.0.0.12", "https://x.com/", "bbrown"), // directed
  ],
  expected: {
    lines: 3,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-11-16", 1, 0, 1, { facebook: 1, instagram: 1 }), row(B, "2026-11-16", 0, 1, 0, { x: 1 })],
    findings: [pp(A, "2026-11-16", 1)],
  },
});

write("dev", "timetable-edges-squid", {
  description: "Timetable entries outside the directed day (gate duty, after-school meeting); registration left off a timetable; directed-day boundaries",
  format: "squid",
  logFile: "access.log",
  timetable: `staff_email,weekday,start,end,activity
${B},Mon,08:15,08:30,duty
${B},Mon,09:00,10:00,lesson
${B},Mon,16:00,17:00,meeting
`,
  log: [
    sq("2026-11-16T08:20:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // gate duty: pupils
    sq("2026-11-16T08:29:59", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // still duty: pupils
    sq("2026-11-16T08:30:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // directed, outside periods
    sq("2026-11-16T08:50:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // registration, not on his timetable: directed (changed by monfix)
    sq("2026-11-16T09:30:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // lesson: pupils
    sq("2026-11-16T10:30:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // P2 left free: directed
    sq("2026-11-16T16:30:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // meeting: directed
    sq("2026-11-16T17:10:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // after: allowed
    sq("2026-11-21T08:20:00", "10.0.0.12", "https://www.youtube.com/", "bbrown"), // Saturday: allowed
    sq("2026-11-16T08:29:59", "10.0.0.11", "https://www.facebook.com/", "aadams"), // before directed day
    sq("2026-11-16T08:30:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // directed day starts
    sq("2026-11-16T15:59:59", "10.0.0.11", "https://www.facebook.com/", "aadams"), // directed
    sq("2026-11-16T16:00:00", "10.0.0.11", "https://www.facebook.com/", "aadams"), // directed day over: [start, end)
  ],
  expected: {
    lines: 13,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 0, 2, 2, { facebook: 4 }),
      row(B, "2026-11-16", 3, 4, 1, { youtube: 8 }),
      row(B, "2026-11-21", 0, 0, 1, { youtube: 1 }),
    ],
    findings: [pp(B, "2026-11-16", 3)],
  },
});

write("dev", "csv-excel-export", {
  description: "CSV as Excel writes it: BOM, CRLF, quoted fields with commas, headers in other case and punctuation; bad rows",
  format: "csv",
  logFile: "filter.csv",
  crlf: true,
  staff: "\uFEFFEmail,Network Username,First Name,Last Name,School\r\nalice.adams@summit.example,aadams,Alice,Adams,summit-high\r\n",
  log: [
    '\uFEFF"TimeStamp","User","Client-IP","URL","Bytes","Action"',
    '"2026-11-16T12:21:00Z","aadams","10.0.0.11","https://www.facebook.com/a,b?x=1","10","allowed"',
    "2026-11-16T12:22:00Z,SUMMIT\\aadams,10.0.0.11,https://www.instagram.com/,10,allowed",
    "",
    "not-a-time,aadams,10.0.0.11,https://www.facebook.com/,10,allowed", // malformed: timestamp
    "2026-11-16T12:23:00Z,aadams,10.0.0.11,,10,allowed", // malformed: no URL
    "2026-11-16 12:24:00,aadams,10.0.0.11,https://www.facebook.com/,10,allowed", // space, no offset: local
    `${epoch("2026-11-16T12:25:00")},aadams,10.0.0.11,www.youtube.com,10,allowed`,
  ],
  expected: {
    lines: 6,
    malformedLines: 2,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-11-16", 0, 0, 4, { facebook: 2, instagram: 1, youtube: 1 })],
    findings: [],
  },
});

write("dev", "w3c-field-variants", {
  description: "W3C: r-host, a full URL in cs-uri-stem, cs-url, r-uri; a record before any #Fields; bad records",
  format: "w3c",
  logFile: "proxy.log",
  log: [
    "2026-11-16 12:20:00 10.0.0.11 aadams https://www.facebook.com/ 200", // before #Fields: malformed
    "#Fields: date time c-ip cs-username r-host cs-uri-stem sc-status",
    "2026-11-16 12:21:00 10.0.0.11 aadams www.facebook.com / 200",
    "#Fields: date time c-ip cs-username cs-uri-stem sc-status",
    "2026-11-16 12:22:00 10.0.0.11 aadams https://www.instagram.com/p/1 200",
    "#Fields: date time c-ip cs-username cs-url sc-status",
    "2026-11-16 12:23:00 10.0.0.11 aadams http://www.tiktok.com/@a 200",
    "2026-11-16 12:25:00 10.0.0.11", // too few fields
    "#Fields: date time c-ip cs-username cs-method r-uri sc-status",
    '2026-11-16 12:24:00 10.0.0.11 "SUMMIT\\aadams" GET https://www.reddit.com/ 200',
    "2026-13-45 99:00:00 10.0.0.11 aadams GET https://www.facebook.com/ 200", // impossible date
  ],
  expected: {
    lines: 7,
    malformedLines: 3,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-11-16", 0, 0, 4, { facebook: 1, instagram: 1, tiktok: 1, reddit: 1 })],
    findings: [],
  },
});

// ---------------------------------------------------------------- test
// (built the same way; the eval prints only counts for this split)

const w3cOct = (date, time, url) => `${date} ${time} 10.0.0.13 cclark GET ${url} 200`;
write("test", "dst-october-w3c", {
  description: "Clocks go back (Sun 25 Oct 2026, 01:00 UTC): Fri BST, Mon GMT; 00:30 local on a BST night",
  format: "w3c",
  logFile: "proxy.log",
  log: [
    "#Version: 1.0",
    "#Fields: date time c-ip cs-username cs-method cs-uri sc-status",
    w3cOct("2026-10-23", "08:20:00", "https://www.facebook.com/"),
    w3cOct("2026-10-23", "10:10:00", "https://www.facebook.com/"),
    w3cOct("2026-10-23", "23:30:00", "https://www.facebook.com/"),
    w3cOct("2026-10-25", "00:30:00", "https://www.facebook.com/"),
    w3cOct("2026-10-25", "02:30:00", "https://www.facebook.com/"),
    w3cOct("2026-10-26", "08:40:00", "https://www.facebook.com/"),
    w3cOct("2026-10-26", "09:05:00", "https://www.facebook.com/"),
    w3cOct("2026-10-26", "11:05:00", "https://www.facebook.com/"),
    w3cOct("2026-10-26", "15:30:00", "https://www.facebook.com/"),
    w3cOct("2026-10-26", "16:10:00", "https://www.facebook.com/"),
  ],
  expected: {
    lines: 10,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(C, "2026-10-23", 1, 0, 1, { facebook: 2 }),
      row(C, "2026-10-24", 0, 0, 1, { facebook: 1 }),
      row(C, "2026-10-25", 0, 0, 2, { facebook: 2 }),
      row(C, "2026-10-26", 1, 2, 2, { facebook: 5 }),
    ],
    findings: [pp(C, "2026-10-23", 1), pp(C, "2026-10-26", 1)],
  },
});

write("test", "ip-map-lunch-csv", {
  description: "IP map with a lunchtime reassignment, offsets, username over IP, unattributed IPs; ';' CSV",
  format: "csv",
  logFile: "filter.csv",
  ipMap: `ip,staff_email,from,to
10.1.1.50,${A},2026-11-16T08:00:00Z,2026-11-16T12:30:00Z
10.1.1.50,${B},2026-11-16T12:30:00+00:00,
10.1.1.60,${C},2026-11-16T09:00:00+01:00,2026-11-17T00:00:00+01:00
`,
  log: [
    "timestamp;username;client_ip;url;bytes;action",
    "2026-11-16T07:30:00Z;;10.1.1.50;https://www.facebook.com/;1;allowed",
    "2026-11-16T09:10:00Z;;10.1.1.50;https://www.facebook.com/;1;allowed",
    "2026-11-16T12:29:40Z;;10.1.1.50;https://www.instagram.com/;1;allowed",
    "2026-11-16T12:30:00Z;;10.1.1.50;https://www.instagram.com/;1;allowed",
    "2026-11-16T13:20:00Z;;10.1.1.50;https://www.facebook.com/;1;allowed",
    "2026-11-16T08:05:00Z;;10.1.1.60;https://www.facebook.com/;1;allowed",
    "2026-11-16T12:45:00Z;;10.1.1.99;https://www.youtube.com/;1;allowed",
    "2026-11-16T12:45:30Z;;10.1.1.99;https://www.reddit.com/;1;blocked",
    "2026-11-16T12:50:00Z;aadams;10.1.1.50;https://www.tiktok.com/;1;allowed",
  ],
  expected: {
    lines: 9,
    malformedLines: 0,
    unattributedMinutes: 2,
    minutes: [
      row(A, "2026-11-16", 1, 0, 2, { facebook: 1, instagram: 1, tiktok: 1 }),
      row(B, "2026-11-16", 1, 0, 1, { instagram: 1, facebook: 1 }),
      row(C, "2026-11-16", 0, 0, 1, { facebook: 1 }),
    ],
    findings: [pp(A, "2026-11-16", 1), pp(B, "2026-11-16", 1)],
  },
});

write("test", "ab-timetable-squid", {
  description: "Two-week timetable with weekA set to an even ISO week",
  format: "squid",
  logFile: "access.log",
  terms: { terms: [{ start: "2026-09-01", end: "2026-12-18" }], closures: [], weekA: "2026-11-23" },
  timetable: `staff_email,weekday,start,end,activity
${A},A-Mon,09:00,10:00,ppa
${A},B-Mon,09:00,10:00,lesson
${A},A-Tue,11:00,11:20,duty
${A},Mon,13:10,14:10,lesson
`,
  log: [
    sq("2026-11-16T09:30:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // week B Mon: lesson
    sq("2026-11-16T13:30:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // every Mon: lesson
    sq("2026-11-17T11:10:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // week B Tue: break
    sq("2026-11-23T09:30:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // week A Mon: ppa
    sq("2026-11-23T13:30:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // lesson
    sq("2026-11-24T11:10:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // week A Tue: duty
    sq("2026-11-30T09:30:00", "10.0.0.11", "https://www.snapchat.com/", "aadams"), // week B Mon: lesson
  ],
  expected: {
    lines: 7,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 2, 0, 0, { snapchat: 2 }),
      row(A, "2026-11-17", 0, 0, 1, { snapchat: 1 }),
      row(A, "2026-11-23", 1, 1, 0, { snapchat: 2 }),
      row(A, "2026-11-24", 1, 0, 0, { snapchat: 1 }),
      row(A, "2026-11-30", 1, 0, 0, { snapchat: 1 }),
    ],
    findings: [pp(A, "2026-11-16", 2), pp(A, "2026-11-23", 1), pp(A, "2026-11-24", 1), pp(A, "2026-11-30", 1)],
  },
});

const ep = (utc) => epoch(utc);
write("test", "terms-closures-csv", {
  description: "Term dates and a closure day (a duty on the closure day does not apply); epoch CSV",
  format: "csv",
  logFile: "filter.csv",
  terms: { terms: [{ start: "2026-11-02", end: "2026-12-18" }], closures: ["2026-11-18"] },
  timetable: `staff_email,weekday,start,end,activity
${B},Wed,11:00,11:20,duty
`,
  log: [
    "timestamp,username,client_ip,url,bytes,action",
    `${ep("2026-11-17T09:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // Tue P1, left free by his timetable: directed
    `${ep("2026-11-18T09:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // closure
    `${ep("2026-11-18T11:05:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // closure, duty ignored
    `${ep("2026-11-18T11:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // closure
    `${ep("2026-11-19T15:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // directed
    `${ep("2026-12-21T09:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // holiday
    `${ep("2026-10-30T09:30:00")},bbrown,10.0.0.12,https://www.pinterest.com/,1,allowed`, // half term
  ],
  expected: {
    lines: 7,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(B, "2026-10-30", 0, 0, 1, { pinterest: 1 }),
      row(B, "2026-11-17", 0, 1, 0, { pinterest: 1 }),
      row(B, "2026-11-18", 0, 0, 3, { pinterest: 3 }),
      row(B, "2026-11-19", 0, 1, 0, { pinterest: 1 }),
      row(B, "2026-12-21", 0, 0, 1, { pinterest: 1 }),
    ],
    findings: [],
  },
});

const at = (user, ip, day, hh, mm) =>
  sq(`2026-11-${day}T${hh}:${String(mm).padStart(2, "0")}:00`, ip, "https://www.discord.com/app", user);
write("test", "thresholds-squid", {
  description: "Daily and weekly excessive-use thresholds (more than, not equal); weekend minutes not in the week",
  format: "squid",
  logFile: "access.log",
  thresholds: { pupilsPresentMinutesPerDay: 2, dailyMinutesOutsideBreaks: 5, weeklyMinutes: 10 },
  log: [
    ...[10, 11, 12].map((m) => at("aadams", "10.0.0.11", 16, "09", m)), // pupils 3
    ...[20, 21, 22].map((m) => at("aadams", "10.0.0.11", 16, "15", m)), // directed 3
    ...[30, 31].map((m) => at("aadams", "10.0.0.11", 16, "12", m)), // lunch 2
    ...[30, 31, 32, 33].map((m) => at("aadams", "10.0.0.11", 17, "12", m)), // Tue lunch 4
    ...[0, 1, 2, 3, 4].map((m) => at("aadams", "10.0.0.11", 21, "12", m)), // Saturday 5
    ...[10, 11].map((m) => at("bbrown", "10.0.0.12", 16, "09", m)), // pupils 2 (= threshold)
    ...[20, 21, 22].map((m) => at("bbrown", "10.0.0.12", 16, "15", m)), // directed 3 (outside breaks 5)
    ...[30].map((m) => at("bbrown", "10.0.0.12", 16, "12", m)), // lunch 1
    ...[30, 31, 32, 33].map((m) => at("bbrown", "10.0.0.12", 18, "12", m)), // Wed lunch 4 (week 10)
  ],
  expected: {
    lines: 27,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 3, 3, 2, { discord: 8 }),
      row(A, "2026-11-17", 0, 0, 4, { discord: 4 }),
      row(A, "2026-11-21", 0, 0, 5, { discord: 5 }),
      row(B, "2026-11-16", 2, 3, 1, { discord: 6 }),
      row(B, "2026-11-18", 0, 0, 4, { discord: 4 }),
    ],
    findings: [
      pp(A, "2026-11-16", 3),
      { staff: A, kind: "daily-excessive", date: "2026-11-16", minutes: 6, clause: "9.1" },
      { staff: A, kind: "weekly-excessive", date: "2026-11-16", minutes: 12, clause: "9.1" },
    ],
  },
});

write("test", "gzip-w3c-bst", {
  description: "A gzipped W3C log with cs(Host) and quoted values on a BST day (W3C times are UTC)",
  format: "w3c",
  logFile: "proxy.log.gz",
  log: [
    "#Fields: date time c-ip cs-username cs(Host) cs-uri-stem cs(User-Agent) sc-status",
    '2026-06-16 08:10:00 10.0.0.11 aadams "www.facebook.com" "/" "Mozilla/5.0 (X11; Linux x86_64)" 200',
    '2026-06-16 11:30:00 10.0.0.11 aadams "www.instagram.com" "/" "Mozilla/5.0 (X11; Linux x86_64)" 200',
    '2026-06-16 14:30:00 10.0.0.11 aadams "scontent.cdninstagram.com" "/a b.jpg" "Mozilla/5.0 (X11; Linux x86_64)" 200',
    '2026-06-16 15:30:00 10.0.0.11 aadams "www.instagram.com" "/" "Mozilla/5.0 (X11; Linux x86_64)" 200',
  ],
  expected: {
    lines: 4,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [row(A, "2026-06-16", 1, 1, 2, { facebook: 1, instagram: 3 })],
    findings: [pp(A, "2026-06-16", 1)],
  },
});

write("test", "attribution-mix-squid", {
  description: "AD Username header; DOMAIN%5Cuser and USER@domain; unknown login; IP map for lines with no user",
  format: "squid",
  logFile: "access.log",
  staff: `email,AD Username,first_name,last_name,school
${C},cclark,Carol,Clark,summit-high
${A},aadams,Alice,Adams,summit-high
`,
  ipMap: `ip,staff_email,from,to
10.2.0.7,${C},2026-11-16T00:00:00Z,
`,
  log: [
    sq("2026-11-16T12:21:00", "10.2.0.3", "https://www.facebook.com/", "SUMMIT%5Ccclark"),
    sq("2026-11-16T12:22:00", "10.2.0.3", "https://www.instagram.com/", "CClark@summit.local"),
    sq("2026-11-16T12:23:00", "10.2.0.5", "https://www.facebook.com/", "pupil123"),
    sq("2026-11-16T12:24:00", "10.2.0.5", "https://www.facebook.com/", "pupil123"),
    sq("2026-11-16T12:25:00", "10.2.0.7", "https://www.tiktok.com/", "-"),
    sq("2026-11-16T12:25:00", "10.2.0.8", "https://www.tiktok.com/", "-"),
  ],
  expected: {
    lines: 6,
    malformedLines: 0,
    unattributedMinutes: 3,
    minutes: [row(C, "2026-11-16", 0, 0, 3, { facebook: 1, instagram: 1, tiktok: 1 })],
    findings: [],
  },
});

// Mon 15 Jun 2026 is BST; the lease changes hands at 12:20 local (11:20 UTC).
write("test", "ip-map-bst-gzip-squid", {
  description: "Gzipped Squid, no usernames: leases with +01:00 offsets changing hands at lunch on a BST day",
  format: "squid",
  logFile: "access.log.gz",
  ipMap: `ip,staff_email,from,to
10.3.0.20,${A},2026-06-15T07:00:00+01:00,2026-06-15T12:20:00+01:00
10.3.0.20,${C},2026-06-15T12:20:00+01:00,2026-06-15T18:00:00+01:00
`,
  log: [
    sq("2026-06-15T06:10:00", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T08:05:00", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T11:19:59", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T11:20:00", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T12:15:00", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T11:40:00", "10.3.0.20", "www.instagram.com:443", "-", "CONNECT"),
    sq("2026-06-15T17:30:00", "10.3.0.20", "https://www.facebook.com/"),
    sq("2026-06-15T11:45:00", "10.3.0.20", "https://www.facebook.com/", "bbrown"),
  ],
  expected: {
    lines: 8,
    malformedLines: 0,
    unattributedMinutes: 1,
    minutes: [
      row(A, "2026-06-15", 2, 0, 1, { facebook: 3 }),
      row(B, "2026-06-15", 0, 0, 1, { facebook: 1 }),
      row(C, "2026-06-15", 1, 0, 2, { facebook: 2, instagram: 1 }),
    ],
    findings: [pp(A, "2026-06-15", 2), pp(C, "2026-06-15", 1)],
  },
});

// Default thresholds (0, 30, 180): every minute from 15:10 to 15:40 is directed (31), lunch
// 12:20-13:09 is 50 allowed minutes; Mon 81 + Tue 50 + Wed 50 = 181 in the week's school days.
const minutesFrom = (user, ip, date, hh, mm, count, url) =>
  Array.from({ length: count }, (_, i) => {
    const t = new Date(Date.parse(`${date}T${hh}:${mm}:00Z`) + i * 60_000).toISOString().slice(0, 19);
    return sq(t, ip, url, user);
  });
write("test", "default-thresholds-squid", {
  description: "Default thresholds: 31 directed minutes in a day (9.1), 181 minutes in a week (9.1); 30 gives nothing",
  format: "squid",
  logFile: "access.log",
  log: [
    ...minutesFrom("aadams", "10.0.0.11", "2026-11-16", "15", "10", 31, "https://www.linkedin.com/feed/"),
    ...minutesFrom("aadams", "10.0.0.11", "2026-11-16", "12", "20", 50, "https://www.linkedin.com/feed/"),
    ...minutesFrom("aadams", "10.0.0.11", "2026-11-17", "12", "20", 50, "https://www.linkedin.com/feed/"),
    ...minutesFrom("aadams", "10.0.0.11", "2026-11-18", "12", "20", 50, "https://www.linkedin.com/feed/"),
    ...minutesFrom("aadams", "10.0.0.11", "2026-11-22", "10", "00", 20, "https://www.linkedin.com/feed/"),
    ...minutesFrom("bbrown", "10.0.0.12", "2026-11-16", "15", "10", 30, "https://bsky.app/"),
  ],
  expected: {
    lines: 231,
    malformedLines: 0,
    unattributedMinutes: 0,
    minutes: [
      row(A, "2026-11-16", 0, 31, 50, { linkedin: 81 }),
      row(A, "2026-11-17", 0, 0, 50, { linkedin: 50 }),
      row(A, "2026-11-18", 0, 0, 50, { linkedin: 50 }),
      row(A, "2026-11-22", 0, 0, 20, { linkedin: 20 }),
      row(B, "2026-11-16", 0, 30, 0, { bluesky: 30 }),
    ],
    findings: [
      { staff: A, kind: "daily-excessive", date: "2026-11-16", minutes: 31, clause: "9.1" },
      { staff: A, kind: "weekly-excessive", date: "2026-11-16", minutes: 181, clause: "9.1" },
    ],
  },
});
