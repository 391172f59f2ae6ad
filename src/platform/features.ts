// The capabilities built on the foundation register their routes, jobs and demo data here.
import type { Db } from "./db";
import type { JobDefinition } from "./jobs";
import type { Services } from "./web/context";
import type { Routes } from "./web/guard";
import "../policy/api"; // adds the policy's JSON operations to the API
import { documentRoutes } from "../policy/documents-routes";
import { policyRoutes } from "../policy/routes";
import { sendReviewReminders } from "../policy/send-review-reminders";
import { loadDemoPolicy } from "../policy/load-demo-policy";
import { declarationRoutes } from "../declarations/routes";
import { declarationJobs } from "../declarations/jobs";
import { loadDemoDeclarations } from "../declarations/load-demo-declarations";
import { loadDemoPostChecks } from "../posts/load-demo-post-checks";
import { postRoutes } from "../posts/routes";

export const featureRoutes: Routes[] = [policyRoutes, documentRoutes, declarationRoutes, postRoutes];

export const featureJobs: ((services: Omit<Services, "jobs">) => JobDefinition)[] = [
  (s) => ({
    name: "policy.review-reminders",
    cron: "0 7 * * *",
    handler: async () =>
      void (await sendReviewReminders({ db: s.database.db, mailer: s.mailer, baseUrl: s.config.baseUrl })),
  }),
  ...declarationJobs,
];

// In order: the policy first, since declarations and post checks cite its clauses.
export const featureDemoLoaders: ((db: Db) => Promise<void>)[] = [
  loadDemoPolicy,
  loadDemoDeclarations,
  loadDemoPostChecks,
];
