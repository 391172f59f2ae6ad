CREATE TABLE "step_ups" (
	"session_id" text PRIMARY KEY NOT NULL,
	"via" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "totp_enrolments" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_access" (
	"concern_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concern_access_concern_id_user_id_pk" PRIMARY KEY("concern_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "concern_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"stored_by" uuid,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"concern_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"author_id" uuid,
	"author_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"text" text NOT NULL,
	"reason" text,
	"referral_to" text,
	"referral_date" date,
	"referral_reference" text,
	"corrects_id" uuid,
	"document_id" uuid
);
--> statement-breakpoint
CREATE TABLE "concern_people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"user_id" uuid,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_settings" (
	"trust_id" uuid PRIMARY KEY NOT NULL,
	"principal_case_manager" text DEFAULT 'chair' NOT NULL,
	"chair_name" text,
	"chair_email" text,
	"chief_executive_name" text,
	"chief_executive_email" text,
	"start_within_school_days" integer DEFAULT 1 NOT NULL,
	"finish_within_school_days" integer DEFAULT 20 NOT NULL,
	"normal_retirement_age" integer DEFAULT 67 NOT NULL,
	"low_level_recipients" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"harm_answers" jsonb,
	"self_report" boolean DEFAULT false NOT NULL,
	"reporter_id" uuid,
	"subject_staff_id" uuid,
	"subject_user_id" uuid,
	"subject_key" text,
	"subject_employment" text,
	"subject_birth_year" integer,
	"what_happened" text NOT NULL,
	"platform" text,
	"link" text,
	"seen_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"owner_id" uuid,
	"routed_to_role" text NOT NULL,
	"investigator_id" uuid,
	"external_system" text,
	"external_reference" text,
	"lado_consult_by" date,
	"start_by" date,
	"finish_by" date,
	"first_action_at" timestamp with time zone,
	"outcome" text,
	"sanction" text,
	"clauses_breached" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"retain_until" date,
	"retain_while_employed" boolean DEFAULT false NOT NULL,
	"declaration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "step_ups" ADD CONSTRAINT "step_ups_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "totp_enrolments" ADD CONSTRAINT "totp_enrolments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_access" ADD CONSTRAINT "concern_access_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_access" ADD CONSTRAINT "concern_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_documents" ADD CONSTRAINT "concern_documents_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_entries" ADD CONSTRAINT "concern_entries_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_people" ADD CONSTRAINT "concern_people_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_settings" ADD CONSTRAINT "concern_settings_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_subject_staff_id_staff_id_fk" FOREIGN KEY ("subject_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_investigator_id_users_id_fk" FOREIGN KEY ("investigator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_access_user" ON "concern_access" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "concern_documents_concern" ON "concern_documents" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "concern_entries_concern" ON "concern_entries" USING btree ("concern_id","seq");--> statement-breakpoint
CREATE INDEX "concern_people_concern" ON "concern_people" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "concerns_school" ON "concerns" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "concerns_subject" ON "concerns" USING btree ("subject_key");--> statement-breakpoint
CREATE INDEX "concerns_reporter" ON "concerns" USING btree ("reporter_id");