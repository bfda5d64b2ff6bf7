-- Monthly benefits (待遇) after an approval of 低保, 特困 or 公租房租赁补贴, and the county payroll that pays
-- them. A benefit's lifecycle is its workflow's; its money is here: the basis its amounts follow (one
-- row per change, from a month), its payees and their encrypted accounts, and one payment per
-- (benefit, month, payee), ever.
CREATE TABLE IF NOT EXISTS "benefits" (
  "benefit_id" text PRIMARY KEY,
  "case_id" text NOT NULL UNIQUE,
  "type" text NOT NULL CHECK ("type" IN ('dibao', 'tekun', 'housing')),
  "org_code" text NOT NULL,
  "county_code" text NOT NULL,
  "applicant_id_hash" text NOT NULL,
  "applicant_name" text NOT NULL,
  "status" text NOT NULL CHECK ("status" IN ('active', 'suspended', 'phasing-out', 'stopped')),
  "first_month" text NOT NULL CHECK ("first_month" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  "last_month" text CHECK ("last_month" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  "stop_reason" text,
  -- Every month through this one has its payment row: the next payroll pays the months after it that
  -- are owed (a late approval's first months, a suspension's months once resumed), never one twice.
  "covered_through" text,
  "review_due_date" date NOT NULL,
  "review_deadline" date,
  "review_overdue" boolean NOT NULL DEFAULT false,
  "version" integer NOT NULL,
  "opened_at" timestamp with time zone NOT NULL,
  "updated_at" timestamp with time zone NOT NULL,
  -- A stopped benefit says until when it was paid; nothing after its last month.
  CHECK ("status" <> 'stopped' OR "last_month" IS NOT NULL),
  CHECK ("last_month" IS NULL OR "last_month" >= to_char(to_date("first_month", 'YYYY-MM') - interval '1 month', 'YYYY-MM'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefits_county_idx" ON "benefits" ("county_code", "first_month");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefits_org_idx" ON "benefits" ("org_code", "benefit_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefits_review_idx" ON "benefits" ("county_code", "review_due_date") WHERE "status" <> 'stopped';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefits_person_idx" ON "benefits" ("applicant_id_hash");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "benefit_bases" (
  "benefit_id" text NOT NULL REFERENCES "benefits" ("benefit_id"),
  "from_month" text NOT NULL,
  "basis" jsonb NOT NULL,
  PRIMARY KEY ("benefit_id", "from_month")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "benefit_payees" (
  "benefit_id" text NOT NULL REFERENCES "benefits" ("benefit_id"),
  "payee" text NOT NULL,
  "name" text NOT NULL,
  "bank_name" text,
  -- AES-256-GCM ciphertext (iv, tag, data; base64); only the masked form is ever shown.
  "account_encrypted" text,
  "account_masked" text,
  PRIMARY KEY ("benefit_id", "payee")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "benefit_events" (
  "id" bigserial PRIMARY KEY,
  "benefit_id" text NOT NULL REFERENCES "benefits" ("benefit_id"),
  -- The workflow's version (v3) or a standard's adjustment: a retried write adds nothing.
  "event_key" text NOT NULL,
  "at" timestamp with time zone NOT NULL,
  "actor_sub" text NOT NULL,
  "actor_role" text NOT NULL,
  "action" text NOT NULL,
  "summary" text NOT NULL,
  "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE ("benefit_id", "event_key")
);
--> statement-breakpoint
CREATE TRIGGER benefit_events_no_update BEFORE UPDATE OR DELETE ON "benefit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "payrolls" (
  "payroll_id" text PRIMARY KEY,
  "county_code" text NOT NULL,
  "month" text NOT NULL CHECK ("month" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  "status" text NOT NULL CHECK ("status" IN ('preparing', 'prepared', 'released', 'sent')),
  "requested_by" text NOT NULL,
  "requested_at" timestamp with time zone NOT NULL,
  "prepared_at" timestamp with time zone,
  "released_by" text,
  "released_at" timestamp with time zone,
  "sent_at" timestamp with time zone,
  UNIQUE ("county_code", "month")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "benefit_payments" (
  "benefit_id" text NOT NULL REFERENCES "benefits" ("benefit_id"),
  "month" text NOT NULL,
  "payee" text NOT NULL,
  "payroll_id" text NOT NULL REFERENCES "payrolls" ("payroll_id"),
  -- The payroll that first carried it: a failed payment moves to the next payroll, still one row.
  "first_payroll_id" text NOT NULL REFERENCES "payrolls" ("payroll_id"),
  "county_code" text NOT NULL,
  "org_code" text NOT NULL,
  "type" text NOT NULL,
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" >= 0),
  -- prepared → sent; held: no account on file; failed: the bank returned it; cancelled: a stop or a
  -- suspension came before it was sent.
  "status" text NOT NULL CHECK ("status" IN ('prepared', 'held', 'sent', 'failed', 'cancelled')),
  "attempts" integer NOT NULL DEFAULT 1,
  "failure_reason" text,
  "sent_at" timestamp with time zone,
  "updated_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("benefit_id", "month", "payee")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_payments_payroll_idx" ON "benefit_payments" ("payroll_id", "benefit_id", "month", "payee");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_payments_retry_idx" ON "benefit_payments" ("county_code") WHERE "status" IN ('failed', 'held');
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_payments_spending_idx" ON "benefit_payments" ("county_code", "month") INCLUDE ("org_code", "type", "amount_fen", "benefit_id") WHERE "status" = 'sent';
--> statement-breakpoint
-- Every policy value loaded, by whom and when: the policies table says what is in force, this says how it came to be.
CREATE TABLE IF NOT EXISTS "policy_changes" (
  "id" bigserial PRIMARY KEY,
  "region_code" text NOT NULL,
  "key" text NOT NULL,
  "effective_from" date NOT NULL,
  "value" jsonb NOT NULL,
  "previous_value" jsonb,
  "source" text NOT NULL,
  "actor_sub" text NOT NULL,
  "at" timestamp with time zone NOT NULL,
  "adjusted_benefits" integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE TRIGGER policy_changes_no_update BEFORE UPDATE OR DELETE ON "policy_changes"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
-- Benefit policy (ours) and the 特困 standards (placeholders until the published figures are loaded).
-- 渐退期 6 months (at most 12, 001 §二(一)); reviews yearly, half-yearly for 低保 households with members
-- in work (动态管理); a review has 10 working days.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'benefits', '2020-01-01', '{"firstMonth":"approval-month","dibaoMinimumFen":3000,"workCostFen":20000,"phaseOutMonths":6,"reviewMonths":{"dibao":12,"dibaoWithWorkers":6,"tekun":12,"housing":12},"reviewWorkingDays":10}', 'seeds/001 §二(一); ours'),
  ('000000', 'tekun-standard', '2020-01-01', '{"basicFen":104000,"careFen":{"full":10000,"partial":40000,"none":80000}}', 'ours: placeholder, load the published standard'),
  ('420106', 'tekun-standard', '2020-01-01', '{"basicFen":130000,"careFen":{"full":13000,"partial":50000,"none":100000}}', 'ours: placeholder, load the published 武汉市 standard'),
  ('510121', 'tekun-standard', '2020-01-01', '{"basicFen":104000,"careFen":{"full":10000,"partial":40000,"none":80000}}', 'ours: placeholder, load the published standard')
ON CONFLICT DO NOTHING;
