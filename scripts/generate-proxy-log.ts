// Writes a synthetic school proxy log in Squid native format with the files `monitor analyse` needs
// (staff.csv, bells.json, timetable.csv, ip-map.csv), for the bench and for trying the analyser:
//   tsx scripts/generate-proxy-log.ts --out DIR [--staff 2000] [--days 5] [--lines 10000000] [--seed 1]
// Five school days from Monday 30 March 2026 (the week after the clocks change), 07:30 to 17:30
// local time. About one request in seven goes to a social media platform (page, API and CDN hosts);
// a fifth of the staff's requests carry no username and are attributed through the IP map, and a
// few come from addresses on no lease. Deterministic for a given seed.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface GenerateProxyLogOptions {
  outDir: string;
  staff?: number;
  days?: number;
  lines?: number;
  seed?: number;
}

export interface GeneratedProxyLog {
  log: string;
  staffCsv: string;
  bellsJson: string;
  timetableCsv: string;
  ipMapCsv: string;
  lines: number;
  bytes: number;
}

const SOCIAL_HOSTS = [
  "www.facebook.com",
  "static.xx.fbcdn.net",
  "scontent-lhr8-1.xx.fbcdn.net",
  "graph.facebook.com",
  "www.instagram.com",
  "scontent-lhr6-2.cdninstagram.com",
  "i.instagram.com",
  "x.com",
  "pbs.twimg.com",
  "abs.twimg.com",
  "api.twitter.com",
  "www.tiktok.com",
  "v16-webapp-prime.tiktok.com",
  "p16-sign-va.tiktokcdn.com",
  "web.whatsapp.com",
  "mmg.whatsapp.net",
  "www.youtube.com",
  "i.ytimg.com",
  "rr3---sn-aigl6nek.googlevideo.com",
  "www.linkedin.com",
  "static.licdn.com",
  "www.reddit.com",
  "i.redd.it",
  "www.snapchat.com",
  "www.pinterest.co.uk",
  "i.pinimg.com",
  "discord.com",
];

