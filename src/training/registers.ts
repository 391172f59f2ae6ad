// The training register: every attendance at a briefing or training, school by school, for the
// schools where the viewer records training (an inspector's evidence for 3.1.1).
import { and, asc, eq } from "drizzle-orm";
import { schools, staff } from "../core/people/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { policyVersions } from "../policy/schema";
import { trainingAttendance, trainingSessions } from "./schema";

export const trainingRegisters: readonly RegisterExport[] = [
  {
    table: "training",
    name: "Training register (briefings and training on the policy, with attendance)",
    action: "training.record",
    columns: [
      "school",
      "held_on",
      "kind",
      "title",
      "led_by",
      "version",
      "clauses",
      "attendee",
      "attendee_email",
      "recorded_from",
    ],
    async *rows({ db, scope, notePerson }) {
      const rows = await db
        .select({
          school: schools.name,
          heldOn: trainingSessions.heldOn,
          kind: trainingSessions.kind,
          title: trainingSessions.title,
          ledBy: trainingSessions.ledByName,
          version: policyVersions.number,
          clauses: trainingSessions.clauseIds,
          firstName: staff.firstName,
          lastName: staff.lastName,
          email: staff.email,
          source: trainingAttendance.source,
          staffId: staff.id,
        })
        .from(trainingSessions)
        .innerJoin(schools, eq(schools.id, trainingSessions.schoolId))
        .innerJoin(policyVersions, eq(policyVersions.id, trainingSessions.versionId))
        .innerJoin(trainingAttendance, eq(trainingAttendance.sessionId, trainingSessions.id))
        .innerJoin(staff, eq(staff.id, trainingAttendance.staffId))
        .where(and(inSchoolScope(trainingSessions.schoolId, scope)))
        .orderBy(asc(schools.name), asc(trainingSessions.heldOn), asc(staff.lastName), asc(staff.firstName));
      for (const r of rows) {
        notePerson?.(r.staffId);
        yield [
          r.school,
          r.heldOn,
          r.kind,
          r.title,
          r.ledBy,
          r.version,
          r.clauses.join(" "),
          `${r.firstName} ${r.lastName}`,
          r.email,
          r.source === "register" ? "uploaded register" : "picked by name",
        ];
      }
    },
  },
];
