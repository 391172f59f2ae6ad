// The shape of a policy once it is data: what the parser produces and lint, diff, locate and
// responsibilities read. The database stores versions and clauses in this shape.

/** The strength of a clause, taken from its first modal verb (see detect-clause-actor.ts). */
export type Modality = "must" | "must not" | "should" | "should not" | "can" | "can only" | "cannot" | "none";

export const MODALITIES: readonly Modality[] = [
  "must",
  "must not",
  "should",
  "should not",
  "can",
  "can only",
  "cannot",
  "none",
];

/**
 * Where a clause's actor came from: its own sentence; an enclosing heading-only clause
 * ("3.1 Principals" binds "3.1.1 should ensure…"); the nearest enclosing clause that has one
 * ("4.2.1 Social media relationships must be declared" binds the staff of 4.2); or the section
 * title ("8 When using social media in staff's personal life").
 */
export type ActorSource = "sentence" | "heading" | "parent" | "section";

/** A date from the front matter: `iso` is yyyy-mm-dd or yyyy-mm (month precision), null if unreadable. */
export interface PolicyDate {
  raw: string;
  iso: string | null;
  line: number;
}

export interface MetadataEntry {
  value: string;
  line: number;
}

export interface PolicyMetadata {
  approvedBy: string | null;
  approvalDate: PolicyDate | null;
  lastReviewed: PolicyDate | null;
  nextReviewDue: PolicyDate | null;
  /** Documents the front matter links to ("Links", "Related policies"), one name each. */
  links: string[];
  staffResponsible: string[];
  /** Every label/value pair as written (label without its colon), keyed by label. */
  raw: Record<string, MetadataEntry>;
}

export interface ContentsEntry {
  /** Null for an unnumbered entry ("Appendix A ..... 9"). */
  number: string | null;
  title: string;
  page?: number;
  line: number;
}

export interface PolicySection {
  number: string;
  title: string;
  line: number;
  /** Last line of the heading and its intro (clauses of the section are not counted). */
  endLine: number;
  /** Text between the heading and the first clause, paragraphs and items one per line. */
  intro: string;
  /** Lettered items "(a) …" and bullets of the intro. */
  items: string[];
}

export interface PolicyClause {
  /** Unique within the version; equals `number` unless the number is repeated ("4.7#2"). */
  id: string;
  /** The number as written, without trailing dot ("4.7.2"). */
  number: string;
  parentId: string | null;
  sectionNumber: string;
  /** 1 for a clause directly under its section (4.7), 2 for 4.7.2, and so on. */
  depth: number;
  /** Set for heading-only clauses ("3.1 Principals"); `text` then holds the same wording. */
  heading?: string;
  /** Exact wording: wrapped lines joined by a space, paragraphs and items one per line. */
  text: string;
  /** Bullets and lettered items inside the clause, in order ("(a)" labels kept). */
  items: string[];
  actor: string | null;
  actorSource: ActorSource | null;
  /** The first modal of the clause: what the clause asks of its actor. */
  modality: Modality;
  /** Every modal in the clause in order of first use (7.2 "can … but cannot" -> ["can", "cannot"]). */
  modalities: Modality[];
  line: number;
  endLine: number;
}

export interface ParseWarning {
  code: string;
  line: number;
  message: string;
}

export interface ParsedPolicy {
  title: string;
  titleLine: number | null;
  organisation: string | null;
  organisationLine: number | null;
  metadata: PolicyMetadata;
  contentsLine: number | null;
  contents: ContentsEntry[];
  sections: PolicySection[];
  clauses: PolicyClause[];
}

/** A mistake in a file the user gave us: shown as "file:line: message". */
export interface PolicyFileError {
  file: string;
  line: number | null;
  message: string;
}

export type ParsePolicyResult =
  | { ok: true; policy: ParsedPolicy; warnings: ParseWarning[] }
  | { ok: false; error: PolicyFileError & { line: number } };
