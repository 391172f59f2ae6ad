// Acknowledgement of the policy with understanding (3.1.1, 3.2.1, 3.3.1): assignment when a version
// becomes current and to new starters, re-acknowledgement of material changes only, a check of
// understanding, reminders and escalation in school days, completion and the register.
import "./audit-events";
import type { Capability } from "../platform/capability";
import { acknowledgementSubjectAccess } from "./subject-access";
import { acknowledgementEvidence } from "./control-evidence";
import { countMyAcknowledgements } from "./load-my-assignment";
import { acknowledgementPermissions } from "./permissions";
import { acknowledgementRoutes } from "./routes";
import { sendAcknowledgementReminders } from "./send-acknowledgement-reminders";
import { startAcknowledgementRound } from "./start-acknowledgement-round";
import { syncAssignments } from "./sync-assignments";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { acknowledgementHomeItems } from "./home-items";
import { acknowledgementReportSections } from "./report-section";
import { acknowledgementRegisters } from "./registers";

export const acknowledgementCapability: Capability = {
  key: "acknowledgements",
  name: "Acknowledgement",
  reportSections: acknowledgementReportSections,
  registers: acknowledgementRegisters,
  permissions: acknowledgementPermissions,
  bodyLimits: [
    {
      path: /^\/acknowledgement\/on-behalf\//,
      maxBytes: 10.25 * 1024 * 1024,
      what: "a scanned form (at most 10 MB)",
    },
  ],
  routes: [acknowledgementRoutes],
  nav: [
    { href: "/acknowledgement", label: "Acknowledge", action: "acknowledgement.own" },
    {
      href: "/acknowledgement/completion",
      label: "Completion",
      action: "acknowledgement.summary",
      leading: true,
    },
  ],
  adminLinks: [
    {
      href: "/acknowledgement/settings",
      label: "Acknowledgement schedule",
      description: "due date, reminders, escalation and the check's pass mark, in school days",
      action: "acknowledgement.settings",
    },
    {
      href: "/acknowledgement/check-questions",
      label: "Check of understanding",
      description: "the questions staff answer before acknowledging, against clauses",
      action: "acknowledgement.settings",
    },
  ],
  jobs: (s) => [
    {
      // Early, before staff arrive: new starters are asked on their start date, leavers drop out.
      name: "acknowledgement.sync",
      cron: "15 0 * * *",
      handler: async () => {
        const summary = await s.database.db.transaction((tx) => syncAssignments(tx));
        s.logger.info({ job: "acknowledgement.sync", ...summary }, "acknowledgement assignments synced");
      },
    },
    {
      name: "acknowledgement.remind",
      cron: "0 7 * * *",
      handler: async () => {
        const summary = await sendAcknowledgementReminders({ db: s.database.db, baseUrl: s.config.baseUrl });
        s.mailer.deliverSoon();
        s.logger.info({ job: "acknowledgement.remind", ...summary }, "acknowledgement reminders sent");
      },
    },
  ],
  controls: [
    {
      key: "acknowledgement",
      name: "Acknowledgement of the policy",
      does: "Every member of staff, volunteer and trustee acknowledges the current version, with a check of understanding; reminders and escalation",
      href: "/acknowledgement/completion",
      defaults: ["3.1.1", "3.2.1", "3.3.1"],
      evidence: acknowledgementEvidence,
    },
  ],
  onPolicyVersionCurrent: startAcknowledgementRound,
  subjectAccess: acknowledgementSubjectAccess,
  personalData: async (db, person) => [
    {
      label: "Acknowledgements of the policy",
      count: await countMyAcknowledgements(db, person),
      href: "/acknowledgement",
    },
  ],
  homeItems: (db, user) => acknowledgementHomeItems(db, user, calendarDateAt(new Date(), defaultTimeZone)),
};
