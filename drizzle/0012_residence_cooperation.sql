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
--> statement-breakpoint
-- Issue 20, 受灾人员救助 (001 §二(七), 应急管理): disaster events and the cases opened for their households,
-- one per event and caller's key (a second intake of the same key creates nothing).
CREATE TABLE IF NOT EXISTS "disaster_events" (
  "event_id" text PRIMARY KEY,
  "name" text NOT NULL,
  "occurred_on" date NOT NULL,
  "kind" text NOT NULL,
  "county_code" text NOT NULL,
  "created_by" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "disaster_cases" (
  "event_id" text NOT NULL REFERENCES "disaster_events" ("event_id"),
  "key" text NOT NULL,
  "case_id" text NOT NULL UNIQUE,
  "started" boolean NOT NULL DEFAULT false,
  PRIMARY KEY ("event_id", "key")
);
--> statement-breakpoint
-- 10 working days to decide and at most 3 months of 过渡期生活救助 are ours (placeholders for the region's rules).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'disaster', '2020-01-01', '{"decisionWorkingDays":10,"transitionMonths":3}', 'ours')
ON CONFLICT DO NOTHING;
