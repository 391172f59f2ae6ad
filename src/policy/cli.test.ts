import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { registerPolicyCommands } from "./cli";
import { fixturePath, NORTHBRIDGE, SUMMIT, SUMMIT_CLEAN } from "./fixtures/load-fixture";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const program = new Command("conduct")
    .exitOverride()
    .configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  registerPolicyCommands(program);
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, out, err };
    throw error;
  }
}

const summit = fixturePath(SUMMIT);

describe("conduct policy parse", () => {
  it("prints the parsed document as JSON", async () => {
    const { code, out } = await run("policy", "parse", summit, "--json");
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed).toMatchObject({ file: SUMMIT, format: "txt", title: "Social Media Policy", warnings: [] });
    expect(parsed.metadata.approvalDate).toEqual({ raw: "March 2021", iso: "2021-03", line: 9 });
    expect(parsed.sections).toHaveLength(12);
    expect(parsed.clauses).toHaveLength(61);
    expect(parsed.clauses.find((clause: { id: string }) => clause.id === "3.1.1")).toMatchObject({
      parentId: "3.1",
      actor: "Principals",
      modality: "should",
      text: expect.stringMatching(/^should ensure that all existing and new staff/),
    });
  });

  it("prints a readable outline without --json", async () => {
    const { code, out } = await run("policy", "parse", fixturePath(NORTHBRIDGE));
    expect(code).toBe(0);
    expect(out).toMatch(/^Staff Social Media Policy \(Northbridge Academy Trust\)/);
    expect(out).toContain("13 sections, 61 clauses, 0 warnings");
    expect(out).toContain("    9.6.2 [Staff · can only] Staff can only use social media");
  });

  it("exits 2 naming the file when it cannot be read or parsed", async () => {
    const missing = await run("policy", "parse", "no-such-policy.txt");
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("no-such-policy.txt: file not found\n");
    const unknown = await run("policy", "parse", "policy.pdf");
    expect(unknown).toMatchObject({ code: 2, err: expect.stringMatching(/^policy\.pdf: unknown file type/) });
  });
});

describe("conduct policy lint", () => {
  it("lists Summit's findings and exits 1 because some are errors", async () => {
    const { code, out, err } = await run("policy", "lint", summit, "--as-of", "2026-11-29");
    expect(code).toBe(1);
    expect(out).toContain(`${SUMMIT}:68: error clause-incomplete [3.3.1]: clause 3.3.1 stops mid-sentence`);
    expect(out).toContain(`${SUMMIT}:26: warning contents-duplicate-number:`);
    expect(out).toMatch(/15 findings: 3 errors, 12 other\n$/);
    expect(err).toMatch(/3 errors to fix/);
  });

  it("prints JSON findings with code, severity, message and line", async () => {
    const { code, out } = await run("policy", "lint", summit, "--as-of", "2026-11-29", "--json");
    expect(code).toBe(1);
    const { findings, asOf } = JSON.parse(out);
    expect(asOf).toBe("2026-11-29");
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: "review-overdue",
        severity: "error",
        line: 11,
        message: expect.any(String),
      }),
    );
  });

  it("exits 0 for the clean policy once its documents are known", async () => {
    const { code, out } = await run(
      "policy",
      "lint",
      fixturePath(SUMMIT_CLEAN),
      "--as-of",
      "2026-11-29",
      "--known-documents",
      "DfE statutory guidance, Staff code of conduct,Online safety policy,Acceptable use agreement,Acceptable use policy,Disciplinary procedure,Internet safety guidelines",
    );
    expect(out).toBe("0 findings: 0 errors, 0 other\n");
    expect(code).toBe(0);
  });

  it("exits 2 on a bad --as-of date", async () => {
    const { code, err } = await run("policy", "lint", summit, "--as-of", "29/11/2026");
    expect(code).toBe(2);
    expect(err).toMatch(/--as-of: "29\/11\/2026" is not a date/);
  });

  it("has help text for the command and its options", async () => {
    const { code, out } = await run("policy", "lint", "--help");
    expect(code).toBe(0);
    expect(out).toContain("--known-documents <names>");
    expect(out).toContain("exits 1 if any finding is an error");
  });
});

describe("conduct policy diff", () => {
  it("shows the reworded clause with its word changes", async () => {
    const { code, out } = await run("policy", "diff", summit, fixturePath(SUMMIT_CLEAN));
    expect(code).toBe(0);
    expect(out).toContain(
      "0 added, 0 removed, 1 reworded, 0 renumbered, 0 renumbered-reworded, 60 unchanged",
    );
    expect(out).toContain(
      "~ 3.3.1 reworded: should ensure that their own behaviour is in line with that expected {+of staff.+}",
    );
  });

  it("prints clause changes as JSON", async () => {
    const { code, out } = await run("policy", "diff", summit, fixturePath(NORTHBRIDGE), "--json");
    expect(code).toBe(0);
    const { changes } = JSON.parse(out);
    expect(changes).toContainEqual(expect.objectContaining({ kind: "removed", fromId: "4.5", toId: null }));
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: "renumbered-reworded", fromId: "8.3", toId: "9.3" }),
    );
  });
});
