// The capabilities built on the foundation register their routes and jobs here.
import type { JobDefinition } from "./jobs";
import type { Routes } from "./web/guard";

export const featureRoutes: Routes[] = [];
export const featureJobs: JobDefinition<any>[] = [];
