-- 受理编号: a number people can read out (420106-2026-000123): the county, the Shanghai year of
-- acceptance, and a sequence per county and year. The counter row is taken once per new case, in the
-- transaction that first records it (src/db/case-numbers.ts), so a retried write never takes another.
CREATE TABLE IF NOT EXISTS "case_number_counters" (
  "county_code" text NOT NULL CHECK ("county_code" ~ '^\d{6}$'),
  "year" integer NOT NULL,
  "last" integer NOT NULL CHECK ("last" >= 1),
  PRIMARY KEY ("county_code", "year")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN IF NOT EXISTS "case_number" text;
--> statement-breakpoint
-- Cases recorded before numbers existed are numbered in the order they were accepted.
WITH numbered AS (
  SELECT case_id, county_code,
         extract(year FROM accepted_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
         row_number() OVER (PARTITION BY county_code, extract(year FROM accepted_at AT TIME ZONE 'Asia/Shanghai') ORDER BY accepted_at, case_id) AS seq
  FROM cases WHERE case_number IS NULL
)
UPDATE cases c
SET case_number = n.county_code || '-' || n.year || '-' || CASE WHEN n.seq < 1000000 THEN lpad(n.seq::text, 6, '0') ELSE n.seq::text END
FROM numbered n WHERE c.case_id = n.case_id;
--> statement-breakpoint
INSERT INTO case_number_counters (county_code, year, last)
SELECT county_code, split_part(case_number, '-', 2)::int, max(split_part(case_number, '-', 3)::int)
FROM cases GROUP BY 1, 2
ON CONFLICT (county_code, year) DO UPDATE SET last = greatest(case_number_counters.last, excluded.last);
--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "case_number" SET NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "cases_case_number_uq" ON "cases" ("case_number");
--> statement-breakpoint
-- The notifications already sent name the applicant and the number where they cited the internal id.
UPDATE notifications n
SET message = replace(n.message, n.case_id, c.applicant_name || '（' || c.case_number || '）')
FROM cases c WHERE n.case_id = c.case_id AND strpos(n.message, n.case_id) > 0;
--> statement-breakpoint
-- Who took a step, by name, as their token said it (null for the service's own steps and older entries).
ALTER TABLE "audit_entries" ADD COLUMN IF NOT EXISTS "actor_name" text;
