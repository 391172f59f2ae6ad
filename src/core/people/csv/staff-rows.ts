// Staff and volunteers: one row per person per school, with line managers in the same file.
import { STAFF_ROLES, type StaffRole, type StaffRow } from "../types";
import { date, email, networkUsername, optional, required, school, ukDate } from "./cell-validators";
import type { Context, Lined } from "./problems";
import type { CsvRecord } from "./read-csv";
import { type Cell, type Columns, cellOf } from "./resolve-columns";
import type { RowReader } from "./row-reader";

const ROLE_WORDS: Record<string, StaffRole> = {
  headteacher: "principal",
  "head-teacher": "principal",
  head: "principal",
  "executive-head": "principal",
  slt: "senior-leader",
  "senior-leadership": "senior-leader",
  "senior-leadership-team": "senior-leader",
  "designated-safeguarding-lead": "dsl",
  "it-manager": "it-director",
  "human-resources": "hr",
  governor: "local-governor",
  "school-governor": "local-governor",
};

function roles(ctx: Context, line: number, cell: Cell | null): StaffRole[] | null {
  const words = (cell?.value ?? "")
    .split(/[;,|]/)
    .map((w) =>
      w
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, "-"),
    )
    .filter((w) => w !== "");
  if (words.length === 0) return ["staff"];
  const found: StaffRole[] = [];
  for (const w of words) {
    const role = (STAFF_ROLES as readonly string[]).includes(w) ? (w as StaffRole) : ROLE_WORDS[w];
    if (!role) {
      ctx.error(
        line,
        cell!.header,
        `${cell!.header} has "${w}", which is not a Conduct role. Use any of ${STAFF_ROLES.join(", ")}, separated by semicolons.`,
      );
      return null;
    }
    if (!found.includes(role)) found.push(role);
  }
  return found;
}

/** Reads staff rows one record at a time; line managers are checked once the whole file is read. */
export class StaffRows implements RowReader<StaffRow> {
  private readonly seen = new Map<string, number>();
  private readonly emails = new Map<string, number>();
  private readonly usernames = new Map<string, number>();
  private readonly allIds = new Set<string>();
  /** Who each line names as line manager, kept small: the loop check needs the whole file. */
  private readonly managers: { id: string | null; manager: string; line: number; header: string }[] = [];

  constructor(
    private readonly columns: Columns,
    private readonly ctx: Context,
  ) {}

