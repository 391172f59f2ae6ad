// Scores `conduct policy parse` and `policy lint` against policy variants an examiner wrote without
// reading src/policy/ (eval/policy/<split>/<case>/: a policy file and expected.json). Each expected
// fact is scored on its own: the clause ids in order, a chosen clause's parent, actor, modality and
// text, front matter values, each lint finding that must be found (kind and line) and each that
// must not. Runs the CLI as a user would, so it scores the shipped behaviour, not a function.
// The dev split prints every difference; the test split prints counts only (it is scored once per
// release, and naming its misses would turn it into development data).
// Usage: npm run eval:policy [-- --split dev|test]
//
// Lint findings are mapped to the README's kinds by what their code means, since the codes are the
// product's (README "The policy": contents that disagree with the body, numbering gaps and
// repeats, clauses that stop mid-sentence, review dates in the past, dates that contradict each
// other, linked documents the trust has not recorded):
//   contents             code mentions "contents"
//   clause-incomplete    "incomplete", "unfinished", "mid-sentence", "truncat"
//   review-overdue       "overdue", "past"
//   dates-contradict     "contradict", or any other code about a "date"
//   document-unrecorded  "link", "reference", "document", "unrecorded"
//   numbering-gap        "gap", "missing", "skip"
//   numbering-repeat     "duplicate", "repeat"
//   numbering-other      any other code about "number", "order", "sequence"
// A code matching none is reported as "other:<code>" and counts against an "absent" rule only
// when the rule names that exact kind.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

type LineRef = number | { at: string } | { is: string } | null;
type Kind = string | string[];

interface ExpectedClause {
  parent?: string;
  actor?: string | string[];
  modality?: string;
  textIncludes?: string[];
  textExcludes?: string[];
}

interface Expected {
  file: string;
  note?: string;
  asOf: string;
  knownDocuments: string[];
  organisation?: string;
  clauseIds: string[];
  clauses: Record<string, ExpectedClause>;
  metadata?: Record<string, string>;
  lint: { kind: Kind; line: LineRef | LineRef[]; why?: string }[];
  absent: (string | { kind: Kind; line: LineRef })[];
}

interface ParsedClause {
  id: string;
  number: string;
  parentId: string | null;
  sectionNumber: string | null;
  actor: string | null;
  modality: string;
  text: string;
}

interface Finding {
  code: string;
  severity: string;
  line?: number | null;
  message: string;
}

interface Fact {
  kind: string;
  name: string;
  expected: string;
  got: string;
  ok: boolean;
}

const root = join(import.meta.dirname, "..");
const evalDir = join(root, "eval", "policy");

export function kindOfCode(code: string): string {
  const c = code.toLowerCase();
  if (c.includes("contents")) return "contents";
  if (/incomplete|unfinished|mid-sentence|truncat/.test(c)) return "clause-incomplete";
  if (/overdue|past/.test(c)) return "review-overdue";
  if (/contradict|date/.test(c)) return "dates-contradict";
  if (/link|reference|document|unrecorded/.test(c)) return "document-unrecorded";
  if (/gap|missing|skip/.test(c)) return "numbering-gap";
  if (/duplicate|repeat/.test(c)) return "numbering-repeat";
  if (/number|order|sequence/.test(c)) return "numbering-other";
  return `other:${code}`;
}

// An actor as a person would compare it: case, a leading "the"/"all", a bracketed abbreviation
// and a plural do not make it a different actor.
function normaliseActor(actor: string | null): string {
  if (actor == null) return "(none)";
  return actor
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/^\s*(the|all)\s+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/s$/, "");
}

function resolveLine(lines: string[], ref: LineRef, where: string): number | null {
  if (ref == null) return null;
  if (typeof ref === "number") return ref;
  const index =
    "at" in ref ? lines.findIndex((l) => l.includes(ref.at)) : lines.findIndex((l) => l.trim() === ref.is);
  if (index < 0) throw new Error(`${where}: no line ${JSON.stringify(ref)} in the policy file`);
  return index + 1;
}

