// Policy as data: versions, lint, approval and the review cycle, the live policy page with each
// clause's controls and evidence, and the trust's documents.
import "./audit-events";
import type { Capability } from "../platform/capability";
import { addPolicyOperations } from "./api";
import { registerPolicyCommands } from "./cli";
import { registerPolicyDatabaseCommands } from "./database-cli";
import { documentRoutes } from "./documents-routes";
import { loadDemoPolicy } from "./load-demo-policy";
import { policyPermissions } from "./permissions";
import { policyRoutes } from "./routes";
import { sendReviewReminders } from "./send-review-reminders";
import { policyReportSections } from "./report-section";
import { policyRegisters } from "./registers";

export const policy: Capability = {
  key: "policy",
  name: "Policy",
  reportSections: policyReportSections,
  registers: policyRegisters,
  permissions: policyPermissions,
  routes: [policyRoutes, documentRoutes],
  api: addPolicyOperations,
  jobs: (s) => [
    {
      name: "policy.review-reminders",
      cron: "0 7 * * *",
      handler: async () =>
        void (await sendReviewReminders({ db: s.database.db, mailer: s.mailer, baseUrl: s.config.baseUrl })),
    },
  ],
  nav: [{ href: "/policy", label: "Policy", action: "policy.view" }],
  adminLinks: [
    {
      href: "/policy/versions",
      label: "Policy versions",
      description: "import, findings, approval",
      action: "policy.manage",
    },
    {
      href: "/admin/documents",
      label: "Documents",
      description: "what the policy's links are checked against",
      action: "trust.manage",
    },
  ],
  demo: loadDemoPolicy,
  cli: (program) => {
    registerPolicyCommands(program);
    registerPolicyDatabaseCommands(program);
  },
};
