CREATE TABLE "termly_discussions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"term_name" text NOT NULL,
	"term_starts_on" date NOT NULL,
	"due_on" date NOT NULL,
	"remind_on" date NOT NULL,
	"scheduled_by_user_id" uuid,
	"scheduled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reminder_sent_on" date,
	"held_on" date,
	"led_by_name" text,
	"attended" integer,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "termly_discussions" ADD CONSTRAINT "termly_discussions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "termly_discussions" ADD CONSTRAINT "termly_discussions_scheduled_by_user_id_users_id_fk" FOREIGN KEY ("scheduled_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "termly_discussions" ADD CONSTRAINT "termly_discussions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "termly_discussions_school_term" ON "termly_discussions" USING btree ("school_id","term_starts_on");