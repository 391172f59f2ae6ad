CREATE TABLE "control_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trust_id" uuid NOT NULL,
	"control_key" text NOT NULL,
	"clause_id" text NOT NULL,
	"anchor" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_clauses" (
	"version_id" uuid NOT NULL,
	"clause_id" text NOT NULL,
	"parent_id" text,
	"section_number" text NOT NULL,
	"position" integer NOT NULL,
	"actor" text,
	"modality" text NOT NULL,
	"heading" text,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_review_notices" (
	"version_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trust_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"source_text" text NOT NULL,
	"source_sha256" text NOT NULL,
	"parsed" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approving_body" text,
	"approval_date" date,
	"approved_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"next_review_due" date
);
--> statement-breakpoint
CREATE TABLE "declaration_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"contact_kind" text NOT NULL,
	"pupil_id" uuid,
	"parent_id" uuid,
	"staff_id" uuid,
	"contact_name" text NOT NULL,
	"platforms" text[] NOT NULL,
	"other_relationships" text[] NOT NULL,
	"note" text,
	"verdict" text NOT NULL,
	"clause" text NOT NULL,
	"reason" text NOT NULL,
	"changes_at" timestamp with time zone,
	"status" text DEFAULT 'awaiting-review' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"communication_date" date NOT NULL,
	"concerning" text NOT NULL,
	"pupil_id" uuid,
	"shared_with_id" uuid,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"purge_after" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"school_id" uuid,
	"context" text NOT NULL,
	"verdict" text NOT NULL,
	"clauses" text[] NOT NULL,
	"rules_version" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "control_mappings" ADD CONSTRAINT "control_mappings_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_clauses" ADD CONSTRAINT "policy_clauses_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_review_notices" ADD CONSTRAINT "policy_review_notices_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_trust_id_trusts_id_fk" FOREIGN KEY ("trust_id") REFERENCES "public"."trusts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declaration_reviews" ADD CONSTRAINT "declaration_reviews_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declaration_reviews" ADD CONSTRAINT "declaration_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_pupil_id_pupils_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_parent_id_parents_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."parents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_pupil_id_pupils_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_shared_with_id_users_id_fk" FOREIGN KEY ("shared_with_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_checks" ADD CONSTRAINT "post_checks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_checks" ADD CONSTRAINT "post_checks_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "control_mappings_unique" ON "control_mappings" USING btree ("trust_id","control_key","clause_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_clauses_version_clause" ON "policy_clauses" USING btree ("version_id","clause_id");--> statement-breakpoint
CREATE INDEX "policy_clauses_modality" ON "policy_clauses" USING btree ("modality");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_review_notices_unique" ON "policy_review_notices" USING btree ("version_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_trust_number" ON "policy_versions" USING btree ("trust_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_trust_source" ON "policy_versions" USING btree ("trust_id","source_sha256");--> statement-breakpoint
CREATE INDEX "declarations_school" ON "declarations" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "declarations_user" ON "declarations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "declarations_changes" ON "declarations" USING btree ("changes_at");--> statement-breakpoint
CREATE INDEX "evidence_owner" ON "evidence_items" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "evidence_purge" ON "evidence_items" USING btree ("purge_after");--> statement-breakpoint
CREATE INDEX "post_checks_school_time" ON "post_checks" USING btree ("school_id","checked_at");