// The official accounts capability's audit events: the registers, permissions to post and the
// approval of official posts.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const accountAuditEvents = declareAuditEvents("accounts", {
  "official-account.registered": { detail: any, means: "added an official account to the register" },
  "official-account.changed": { detail: any, means: "changed an official account's details" },
  "official-account.handover-flagged": {
    detail: any,
    means: "flagged an official account for handover (its owner left)",
  },
  "posting-grant.given": { detail: any, means: "gave permission to post on an official account" },
  "posting-grant.revoked": { detail: any, means: "revoked a permission to post on an official account" },
  "posting-grant.ended-leaver": { detail: any, means: "ended a leaver's permission to post" },
  "posting-grant.reminder-queued": { detail: any, means: "reminded a leader that a permission expires soon" },
  "official-post.drafted": { detail: any, means: "drafted a post for an official account" },
  "official-post.revised": { detail: any, means: "revised a draft post for an official account" },
  "official-post.approved": { detail: any, means: "approved a post for an official account" },
  "official-post.changes-requested": { detail: any, means: "asked for changes to a draft official post" },
  "official-post.rejected": { detail: any, means: "rejected a draft official post" },
  "official-post.published": { detail: any, means: "recorded an official post as published" },
  "official-post.flagged-differs": {
    detail: any,
    means: "flagged a published post that differs from what was approved",
  },
  "sanctioned-platform.added": { detail: any, means: "sanctioned a platform for work with pupils" },
  "sanctioned-platform.removed": { detail: any, means: "took a platform off the sanctioned register" },
  "device-site.added": { detail: any, means: "recorded a site made available on school devices" },
  "device-site.removed": { detail: any, means: "took a site off the school devices register" },
  "school-email-domains.changed": { detail: any, means: "changed the trust's school email domains" },
  "accounts.register-exported": { detail: any, means: "downloaded a register of official accounts as CSV" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof accountAuditEvents> {}
}
