// The concerns capability's daily jobs: escalate overdue cases, and retention by outcome.
import type { CapabilityServices } from "../platform/capability";
import type { JobDefinition } from "../platform/jobs";
import { escalateOverdueCases } from "./escalate-overdue-cases";
import { purgeConcerns } from "./purge-concerns";

export function concernJobs(s: CapabilityServices): JobDefinition[] {
  return [
    {
      name: "concerns.escalate",
      cron: "0 7 * * *",
      handler: async () => {
        const { escalated } = await escalateOverdueCases({ db: s.database.db, baseUrl: s.config.baseUrl });
        if (escalated > 0) s.mailer.deliverSoon();
        s.logger.info({ job: "concerns.escalate", escalated }, "overdue cases escalated");
      },
    },
    {
      name: "concerns.retention",
      cron: "45 2 * * *",
      handler: async () => {
        const { removed } = await purgeConcerns({ db: s.database.db });
        s.logger.info({ job: "concerns.retention", removed }, "cases past their retention removed");
      },
    },
  ];
}
