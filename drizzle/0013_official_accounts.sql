CREATE TABLE "account_settings" (
	"id" text PRIMARY KEY DEFAULT 'trust' NOT NULL,
	"school_email_domains" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"site" text NOT NULL,
	"decided_by" text NOT NULL,
	"reason" text NOT NULL,
	"decided_on" date NOT NULL,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid,
	"platform" text NOT NULL,
	"handle" text NOT NULL,
	"link" text NOT NULL,
	"purpose" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"login_email" text NOT NULL,
	"mfa_enabled" boolean NOT NULL,
	"recovery_contacts" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"handover_flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"grant_id" uuid NOT NULL,
	"text" text NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"alt_texts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"check" jsonb NOT NULL,
	"status" text DEFAULT 'awaiting-approval' NOT NULL,
	"reviewer_id" uuid,
	"review_comment" text,
	"reviewed_at" timestamp with time zone,
	"approved_text" text,
	"published_url" text,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"differs_note" text,
	"differs_flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posting_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"grantee_id" uuid NOT NULL,
	"granted_by_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"reason" text NOT NULL,
	"expires_on" date NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"ended_by_id" uuid,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sanctioned_platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"year_groups" text NOT NULL,
	"purpose" text NOT NULL,
	"decided_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_sites" ADD CONSTRAINT "device_sites_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_sites" ADD CONSTRAINT "device_sites_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_accounts" ADD CONSTRAINT "official_accounts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_accounts" ADD CONSTRAINT "official_accounts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_posts" ADD CONSTRAINT "official_posts_account_id_official_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."official_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_posts" ADD CONSTRAINT "official_posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_posts" ADD CONSTRAINT "official_posts_grant_id_posting_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."posting_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_posts" ADD CONSTRAINT "official_posts_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_posts" ADD CONSTRAINT "official_posts_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting_grants" ADD CONSTRAINT "posting_grants_account_id_official_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."official_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting_grants" ADD CONSTRAINT "posting_grants_grantee_id_users_id_fk" FOREIGN KEY ("grantee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting_grants" ADD CONSTRAINT "posting_grants_granted_by_id_users_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting_grants" ADD CONSTRAINT "posting_grants_ended_by_id_users_id_fk" FOREIGN KEY ("ended_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sanctioned_platforms" ADD CONSTRAINT "sanctioned_platforms_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sanctioned_platforms" ADD CONSTRAINT "sanctioned_platforms_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_sites_school_site" ON "device_sites" USING btree ("school_id",lower("site"));--> statement-breakpoint
CREATE INDEX "official_accounts_school" ON "official_accounts" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "official_accounts_platform_handle" ON "official_accounts" USING btree (lower("platform"),lower("handle"));--> statement-breakpoint
CREATE INDEX "official_posts_account" ON "official_posts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "official_posts_author" ON "official_posts" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "posting_grants_account" ON "posting_grants" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "posting_grants_grantee" ON "posting_grants" USING btree ("grantee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sanctioned_platforms_school_platform" ON "sanctioned_platforms" USING btree ("school_id",lower("platform"));