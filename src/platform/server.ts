// Starts Conduct: database (embedded or DATABASE_URL), migrations, mail, jobs, then HTTP.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { deactivateLeavers } from "../core/people/deactivate-leavers";
import { anchorAuditHead } from "./audit/anchor-audit-head";
import { purgeExpiredSessions } from "./auth/sessions";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db";
import { capabilities } from "./capability";
import { type JobDefinition, type Jobs, startJobs } from "./jobs";
import type { Logger } from "./logger";
import { createMailer, type Mailer } from "./mail/send-mail";
import { sendDigests } from "./mail/send-digests";
import { createApp } from "./web/app";
import type { Services } from "./web/context";

export type RunningConduct = { url: string; port: number; services: Services; close: () => Promise<void> };

export function foundationJobs(database: Database, mailer: Mailer, config?: Config): JobDefinition[] {
  return [
    ...(config
      ? [
          {
            name: "audit.anchor",
            cron: "45 0 * * *",
            handler: async () =>
              void (await anchorAuditHead({ db: database.db, file: config.auditAnchorFile, mailer })),
          },
          {
            // Before the school day: one email for those who chose a daily digest.
            name: "mail.digest",
            cron: "30 7 * * *",
            handler: async () => void (await sendDigests(database.db, config.baseUrl)),
          },
        ]
      : []),
    {
      name: "sessions.purge",
      cron: "17 * * * *",
      handler: async () => void (await purgeExpiredSessions(database.db)),
    },
    {
      // The transactional outbox: what use cases queued, and failed messages whose wait is over.
      name: "mail.deliver",
      cron: "* * * * *",
      handler: async () => void (await mailer.deliverQueued()),
    },
    {
      name: "accounts.deactivate-leavers",
      cron: "5 0 * * *",
      handler: async () => void (await deactivateLeavers(database.db)),
    },
  ];
}

export async function startConduct(options: {
  config: Config;
  logger: Logger;
  database?: Database;
  jobs?: boolean;
}): Promise<RunningConduct> {
  const { config, logger } = options;
  const database = options.database ?? (await openDatabase({ config, logger }));
  const mailer = createMailer({ db: database.db, smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  let jobs: Jobs | null = null;
  if (options.jobs !== false) {
    jobs = await startJobs({
      url: database.url,
      definitions: [
        ...foundationJobs(database, mailer, config),
        ...capabilities().flatMap((c) => c.jobs?.({ database, config, logger, mailer }) ?? []),
      ],
      logger,
    });
  }
  const services: Services = { database, config, logger, mailer, jobs };
  const app = createApp(services);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  if (config.port === 0) {
    // An ephemeral port (tests, benchmarks): links in emails must use the real one.
    config.baseUrl = config.baseUrl.replace(/:0$/, `:${port}`);
  }
  logger.info({ url, database: database.kind }, "Conduct is running");
  let closed = false;
  return {
    url,
    port,
    services,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs?.stop();
      if (!options.database) await database.close();
    },
  };
}
