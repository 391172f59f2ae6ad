// The declarations capability's audit events: declarations, their reviews, the evidence vault
// and the roster searches that show pupils' names.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

/** One chain row for a whole list page: which records it showed, and whose they are. */
export const listedRecords = z.looseObject({
  list: z.string(),
  records: z.array(z.object({ id: z.string(), personId: z.string(), schoolId: z.string() })),
  personIds: z.array(z.string()),
});

export const declarationAuditEvents = declareAuditEvents("declarations", {
  "declaration.recorded": { detail: any, means: "recorded a relationship declaration" },
  "declaration.viewed": { detail: any, means: "opened a relationship declaration" },
  "declaration.view-refused": { detail: any, means: "was refused a relationship declaration" },
  "declaration.withdrawn": { detail: any, means: "withdrew their own relationship declaration" },
  "declaration.replied": {
    detail: any,
    means: "answered a leader's request for more information about their declaration",
  },
  "declaration.reviewed": { detail: any, means: "reviewed a relationship declaration" },
  "declaration.concern-opened": { detail: any, means: "opened a concern about a relationship declaration" },
  "declaration.leaders-notified": { detail: any, means: "told the school's leaders about a declaration" },
  "declaration.rejudged": { detail: any, means: "judged a declaration again (an ex-pupil came of age)" },
  "declaration.rejudge-failed": { detail: any, means: "could not judge a declaration again" },
  "declarations.listed": { detail: listedRecords, means: "saw relationship declarations in a list" },
  "declarations.exported": {
    detail: listedRecords,
    means: "downloaded relationship declarations from the register as CSV",
  },
  "evidence.stored": { detail: any, means: "kept a file in the evidence vault" },
  "evidence.listed": { detail: listedRecords, means: "saw files of an evidence vault in a list" },
  "evidence.opened": { detail: any, means: "opened a file in an evidence vault" },
  "evidence.open-refused": { detail: any, means: "was refused a file in an evidence vault" },
  "evidence.integrity-failed": { detail: any, means: "found a file in the evidence vault altered" },
  "evidence.purged": { detail: any, means: "removed a file at the end of its retention period" },
  "roster.searched": {
    detail: z.looseObject({ school: z.string(), query: z.string(), matches: z.number().int() }),
    means: "searched the school's roster of pupils and parents",
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof declarationAuditEvents> {}
}
