-- Active minutes move from one row per person, platform and minute to one row per person, platform
-- and UTC hour, with the hour's minutes as bit masks, one per class (bit k: minute k of the hour;
-- see src/monitoring/minute-masks.ts). Every stored minute is carried over in its class. The rows
-- no longer check foreign keys into staff and schools: ingest writes only the school's own staff
-- ids, and neither table is ever deleted from.
ALTER TABLE "monitoring_minutes" RENAME TO "monitoring_minutes_by_minute";--> statement-breakpoint
CREATE TABLE "monitoring_minutes" (
	"staff_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"school_id" uuid NOT NULL,
	"pupils_present" bigint NOT NULL,
	"directed_no_pupils" bigint NOT NULL,
	"allowed" bigint NOT NULL,
	CONSTRAINT "monitoring_minutes_staff_id_platform_hour_pk" PRIMARY KEY("staff_id","platform","hour")
);
--> statement-breakpoint
-- The UTC hour from the epoch, not date_trunc, which truncates in the session's time zone.
INSERT INTO "monitoring_minutes" ("staff_id", "platform", "hour", "school_id", "pupils_present", "directed_no_pupils", "allowed")
SELECT m."staff_id", m."platform", to_timestamp(m.h * 3600), (array_agg(m."school_id"))[1],
	coalesce(bit_or(1::bigint << m.k) FILTER (WHERE m."minute_class" = 'pupilsPresent'), 0),
	coalesce(bit_or(1::bigint << m.k) FILTER (WHERE m."minute_class" = 'directedNoPupils'), 0),
	coalesce(bit_or(1::bigint << m.k) FILTER (WHERE m."minute_class" = 'allowed'), 0)
FROM (
	SELECT "staff_id", "platform", "school_id", "minute_class",
		floor(extract(epoch FROM "minute") / 3600)::bigint AS h,
		(floor(extract(epoch FROM "minute") / 60)::bigint % 60)::int AS k
	FROM "monitoring_minutes_by_minute"
) m
GROUP BY m."staff_id", m."platform", m.h;--> statement-breakpoint
DROP TABLE "monitoring_minutes_by_minute";--> statement-breakpoint
CREATE INDEX "monitoring_minutes_school_hour" ON "monitoring_minutes" USING btree ("school_id","hour");
