// Questions about the policy answered swiftly (3.1.2, 3.2.2, 4.10): routed by line management with
// a deadline in school days and escalation to the principal, threaded answers, and guidance
// published from answered questions under their clause.
import "./audit-events";
import { count, eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { Capability } from "../platform/capability";
import { questionSubjectAccess } from "./subject-access";
import { carryGuidance } from "./carry-guidance";
import { questionEvidence } from "./control-evidence";
import { escalateOverdueQuestions } from "./escalate-overdue-questions";
import { questionPermissions } from "./permissions";
import { questionHomeItems } from "./home-items";
import { questionRoutes } from "./routes";
import { questions } from "./schema";
import { questionReportSections } from "./report-section";
import { questionRegisters } from "./registers";

export const questionsCapability: Capability = {
  key: "questions",
  name: "Questions",
  reportSections: questionReportSections,
  registers: questionRegisters,
  permissions: questionPermissions,
  routes: [questionRoutes],
  nav: [
    { href: "/questions", label: "Questions", action: "questions.ask" },
    { href: "/questions/overview", label: "Question times", action: "questions.insights", leading: true },
  ],
  adminLinks: [
    {
      href: "/questions/settings",
      label: "Question deadlines",
      description: "school days to answer a question before it goes to the principal",
      action: "questions.settings",
    },
  ],
  jobs: (s) => [
    {
      name: "questions.escalate",
      cron: "30 7 * * *",
      handler: async () => {
        const escalated = await escalateOverdueQuestions({ db: s.database.db, baseUrl: s.config.baseUrl });
        s.mailer.deliverSoon();
        s.logger.info({ job: "questions.escalate", escalated }, "overdue questions escalated");
      },
    },
  ],
  controls: [
    {
      key: "questions",
      name: "Questions about the policy",
      does: "Questions raised against a clause go to the line manager with a deadline in school days, then the principal; answers become guidance",
      href: "/questions/overview",
      defaults: ["3.1.2", "3.2.2", "4.10"],
      evidence: questionEvidence,
    },
  ],
  onPolicyVersionCurrent: async (tx, event) => {
    await carryGuidance(tx, event);
  },
  subjectAccess: questionSubjectAccess,
  personalData: async (db, person) => {
    const [row] = await db
      .select({ n: count() })
      .from(questions)
      .where(eq(questions.askerUserId, person.userId));
    return [{ label: "Questions you asked about the policy", count: row?.n ?? 0, href: "/questions" }];
  },
  homeItems: (db, user) => questionHomeItems(db, user, calendarDateAt(new Date(), defaultTimeZone)),
};
