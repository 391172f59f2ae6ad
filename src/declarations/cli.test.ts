import { Readable } from "node:stream";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { registerDeclarationCommands } from "./cli";

interface Run {
  lines: Record<string, unknown>[];
  stderr: string;
  exitCode: number;
}

async function run(args: string[], input: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const program = new Command("conduct")
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  registerDeclarationCommands(program, { stdin: Readable.from([input]) });
  let exitCode = 0;
  try {
    await program.parseAsync(["declarations", "judge", ...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  const lines = stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, stderr, exitCode };
}

const line = (value: unknown) => JSON.stringify(value);
const asOf = "2026-05-20T10:00:00Z";

describe("declarations judge", () => {
  it("writes one verdict line per input line", async () => {
    const input = [
      line({ id: "a", asOf, contact: { kind: "pupil", dateOfBirth: "2011-04-02", otherRelationships: [] } }),
      line({ id: 2, asOf, contact: { kind: "parent", otherRelationships: ["friend"] } }),
      line({ id: "c", asOf, contact: { kind: "staff" } }),
    ].join("\n");
    const { lines, exitCode, stderr } = await run([], input);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      id: "a",
      verdict: "prohibited",
      clause: "8.3",
      reason: expect.stringContaining("pupil at the school"),
    });
    expect(lines[1]).toMatchObject({ id: 2, verdict: "permitted-declare", clause: "8.4.1" });
    expect(lines[2]).toMatchObject({ id: "c", verdict: "permitted", clause: "8.4.1" });
    expect(Object.keys(lines[0]!)).toEqual(["id", "verdict", "clause", "reason"]);
  });

  it("adds notify and changesAt with --json", async () => {
    const input = line({ id: "x", asOf, contact: { kind: "ex-pupil", dateOfBirth: "2008-09-01" } });
    const { lines } = await run(["--json"], input);
    expect(lines[0]).toMatchObject({
      id: "x",
      verdict: "prohibited",
      notify: ["principal", "dsl"],
      changesAt: "2026-08-31T23:00:00.000Z",
      action: expect.stringContaining("Remove"),
    });
    const none = await run(["--json"], line({ id: "y", asOf, contact: { kind: "staff" } }));
    expect(none.lines[0]).toMatchObject({ notify: [], changesAt: null, action: null });
  });

  it("reports a bad line with its number and field, carries on, and exits 2", async () => {
    const input = [
      line({ id: "ok1", asOf, contact: { kind: "staff" } }),
      "{not json",
      "",
      line({ id: "bad-kind", asOf, contact: { kind: "cousin" } }),
      line({ id: "future", asOf, contact: { kind: "ex-pupil", dateOfBirth: "2030-01-01" } }),
      line({ id: "typo", asOf, contact: { kind: "ex-pupil", dob: "2008-01-01" } }),
      line({ asOf, contact: { kind: "staff" } }),
      line({ id: "ok2", asOf, contact: { kind: "other" } }),
    ].join("\n");
    const { lines, stderr, exitCode } = await run([], input);
    expect(exitCode).toBe(2);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ id: "ok1", verdict: "permitted" });
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^line 2: not valid JSON/) });
    expect(lines[2]).toEqual({
      id: "bad-kind",
      error: expect.stringMatching(/^line 4: field contact\.kind: /),
    });
    expect(lines[3]).toEqual({
      id: "future",
      error: expect.stringMatching(/^line 5: field contact\.dateOfBirth: .*in the future/),
    });
    expect(lines[4]).toEqual({ id: "typo", error: expect.stringMatching(/^line 6: field contact: .*dob/) });
    expect(lines[5]).toEqual({ error: expect.stringMatching(/^line 7: field id: /) });
    expect(lines[6]).toMatchObject({ id: "ok2", verdict: "permitted", clause: "8.5" });
    expect(stderr).toContain("stdin line 4: field contact.kind");
    expect(stderr).toContain("5 of 7 lines could not be judged");
  });

  it("judges birthdays in the given time zone", async () => {
    // 23:30 UTC on 19 March: still 19 March in London, already 20 March in Tokyo.
    const input = line({
      id: 1,
      asOf: "2026-03-19T23:30:00Z",
      contact: { kind: "ex-pupil", dateOfBirth: "2008-03-20", leftOn: "2024-07-19" },
    });
    expect((await run([], input)).lines[0]).toMatchObject({ verdict: "prohibited" });
    expect((await run(["--time-zone", "Asia/Tokyo"], input)).lines[0]).toMatchObject({
      verdict: "permitted",
    });
  });

  it("accepts an offset in asOf, and --as-of for lines without one", async () => {
    const contact = { kind: "ex-pupil", dateOfBirth: "2008-07-10" };
    const withOffset = await run([], line({ id: 1, asOf: "2026-07-10T00:30:00+01:00", contact }));
    expect(withOffset.lines[0]).toMatchObject({ verdict: "permitted" });
    const before = await run(["--as-of", "2026-07-09T22:30:00Z"], line({ id: 2, contact }));
    expect(before.lines[0]).toMatchObject({ verdict: "prohibited" });
  });

  it("treats null and empty dates as unknown", async () => {
    const input = line({ id: 1, asOf, contact: { kind: "ex-pupil", dateOfBirth: null, leftOn: "" } });
    const { lines } = await run([], input);
    expect(lines[0]).toMatchObject({ verdict: "prohibited", reason: expect.stringContaining("not known") });
  });

  it("cites a renumbered policy's clauses", async () => {
    const input = line({ id: 1, asOf, contact: { kind: "parent" } });
    const { lines } = await run(["--clauses", '{"parents":"7.4"}'], input);
    expect(lines[0]).toMatchObject({ clause: "7.4", reason: expect.stringContaining("Clause 7.4") });
  });

  it("refuses bad options with exit code 2 before reading input", async () => {
    const zone = await run(["--time-zone", "Mars/Olympus"], "");
    expect(zone.exitCode).toBe(2);
    expect(zone.stderr).toMatch(/--time-zone: unknown time zone "Mars\/Olympus"/);
    const at = await run(["--as-of", "yesterday"], "");
    expect(at.exitCode).toBe(2);
    expect(at.stderr).toMatch(/--as-of/);
    const clauses = await run(["--clauses", '{"pupil":"7.3"}'], "");
    expect(clauses.exitCode).toBe(2);
    expect(clauses.stderr).toMatch(/--clauses: .*pupil/);
  });

  it("has help on the command and every option", async () => {
    let help = "";
    const program = new Command("conduct").exitOverride().configureOutput({ writeOut: (t) => (help += t) });
    registerDeclarationCommands(program);
    await expect(program.parseAsync(["declarations", "judge", "--help"], { from: "user" })).rejects.toThrow(
      CommanderError,
    );
    for (const option of ["--json", "--time-zone", "--as-of", "--clauses"]) expect(help).toContain(option);
    expect(help).toContain("one JSON object a line");
  });
});
