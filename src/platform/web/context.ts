// What every request handler can reach: the database, settings, mail and the signed-in user.
import type { Config } from "../config";
import type { Database } from "../db";
import type { Logger } from "../logger";
import type { SignedInUser } from "../auth/sessions";
import type { Mailer } from "../mail/send-mail";
import type { Jobs } from "../jobs";

export type Services = {
  database: Database;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  jobs: Jobs | null;
};

export type AppEnv = {
  Variables: {
    services: Services;
    user: SignedInUser | null;
    flash: string | null;
  };
};
