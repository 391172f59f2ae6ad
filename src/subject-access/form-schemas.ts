// The subject access forms.
import { z } from "zod";
import { formFields } from "../platform/web/form";

export const requestForm = z.object({
  email: formFields.text("the person's email", 320),
  requestedBy: formFields.text("who asked", 300),
  receivedOn: formFields.date("the day the request was received"),
  disclosureAllowed: z.preprocess((v) => v === "yes", z.boolean()),
});

export const redactionForm = z.object({
  section: formFields.text("the section", 100),
  recordId: formFields.text("the entry", 200),
  reason: formFields.text("the reason for the redaction", 1000),
});
