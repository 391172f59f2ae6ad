CREATE TABLE "acknowledgement_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"staff_id" uuid,
	"user_id" uuid,
	"school_id" uuid,
	"person_email" text NOT NULL,
	"scope" text NOT NULL,
	"clause_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assigned_on" date NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "acknowledgement_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acknowledgement_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trust_id" uuid NOT NULL,
	"clause_id" text NOT NULL,
	"prompt" text NOT NULL,
	"choices" jsonb NOT NULL,
	"correct" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acknowledgement_reminders" (
	"assignment_id" uuid NOT NULL,
	"step" text NOT NULL,
	"sent_on" date NOT NULL,
	CONSTRAINT "acknowledgement_reminders_assignment_id_step_pk" PRIMARY KEY("assignment_id","step")
);
--> statement-breakpoint
CREATE TABLE "acknowledgement_rounds" (
	"version_id" uuid PRIMARY KEY NOT NULL,
	"trust_id" uuid NOT NULL,
	"previous_version_id" uuid,
	"materiality" text NOT NULL,
	"material_clause_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acknowledgement_settings" (
	"trust_id" uuid PRIMARY KEY NOT NULL,
	"due_school_days" integer DEFAULT 10 NOT NULL,
	"remind_before" jsonb DEFAULT '[3]'::jsonb NOT NULL,
	"remind_after" jsonb DEFAULT '[1]'::jsonb NOT NULL,
	"escalate_line_manager_after" integer DEFAULT 3 NOT NULL,
	"escalate_principal_after" integer DEFAULT 6 NOT NULL,
	"check_enabled" boolean DEFAULT true NOT NULL,
	"pass_mark" integer DEFAULT 80 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acknowledgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"clause_ids" jsonb NOT NULL,
	"answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"score" integer,
	"seconds_reading" integer,
	"acknowledged_at" timestamp with time zone NOT NULL,
	"on_behalf_by_user_id" uuid,
	"on_behalf_reason" text,
	"form_id" uuid,
	"carried_from_id" uuid
);
--> statement-breakpoint
CREATE TABLE "question_guidance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trust_id" uuid NOT NULL,
	"question_id" uuid,
	"version_id" uuid NOT NULL,
	"clause_id" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"carried_from_id" uuid,
	"published_by_user_id" uuid,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_settings" (
	"trust_id" uuid PRIMARY KEY NOT NULL,
	"response_school_days" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asker_user_id" uuid NOT NULL,
	"school_id" uuid,
	"clause_id" text,
	"version_id" uuid,
	"body" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"routed_to_user_id" uuid,
	"routed_because" text NOT NULL,
	"due_on" date NOT NULL,
	"escalated_to_user_id" uuid,
	"escalated_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"first_answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "acknowledgement_assignments" ADD CONSTRAINT "acknowledgement_assignments_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_assignments" ADD CONSTRAINT "acknowledgement_assignments_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_assignments" ADD CONSTRAINT "acknowledgement_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_assignments" ADD CONSTRAINT "acknowledgement_assignments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_forms" ADD CONSTRAINT "acknowledgement_forms_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_questions" ADD CONSTRAINT "acknowledgement_questions_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_reminders" ADD CONSTRAINT "acknowledgement_reminders_assignment_id_acknowledgement_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."acknowledgement_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_rounds" ADD CONSTRAINT "acknowledgement_rounds_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_rounds" ADD CONSTRAINT "acknowledgement_rounds_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_rounds" ADD CONSTRAINT "acknowledgement_rounds_previous_version_id_policy_versions_id_fk" FOREIGN KEY ("previous_version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_rounds" ADD CONSTRAINT "acknowledgement_rounds_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgement_settings" ADD CONSTRAINT "acknowledgement_settings_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_assignment_id_acknowledgement_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."acknowledgement_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_on_behalf_by_user_id_users_id_fk" FOREIGN KEY ("on_behalf_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_form_id_acknowledgement_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."acknowledgement_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_guidance" ADD CONSTRAINT "question_guidance_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_guidance" ADD CONSTRAINT "question_guidance_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_guidance" ADD CONSTRAINT "question_guidance_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_guidance" ADD CONSTRAINT "question_guidance_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_messages" ADD CONSTRAINT "question_messages_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_messages" ADD CONSTRAINT "question_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_settings" ADD CONSTRAINT "question_settings_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_asker_user_id_users_id_fk" FOREIGN KEY ("asker_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_routed_to_user_id_users_id_fk" FOREIGN KEY ("routed_to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_escalated_to_user_id_users_id_fk" FOREIGN KEY ("escalated_to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ack_assignments_version_staff" ON "acknowledgement_assignments" USING btree ("version_id","staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ack_assignments_version_user" ON "acknowledgement_assignments" USING btree ("version_id","user_id") WHERE "acknowledgement_assignments"."staff_id" is null;--> statement-breakpoint
CREATE INDEX "ack_assignments_school" ON "acknowledgement_assignments" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "ack_assignments_email" ON "acknowledgement_assignments" USING btree ("person_email");--> statement-breakpoint
CREATE UNIQUE INDEX "acknowledgements_assignment" ON "acknowledgements" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "question_guidance_clause" ON "question_guidance" USING btree ("version_id","clause_id");--> statement-breakpoint
CREATE INDEX "question_messages_question" ON "question_messages" USING btree ("question_id","at");--> statement-breakpoint
CREATE INDEX "questions_routed" ON "questions" USING btree ("routed_to_user_id","status");--> statement-breakpoint
CREATE INDEX "questions_asker" ON "questions" USING btree ("asker_user_id");--> statement-breakpoint
CREATE INDEX "questions_school" ON "questions" USING btree ("school_id","status");