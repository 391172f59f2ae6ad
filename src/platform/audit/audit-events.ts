// The platform's own audit events: signing in, passwords, the audit trail and outbox, refusals.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "./audit-catalogue";

const any = z.looseObject({});

export const platformAuditEvents = declareAuditEvents("platform", {
  "sign-in": { detail: z.looseObject({ via: z.string() }), means: "signed in" },
  "sign-in.refused": { detail: any, means: "a sign-in was refused" },
  "password-reset.requested": { detail: any, means: "a password reset link was asked for" },
  "password-reset.completed": { detail: any, means: "the password was changed with a reset link" },
  "password-reset.link-printed": { detail: any, means: "a password link was printed from the command line" },
  "password-reset.throttled": {
    detail: any,
    means: "a password reset request was refused: too many at once",
  },
  "sessions.ended-leaver": { detail: any, means: "sign-in ended: the leave date has passed" },
  "audit.viewed": { detail: any, means: "looked at the audit trail" },
  "audit.verified": { detail: any, means: "checked the audit trail's chain" },
  "outbox.viewed": { detail: any, means: "looked at the outbox of emails" },
  "access.refused": {
    detail: z.looseObject({ method: z.string(), path: z.string(), action: z.string() }),
    means: "was refused a page they have no permission for",
  },
  "step-up": { detail: any, means: "confirmed who they are again before opening sensitive records" },
  "step-up.refused": { detail: any, means: "was refused a step-up (wrong password or code)" },
  "totp.enrolled": { detail: any, means: "set up an authenticator app for sign-in step-up" },
});

declare module "./audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof platformAuditEvents> {}
}
