// Core's audit events: the trust, people and their accounts, roles.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const peopleAuditEvents = declareAuditEvents("people", {
  "trust.set-up": { detail: any, means: "set up the trust" },
  "people.viewed": { detail: any, means: "looked at a list of people" },
  "people.imported": { detail: any, means: "imported people from the school's MIS" },
  "people.leavers-confirmed": { detail: any, means: "recorded that staff missing from an import have left" },
  "account.email-changed": { detail: any, means: "changed the sign-in email of an account" },
  "accounts.deactivated-leavers": { detail: any, means: "ended the accounts of staff who have left" },
  "role.granted": { detail: any, means: "gave a role" },
  "role.revoked": { detail: any, means: "took a role away" },
  "roles.viewed": {
    detail: z.looseObject({ accounts: z.number().int() }),
    means: "looked at who holds which role",
  },
});

declare module "../../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof peopleAuditEvents> {}
}
