-- "Acknowledged" now means acknowledging the policy; a leader's review of a declaration "notes" it.
UPDATE "declaration_reviews" SET "action" = 'noted' WHERE "action" = 'acknowledged';--> statement-breakpoint
UPDATE "declarations" SET "status" = 'noted' WHERE "status" = 'acknowledged';--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_role" CHECK ("role_assignments"."role" in ('trust-admin', 'it-director', 'hr', 'trustee', 'principal', 'senior-leader', 'dsl', 'staff'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_allowed" CHECK ("outbox"."status" in ('queued', 'sending', 'sent', 'failed', 'stored'));--> statement-breakpoint
ALTER TABLE "declaration_reviews" ADD CONSTRAINT "declaration_reviews_action" CHECK ("declaration_reviews"."action" in ('noted', 'more-information', 'concern'));--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_contact_kind" CHECK ("declarations"."contact_kind" in ('pupil', 'ex-pupil', 'parent', 'staff', 'governor', 'other'));--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_verdict" CHECK ("declarations"."verdict" in ('prohibited', 'permitted-declare', 'permitted'));--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_status" CHECK ("declarations"."status" in ('awaiting-review', 'noted', 'more-information-requested', 'concern-opened', 'withdrawn'));