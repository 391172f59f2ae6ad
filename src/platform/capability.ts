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

/**
 * An entry in the main navigation, shown to those who hold its action. `leading` marks a page for
 * those who lead a school or the trust: the navigation shows those apart from a person's own.
 */
export type NavLink = { href: string; label: string; action: Action; leading?: true };

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

/** A value in a subject access record: plain data, as it goes into the JSON download. */
export type SubjectAccessValue = string | number | boolean | null | readonly string[];

/** One record Conduct holds about a person; `id` names it for a redaction (unique in its section). */
export type SubjectAccessRecord = { id: string } & Readonly<Record<string, SubjectAccessValue>>;

/** One section of a subject access record (UK GDPR Art. 15): everything a capability holds about a person. */
export type SubjectAccessSection = {
  /** Stable key, e.g. "declarations" (its records are addressed as key + id for redaction). */
  key: string;
  title: string;
  records: readonly SubjectAccessRecord[];
  /** What is held but not shown here, and why (e.g. a case about the person). */
  note?: string;
  /** Case entries: a leader producing the record for a request may redact them, with a reason. */
  redactable?: boolean;
};

/** Whose record, and for whom it is produced: themselves, or a leader answering a request. */
export type SubjectAccessPerson = {
  userId: string;
  staffId: string | null;
  /**
   * Cases where the person is the subject are left out unless a leader answering a request
   * recorded that disclosure is allowed (KCSIE: the subject must not learn of an open case).
   */
  disclosureAllowed?: boolean;
};

/** One thing a person should do, for the home page's "what needs me today". */
export type HomeItem = {
  /** "now" first (overdue, waiting on you), then "soon", then "later" (worth a look). */
  urgency: "now" | "soon" | "later";
  /**
   * A safeguarding matter: shown before everything else, always, whatever its urgency
   * (4.1.2, 12.1: safeguarding concerns reach the DSL at once).
   */
  safeguarding?: boolean;
  /** Whose it is: the person's own, or their school's as a leader (the home page heads them apart). */
  for?: "you" | "school";
  /** The soonest deadline among what it counts (YYYY-MM-DD): within an urgency, soonest first. */
  dueOn?: string;
  text: string;
  href: string;
  count?: number;
};

/**
 * Numbers for the home page beside the list (a trustee's trust at a glance, a member of staff's
 * own monitoring minutes): counts only, never a person's name. `chartSvg` is drawn by the
 * capability (the table is its text alternative).
 */
export type HomePanel = {
  key: string;
  title: string;
  /** One sentence each, read first. */
  lines: readonly string[];
  table?: ReportTable;
  chartSvg?: string;
  link?: { href: string; label: string };
};

/** A policy version has just become current (inside the approval's transaction). */
export type PolicyVersionCurrentEvent = {
  versionId: string;
  /** The version it replaced; null for the trust's first approved version. */
  previousVersionId: string | null;
  trustId: string;
  asOf: Date;
};

/** A table of a committee report: numbers only, never a person's name. */
export type ReportTable = {
  caption: string;
  /** The first column labels the rows (a school, a clause, a verdict); the others are numbers. */
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  /** Drawn as a bar chart (the table is its text alternative); "stacked" for parts of a whole. */
  chart?: "bar" | "stacked";
};

/** One section of the committee report and the trustees' dashboard, from one capability. */
export type ReportSection = {
  key: string;
  title: string;
  /** The clauses it reports on, as the school numbers them. */
  clauses: readonly string[];
  /** One sentence the committee reads first. */
  headline: string;
  tables: readonly ReportTable[];
};

/** The schools and period a report covers: `to` is the instant after the last day. */
export type ReportContext = {
  db: Db;
  scope: SchoolScope;
  /** The schools in scope (ids, names and time zones), for tables by school and dates in their zone. */
  schools: readonly { id: string; name: string; timeZone: string }[];
  from: Date;
  to: Date;
  /** The same period as calendar dates in the trust's zone, both inclusive. */
  days: { first: string; last: string };
  /** The trust's zone: dates of trust-wide records (no school) are counted in it. */
  timeZone: string;
};

/** A CSV cell of a register. */
export type RegisterCell = string | number | boolean | null;

