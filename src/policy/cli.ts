// `conduct policy parse|lint|diff`: the policy commands that need no database.
import type { Command } from "commander";
import { diffPolicyVersions } from "./diff-policy-versions";
import { lintPolicy } from "./lint-policy";
import type { ParsedPolicy, ParseWarning, PolicyFileError } from "./parsed-policy";
import { parsePolicy } from "./parse-policy";
import { type PolicyFormat, readPolicyFile } from "./read-policy-file";
import type { DiffSegment } from "./text-similarity";

export type LoadedPolicy =
  | {
      ok: true;
      policy: ParsedPolicy;
      warnings: ParseWarning[];
      text: string;
      format: PolicyFormat;
      fileName: string;
    }
  | { ok: false; error: PolicyFileError };

/** Reads and parses a policy file; the one step `policy import` needs before it stores a version. */
export async function readAndParsePolicy({ path }: { path: string }): Promise<LoadedPolicy> {
  const read = await readPolicyFile({ path });
  if (!read.ok) return read;
  const parsed = parsePolicy({ text: read.text, fileName: read.fileName });
  if (!parsed.ok) return parsed;
  return { ...parsed, text: read.text, format: read.format, fileName: read.fileName };
}

/** The `policy` command group, shared with the database-backed policy commands registered elsewhere. */
export function policyCommandOf(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === "policy") ??
    program
      .command("policy")
      .description("Work with the social media policy as data: parse, lint and compare versions")
  );
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

function write(command: Command, text: string) {
  const output = rootOf(command).configureOutput();
  (output.writeOut ?? ((chunk: string) => process.stdout.write(chunk)))(text);
}

/** Ends the command with an exit code through commander, so tests with exitOverride can see it. */
function fail(command: Command, exitCode: number, message: string): never {
  rootOf(command).error(message, {
    exitCode,
    code: exitCode === 2 ? "conduct.user-error" : "conduct.findings",
  });
  throw new Error("unreachable");
}

function location(error: PolicyFileError): string {
  return error.line === null ? error.file : `${error.file}:${error.line}`;
}

async function load(command: Command, path: string): Promise<Extract<LoadedPolicy, { ok: true }>> {
  const loaded = await readAndParsePolicy({ path });
  if (!loaded.ok) fail(command, 2, `${location(loaded.error)}: ${loaded.error.message}`);
  return loaded;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function outline(loaded: Extract<LoadedPolicy, { ok: true }>): string {
  const { policy, warnings, fileName } = loaded;
  const { metadata } = policy;
  const lines: string[] = [];
  lines.push(`${policy.title}${policy.organisation ? ` (${policy.organisation})` : ""} from ${fileName}`);
  const facts = [
    metadata.approvedBy ? `approved by ${metadata.approvedBy}` : null,
    metadata.approvalDate ? `on ${metadata.approvalDate.raw}` : null,
    metadata.lastReviewed ? `last reviewed ${metadata.lastReviewed.raw}` : null,
    metadata.nextReviewDue ? `next review due ${metadata.nextReviewDue.raw}` : null,
  ].filter((fact): fact is string => fact !== null);
  if (facts.length > 0) lines.push(facts.join(", "));
  if (metadata.links.length > 0) lines.push(`links: ${metadata.links.join("; ")}`);
  lines.push(
    `${policy.sections.length} sections, ${policy.clauses.length} clauses, ${warnings.length} warnings`,
  );
  for (const section of policy.sections) {
    lines.push("", `${section.number} ${section.title}`);
    if (section.intro) for (const text of section.intro.split("\n")) lines.push(`    ${text}`);
    for (const clause of policy.clauses.filter((candidate) => candidate.sectionNumber === section.number)) {
      const indent = "  ".repeat(clause.depth);
      const who = `[${clause.actor ?? "no actor"} · ${clause.modality}]`;
      const first = clause.heading ?? clause.text.split("\n")[0]!;
      lines.push(`${indent}${clause.id} ${who} ${first.length > 90 ? `${first.slice(0, 90)}…` : first}`);
    }
  }
  if (warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const warning of warnings)
      lines.push(`  ${fileName}:${warning.line}: ${warning.code}: ${warning.message}`);
  }
  return `${lines.join("\n")}\n`;
}

function segmentsText(segments: DiffSegment[]): string {
  return segments
    .map((segment) =>
      segment.op === "same"
        ? segment.text
        : segment.op === "added"
          ? `{+${segment.text}+}`
          : `[-${segment.text}-]`,
    )
    .join(" ");
}