const WORK_WORDS = [
  "bbc",
  "gov",
  "oak",
  "seneca",
  "sparx",
  "mathsgenie",
  "tes",
  "educake",
  "kerboodle",
  "office",
  "arbor",
  "sims",
  "google",
  "microsoft",
  "wikipedia",
  "nationalarchives",
  "ofsted",
  "atomlearning",
  "hegarty",
  "quizlet",
];
const TLDS = [".co.uk", ".com", ".org", ".org.uk", ".net", ".gov.uk", ".ac.uk", ".io"];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateProxyLog(options: GenerateProxyLogOptions): GeneratedProxyLog {
  const staffCount = options.staff ?? 2000;
  const days = options.days ?? 5;
  const totalLines = options.lines ?? 10_000_000;
  const random = mulberry32(options.seed ?? 1);
  mkdirSync(options.outDir, { recursive: true });
  const file = (name: string) => path.join(options.outDir, name);

  const usernames: string[] = [];
  const ips: string[] = [];
  const staffRows = ["email,network_username,first_name,last_name,school"];
  for (let i = 0; i < staffCount; i++) {
    const user = `staff${String(i).padStart(5, "0")}`;
    usernames.push(user);
    ips.push(`10.${20 + Math.floor(i / 250)}.${Math.floor(i / 250) % 250}.${(i % 250) + 2}`);
    staffRows.push(`${user}@summit.example,SUMMIT\\${user},Staff,${i},summit-high`);
  }
  const bells = {
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
  };
  // Half the staff have a timetable: four lessons, a PPA and a break duty on some days.
  const timetableRows = ["staff_email,weekday,start,end,activity"];
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"];
  for (let i = 0; i < staffCount; i += 2) {
    for (const [d, day] of weekdays.entries()) {
      const email = `${usernames[i]}@summit.example`;
      const free = (i + d) % 5;
      const lessons = [
        ["09:00", "10:00"],
        ["10:00", "11:00"],
        ["11:20", "12:20"],
        ["13:10", "14:10"],
        ["14:10", "15:10"],
      ];
      lessons.forEach(([s, e], p) => {
        timetableRows.push(`${email},${day},${s},${e},${p === free ? "ppa" : "lesson"}`);
      });
      if ((i + d) % 7 === 0) timetableRows.push(`${email},${day},11:00,11:20,duty`);
    }
  }
  // Each member of staff holds one address all week.
  const ipRows = ["ip,staff_email,from,to"];
  for (let i = 0; i < staffCount; i++) {
    ipRows.push(
      `${ips[i]},${usernames[i]}@summit.example,2026-03-30T06:00:00+01:00,2026-04-03T20:00:00+01:00`,
    );
  }
  const hosts: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const word = WORK_WORDS[i % WORK_WORDS.length]!;
    hosts.push(
      `${i % 3 === 0 ? "www." : `cdn${i % 7}.`}${word}${Math.floor(i / WORK_WORDS.length)}${TLDS[i % TLDS.length]}`,
    );
  }

  const logPath = file("access.log");
  const fd = openSync(logPath, "w");
  let bytes = 0;
  try {
    const perDay = Math.ceil(totalLines / days);
    const span = 10 * 3600; // 07:30 to 17:30 local
    let written = 0;
    for (let d = 0; d < days && written < totalLines; d++) {
      // 30 March 2026 07:30 BST is 06:30 UTC.
      const dayStart = Date.UTC(2026, 2, 30 + d, 6, 30, 0) / 1000;
      const batch: string[] = [];
      const n = Math.min(perDay, totalLines - written);
      for (let k = 0; k < n; k++) {
        const t = dayStart + (k * span) / n;
        const seconds = Math.floor(t);
        const millis = Math.floor((t - seconds) * 1000);
        const r = random();
        const who = Math.floor(random() * staffCount);
        const social = r < 0.14;
        const host = social
          ? SOCIAL_HOSTS[Math.floor(random() * SOCIAL_HOSTS.length)]!
          : hosts[Math.floor(random() * random() * hosts.length)]!;
        const stranger = random() < 0.005;
        const ip = stranger
          ? `10.250.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`
          : ips[who]!;
        const user = stranger || random() < 0.2 ? "-" : `SUMMIT%5C${usernames[who]}`;
        const elapsed = String(Math.floor(random() * 3000)).padStart(6, " ");
        const size = 300 + Math.floor(random() * 60000);
        const connect = random() < 0.7;
        const request = connect
          ? `CONNECT ${host}:443`
          : `GET http://${host}/${Math.floor(random() * 1e6).toString(36)}/index.html`;
        batch.push(
          `${seconds}.${String(millis).padStart(3, "0")} ${elapsed} ${ip} TCP_TUNNEL/200 ${size} ${request} ${user} HIER_DIRECT/203.0.113.${(who % 250) + 1} ${connect ? "-" : "text/html"}\n`,
        );
        if (batch.length === 20_000) {
          const chunk = batch.join("");
          bytes += writeSync(fd, chunk);
          batch.length = 0;
        }
      }
      if (batch.length > 0) bytes += writeSync(fd, batch.join(""));
      written += n;
    }
  } finally {
    closeSync(fd);
  }
  const out = {
    log: logPath,
    staffCsv: file("staff.csv"),
    bellsJson: file("bells.json"),
    timetableCsv: file("timetable.csv"),
    ipMapCsv: file("ip-map.csv"),
  };
  writeFileSync(out.staffCsv, `${staffRows.join("\n")}\n`);
  writeFileSync(out.bellsJson, JSON.stringify(bells, null, 2));
  writeFileSync(out.timetableCsv, `${timetableRows.join("\n")}\n`);
  writeFileSync(out.ipMapCsv, `${ipRows.join("\n")}\n`);
  return { ...out, lines: totalLines, bytes };
}

function main(argv: string[]): void {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) flags.set(argv[i]!.replace(/^--/, ""), argv[i + 1] ?? "");
  const outDir = flags.get("out");
  if (!outDir) {
    process.stderr.write(
      "Usage: tsx scripts/generate-proxy-log.ts --out DIR [--staff 2000] [--days 5] [--lines 10000000] [--seed 1]\n",
    );
    process.exit(2);
  }
  const number = (name: string) => (flags.has(name) ? Number(flags.get(name)) : undefined);
  const started = performance.now();
  const result = generateProxyLog({
    outDir,
    staff: number("staff"),
    days: number("days"),
    lines: number("lines"),
    seed: number("seed"),
  });
  process.stdout.write(
    `${result.lines} lines, ${(result.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.log}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
