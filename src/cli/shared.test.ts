import { afterEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../platform/db";
import { sayWhichDatabase } from "./shared";

const newDatabase = {
  embedded: { dataDir: "/srv/conduct/data", created: true, sharedWith: null },
} as Database;

function stderrOf(run: () => void): string {
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  run();
  const text = write.mock.calls.map((call) => String(call[0])).join("");
  write.mockRestore();
  return text;
}

describe("sayWhichDatabase", () => {
  afterEach(() => vi.restoreAllMocks());

  it("warns that a command opened a new, empty database", () => {
    const said = stderrOf(() => sayWhichDatabase(newDatabase, {}));
    expect(said).toContain(
      "Created a new, empty database in /srv/conduct/data (CONDUCT_DATA_DIR is not set)",
    );
  });

  it("does not tell the demo, which fills the new database, to load the demo", () => {
    const said = stderrOf(() => sayWhichDatabase(newDatabase, {}, { fillsNewDatabase: true }));
    expect(said).toBe("Created a new database in /srv/conduct/data for the demo.\n");
    expect(said).not.toContain("conduct demo");
  });
});