function shorten(text: string | null, max = 100): string {
  const flat = (text ?? "").replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function registerPolicyCommands(program: Command): void {
  const policy = policyCommandOf(program);

  policy
    .command("parse")
    .description("Read a policy (.txt, .md, .docx) and show its front matter, sections and clauses")
    .argument("<file>", "policy file: .txt, .md or .docx")
    .option("--json", "print the parsed policy as JSON (metadata, sections, clauses with actor and modality)")
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const loaded = await load(command, file);
      if (options.json) {
        write(
          command,
          json({ file: loaded.fileName, format: loaded.format, ...loaded.policy, warnings: loaded.warnings }),
        );
      } else {
        write(command, outline(loaded));
      }
    });

  policy
    .command("lint")
    .description(
      "List what the policy owner must fix (contents, numbering, unfinished clauses, review dates, unrecorded documents); exits 1 if any finding is an error",
    )
    .argument("<file>", "policy file: .txt, .md or .docx")
    .option("--as-of <date>", "judge review dates as of this day (yyyy-mm-dd); default today")
    .option(
      "--known-documents <names>",
      "comma-separated names of documents the trust has recorded, e.g. 'Staff code of conduct,Online safety policy'",
    )
    .option("--json", "print findings as JSON")
    .action(
      async (
        file: string,
        options: { asOf?: string; knownDocuments?: string; json?: boolean },
        command: Command,
      ) => {
        const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
          fail(command, 2, `--as-of: "${asOf}" is not a date; write it as yyyy-mm-dd, e.g. 2026-11-29`);
        }
        const loaded = await load(command, file);
        const knownDocuments = (options.knownDocuments ?? "")
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== "");
        const findings = [
          ...loaded.warnings.map((warning) => ({
            code: warning.code,
            severity: "warning" as const,
            message: warning.message,
            file: loaded.fileName,
            line: warning.line,
          })),
          ...lintPolicy({ policy: loaded.policy, asOf, knownDocuments, fileName: loaded.fileName }),
        ].sort((a, b) => a.line - b.line);
        const errors = findings.filter((finding) => finding.severity === "error").length;
        if (options.json) {
          write(command, json({ file: loaded.fileName, asOf, findings }));
        } else {
          for (const finding of findings) {
            const clause = "clauseId" in finding && finding.clauseId ? ` [${finding.clauseId}]` : "";
            write(
              command,
              `${finding.file}:${finding.line}: ${finding.severity} ${finding.code}${clause}: ${finding.message}\n`,
            );
          }
          write(
            command,
            `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${findings.length - errors} other\n`,
          );
        }
        if (errors > 0)
          fail(
            command,
            1,
            `policy lint: ${errors} error${errors === 1 ? "" : "s"} to fix in ${loaded.fileName}`,
          );
      },
    );

  policy
    .command("diff")
    .description("Compare two versions of a policy clause by clause: added, removed, reworded, renumbered")
    .argument("<from>", "the earlier version (.txt, .md or .docx)")
    .argument("<to>", "the later version (.txt, .md or .docx)")
    .option("--json", "print the clause changes as JSON")
    .action(async (fromFile: string, toFile: string, options: { json?: boolean }, command: Command) => {
      const from = await load(command, fromFile);
      const to = await load(command, toFile);
      const changes = diffPolicyVersions({ from: from.policy, to: to.policy });
      if (options.json) {
        write(command, json({ from: from.fileName, to: to.fileName, changes }));
        return;
      }
      const counts = new Map<string, number>();
      for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
      const summary = ["added", "removed", "reworded", "renumbered", "renumbered-reworded", "unchanged"]
        .map((kind) => `${counts.get(kind) ?? 0} ${kind}`)
        .join(", ");
      write(command, `${from.fileName} -> ${to.fileName}: ${summary}\n`);
      for (const change of changes) {
        const modality = change.modality ? ` (${change.modality.from} -> ${change.modality.to})` : "";
        if (change.kind === "added") write(command, `+ ${change.toId} added: ${shorten(change.toText)}\n`);
        else if (change.kind === "removed")
          write(command, `- ${change.fromId} removed: ${shorten(change.fromText)}\n`);
        else if (change.kind === "renumbered")
          write(command, `> ${change.fromId} -> ${change.toId} renumbered\n`);
        else if (change.kind === "reworded" || change.kind === "renumbered-reworded") {
          const ids = change.fromId === change.toId ? change.toId : `${change.fromId} -> ${change.toId}`;
          write(command, `~ ${ids} ${change.kind}${modality}: ${segmentsText(change.segments ?? [])}\n`);
        }
      }
    });
}
