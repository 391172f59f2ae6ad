// Published for the declarations capability: a leader reviewing a declaration "opens a concern".
// It becomes a concern about the declarer's conduct, asked through the same harm-threshold questions
// later by the case manager: here every answer is "no" (a low-level concern, to the principal or the
// school's named person), since a declaration is the member of staff's own openness, not an allegation.
import type { DbOrTx } from "../platform/db";
import { reportConcern } from "./report-concern";

export async function openConcernFromDeclaration(input: {
  db: DbOrTx;
  baseUrl: string;
  reviewer: { id: string; email: string; name: string; staffId: string | null };
  school: { id: string; name: string; timeZone: string };
  declarationId: string;
  declarerStaffId: string | null;
  declarer: { id: string; name: string; email: string };
  note: string;
  asOf?: Date;
}) {
  return reportConcern({
    db: input.db,
    baseUrl: input.baseUrl,
    reporter: input.reviewer,
    school: input.school,
    kind: "staff-conduct",
    harmAnswers: { harmed: "no", offence: "no", risk: "no", unsuitable: "no" },
    subjectStaffId: input.declarerStaffId,
    subjectUser: input.declarer,
    whatHappened: `Opened from the review of a social media relationship declaration. ${input.note}`,
    declarationId: input.declarationId,
    asOf: input.asOf,
  });
}
