// Background work on pg-boss, in the same PostgreSQL: jobs survive restarts, and with several app
// instances each job runs once (pg-boss claims jobs with SKIP LOCKED; schedules are kept in the database).
import PgBoss from "pg-boss";
import type { Logger } from "./logger";

export type JobDefinition<T extends object = object> = {
  name: string;
  /** Cron in Europe/London (the trust's zone), for recurring work such as reminders; a job that
   * concerns schools in other zones computes their local dates itself. */
  cron?: string;
  /** Written as a method so a list can hold jobs of different payloads. */
  handler(data: T): Promise<void>;
};

export type Jobs = {
  boss: PgBoss;
  send: <T extends object>(name: string, data: T, options?: PgBoss.SendOptions) => Promise<string | null>;
  stop: () => Promise<void>;
};

export async function startJobs(options: {
  url: string;
  definitions: readonly JobDefinition[];
  logger?: Logger;
  work?: boolean;
}): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: options.url, schema: "pgboss", max: 4 });
  boss.on("error", (error) => options.logger?.error({ err: error }, "job queue error"));
  await boss.start();
  for (const def of options.definitions) {
    await boss.createQueue(def.name);
    if (options.work !== false) {
      let workerId: string | undefined;
      workerId = await boss.work(def.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
        options.logger?.debug({ job: def.name, id: job!.id }, "running job");
        await def.handler(job!.data as object);
        // Having found a job, look for the next at once: pg-boss would otherwise sleep the whole
        // polling interval between jobs (one job per 2 s per instance, however long the queue).
        if (workerId) boss.notifyWorker(workerId);
      });
    }
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "Europe/London" });
  }
  return {
    boss,
    send: (name, data, sendOptions) => boss.send(name, data, sendOptions ?? {}),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
