// For a test file: its own database and app with the seeded trust (two schools), started before the
// file's tests and closed after them, so a file does not repeat the set-up and tear-down; with
// mail, a real SMTP server on the loopback that the app sends to.
import { afterAll, beforeAll } from "vitest";
import type { Config } from "../config";
import { startSmtp } from "./smtp-server";
import { createTestApp, type SeededTrust, seedTrust, type TestApp } from "./test-app";

export type TestTrust = { readonly t: TestApp; readonly trust: SeededTrust };
export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("useTestTrust: read inside a test or hook, once started");
  return value;
}

function useStarted(overrides: Partial<Config>, mail: boolean) {
  let t: TestApp | undefined;
  let trust: SeededTrust | undefined;
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    if (mail) smtp = await startSmtp();
    t = await createTestApp(smtp ? { ...overrides, smtpUrl: smtp.url } : overrides);
    trust = await seedTrust(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  return {
    get t() {
      return started(t);
    },
    get trust() {
      return started(trust);
    },
    get smtp() {
      return started(smtp);
    },
  };
}

/** Call at the top of the file; read `.t` and `.trust` inside tests and hooks (set once started). */
export function useTestTrust(overrides: Partial<Config> = {}): TestTrust {
  return useStarted(overrides, false);
}

/** The same, with `.smtp`: what the app's mail delivery sent (`smtp.received`). */
export function useTestTrustWithMail(
  overrides: Partial<Config> = {},
): TestTrust & { readonly smtp: TestSmtp } {
  return useStarted(overrides, true);
}
