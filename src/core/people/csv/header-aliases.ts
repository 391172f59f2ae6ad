// The columns each kind of MIS export may have, as data: the import reads them, the README and the
// demo's CSV writer quote them.
import { STAFF_ROLES } from "../types";

export type PeopleCsvKind = "staff" | "pupils" | "parents";

export type HeaderAlias = {
  /** The row field the column fills (`school` fills `schoolSlug`, `pupilUpn` fills `pupilExternalIds`). */
  field: string;
  /** Accepted headers, preferred first; matched ignoring case, spaces and punctuation. */
  headers: readonly string[];
  required: boolean;
  note: string;
};

const SCHOOL_ALIAS: HeaderAlias = {
  field: "school",
  headers: ["School", "School Code", "School Slug"],
  required: false,
  note: "School code (slug) or name; blank or absent means the school chosen for the file.",
};

/** The columns each kind of file may have. Other columns are ignored, so a full MIS export can be uploaded. */
export const HEADER_ALIASES = {
  staff: [
    {
      field: "externalId",
      headers: ["Staff ID", "Staff Code", "Employee Number", "Employee No", "Payroll Number"],
      required: true,
      note: "Unique within the school; line managers refer to it.",
    },
    {
      field: "firstName",
      headers: ["Legal Forename", "Forename", "First Name", "Given Name"],
      required: true,
      note: "",
    },
    {
      field: "lastName",
      headers: ["Legal Surname", "Surname", "Last Name", "Family Name"],
      required: true,
      note: "",
    },
    {
      field: "email",
      headers: ["Work Email", "Work Email Address", "Email", "Email Address"],
      required: true,
      note: "Used for sign-in and reminders; stored in lower case.",
    },
    { field: "jobTitle", headers: ["Job Title", "Role", "Post"], required: false, note: "May be blank." },
    {
      field: "employment",
      headers: ["Employment Type", "Contract Type", "Staff Type"],
      required: false,
      note: "A value starting with Volunteer means volunteer; anything else, or blank, means employee.",
    },
    {
      field: "lineManagerExternalId",
      headers: [
        "Line Manager ID",
        "Line Manager Staff Code",
        "Line Manager Code",
        "Line Manager Employee Number",
      ],
      required: false,
      note: "The line manager's Staff ID, who must be in the same file; blank for none.",
    },
    {
      field: "startDate",
      headers: ["Start Date", "Employment Start", "Employment Start Date", "Date Started"],
      required: true,
      note: "DD/MM/YYYY or YYYY-MM-DD.",
    },
    {
      field: "leaveDate",
      headers: ["Leave Date", "End Date", "Employment End", "Employment End Date", "Leaving Date"],
      required: false,
      note: "DD/MM/YYYY or YYYY-MM-DD; not before the start date.",
    },
    {
      field: "roles",
      headers: ["Conduct Roles"],
      required: false,
      note: `Semicolon list of ${STAFF_ROLES.join(", ")}; blank means staff. A local governor governs the row's school; a row with only trustee or local-governor is not made staff.`,
    },
    {
      field: "networkUsername",
      // "network_username" is the first, as headers are matched ignoring case, spaces and punctuation.
      headers: ["Network Username", "AD Username", "Login"],
      required: false,
      note: 'The person\'s login on the school network, as web filter logs name them; stored in lower case without a "DOMAIN\\" or "@domain" part. One person per username at a school. Blank clears it; no column keeps what is on record.',
    },
    SCHOOL_ALIAS,
  ],
  pupils: [
    {
      field: "externalId",
      headers: ["UPN", "Unique Pupil Number"],
      required: true,
      note: "13 characters: a check letter and 12 digits (the last may be a letter for a temporary UPN).",
    },
    {
      field: "firstName",
      headers: ["Legal Forename", "Forename", "First Name"],
      required: true,
      note: "",
    },
    {
      field: "preferredName",
      headers: ["Preferred Forename", "Preferred First Name", "Preferred Name", "Known As"],
      required: false,
      note: "Kept only when it differs from the legal forename.",
    },
    {
      field: "lastName",
      headers: ["Legal Surname", "Surname", "Last Name"],
      required: true,
      note: "",
    },
    {
      field: "yearGroup",
      headers: ["Year Group", "NC Year", "Year", "National Curriculum Year", "Curriculum Year"],
      required: true,
      note: 'Nursery, Reception (R) or 1 to 14 ("Year 7", "Y7", "7"); may be blank for a leaver.',
    },
    {
      field: "dateOfBirth",
      headers: ["DOB", "Date of Birth", "Birth Date"],
      required: true,
      note: "DD/MM/YYYY or YYYY-MM-DD; not in the future.",
    },
    {
      field: "leftOn",
      headers: ["Leaving Date", "Date of Leaving", "Leave Date", "Left On"],
      required: false,
      note: "DD/MM/YYYY or YYYY-MM-DD; blank for a pupil on roll.",
    },
    SCHOOL_ALIAS,
  ],
  parents: [
    {
      field: "externalId",
      headers: ["Contact ID", "Contact Code", "Parent ID", "Guardian ID"],
      required: true,
      note: "Unique within the school; rows with the same Contact ID are one contact.",
    },
    {
      field: "firstName",
      headers: ["Forename", "Legal Forename", "First Name", "Contact Forename"],
      required: true,
      note: "",
    },
    {
      field: "lastName",
      headers: ["Surname", "Legal Surname", "Last Name", "Contact Surname"],
      required: true,
      note: "",
    },
    {
      field: "email",
      headers: ["Email", "Email Address", "Contact Email", "Main Email"],
      required: false,
      note: "May be blank.",
    },
    {
      field: "phone",
      headers: ["Mobile", "Telephone", "Mobile Phone", "Phone", "Telephone Number"],
      required: false,
      note: "When several of these columns are present, the first non-blank one in this order is used.",
    },
    {
      field: "relationship",
      headers: ["Relationship", "Relationship to Pupil", "Relationship to Child", "Relation"],
      required: false,
      note: "E.g. Mother, Father, Carer; may be blank.",
    },
    {
      field: "pupilUpn",
      headers: ["Pupil UPN", "Child UPN", "Student UPN", "UPN"],
      required: true,
      note: "One row per contact and pupil, or several UPNs separated by semicolons.",
    },
    SCHOOL_ALIAS,
  ],
} as const satisfies Record<PeopleCsvKind, readonly HeaderAlias[]>;

export const KIND_NOUN: Record<PeopleCsvKind, string> = {
  staff: "staff",
  pupils: "pupils",
  parents: "parents/contacts",
};
