// Social media relationship declarations judged by section 8, leaders' review, and the evidence
// vault of rejected approaches (8.3.2).
import "./audit-events";
import { count, eq } from "drizzle-orm";
import type { Capability } from "../platform/capability";
import { declarationSubjectAccess } from "./subject-access";
import { registerDeclarationCommands } from "./cli";
import { declarationEvidence, evidenceVaultEvidence } from "./control-evidence";
import { registerDeclarationDatabaseCommands } from "./database-cli";
import { declarationHomeItems } from "./home-items";
import { declarationJobs } from "./jobs";
import { loadDemoDeclarations } from "./load-demo-declarations";
import { declarationPermissions } from "./permissions";
import { declarationRoutes } from "./routes";
import { declarations, evidenceItems } from "./schema";
import { declarationReportSections } from "./report-section";
import { declarationRegisters } from "./registers";

export const declarationsCapability: Capability = {
  key: "declarations",
  name: "Declarations",
  reportSections: declarationReportSections,
  registers: declarationRegisters,
  permissions: declarationPermissions,
  routes: [declarationRoutes],
  jobs: declarationJobs,
  nav: [{ href: "/declarations", label: "Declarations", action: "declarations.own" }],
  controls: [
    {
      key: "declarations",
      name: "Relationship declarations",
      does: "Staff declare social media relationships; Conduct judges them by section 8; leaders review",
      href: "/declarations/review",
      defaults: ["4.2.1", "8.3", "8.3.1", "8.4", "8.4.1"],
      evidence: declarationEvidence,
    },
    {
      key: "evidence-vault",
      name: "Evidence vault",
      does: "Staff keep copies of communications rejecting a pupil's approach, stored unaltered",
      href: "/declarations",
      defaults: ["8.3.2"],
      evidence: evidenceVaultEvidence,
    },
  ],
  subjectAccess: declarationSubjectAccess,
  personalData: async (db, person) => {
    const [d] = await db
      .select({ n: count() })
      .from(declarations)
      .where(eq(declarations.userId, person.userId));
    const [e] = await db
      .select({ n: count() })
      .from(evidenceItems)
      .where(eq(evidenceItems.ownerId, person.userId));
    return [
      { label: "Relationship declarations", count: d?.n ?? 0, href: "/declarations" },
      { label: "Files in your evidence vault", count: e?.n ?? 0, href: "/declarations" },
    ];
  },
  homeItems: declarationHomeItems,
  demo: loadDemoDeclarations,
  cli: (program) => {
    registerDeclarationCommands(program);
    registerDeclarationDatabaseCommands(program);
  },
};
