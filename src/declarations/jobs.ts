// The declarations capability's daily jobs.
import type { CapabilityServices } from "../platform/capability";
import type { JobDefinition } from "../platform/jobs";
import { purgeEvidence } from "./purge-evidence";
import { rejudgeDeclarations } from "./rejudge-declarations";

export function declarationJobs(s: CapabilityServices): JobDefinition[] {
  return [
    // Just after midnight (London), so a verdict that changes on an 18th birthday changes that morning.
    {
      name: "declarations.rejudge",
      cron: "5 0 * * *",
      handler: async () => {
        const summary = await rejudgeDeclarations({
          db: s.database.db,
          mailer: s.mailer,
          baseUrl: s.config.baseUrl,
        });
        s.logger.info({ job: "declarations.rejudge", ...summary }, "declarations re-judged");
      },
    },
    {
      name: "evidence.purge",
      cron: "30 2 * * *",
      handler: async () => {
        const { purged } = await purgeEvidence({ db: s.database.db });
        s.logger.info({ job: "evidence.purge", purged }, "evidence past its retention purged");
      },
    },
  ];
}
