CREATE TABLE "monitoring_bell_schedules" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"schedule" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_classed_basis" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"classed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_timetable_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"week" text,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL,
	"activity" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_trust_settings" (
	"trust_id" uuid PRIMARY KEY NOT NULL,
	"pupils_present_minutes_per_day" integer NOT NULL,
	"daily_minutes_outside_breaks" integer NOT NULL,
	"weekly_minutes" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_findings" ADD COLUMN "basis_note" text;--> statement-breakpoint
ALTER TABLE "monitoring_bell_schedules" ADD CONSTRAINT "monitoring_bell_schedules_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_classed_basis" ADD CONSTRAINT "monitoring_classed_basis_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_timetable_entries" ADD CONSTRAINT "monitoring_timetable_entries_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_timetable_entries" ADD CONSTRAINT "monitoring_timetable_entries_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_trust_settings" ADD CONSTRAINT "monitoring_trust_settings_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_timetable_entries_school" ON "monitoring_timetable_entries" USING btree ("school_id");