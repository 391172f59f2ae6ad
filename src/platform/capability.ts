// The one way a capability plugs into Conduct. A capability is a folder with one exported
// `Capability` (its `capability.ts`); `src/capabilities.ts` lists them, and the platform iterates
// the list: it never imports a capability by name. docs/capabilities.md says how to add one.
import type { Command } from "commander";
import { addPermissions, type Action, type PermissionRule } from "./auth/permissions";
import type { SignedInUser } from "./auth/sessions";
import type { Db, Tx } from "./db";
import type { JobDefinition } from "./jobs";
import type { ApiRoutes } from "./web/api";
import type { Services } from "./web/context";
import type { Routes } from "./web/guard";

/** What a job, a demo loader or an evidence function may use: everything but the job queue itself. */
export type CapabilityServices = Omit<Services, "jobs">;

/** An entry in the main navigation, shown to those who hold its action. */
export type NavLink = { href: string; label: string; action: Action };

/** An entry on the Administration page, shown to those who hold its action. */
export type AdminLink = { href: string; label: string; description: string; action: Action };

/** Schools whose data a reader may see in aggregate: every school, or these ids. */
export type SchoolScope = "all" | readonly string[];

/** Live, aggregate evidence that a control works: counts only, never names (trustees read it). */
export type ControlEvidence = {
  headline: string;
  status: "working" | "attention" | "no-data";
  /**
   * Evidence for single clauses where the control can tell them apart (a post-check finding cites
   * one clause), keyed by the clause number as cited: the school's own numbering. Else `headline`.
   */
  byClause?: Readonly<Record<string, string>>;
};

/** A control that puts clauses into practice, with its evidence. */
export type Control = {
  key: string;
  name: string;
  /** What the control does, in the school's words. */
  does: string;
  /** Where a leader goes to see it working. */
  href?: string;
  /** Template clause numbers it covers by default; found in a school's policy by their wording. */
  defaults: readonly string[];
  evidence: (context: { db: Db; scope: SchoolScope; now: Date }) => Promise<ControlEvidence>;
};

/** One line of "what Conduct holds about you" (My record and the subject access export). */
export type PersonalDataItem = { label: string; count: number; href?: string; note?: string };

/** One thing a person should do, for the home page's "what needs me today". */
export type HomeItem = {
  /** "now" first (safeguarding, overdue), then "soon", then "later". */
  urgency: "now" | "soon" | "later";
  text: string;
  href: string;
  count?: number;
};

/** A policy version has just become current (inside the approval's transaction). */
export type PolicyVersionCurrentEvent = {
  versionId: string;
  /** The version it replaced; null for the trust's first approved version. */
  previousVersionId: string | null;
  trustId: string;
  asOf: Date;
};

export type Capability = {
  /** Stable key, the folder's name (e.g. "declarations"). */
  key: string;
  name: string;
  /** Its rows of the permission matrix (declare their names into CapabilityActions too). */
  permissions?: Readonly<Record<string, PermissionRule>>;
  routes?: readonly Routes[];
  /** Adds its JSON operations to the API. */
  api?: (api: ApiRoutes) => void;
  jobs?: (services: CapabilityServices) => readonly JobDefinition[];
  nav?: readonly NavLink[];
  adminLinks?: readonly AdminLink[];
  controls?: readonly Control[];
  /** Its part of My record: counts of what it holds about this person. */
  personalData?: (db: Db, person: { userId: string; staffId: string | null }) => Promise<PersonalDataItem[]>;
  /** Its part of the home page: what this person should do now. */
  homeItems?: (db: Db, user: SignedInUser) => Promise<HomeItem[]>;
  /** Demo data, run in list order after the demo trust's people are loaded; links use baseUrl. */
  demo?: (db: Db, options: { baseUrl: string }) => Promise<void>;
  cli?: (program: Command) => void;
  /** Work that must commit with a version becoming current (assigning acknowledgements). */
  onPolicyVersionCurrent?: (tx: Tx, event: PolicyVersionCurrentEvent) => Promise<void>;
  /**
   * Routes that take more than the default 1 MB body (file uploads): a pattern, the bound in
   * bytes, and what the form carries, for the refusal's message. Checked before the body is read.
   */
  bodyLimits?: readonly { path: RegExp; maxBytes: number; what: string }[];
};

let registered: readonly Capability[] | null = null;

/** Called once, by src/capabilities.ts: merges permissions and fixes the list for the process. */
export function registerCapabilities(list: readonly Capability[]): void {
  if (registered) {
    if (registered === list) return;
    throw new Error("Capabilities are registered once per process");
  }
  const keys = new Set<string>();
  for (const capability of list) {
    if (keys.has(capability.key)) throw new Error(`Two capabilities have the key ${capability.key}`);
    keys.add(capability.key);
    if (capability.permissions) addPermissions(capability.key, capability.permissions);
  }
  registered = list;
}

/** The registered capabilities, in order. */
export function capabilities(): readonly Capability[] {
  if (!registered)
    throw new Error("No capabilities are registered: import src/capabilities.ts from the entry point");
  return registered;
}