  read(rec: CsvRecord): Lined<StaffRow> | null {
    const { columns, ctx, seen, emails, allIds } = this;
    const cell = (f: string) => cellOf(rec, columns, f);
    const line = rec.line;
    const externalId = required(ctx, line, cell("externalId"), "the person's staff ID");
    if (externalId) allIds.add(externalId);
    const firstName = required(ctx, line, cell("firstName"), "the first name");
    const lastName = required(ctx, line, cell("lastName"), "the surname");
    const emailCell = cell("email");
    const emailText = required(ctx, line, emailCell, "the work email address");
    const emailValue = emailText ? email(ctx, line, emailCell!, emailText) : null;
    const jobTitle = optional(cell("jobTitle")) ?? "";
    const employment = (optional(cell("employment")) ?? "").toLowerCase().startsWith("volunteer")
      ? "volunteer"
      : "employee";
    const managerCell = cell("lineManagerExternalId");
    const lineManagerExternalId = optional(managerCell);
    if (lineManagerExternalId)
      this.managers.push({
        id: optional(cell("externalId")),
        manager: lineManagerExternalId,
        line: rec.line,
        header: managerCell!.header,
      });
    const startCell = cell("startDate");
    const startText = required(ctx, line, startCell, "the date they started (DD/MM/YYYY)");
    const startDate = startText ? date(ctx, line, startCell!, startText) : null;
    const leaveCell = cell("leaveDate");
    const leaveText = optional(leaveCell);
    const leaveDate = leaveText ? date(ctx, line, leaveCell!, leaveText) : null;
    const roleList = roles(ctx, line, cell("roles"));
    const schoolSlug = school(ctx, line, cell("school"));
    // Absent column: undefined (the record keeps its username); blank cell: null (it has none).
    const usernameCell = cell("networkUsername");
    const usernameText = usernameCell
      ? usernameCell.value.trim() === ""
        ? null
        : usernameCell.value
      : undefined;
    const username = usernameText ? networkUsername(ctx, line, usernameCell!, usernameText) : usernameText;

    if (externalId && schoolSlug) {
      const key = `${schoolSlug}\n${externalId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const header = cell("externalId")!.header;
        ctx.error(
          line,
          header,
          `${header} "${externalId}" is also on line ${first}. Each member of staff must appear once per school; remove or correct one of the rows.`,
        );
      } else seen.set(key, line);
    }
    if (emailValue && schoolSlug) {
      const key = `${schoolSlug}\n${emailValue}`;
      const first = emails.get(key);
      if (first !== undefined) {
        ctx.error(
          line,
          emailCell!.header,
          `${emailCell!.header} "${emailValue}" is also on line ${first}. Each member of staff needs their own work email.`,
        );
      } else emails.set(key, line);
    }
    if (username && schoolSlug) {
      // Traffic under one login must be one person's: two would make attribution a guess.
      const key = `${schoolSlug}\n${username}`;
      const first = this.usernames.get(key);
      if (first !== undefined) {
        ctx.error(
          line,
          usernameCell!.header,
          `${usernameCell!.header} "${username}" is also on line ${first}. Each network username belongs to one person at a school; correct one of the rows.`,
        );
      } else this.usernames.set(key, line);
    }
    if (startDate && leaveDate && leaveDate < startDate) {
      ctx.error(
        line,
        leaveCell!.header,
        `${leaveCell!.header} ${ukDate(leaveDate)} is before ${startCell!.header} ${ukDate(startDate)}. Correct one of them.`,
      );
    }
    if (
      externalId &&
      firstName &&
      lastName &&
      emailValue &&
      startDate &&
      roleList &&
      schoolSlug &&
      (leaveDate || !leaveText) &&
      (!usernameText || username !== null)
    ) {
      return {
        row: {
          externalId,
          schoolSlug,
          firstName,
          lastName,
          email: emailValue,
          jobTitle,
          employment,
          lineManagerExternalId,
          startDate,
          leaveDate,
          roles: roleList,
          ...(username === undefined ? {} : { networkUsername: username }),
        },
        lines: [line],
      };
    }
    return null;
  }

  finish(): Lined<StaffRow>[] {
    checkLineManagers(this.managers, this.columns, this.allIds, this.ctx);
    return [];
  }
}

/** Line managers must be in the same file, not the person themselves, and not form a loop. */
function checkLineManagers(
  managers: { id: string | null; manager: string; line: number; header: string }[],
  columns: Columns,
  allIds: Set<string>,
  ctx: Context,
): void {
  if (!columns.has("lineManagerExternalId")) return;
  const managerOf = new Map<string, { manager: string; line: number }>();
  const idHeader = columns.get("externalId")![0]!.header;
  for (const { id, manager, line, header } of managers) {
    if (!id) continue;
    if (manager === id) {
      ctx.error(
        line,
        header,
        `${header} is this person's own ${idHeader}. Give their line manager's ID, or leave it blank if they have none.`,
      );
    } else if (!allIds.has(manager)) {
      ctx.error(
        line,
        header,
        `${header} "${manager}" matches no ${idHeader} in this file. Add the line manager to the file, correct the ID, or leave it blank.`,
      );
    } else if (!managerOf.has(id)) {
      managerOf.set(id, { manager, line: line });
    }
  }
  const done = new Set<string>();
  for (const start of managerOf.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at && !done.has(at) && !path.includes(at)) {
      path.push(at);
      at = managerOf.get(at)?.manager;
    }
    if (at && path.includes(at)) {
      const loop = path.slice(path.indexOf(at));
      const header = columns.get("lineManagerExternalId")![0]!.header;
      ctx.error(
        managerOf.get(at)!.line,
        header,
        `Line managers go round in a circle: ${[...loop, at].join(" → ")}. Someone in it must report to a person outside the circle, or to no one.`,
      );
    }
    for (const p of path) done.add(p);
  }
}
