import { Readable } from "node:stream";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { registerDeclarationCommands } from "./cli";
import { contactKinds, otherRelationships } from "./judge-declaration";

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
      error: expect.stringMatching(
        /^line 4: contact\.kind "cousin" is not a kind .*give one of pupil, ex-pupil/,
      ),
    });
    expect(lines[3]).toEqual({
      id: "future",
      error: expect.stringMatching(/^line 5: contact\.dateOfBirth: .*in the future/),
    });
    expect(lines[4]).toEqual({
      id: "typo",
      error: expect.stringMatching(/^line 6: contact\.dob is not a field .*did you mean dateOfBirth\?/),
    });
    expect(lines[5]).toEqual({ error: expect.stringMatching(/^line 7: id is missing/) });
    expect(lines[6]).toMatchObject({ id: "ok2", verdict: "permitted", clause: "8.5" });
    expect(stderr).toContain("stdin line 4: contact.kind");
    expect(stderr).toContain("5 of 7 lines could not be judged");
  });

  it("says in plain words what is missing or wrong, naming line and field", async () => {
    const input = [
      line({ id: "no-contact", asOf }),
      line({ id: "flat", asOf, kind: "pupil" }),
      line({ id: "no-kind", asOf, contact: { dateOfBirth: "2010-01-01" } }),
      line({ id: "list", asOf, contact: { kind: "pupil", otherRelationships: "family" } }),
      line({ id: "word", asOf, contact: { kind: "pupil", otherRelationships: ["enemy"] } }),
      line({ id: "number-date", asOf, contact: { kind: "pupil", dateOfBirth: 20100101 } }),
      line({ id: "bad-as-of", asOf: "2026-02-30T09:00:00Z", contact: { kind: "staff" } }),
      line({ id: { nested: true }, asOf, contact: { kind: "staff" } }),
      line({ id: "twice", asOf, contact: { kind: "staff", Kind: "pupil" } }),
      line([1, 2]),
    ].join("\n");
    const { lines, exitCode } = await run([], input);
    expect(exitCode).toBe(2);
    const errors = lines.map((l) => l.error);
    expect(errors[0]).toMatch(/^line 1: contact is missing: give "contact": \{"kind": "pupil"/);
    expect(errors[1]).toMatch(/^line 2: contact is missing \(kind belongs inside "contact"\)/);
    expect(errors[2]).toMatch(
      /^line 3: contact\.kind is missing: give one of pupil, ex-pupil, parent, staff/,
    );
    expect(errors[3]).toMatch(/^line 4: contact\.otherRelationships must be a list such as \["family"\]/);
    expect(errors[4]).toMatch(
      /^line 5: contact\.otherRelationships: "enemy" is not a relationship .*family-friend/,
    );
    expect(errors[5]).toMatch(/^line 6: contact\.dateOfBirth must be a date written as text, YYYY-MM-DD/);
    expect(errors[6]).toMatch(/^line 7: asOf: .*not a real date/);
    expect(errors[7]).toMatch(/^line 8: id must be text or a number, not an object/);
    expect(errors[8]).toMatch(/^line 9: contact\.kind is given twice/);
    expect(errors[9]).toMatch(/^line 10: the line must be a JSON object/);
    // No validator jargon reaches the user.
    for (const error of errors) expect(error).not.toMatch(/Invalid input|expected object|received/);
  });

  it("reads kinds and relationship words whatever their case, and synonyms, and says so", async () => {
    const input = [
      line({ id: 1, asOf, contact: { kind: "Pupil", otherRelationships: ["Family friend"] } }),
      line({
        id: 2,
        asOf,
        contact: { kind: "EX_PUPIL", dateOfBirth: "2010-01-01", otherRelationships: ["cousin"] },
      }),
      line({
        id: 3,
        asOf,
        contact: { kind: "Former pupil", dateOfBirth: "2009-01-01", otherRelationships: ["Boyfriend"] },
      }),
      line({ id: 4, asOf, contact: { kind: "parent/carer", otherRelationships: ["friend of the family"] } }),
      line({
        id: 5,
        asOf,
        contact: { kind: "parent", otherRelationships: ["Family-Friend", "family friend"] },
      }),
    ].join("\n");
    const { lines, exitCode } = await run([], input);
    expect(exitCode).toBe(0);
    expect(lines[0]).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
    expect(lines[0]).not.toHaveProperty("notes");
    expect(lines[1]).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
    expect(lines[1]!.notes).toEqual(['relationship "cousin" read as "family"']);
    expect(lines[2]).toMatchObject({ verdict: "prohibited", clause: "8.3" });
    expect(lines[2]!.notes).toEqual([
      'kind "Former pupil" read as "ex-pupil"',
      'relationship "Boyfriend" read as "partner"',
    ]);
    expect(lines[3]).toMatchObject({ verdict: "permitted-declare", clause: "8.4.1" });
    expect(lines[4]!.reason).toContain("(family friend)");
  });

  it("says when a date given is not used for that kind of contact", async () => {
    const input = [
      line({ id: 1, asOf, contact: { kind: "parent", dateOfBirth: "1985-10-10" } }),
      line({ id: 2, asOf, contact: { kind: "staff", leftOn: "2024-07-19" } }),
      line({ id: 3, asOf, contact: { kind: "parent", leftOn: "2024-07-19" } }),
    ].join("\n");
    const { lines } = await run([], input);
    expect(lines[0]).toMatchObject({ verdict: "prohibited", clause: "8.4" });
    expect(lines[0]!.notes).toEqual([
      "contact.dateOfBirth is not used for a parent, so it does not change the verdict",
    ]);
    expect(lines[1]!.notes).toEqual([
      "contact.leftOn is not used for a member of staff, so it does not change the verdict",
    ]);
    expect(lines[2]).toMatchObject({ verdict: "permitted", clause: "8.4" });
    expect(lines[2]).not.toHaveProperty("notes");
  });

  it("takes a line's own timeZone, and reads an asOf without offset in the school's zone", async () => {
    const contact = { kind: "ex-pupil", dateOfBirth: "2008-03-20", leftOn: "2024-07-19" };
    const input = [
      line({ id: "tokyo", asOf: "2026-03-19T23:30:00Z", timeZone: "Asia/Tokyo", contact }),
      line({ id: "london-local", asOf: "2026-03-20T00:30:00", contact }),
      line({ id: "new-york-local", asOf: "2026-03-19T23:30", timeZone: "America/New_York", contact }),
      line({ id: "date-only", asOf: "2026-03-20", contact }),
      line({ id: "eve", asOf: "2026-03-19", contact }),
    ].join("\n");
    const { lines } = await run([], input);
    expect(lines.map((l) => l.verdict)).toEqual([
      "permitted",
      "permitted",
      "prohibited",
      "permitted",
      "prohibited",
    ]);
  });

  it("refuses a time zone abbreviation or fixed offset, plainly", async () => {
    const bst = await run(["--time-zone", "BST"], "");
    expect(bst.exitCode).toBe(2);
    expect(bst.stderr).toMatch(/--time-zone: "BST" is an abbreviation, which .* reads as Asia\/Dhaka/);
    const offset = await run(["--time-zone", "+01:00"], "");
    expect(offset.stderr).toMatch(/--time-zone: "\+01:00" is a fixed UTC offset/);
    const lower = await run(
      ["--time-zone", "europe/london"],
      line({ id: 1, asOf, contact: { kind: "staff" } }),
    );
    expect(lower.exitCode).toBe(0);
    const perLine = await run([], line({ id: 1, asOf, timeZone: "EST", contact: { kind: "staff" } }));
    expect(perLine.lines[0]).toEqual({
      id: 1,
      error: expect.stringMatching(/^line 1: timeZone: "EST" is an abbreviation/),
    });
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
    for (const kind of contactKinds) expect(help).toContain(`    ${kind}`);
    for (const word of otherRelationships) expect(help).toContain(`    ${word}`);
    expect(help).toContain("friend of the family");
    expect(help).toContain("cousin");
  });
});
