// The official accounts capability's daily jobs: leavers' permissions end and their accounts are
// flagged for handover; permissions about to expire remind the leader who gave them.
import type { CapabilityServices } from "../platform/capability";
import type { JobDefinition } from "../platform/jobs";
import { endLeaversGrants } from "./end-leavers-grants";
import { flagLeaversAccounts } from "./flag-leavers-accounts";
import { sendGrantReminders } from "./send-grant-reminders";

export function accountJobs(s: CapabilityServices): JobDefinition[] {
  return [
    {
      // Just after midnight (London), so a leaver's permission ends on the morning of their leaving date.
      name: "accounts.leavers",
      cron: "10 0 * * *",
      handler: async () => {
        const ended = await endLeaversGrants({ db: s.database.db });
        const flagged = await flagLeaversAccounts({ db: s.database.db, baseUrl: s.config.baseUrl });
        s.mailer.deliverSoon();
        s.logger.info(
          { job: "accounts.leavers", ended, flagged },
          "leavers' permissions ended, accounts flagged",
        );
      },
    },
    {
      name: "accounts.grant-reminders",
      cron: "0 7 * * *",
      handler: async () => {
        const reminded = await sendGrantReminders({ db: s.database.db, baseUrl: s.config.baseUrl });
        s.mailer.deliverSoon();
        s.logger.info({ job: "accounts.grant-reminders", reminded }, "expiring permissions reminded");
      },
    },
  ];
}
