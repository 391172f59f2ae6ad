// The official accounts capability's forms, read with readForm.
import { z } from "zod";
import { formFields } from "../platform/web/form";
import { ACCOUNT_STATUSES, GRANT_SCOPES } from "./schema";
import { REVIEW_DECISIONS } from "./review-official-post";
import { MAX_ALT_TEXTS } from "./draft-official-post";

const httpsLink = (label: string) =>
  formFields
    .text(label, 500)
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), `Enter ${label} starting https://`);

export const accountForm = z.object({
  school: z.string({ error: "Choose whose account it is" }).min(1, "Choose whose account it is"),
  platform: formFields.text("the platform", 60),
  handle: formFields.text("the handle", 120),
  link: httpsLink("the link"),
  purpose: formFields.text("the purpose", 500),
  ownerId: formFields.uuid("the owner"),
  loginEmail: formFields.text("the login email", 254),
  mfaEnabled: z.enum(["yes", "no"], { error: "Say whether multi-factor sign-in is on" }),
  recoveryContacts: formFields.text("the recovery contacts", 500),
  status: z.enum(ACCOUNT_STATUSES, { error: "Choose the account's status" }),
});

export const grantForm = z.object({
  granteeId: formFields.uuid("the member of staff"),
  scope: z.enum(GRANT_SCOPES, { error: "Choose what they may do" }),
  expiresOn: formFields.date("the expiry date"),
  reason: formFields.text("the reason", 500),
});

export const platformForm = z.object({
  schoolId: formFields.uuid("the school"),
  platform: formFields.text("the platform", 80),
  yearGroups: formFields.text("the year groups", 120),
  purpose: formFields.text("the purpose", 500),
});

export const siteForm = z.object({
  schoolId: formFields.uuid("the school"),
  site: formFields.text("the site", 200),
  decidedBy: formFields.text("who decided", 200),
  reason: formFields.text("why", 500),
  decidedOn: formFields.date("the date of the decision"),
});

export const draftForm = z.object({
  text: formFields.text("the text of the post", 5000),
  plannedAt: z
    .string({ error: "Enter the planned time" })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter the planned date and time, like 2026-12-03T09:00"),
  altTexts: formFields
    .optionalText("the images' alt text", 5000)
    .refine(
      (v) => !v || v.split(/\r?\n/).filter((l) => l.trim()).length <= MAX_ALT_TEXTS,
      `Describe up to ${MAX_ALT_TEXTS} images, one a line`,
    ),
});

export const reviewForm = z.object({
  decision: z.enum(REVIEW_DECISIONS, { error: "Choose approve, ask for changes or reject" }),
  comment: formFields.optionalText("the comment", 2000),
});

export const publishedForm = z.object({ url: httpsLink("the post's link") });
export const flagForm = z.object({ note: formFields.text("how it differs", 2000) });
export const domainsForm = z.object({ domains: formFields.optionalText("the domains", 2000) });
