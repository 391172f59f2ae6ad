// For tests of any capability: the Summit trust's policy, imported and approved as the board would,
// so a test needs one line to have a current policy with clauses to cite.
import { readFileSync } from "node:fs";
import type { Db } from "../platform/db";
import { approvePolicyVersion } from "./approve-policy-version";
import { importPolicyVersion } from "./import-policy-version";

export const SUMMIT_POLICY_TEXT = readFileSync(
  new URL("./fixtures/summit-social-media-policy.txt", import.meta.url),
  "utf8",
);

/**
 * Imports `text` (the Summit policy by default) and approves it; returns the version's id. `asOf`
 * is the clock of both steps, for tests that move it (assignments and due dates follow approval).
 */
export async function approveTestPolicy(
  db: Db,
  options: { text?: string; fileName?: string; approvalDate?: string; asOf?: Date } = {},
): Promise<string> {
  const actor = { id: null, label: "test" };
  const imported = await importPolicyVersion({
    db,
    actor,
    fileName: options.fileName ?? "policy.txt",
    bytes: Buffer.from(options.text ?? SUMMIT_POLICY_TEXT),
    asOf: options.asOf,
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const approved = await approvePolicyVersion(
    db,
    actor,
    {
      versionId: imported.versionId,
      approvingBody: "Board",
      approvalDate: options.approvalDate ?? "2026-09-01",
    },
    options.asOf,
  );
  if (!approved.ok) throw new Error(approved.message);
  return imported.versionId;
}
