// Plain row shapes for the people of a trust, as read from MIS exports or generated for the demo.
// The database schema (schema.ts) is built to match these; do not rename fields.

export type SchoolPhase = "primary" | "secondary" | "all-through" | "special" | "alternative";

export type SchoolRow = {
  slug: string;
  name: string;
  phase: SchoolPhase;
  urn?: string;
  timeZone: string;
};

export type StaffRole =
  | "principal"
  | "senior-leader"
  | "dsl"
  | "staff"
  | "it-director"
  | "hr"
  | "trustee"
  | "local-governor";

export const STAFF_ROLES: readonly StaffRole[] = [
  "principal",
  "senior-leader",
  "dsl",
  "staff",
  "it-director",
  "hr",
  "trustee",
  // At the school of the row, as the roles page gives it (3.3).
  "local-governor",
];

export type StaffRow = {
  externalId: string;
  schoolSlug: string;
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string;
  employment: "employee" | "volunteer";
  lineManagerExternalId: string | null;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  leaveDate: string | null;
  roles: StaffRole[];
  /**
   * The person's login on the school's network (from the MIS or AD export), lower case, without a
   * DOMAIN\ or @domain part. Undefined: the file has no such column, so the record keeps what it
   * has; null: the column is blank, so the record has none.
   */
  networkUsername?: string | null;
};

export type PupilRow = {
  /** The DfE Unique Pupil Number. */
  externalId: string;
  schoolSlug: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** "Nursery", "Reception" or "Year 1" … "Year 14"; empty only for a leaver whose export had none. */
  yearGroup: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** YYYY-MM-DD */
  leftOn: string | null;
};

export type ParentRow = {
  externalId: string;
  schoolSlug: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  pupilExternalIds: string[];
  relationship: string;
};

/** A problem a user can fix in their file. `line` counts the header as line 1, as a spreadsheet does. */
export type ImportError = { file: string; line: number; field: string; message: string };
