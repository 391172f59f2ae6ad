import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { type PostCommandIo, type RegisterPostCommandsOptions, registerPostCommands } from "./cli";
import { people, summitHigh } from "./test-support";

const schoolsJson = JSON.stringify([summitHigh]);
const rosterCsv =
  "kind,school,first_name,last_name,year_group,date_of_birth,left_on\n" +
  people
    .map((p) =>
      [
        p.kind,
        p.school,
        p.firstName,
        p.lastName,
        p.yearGroup ?? "",
        p.dateOfBirth ?? "",
        p.leftOn ?? "",
      ].join(","),
    )
    .join("\n");

async function run(
  args: string[],
  stdin: string,
  options: Omit<RegisterPostCommandsOptions, "io"> = {},
  files: Record<string, string> = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io: PostCommandIo = {
    readStdin: async () => stdin,
    readFile: async (path) => {
      if (path in files) return files[path]!;
      return readFile(path, "utf8");
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerPostCommands(program, { ...options, io });
  await program.parseAsync(["node", "conduct", "check-post", ...args]);
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}

const files = { "schools.json": schoolsJson, "roster.csv": rosterCsv };
const withFiles = ["--schools", "schools.json", "--roster", "roster.csv"];

describe("conduct check-post", () => {
  it("checks a post from stdin with no database and prints a readable verdict", async () => {
    const result = await run(
      ["--context", "personal", "--school", "summit-high", ...withFiles],
      "So proud of Tom Dickson!\n",
      {},
      files,
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Verdict: BLOCK");
    expect(result.stdout).toContain('clause 7.3: "Tom Dickson"');
  });

  it("prints JSON with --json", async () => {
    const result = await run(
      ["--context", "official", "--school", "summit-high", "--json", ...withFiles],
      "Well done Tom in Year 9!",
      {},
      files,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: "clear", findings: [], context: "official" });
  });

  it("checks JSON Lines, answering a bad line with an error result instead of stopping", async () => {
    const stdin = [
      JSON.stringify({
        id: "a",
        context: "personal",
        school: "summit-high",
        text: "Year 11, add me on Snapchat!",
      }),
      "{not json",
      JSON.stringify({ id: "c", context: "public", school: "summit-high", text: "hi" }),
      JSON.stringify({ id: "d", context: "personal", school: "nowhere", text: "hi" }),
      JSON.stringify({ id: "e", text: "Essex is lovely" }),
    ].join("\n");
    const result = await run(
      ["--jsonl", "--context", "personal", "--school", "summit-high", ...withFiles],
      stdin,
      {},
      files,
    );
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: "a", verdict: "block" });
    expect(lines[1]).toMatchObject({
      line: 2,
      error: expect.stringMatching(/^stdin line 2: not valid JSON/),
    });
    expect(lines[2]).toMatchObject({ id: "c", line: 3, error: expect.stringContaining("context") });
    expect(lines[3]).toMatchObject({
      id: "d",
      line: 4,
      error: expect.stringContaining("no school with the slug nowhere"),
    });
    expect(lines[4]).toMatchObject({ id: "e", verdict: "clear" });
    expect(result.exitCode).toBe(0);
  });

  it("uses loadFromDatabase when no files are given", async () => {
    const slugs: string[] = [];
    const loadFromDatabase = async (slug: string) => {
      slugs.push(slug);
      return { school: summitHigh, roster: people };
    };
    const result = await run(
      ["--context", "professional", "--school", "summit-high", "--json"],
      "Anne Smith wrote a great poem",
      { loadFromDatabase },
    );
    expect(slugs).toEqual(["summit-high"]);
    expect(JSON.parse(result.stdout).verdict).toBe("block");
  });

  it("says clearly that files are needed when there is no database", async () => {
    const result = await run(["--context", "personal", "--school", "summit-high"], "hello");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--schools FILE and --roster FILE/);
  });

  it("names the file, line and field of a bad roster", async () => {
    const bad =
      "kind,school,first_name,last_name\npupil,summit-high,Tom,Dickson\nteacher,summit-high,Ann,Lee\n";
    const result = await run(
      [
        "--context",
        "personal",
        "--school",
        "summit-high",
        "--schools",
        "schools.json",
        "--roster",
        "bad.csv",
      ],
      "hi",
      {},
      {
        ...files,
        "bad.csv": bad,
      },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("bad.csv:3: kind:");
  });

  it("applies a trust rule extension and reports a bad one with its path", async () => {
    const good = JSON.stringify({ name: "trust", version: "2", allowedPlatforms: ["WhatsApp"] });
    const text = "Set up a WhatsApp group for my Year 9 class.";
    const ok = await run(
      ["--context", "professional", "--school", "summit-high", "--json", "--rules", "ext.json", ...withFiles],
      text,
      {},
      { ...files, "ext.json": good },
    );
    expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: "clear", rulesVersion: "2026.12.7+trust.2" });

    const bad = JSON.stringify({ name: "trust", version: "2", rules: [{ id: "x", family: "gossip" }] });
    const failed = await run(
      ["--context", "professional", "--school", "summit-high", "--rules", "bad.json", ...withFiles],
      text,
      {},
      { ...files, "bad.json": bad },
    );
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr).toContain("bad.json: rules[0].family:");
  });

  it("asks for --context and --school outside --jsonl", async () => {
    const result = await run(["--school", "summit-high", ...withFiles], "hi", {}, files);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--context and --school are needed");
  });
});
