-- A case's chronology is append-only: the database itself refuses to change or remove an entry.
-- A correction is a new entry pointing at the one it corrects. The one exception is the retention
-- job (KCSIE: false and malicious allegations are removed), which deletes a whole case's entries
-- inside a transaction that first sets conduct.concern_retention to 'on'. Updates are never allowed.
CREATE OR REPLACE FUNCTION conduct_concern_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('conduct.concern_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'concern_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER concern_entries_no_update BEFORE UPDATE OR DELETE ON concern_entries
  FOR EACH ROW EXECUTE FUNCTION conduct_concern_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER concern_entries_no_truncate BEFORE TRUNCATE ON concern_entries
  FOR EACH STATEMENT EXECUTE FUNCTION conduct_concern_entries_append_only();
