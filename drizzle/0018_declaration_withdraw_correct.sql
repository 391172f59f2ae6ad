ALTER TABLE "declarations" DROP CONSTRAINT "declarations_status";--> statement-breakpoint
ALTER TABLE "declarations" ADD COLUMN "withdrawn_reason" text;--> statement-breakpoint
ALTER TABLE "declarations" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "declarations" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_supersedes_id_declarations_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_status" CHECK ("declarations"."status" in ('awaiting-review', 'noted', 'more-information-requested', 'concern-opened', 'withdrawn', 'superseded'));