// lint exits 1 when it finds an error, so the exit status is not a failure of the run.
function runCli(args: string[]): Promise<{ json: unknown; error?: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, "bin", "conduct.js"), ...args],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (_err, stdout, stderr) => {
        try {
          resolve({ json: JSON.parse(stdout) });
        } catch {
          resolve({ json: null, error: (stderr || stdout).trim().split("\n")[0] });
        }
      },
    );
  });
}

async function scoreCase(dir: string, name: string, codesSeen: Map<string, string>): Promise<Fact[]> {
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
  const file = join(dir, expected.file);
  // Lines as an editor numbers them; a form feed is not a line break.
  const lines = readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/);
  const facts: Fact[] = [];
  const add = (kind: string, factName: string, exp: string, got: string, ok: boolean) =>
    facts.push({ kind, name: factName, expected: exp, got, ok });

  const lintArgs = ["policy", "lint", file, "--json", "--as-of", expected.asOf];
  if (expected.knownDocuments.length > 0)
    lintArgs.push("--known-documents", expected.knownDocuments.join(","));
  // Two processes at a time: the machine this runs on is small and shared.
  const [parsed, linted] = await Promise.all([runCli(["policy", "parse", file, "--json"]), runCli(lintArgs)]);
  const doc = (parsed.json ?? { clauses: [] }) as {
    organisation?: string | null;
    metadata?: Record<string, unknown>;
    clauses: ParsedClause[];
  };
  // The number as the document writes it: the product gives a repeated number a unique id ("3.2#2").
  const gotIds = doc.clauses.map((c) => c.number ?? c.id);
  add(
    "clause ids",
    "ids in order",
    expected.clauseIds.join(" "),
    parsed.error ? `error: ${parsed.error}` : gotIds.join(" "),
    expected.clauseIds.join(" ") === gotIds.join(" "),
  );

  for (const [id, want] of Object.entries(expected.clauses)) {
    const clause = doc.clauses.find((c) => c.id === id);
    const missing = "(no such clause)";
    if (want.parent !== undefined) {
      const got = clause ? (clause.parentId ?? clause.sectionNumber ?? "(none)") : missing;
      add("parent", `${id} parent`, want.parent, got, got === want.parent);
    }
    if (want.actor !== undefined) {
      const options = Array.isArray(want.actor) ? want.actor : [want.actor];
      const got = clause ? (clause.actor ?? "(none)") : missing;
      const ok = clause != null && options.some((o) => normaliseActor(o) === normaliseActor(clause.actor));
      add("actor", `${id} actor`, options.join(" | "), got, ok);
    }
    if (want.modality !== undefined) {
      const got = clause ? clause.modality : missing;
      add("modality", `${id} modality`, want.modality, got, got === want.modality);
    }
    for (const part of want.textIncludes ?? []) {
      const ok = clause?.text.includes(part) === true;
      add("text", `${id} text has`, JSON.stringify(part), clause ? JSON.stringify(clause.text) : missing, ok);
    }
    for (const part of want.textExcludes ?? []) {
      const ok = clause != null && !clause.text.includes(part);
      add(
        "text",
        `${id} text lacks`,
        JSON.stringify(part),
        clause ? JSON.stringify(clause.text) : missing,
        ok,
      );
    }
  }

  if (expected.organisation !== undefined) {
    const got = doc.organisation ?? "(none)";
    add("front matter", "organisation", expected.organisation, got, got === expected.organisation);
  }
  for (const [key, want] of Object.entries(expected.metadata ?? {})) {
    const value = doc.metadata?.[key];
    const got =
      value == null
        ? "(none)"
        : typeof value === "object" && "iso" in (value as object)
          ? String((value as { iso: unknown }).iso)
          : String(value);
    add("front matter", key, want, got, got === want);
  }

  const findings = ((linted.json as { findings?: Finding[] } | null)?.findings ?? []).map((f) => ({
    ...f,
    kind: kindOfCode(f.code),
  }));
  for (const f of findings) codesSeen.set(f.code, f.kind);
  const describe = (f: Finding & { kind: string }) => `${f.code}@${f.line ?? "-"}`;
  const used = new Set<number>();
  const kindsOf = (k: Kind) => (Array.isArray(k) ? k : [k]);

  for (const want of expected.lint) {
    const refs = Array.isArray(want.line) ? want.line : [want.line];
    const wantLines = refs.map((r) => resolveLine(lines, r, `${name} lint ${want.why ?? ""}`));
    const kinds = kindsOf(want.kind);
    const index = findings.findIndex(
      (f, i) =>
        !used.has(i) &&
        kinds.includes(f.kind) &&
        (wantLines.includes(null) || (f.line != null && wantLines.includes(f.line))),
    );
    if (index >= 0) used.add(index);
    const sameKind = findings.filter((f) => kinds.includes(f.kind)).map(describe);
    add(
      "lint found",
      `${kinds.join("/")} (${want.why ?? ""})`,
      `${kinds.join("/")} at line ${wantLines.map((l) => l ?? "any").join(" or ")}`,
      index >= 0
        ? describe(findings[index]!)
        : linted.error
          ? `error: ${linted.error}`
          : sameKind.join(", ") || "none",
      index >= 0,
    );
  }

  for (const rule of expected.absent) {
    const kinds = typeof rule === "string" ? [rule] : kindsOf(rule.kind);
    const line =
      typeof rule === "string" ? null : resolveLine(lines, rule.line, `${name} absent ${kinds.join("/")}`);
    const extra = findings.filter(
      (f, i) => !used.has(i) && kinds.includes(f.kind) && (line == null || f.line === line),
    );
    add(
      "lint absent",
      `no ${kinds.join("/")}${line == null ? "" : ` at line ${line}`}`,
      "none",
      extra.map((f) => `${describe(f)} "${f.message.slice(0, 90)}"`).join("; ") || "none",
      extra.length === 0,
    );
  }
  return facts;
}

