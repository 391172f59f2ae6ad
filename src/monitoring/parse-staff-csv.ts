// Reads the staff list the analyser attributes traffic to: email,network_username,first_name,
// last_name,school (headers as an MIS or AD export names them: "Network Username", "AD Username", "Login").
import { type ColumnSpec, readSettingsCsv, type SettingsError } from "./read-settings-csv";

export interface StaffMember {
  email: string;
  /** As written in the file; matched through normaliseNetworkUsername. */
  networkUsername: string;
  firstName: string;
  lastName: string;
  school: string;
}

const COLUMNS: ColumnSpec[] = [
  {
    field: "email",
    headers: ["email", "Email Address", "Work Email", "Staff Email", "Mail"],
    required: true,
  },
  {
    field: "networkUsername",
    headers: [
      "network_username",
      "Network Username",
      "AD Username",
      "Login",
      "Username",
      "sAMAccountName",
      "User Name",
    ],
    required: false,
  },
  {
    field: "firstName",
    headers: ["first_name", "Legal Forename", "Forename", "Given Name"],
    required: false,
  },
  { field: "lastName", headers: ["last_name", "Legal Surname", "Surname", "Family Name"], required: false },
  { field: "school", headers: ["school", "School Code", "School Slug"], required: false },
];

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One form for every way a log writes a login: "SUMMIT\jsmith", "SUMMIT\\jsmith" (escaped),
 * "SUMMIT%5Cjsmith" (URL-encoded, as Squid writes it), "jsmith@summit.org" and "JSmith" all give "jsmith".
 */
export function normaliseNetworkUsername(raw: string): string {
  let name = raw.trim();
  if (name.includes("%")) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not URL-encoded after all: keep it as it is.
    }
  }
  const slash = name.lastIndexOf("\\");
  if (slash >= 0) name = name.slice(slash + 1);
  const at = name.indexOf("@");
  if (at > 0) name = name.slice(0, at);
  return name.toLowerCase();
}

export type ParseStaffCsvResult = { ok: true; staff: StaffMember[] } | { ok: false; errors: SettingsError[] };

export function parseStaffCsv(text: string, fileName: string): ParseStaffCsvResult {
  const read = readSettingsCsv(text, fileName, COLUMNS);
  if (!read.ok) return read;
  const errors: SettingsError[] = [];
  const staff: StaffMember[] = [];
  const emails = new Map<string, number>();
  const usernames = new Map<string, number>();
  for (const row of read.rows) {
    const email = row.get("email").toLowerCase();
    if (!emailPattern.test(email)) {
      errors.push({
        file: fileName,
        line: row.line,
        field: "email",
        message: `"${row.get("email")}" is not an email address`,
      });
      continue;
    }
    const sameEmail = emails.get(email);
    if (sameEmail !== undefined) {
      errors.push({
        file: fileName,
        line: row.line,
        field: "email",
        message: `${email} is already on line ${sameEmail}`,
      });
      continue;
    }
    emails.set(email, row.line);
    const networkUsername = row.get("networkUsername");
    if (networkUsername !== "") {
      const key = normaliseNetworkUsername(networkUsername);
      const same = usernames.get(key);
      if (same !== undefined) {
        errors.push({
          file: fileName,
          line: row.line,
          field: "network_username",
          message: `${networkUsername} is already the network username on line ${same}; traffic could not be attributed to one person`,
        });
        continue;
      }
      usernames.set(key, row.line);
    }
    staff.push({
      email,
      networkUsername,
      firstName: row.get("firstName"),
      lastName: row.get("lastName"),
      school: row.get("school"),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, staff };
}
