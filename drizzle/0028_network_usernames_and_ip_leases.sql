-- A member of staff's network username (from the MIS/AD export, one person's at a school), and the
-- IP-to-staff map monitoring keeps between ingests (leases ended before the retention period are purged).
CREATE TABLE "monitoring_ip_leases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"ip" text NOT NULL,
	"staff_email" text NOT NULL,
	"staff_id" uuid,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "network_username" text;--> statement-breakpoint
ALTER TABLE "monitoring_ip_leases" ADD CONSTRAINT "monitoring_ip_leases_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_ip_leases" ADD CONSTRAINT "monitoring_ip_leases_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_ip_leases_once" ON "monitoring_ip_leases" USING btree ("school_id","ip","staff_email","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "monitoring_ip_leases_school_to" ON "monitoring_ip_leases" USING btree ("school_id","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_school_network_username" ON "staff" USING btree ("school_id","network_username");