async function main() {
  const only = process.argv.includes("--split") ? process.argv[process.argv.indexOf("--split") + 1] : null;
  const codesSeen = new Map<string, string>();
  for (const split of ["dev", "test"]) {
    if (only && split !== only) continue;
    const splitDir = join(evalDir, split);
    if (!existsSync(splitDir)) continue;
    const cases = readdirSync(splitDir).filter((d) => existsSync(join(splitDir, d, "expected.json")));
    cases.sort();
    const byKind = new Map<string, { ok: number; all: number }>();
    const differences: { name: string; fact: Fact }[] = [];
    let casesAllOk = 0;
    for (const name of cases) {
      // Codes are listed from dev only; the test split's findings stay unseen.
      const facts = await scoreCase(join(splitDir, name), name, split === "dev" ? codesSeen : new Map());
      if (facts.every((f) => f.ok)) casesAllOk++;
      for (const fact of facts) {
        const tally = byKind.get(fact.kind) ?? { ok: 0, all: 0 };
        tally.all++;
        if (fact.ok) tally.ok++;
        byKind.set(fact.kind, tally);
        if (!fact.ok) differences.push({ name, fact });
      }
    }
    const total = [...byKind.values()].reduce((a, t) => ({ ok: a.ok + t.ok, all: a.all + t.all }), {
      ok: 0,
      all: 0,
    });
    const pct = (t: { ok: number; all: number }) => (t.all ? ((100 * t.ok) / t.all).toFixed(1) : "-");
    console.log(`\n== ${split}: ${cases.length} cases, ${casesAllOk} entirely right`);
    console.log(`facts agreeing: ${total.ok}/${total.all} (${pct(total)}%)`);
    for (const [kind, t] of byKind) console.log(`  ${kind.padEnd(14)} ${t.ok}/${t.all} (${pct(t)}%)`);
    if (split === "dev") {
      for (const { name, fact } of differences) {
        console.log(`- ${name} | ${fact.name}\n    expected: ${fact.expected}\n    got:      ${fact.got}`);
      }
    }
  }
  // The codes the product used and the kind each was scored as, so the mapping can be checked.
  if (codesSeen.size > 0) {
    console.log("\nlint codes seen on dev, scored as:");
    for (const [code, kind] of [...codesSeen].sort()) console.log(`  ${code.padEnd(28)} ${kind}`);
  }
}

await main();
