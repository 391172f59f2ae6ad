-- The application runs as conduct_app, which may only add to and read the audit trail: it cannot
-- change or remove a row, switch the append-only trigger off, or truncate the table. Migrations
-- run as the owner (the login in DATABASE_URL, or the embedded cluster's own user), which grants
-- conduct_app what it needs on every table it creates from now on. Conduct sets the role's
-- password (and LOGIN) at start-up; here it is only created.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'conduct_app') THEN
    CREATE ROLE conduct_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO conduct_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO conduct_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO conduct_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM conduct_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO conduct_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO conduct_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO conduct_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO conduct_app;
--> statement-breakpoint
-- A list page is one audit row naming everyone whose records it showed; "My record" finds it here.
CREATE INDEX IF NOT EXISTS audit_person_ids ON audit_events USING gin ((detail->'personIds'));
