CREATE TABLE "post_examples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"context" text NOT NULL,
	"text" text NOT NULL,
	"clauses" text[] NOT NULL,
	"checker_clauses" text[] NOT NULL,
	"reason" text NOT NULL,
	"rules_version" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "post_examples" ADD CONSTRAINT "post_examples_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_examples" ADD CONSTRAINT "post_examples_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_examples_school_time" ON "post_examples" USING btree ("school_id","submitted_at");