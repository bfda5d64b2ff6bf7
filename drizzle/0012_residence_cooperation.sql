-- Issue 20, 居住地申办 (003 §四; 001 §八): a residence-based case asks the 户籍 county to cooperate on
-- the checks (协查). One request per case; the case's workflow writes it with every step of the case
-- (src/db/cases.ts), newest case version wins.
CREATE TABLE IF NOT EXISTS "cooperation_requests" (
  "request_id" text PRIMARY KEY,
  "case_id" text NOT NULL UNIQUE,
  "org_code" text NOT NULL,
  "from_county" text NOT NULL,
  "to_county" text NOT NULL,
  "status" text NOT NULL CHECK ("status" IN ('open', 'answered', 'overdue')),
  "applicant_name" text NOT NULL,
  "applicant_id_masked" text NOT NULL,
  "permit_number" text NOT NULL,
  "requested_at" timestamp with time zone NOT NULL,
  "due_date" date NOT NULL,
  "due_at" timestamp with time zone NOT NULL,
  "findings" text,
  "household_situation" text,
  "answered_at" timestamp with time zone,
  "overdue_since" timestamp with time zone,
  "case_version" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cooperation_to_county_idx" ON "cooperation_requests" ("to_county", "status", "due_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cooperation_from_county_idx" ON "cooperation_requests" ("from_county", "status", "due_at");
--> statement-breakpoint
-- 10 working days to answer is ours (the seeds say the 户籍 place cooperates, not how fast).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'cooperation', '2020-01-01', '{"workingDays":10}', 'ours')
ON CONFLICT DO NOTHING;
