// Training on the policy (3.1.1): briefings and training sessions a leader records, with
// attendance by name or by register upload, the clauses covered and the materials; attendance is
// evidence that staff are trained in and familiar with the policy. And the account privacy check-up
// (4.9): staff go through their accounts' privacy settings, kept as their own record.
import "./audit-events";
import type { Capability } from "../platform/capability";
import { discussionEvidence, privacyCheckUpEvidence, trainingEvidence } from "./control-evidence";
import { discussionRoutes } from "./discussion-routes";
import { sendDiscussionReminders } from "./send-discussion-reminders";
import { countMyAttendance } from "./list-training";
import { trainingPermissions } from "./permissions";
import { countMyCheckUps } from "./privacy-check-ups";
import { privacyRoutes } from "./privacy-routes";
import { trainingRegisters } from "./registers";
import { trainingReportSections } from "./report-section";
import { trainingRoutes } from "./routes";

export const trainingCapability: Capability = {
  key: "training",
  name: "Training",
  permissions: trainingPermissions,
  routes: [trainingRoutes, discussionRoutes, privacyRoutes],
  // Materials: up to 20 MB in all, with the register and the form's fields.
  bodyLimits: [
    {
      path: /^\/training\/schools\/[^/]+\/new$/,
      maxBytes: 21 * 1024 * 1024,
      what: "training materials (at most 20 MB)",
    },
  ],
  nav: [
    { href: "/training", label: "Training", action: "training.record", leading: true },
    {
      href: "/training/discussions",
      label: "Discussions",
      action: "training.discussions.view",
      leading: true,
    },
    { href: "/training/privacy", label: "Privacy check-up", action: "training.privacy.own" },
  ],
  jobs: (s) => [
    {
      name: "training.discussion-remind",
      cron: "5 7 * * *",
      handler: async () => {
        const summary = await sendDiscussionReminders({ db: s.database.db, baseUrl: s.config.baseUrl });
        s.mailer.deliverSoon();
        s.logger.info({ job: "training.discussion-remind", ...summary }, "termly discussion reminders sent");
      },
    },
  ],
  controls: [
    {
      key: "training",
      name: "Briefings and training on the policy",
      does: "Leaders record each briefing or training, who attended and the clauses it covered",
      href: "/training",
      defaults: ["3.1.1"],
      evidence: trainingEvidence,
    },
    {
      key: "discussion",
      name: "Termly discussion of the policy",
      does: "The trust schedules a discussion each term at each school, reminds the principal and records when it happened",
      href: "/training/discussions",
      defaults: ["3.1.2"],
      evidence: discussionEvidence,
    },
    {
      key: "privacy-check-up",
      name: "Account privacy check-up",
      does: "Staff work through a platform-by-platform checklist of their accounts' privacy; leaders see how many did it in the last year, never the answers",
      href: "/training/privacy",
      defaults: ["4.9"],
      evidence: privacyCheckUpEvidence,
    },
  ],
  registers: trainingRegisters,
  reportSections: trainingReportSections,
  personalData: async (db, person) =>
    person.staffId
      ? [
          {
            label: "Briefings and training on the policy you attended",
            count: await countMyAttendance(db, person.staffId),
            href: "/training/mine",
          },
          {
            label: "Account privacy check-ups you did",
            count: await countMyCheckUps(db, person.staffId),
            href: "/training/privacy",
          },
        ]
      : [],
};
