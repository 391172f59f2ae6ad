// The questions capability's audit events.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const questionAuditEvents = declareAuditEvents("questions", {
  "questions.asked": { detail: any, means: "asked a question about the policy" },
  "questions.answered": { detail: any, means: "answered a question about the policy" },
  "questions.follow-up": { detail: any, means: "followed up a question about the policy" },
  "questions.read": { detail: any, means: "read a question about the policy" },
  "questions.escalated": { detail: any, means: "escalated an unanswered question to the principal" },
  "questions.guidance-published": { detail: any, means: "published an answered question as guidance" },
  "questions.settings-saved": { detail: any, means: "changed the settings for questions" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof questionAuditEvents> {}
}
