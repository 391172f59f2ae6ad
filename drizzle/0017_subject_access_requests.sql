CREATE TABLE "subject_access_redactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"section" text NOT NULL,
	"record_id" text NOT NULL,
	"reason" text NOT NULL,
	"redacted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subject_access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_user_id" uuid NOT NULL,
	"school_id" uuid,
	"requested_by" text NOT NULL,
	"received_on" date NOT NULL,
	"due_on" date NOT NULL,
	"disclosure_allowed" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_produced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "subject_access_redactions" ADD CONSTRAINT "subject_access_redactions_request_id_subject_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."subject_access_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_access_redactions" ADD CONSTRAINT "subject_access_redactions_redacted_by_users_id_fk" FOREIGN KEY ("redacted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_access_requests" ADD CONSTRAINT "subject_access_requests_person_user_id_users_id_fk" FOREIGN KEY ("person_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_access_requests" ADD CONSTRAINT "subject_access_requests_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_access_requests" ADD CONSTRAINT "subject_access_requests_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subject_access_redactions_once" ON "subject_access_redactions" USING btree ("request_id","section","record_id");--> statement-breakpoint
CREATE INDEX "subject_access_requests_school" ON "subject_access_requests" USING btree ("school_id","received_on");