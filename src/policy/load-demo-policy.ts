// The demo's policy: the Summit Learning Trust's own document, imported and approved as its
// committee did, flaws and all (the lint findings are part of the demo).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "../platform/db";
import { approvePolicyVersion } from "./approve-policy-version";
import { importPolicyVersion } from "./import-policy-version";

const here = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [
  path.resolve(here, "../../../shared/policy/summit-social-media-policy.txt"),
  path.join(here, "fixtures/summit-social-media-policy.txt"),
];

export async function loadDemoPolicy(db: Db): Promise<void> {
  const file = CANDIDATES.find((f) => existsSync(f));
  if (!file) return;
  const actor = { id: null, label: "demo loader" };
  const imported = await importPolicyVersion({
    db,
    actor,
    fileName: path.basename(file),
    bytes: readFileSync(file),
  });
  if (!imported.ok) throw new Error(`The demo policy did not import: ${imported.error.message}`);
  // Approved by the body and in the month its front matter names (People & Resources, March 2021),
  // due for review by the month it names (March 2023): both kept as months, not invented days.
  await approvePolicyVersion(db, actor, {
    versionId: imported.versionId,
    approvingBody: "People & Resources",
    approvalDate: "2021-03",
    nextReviewDue: "2023-03",
  });
}
