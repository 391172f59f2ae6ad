// `conduct monitor dpo` names its school by slug, found through core's schools (never its table):
// an unknown slug is the user's error, a known one saves that school's record.
import { describe, expect, it } from "vitest";
import { runConduct } from "../cli/run-in-process";
import { TEST_AUDIT_KEY } from "../platform/testing/test-database";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { loadDpoRecord } from "./save-dpo-record";

const ctx = useTestTrust();

const conduct = (args: string[]) =>
  runConduct(args, {
    LOG_LEVEL: "warn",
    DATABASE_URL: ctx.t.database.url,
    CONDUCT_AUDIT_KEY: TEST_AUDIT_KEY,
    BASE_URL: undefined,
  });

describe("conduct monitor dpo", () => {
  it("refuses a school that does not exist, and saves nothing", async () => {
    const run = await conduct(["monitor", "dpo", "--school", "no-such-school", "--purpose", "Safety"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no school "no-such-school"');
    expect(await loadDpoRecord(ctx.t.database.db, ctx.trust.schoolA.id)).toBeUndefined();
  });

  it("saves the record of the school named by its slug, and only that school's", async () => {
    const run = await conduct(["monitor", "dpo", "--school", ctx.trust.schoolB.slug, "--purpose", "Safety"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("Saved the DPO record for School B.\n");
    expect((await loadDpoRecord(ctx.t.database.db, ctx.trust.schoolB.id))?.purpose).toBe("Safety");
    expect(await loadDpoRecord(ctx.t.database.db, ctx.trust.schoolA.id)).toBeUndefined();
  });
});
