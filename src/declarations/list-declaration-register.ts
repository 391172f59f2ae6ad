// A leader's register of every declaration in their scope, past and present (reviewed ones stay
// findable): filtered by school, status, verdict, kind of contact, date declared and the declarer's
// name; one page at a time, or every filtered row for the CSV. What it shows is audited once per
// page (or once per download), naming every record and whose it is.
import { and, asc, desc, eq, gte, ilike, inArray, lte, type SQL, sql } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { type RoleAssignment, schoolsWhere } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { contactKinds, verdicts } from "./judge-declaration";
import { recordListViews } from "./record-list-views";
import { DECLARATION_STATUSES, declarationReplies, declarationReviews, declarations } from "./schema";

export const REGISTER_PAGE_SIZE = 50;
const MAX_NAME_QUERY = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type RegisterFilters = {
  school: string;
  status: string;
  verdict: string;
  kind: string;
  from: string;
  to: string;
  q: string;
};

export type RegisterFilterProblem = Partial<Record<keyof RegisterFilters, string>>;

/** Reads the register's query string: unknown values are problems, not silently ignored. Pure. */
export function parseRegisterFilters(query: Record<string, string | undefined>): {
  filters: RegisterFilters;
  page: number;
  problems: RegisterFilterProblem;
} {
  const text = (key: string, max = 40) => (query[key] ?? "").trim().slice(0, max);
  const filters: RegisterFilters = {
    school: text("school"),
    status: text("status"),
    verdict: text("verdict"),
    kind: text("kind"),
    from: text("from"),
    to: text("to"),
    q: text("q", MAX_NAME_QUERY).replace(/\0/g, ""),
  };
  const problems: RegisterFilterProblem = {};
  if (filters.school && !/^[0-9a-f-]{36}$/i.test(filters.school))
    problems.school = "Choose a school from the list.";
  if (filters.status && !(DECLARATION_STATUSES as readonly string[]).includes(filters.status))
    problems.status = "Choose a status from the list.";
  if (filters.verdict && !(verdicts as readonly string[]).includes(filters.verdict))
    problems.verdict = "Choose a verdict from the list.";
  if (filters.kind && !(contactKinds as readonly string[]).includes(filters.kind))
    problems.kind = "Choose a kind of contact from the list.";
  for (const key of ["from", "to"] as const) {
    const value = filters[key];
    if (value && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))))
      problems[key] = "Give the date as day, month and year (for example 2025-09-01).";
  }
  if (!problems.from && !problems.to && filters.from && filters.to && filters.from > filters.to)
    problems.to = "The end of the range is before its start.";
  const page = Math.min(Math.max(Number.parseInt(query.page ?? "1", 10) || 1, 1), 100_000);
  return { filters, page, problems };
}

export interface ListDeclarationRegisterOptions {
  db: Db;
  viewer: { id: string; email: string; roles: readonly RoleAssignment[] };
  filters: RegisterFilters;
  /** A page of the register, or every filtered row (the CSV). */
  page: number | "all";
}

export type RegisterRow = Awaited<ReturnType<typeof selectRows>>[number];

export type ListDeclarationRegisterResult =
  | { ok: true; rows: RegisterRow[]; total: number; page: number; pages: number }
  | { ok: false; status: 403; message: string };

