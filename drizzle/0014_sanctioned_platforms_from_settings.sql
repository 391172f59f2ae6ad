-- The post check used to read sanctioned platforms from schools.settings; they move to the
-- register (6.1). Copy each school's list once, so nothing a school had sanctioned is lost.
INSERT INTO "sanctioned_platforms" ("school_id", "platform", "year_groups", "purpose")
SELECT s."id", trim(p.name), 'Not recorded', 'Carried over from the school settings; add the year groups and purpose'
FROM "schools" s, jsonb_array_elements_text(coalesce(s."settings"->'sanctionedPlatforms', '[]'::jsonb)) AS p(name)
WHERE trim(p.name) <> ''
ON CONFLICT DO NOTHING;
