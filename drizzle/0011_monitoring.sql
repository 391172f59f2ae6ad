CREATE TABLE "monitoring_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"by_user_id" uuid NOT NULL,
	"text" text NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_detail_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"viewer_label" text NOT NULL,
	"viewer_user_id" uuid,
	"reason" text NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_dpo_records" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"purpose" text,
	"lawful_basis" text,
	"dpia_reference" text,
	"dpia_date" date,
	"dpia_next_review" date,
	"privacy_notice" text,
	"privacy_notice_shown_on" date,
	"senior_leader" text,
	"governor" text,
	"annual_review_on" date,
	"retention_days" integer DEFAULT 90 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"clause" text NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"minutes" integer NOT NULL,
	"threshold" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'to review' NOT NULL,
	"reviewed_by" uuid,
	"review_reason" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_minutes" (
	"staff_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"school_id" uuid NOT NULL,
	"minute_class" text NOT NULL,
	CONSTRAINT "monitoring_minutes_staff_id_platform_minute_pk" PRIMARY KEY("staff_id","platform","minute")
);
--> statement-breakpoint
CREATE TABLE "monitoring_network_usernames" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"username" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_site_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_challenges" ADD CONSTRAINT "monitoring_challenges_finding_id_monitoring_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."monitoring_findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_challenges" ADD CONSTRAINT "monitoring_challenges_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_challenges" ADD CONSTRAINT "monitoring_challenges_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_detail_views" ADD CONSTRAINT "monitoring_detail_views_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_detail_views" ADD CONSTRAINT "monitoring_detail_views_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_detail_views" ADD CONSTRAINT "monitoring_detail_views_viewer_user_id_users_id_fk" FOREIGN KEY ("viewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_dpo_records" ADD CONSTRAINT "monitoring_dpo_records_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_findings" ADD CONSTRAINT "monitoring_findings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_findings" ADD CONSTRAINT "monitoring_findings_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_findings" ADD CONSTRAINT "monitoring_findings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_minutes" ADD CONSTRAINT "monitoring_minutes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_minutes" ADD CONSTRAINT "monitoring_minutes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_network_usernames" ADD CONSTRAINT "monitoring_network_usernames_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_network_usernames" ADD CONSTRAINT "monitoring_network_usernames_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_site_decisions" ADD CONSTRAINT "monitoring_site_decisions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_detail_views_staff" ON "monitoring_detail_views" USING btree ("staff_id","viewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_findings_once" ON "monitoring_findings" USING btree ("staff_id","kind","day");--> statement-breakpoint
CREATE INDEX "monitoring_findings_school" ON "monitoring_findings" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "monitoring_minutes_school_minute" ON "monitoring_minutes" USING btree ("school_id","minute");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_network_usernames_school_username" ON "monitoring_network_usernames" USING btree ("school_id","username");