/**
 * A register a capability keeps, exportable as CSV. `rows` returns only what the viewer may see:
 * the platform passes the schools where the viewer holds `action` (narrowed to one school when asked).
 */
export type RegisterExport = {
  /** The name on the command line and in the zip (`declarations` → declarations.csv). */
  table: string;
  name: string;
  action: Action;
  columns: readonly string[];
  rows: (context: {
    db: Db;
    /** null: the operator at the command line, who holds the database itself. */
    viewer: SignedInUser | null;
    scope: SchoolScope;
    /**
     * Call with the account or staff id of the person each row is about (a register that names
     * people): the export's audit row lists them, so each sees the export on their own record.
     */
    notePerson?: (id: string) => void;
  }) => AsyncIterable<readonly RegisterCell[]>;
};

/**
 * Where a register's CSV is served and who may take it: declared by the one capability that serves
 * register exports, read by each register's own page (RegisterCsvLink).
 */
export type RegisterExporter = {
  href: (table: string, school: { slug: string } | null) => string;
  may: (user: SignedInUser, register: RegisterExport, school: { id: string } | null) => boolean;
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
  /** Its sections of the subject access record (My data and a leader's production): every record, not counts. */
  subjectAccess?: (db: Db, person: SubjectAccessPerson) => Promise<SubjectAccessSection[]>;
  /**
   * Its part of the home page: what this person should do now. Runs on every home page view, so
   * keep it to one statement of grouped counts whatever the number of schools (the home page's
   * query-count test holds it to that).
   */
  homeItems?: (db: Db, user: SignedInUser) => Promise<HomeItem[]>;
  /** Numbers for the home page (no names), shown below the list; as cheap as homeItems. */
  homePanels?: (db: Db, user: SignedInUser) => Promise<HomePanel[]>;
  /** Demo data, run in list order after the demo trust's people are loaded; links use baseUrl. */
  demo?: (db: Db, options: { baseUrl: string }) => Promise<void>;
  cli?: (program: Command) => void;
  /** Work that must commit with a version becoming current (assigning acknowledgements). */
  onPolicyVersionCurrent?: (tx: Tx, event: PolicyVersionCurrentEvent) => Promise<void>;
  /** Its sections of the committee report and the trustees' dashboard: numbers only. */
  reportSections?: (context: ReportContext) => Promise<ReportSection[]>;
  /** The registers it keeps, for `conduct export` and the exports page. */
  registers?: readonly RegisterExport[];
  /** It serves every capability's registers as CSV (at most one capability does). */
  registerExports?: RegisterExporter;
  /**
   * Routes that take more than the default 1 MB body (file uploads): a pattern, the bound in
   * bytes, and what the form carries, for the refusal's message. Checked before the body is read.
   * `stream`: the handler reads the body as it arrives (a log of many MB), so it is counted as it
   * passes rather than gathered first, and the form is not parsed ahead of the handler.
   */
  bodyLimits?: readonly { path: RegExp; maxBytes: number; what: string; stream?: boolean }[];
};

let registered: readonly Capability[] | null = null;

/** Refuses a list the platform could not compose: two capabilities with one key, or two exporters. */
export function checkCapabilityList(list: readonly Capability[]): void {
  const keys = new Set<string>();
  let exporter: string | null = null;
  for (const capability of list) {
    if (keys.has(capability.key)) throw new Error(`Two capabilities have the key ${capability.key}`);
    keys.add(capability.key);
    if (capability.registerExports) {
      if (exporter) throw new Error(`Both ${exporter} and ${capability.key} serve register exports`);
      exporter = capability.key;
    }
  }
}

/** Called once, by src/capabilities.ts: merges permissions and fixes the list for the process. */
export function registerCapabilities(list: readonly Capability[]): void {
  if (registered) {
    if (registered === list) return;
    throw new Error("Capabilities are registered once per process");
  }
  checkCapabilityList(list);
  for (const capability of list)
    if (capability.permissions) addPermissions(capability.key, capability.permissions);
  registered = list;
}

/** The registered capabilities, in order. */
export function capabilities(): readonly Capability[] {
  if (!registered)
    throw new Error("No capabilities are registered: import src/capabilities.ts from the entry point");
  return registered;
}
