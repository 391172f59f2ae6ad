// Shapes shared by the post checker: what goes in (a post, the school, its roster, the rules) and
// what comes out (a verdict and findings that cite clauses and mark exact spans of the text).

export type PostContext = "personal" | "professional" | "official";
export const POST_CONTEXTS: readonly PostContext[] = ["personal", "professional", "official"];

export type Severity = "advice" | "warning" | "breach";
export const SEVERITIES: readonly Severity[] = ["advice", "warning", "breach"];

export type Verdict = "clear" | "review" | "block";

/** The groups the rules fall into; eval and the UI report by family, the policy cites clauses. */
export type ClauseFamily =
  | "identification"
  | "confidentiality"
  | "offensive"
  | "criticism"
  | "harassment"
  | "contact"
  | "platforms"
  | "official-personal"
  | "branding"
  | "reputation";

export const CLAUSE_FAMILIES: readonly ClauseFamily[] = [
  "identification",
  "confidentiality",
  "offensive",
  "criticism",
  "harassment",
  "contact",
  "platforms",
  "official-personal",
  "branding",
  "reputation",
];

export interface SchoolSettings {
  slug: string;
  name: string;
  /** Names people use for the school, e.g. "Summit High". */
  shortNames: string[];
  /** The school's own accounts, e.g. "@SummitHighSch". */
  officialHandles: string[];
  /** Platforms the school has agreed for work with pupils (clause 6.1), e.g. "Google Classroom". */
  sanctionedPlatforms: string[];
  /** Streets near the school, so "lives on Mill Lane" is recognised even when written in lower case. */
  streets?: string[];
}

export type RosterKind = "pupil" | "ex-pupil" | "parent" | "staff";
export const ROSTER_KINDS: readonly RosterKind[] = ["pupil", "ex-pupil", "parent", "staff"];

export interface RosterPerson {
  kind: RosterKind;
  /** School slug. */
  school: string;
  firstName: string;
  lastName: string;
  yearGroup?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  /** YYYY-MM-DD */
  leftOn?: string;
}

export interface Finding {
  clause: string;
  /** Further clauses the same words breach, e.g. 4.1 (risk to a child) beside 4.4. */
  alsoClauses?: string[];
  ruleId: string;
  family: ClauseFamily;
  severity: Severity;
  /** UTF-16 offsets into the original text: text.slice(start, end) === excerpt. */
  start: number;
  end: number;
  excerpt: string;
  explanation: string;
  suggestion?: string;
}

export interface PostCheckResult {
  verdict: Verdict;
  findings: Finding[];
  rulesVersion: string;
  policyVersion?: string;
  context: PostContext;
}

/** A problem in a file a user supplied; `line` counts from 1 as an editor does. */
export interface FileError {
  file: string;
  line: number;
  field: string;
  message: string;
}