function conditions(scope: "all" | string[], filters: RegisterFilters): SQL | undefined {
  // The day declared is the school's calendar day, wherever the reader is.
  const declaredOn = sql`(${declarations.createdAt} at time zone ${schools.timeZone})::date`;
  return and(
    scope === "all" ? undefined : inArray(declarations.schoolId, scope),
    filters.school ? eq(declarations.schoolId, filters.school) : undefined,
    filters.status
      ? eq(declarations.status, filters.status as (typeof DECLARATION_STATUSES)[number])
      : undefined,
    filters.verdict ? eq(declarations.verdict, filters.verdict as (typeof verdicts)[number]) : undefined,
    filters.kind ? eq(declarations.contactKind, filters.kind as (typeof contactKinds)[number]) : undefined,
    filters.from ? gte(declaredOn, filters.from) : undefined,
    filters.to ? lte(declaredOn, filters.to) : undefined,
    filters.q ? ilike(users.name, `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined,
  );
}

function selectRows(db: Db, where: SQL | undefined, withReplies: boolean) {
  const lastReview = sql<string | null>`(select ${declarationReviews.action} from ${declarationReviews}
    where ${declarationReviews.declarationId} = ${declarations.id}
    order by ${declarationReviews.createdAt} desc limit 1)`;
  const lastReviewedAt =
    sql<Date | null>`(select max(${declarationReviews.createdAt}) from ${declarationReviews}
    where ${declarationReviews.declarationId} = ${declarations.id})`.mapWith((v) => (v ? new Date(v) : null));
  // The member of staff's answers to "more information", oldest first: only the CSV carries them
  // (the page links to each declaration, where they are read).
  const replies = withReplies
    ? sql<{ at: string; text: string }[] | null>`(select json_agg(json_build_object(
        'at', ${declarationReplies.createdAt}, 'text', ${declarationReplies.text})
        order by ${declarationReplies.createdAt}) from ${declarationReplies}
        where ${declarationReplies.declarationId} = ${declarations.id})`
    : sql<{ at: string; text: string }[] | null>`null::json`;
  return db
    .select({
      id: declarations.id,
      userId: declarations.userId,
      schoolId: declarations.schoolId,
      schoolName: schools.name,
      timeZone: schools.timeZone,
      declarerName: users.name,
      contactKind: declarations.contactKind,
      contactName: declarations.contactName,
      platforms: declarations.platforms,
      verdict: declarations.verdict,
      clause: declarations.clause,
      status: declarations.status,
      createdAt: declarations.createdAt,
      lastReview,
      lastReviewedAt,
      replies,
    })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .where(where)
    .$dynamic();
}

export async function listDeclarationRegister({
  db,
  viewer,
  filters,
  page,
}: ListDeclarationRegisterOptions): Promise<ListDeclarationRegisterResult> {
  const scope = schoolsWhere(viewer, "declarations.review");
  if (filters.school && scope !== "all" && !scope.includes(filters.school)) {
    return { ok: false, status: 403, message: "You can see the declarations of your own school only." };
  }
  if (scope !== "all" && scope.length === 0) return { ok: true, rows: [], total: 0, page: 1, pages: 1 };
  const where = conditions(scope, filters);
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .where(where);
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE));
  const query = selectRows(db, where, page === "all").orderBy(
    desc(declarations.createdAt),
    asc(declarations.id),
  );
  const current = page === "all" ? 1 : Math.min(page, pages);
  const rows =
    page === "all"
      ? await query
      : await query.limit(REGISTER_PAGE_SIZE).offset((current - 1) * REGISTER_PAGE_SIZE);
  await recordListViews({
    db,
    viewer,
    action: page === "all" ? "declarations.exported" : "declarations.listed",
    subjectType: "declaration",
    list: page === "all" ? "register-csv" : `register page ${current}`,
    rows: rows.map((r) => ({ id: r.id, ownerId: r.userId, schoolId: r.schoolId })),
    filters,
  });
  return { ok: true, rows, total, page: current, pages };
}

/** The CSV's columns and one row a declaration: codes, not labels, so a spreadsheet can filter them. */
export const REGISTER_CSV_COLUMNS = [
  "school",
  "member_of_staff",
  "contact_kind",
  "contact_name",
  "platforms",
  "verdict",
  "clause",
  "status",
  "declared_at",
  "last_review",
  "last_reviewed_at",
  "replies",
] as const;

export function registerCsvCells(r: RegisterRow): (string | null)[] {
  return [
    r.schoolName,
    r.declarerName,
    r.contactKind,
    r.contactName,
    r.platforms.join(";"),
    r.verdict,
    r.clause,
    r.status,
    r.createdAt.toISOString(),
    r.lastReview,
    r.lastReviewedAt?.toISOString() ?? null,
    // One line a reply, each dated: "2025-03-02T09:00:00.000Z: the words".
    (r.replies ?? []).map((reply) => `${new Date(reply.at).toISOString()}: ${reply.text}`).join("\n") || null,
  ];
}
