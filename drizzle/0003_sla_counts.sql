-- SLA figures per street, type and month of acceptance (Asia/Shanghai), kept by triggers on the read
-- model: a county's all-time statistics sum a few hundred rows instead of scanning every case it ever
-- had. `cases` counts every case, so a group of withdrawn cases still shows, with zeros.
CREATE TABLE IF NOT EXISTS "case_sla_counts" (
  "org_code" text NOT NULL,
  "county_code" text NOT NULL,
  "type" text NOT NULL,
  "accepted_month" date NOT NULL,
  "cases" integer NOT NULL DEFAULT 0,
  "open" integer NOT NULL DEFAULT 0,
  "decided_on_time" integer NOT NULL DEFAULT 0,
  "decided_late" integer NOT NULL DEFAULT 0,
  "overdue" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("org_code", "type", "accepted_month")
) WITH (fillfactor = 50); -- room for HOT updates: a counter changes, its index entries need not
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_sla_counts_county_idx" ON "case_sla_counts" ("county_code", "accepted_month");
--> statement-breakpoint
-- Adds (sign 1) or takes back (sign -1) one case's share of its group.
CREATE OR REPLACE FUNCTION case_sla_add(c cases, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_sla_counts AS t (org_code, county_code, type, accepted_month, cases, open, decided_on_time, decided_late, overdue)
  VALUES (
    c.org_code, c.county_code, c.type,
    date_trunc('month', c.accepted_at AT TIME ZONE 'Asia/Shanghai')::date,
    sign,
    sign * (c.status = 'open')::int,
    sign * (c.decided_at IS NOT NULL AND c.decided_late IS FALSE)::int,
    sign * (c.decided_at IS NOT NULL AND c.decided_late IS TRUE)::int,
    sign * c.overdue::int
  )
  ON CONFLICT (org_code, type, accepted_month) DO UPDATE SET
    cases = t.cases + EXCLUDED.cases,
    open = t.open + EXCLUDED.open,
    decided_on_time = t.decided_on_time + EXCLUDED.decided_on_time,
    decided_late = t.decided_late + EXCLUDED.decided_late,
    overdue = t.overdue + EXCLUDED.overdue
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_sla_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_sla_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_sla_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS cases_sla_insert ON cases;
--> statement-breakpoint
CREATE TRIGGER cases_sla_insert AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_sla_count();
--> statement-breakpoint
-- Most steps change none of the counted columns and leave the counts alone.
DROP TRIGGER IF EXISTS cases_sla_update ON cases;
--> statement-breakpoint
CREATE TRIGGER cases_sla_update AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.decided_at IS DISTINCT FROM NEW.decided_at
    OR OLD.decided_late IS DISTINCT FROM NEW.decided_late OR OLD.overdue IS DISTINCT FROM NEW.overdue
    OR OLD.org_code IS DISTINCT FROM NEW.org_code OR OLD.type IS DISTINCT FROM NEW.type
    OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at)
  EXECUTE FUNCTION case_sla_count();
--> statement-breakpoint
-- The cases already recorded.
INSERT INTO case_sla_counts (org_code, county_code, type, accepted_month, cases, open, decided_on_time, decided_late, overdue)
SELECT org_code, county_code, type, date_trunc('month', accepted_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
  count(*) FILTER (WHERE status = 'open'),
  count(*) FILTER (WHERE decided_at IS NOT NULL AND decided_late IS FALSE),
  count(*) FILTER (WHERE decided_at IS NOT NULL AND decided_late IS TRUE),
  count(*) FILTER (WHERE overdue)
FROM cases GROUP BY 1, 2, 3, 4
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- "Due within three days" is relative to now, so it is counted from the open cases themselves.
CREATE INDEX IF NOT EXISTS "cases_county_due_open_idx" ON "cases" ("county_code", "due_at") INCLUDE ("org_code", "type") WHERE step <> 'closed' AND NOT overdue;
