// What every request handler can reach: the database, settings, mail and the signed-in user.
import type { Config } from "../config";
import type { Database } from "../db";
import type { Logger } from "../logger";
import type { SignedInUser } from "../../platform/auth/sessions";
import type { Mailer } from "../../platform/mail/send-mail";
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

/** A school named by a route's `:school` slug, looked up once by the guard. */
export type RouteSchool = { id: string; slug: string; name: string; timeZone: string };

/** The context of a route that needs a signed-in user: the guard has checked, so `user` is set. */
export type SignedInEnv = {
  Variables: Omit<AppEnv["Variables"], "user"> & { user: SignedInUser; school: RouteSchool | null };
};
