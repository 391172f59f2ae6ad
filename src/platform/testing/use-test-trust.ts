// For a test file: its own database and app with the seeded trust (two schools), started before the
// file's tests and closed after them, so a file does not repeat the set-up and tear-down.
import { afterAll, beforeAll } from "vitest";
import type { Config } from "../config";
import { createTestApp, type SeededTrust, seedTrust, type TestApp } from "./test-app";

export type TestTrust = { readonly t: TestApp; readonly trust: SeededTrust };

/** Call at the top of the file; read `.t` and `.trust` inside tests and hooks (set once started). */
export function useTestTrust(overrides: Partial<Config> = {}): TestTrust {
  let t: TestApp | undefined;
  let trust: SeededTrust | undefined;
  beforeAll(async () => {
    t = await createTestApp(overrides);
    trust = await seedTrust(t);
  });
  afterAll(async () => t?.close());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useTestTrust: read inside a test or hook, once started");
    return value;
  };
  return {
    get t() {
      return started(t);
    },
    get trust() {
      return started(trust);
    },
  };
}
