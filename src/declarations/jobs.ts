// The declarations capability's daily jobs, registered in src/platform/features.ts.
import type { JobDefinition } from "../platform/jobs";
import type { Services } from "../platform/web/context";
import { purgeEvidence } from "./purge-evidence";
import { rejudgeDeclarations } from "./rejudge-declarations";

export const declarationJobs: ((services: Omit<Services, "jobs">) => JobDefinition)[] = [
  // Just after midnight (London), so a verdict that changes on an 18th birthday changes that morning.
  (s) => ({
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
  }),
  (s) => ({
    name: "evidence.purge",
    cron: "30 2 * * *",
    handler: async () => {
      const { purged } = await purgeEvidence({ db: s.database.db });
      s.logger.info({ job: "evidence.purge", purged }, "evidence past its retention purged");
    },
  }),
];
