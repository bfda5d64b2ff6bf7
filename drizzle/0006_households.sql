-- The household register (户): who lives together, what they earn and own, and who must support a
-- 特困 applicant (001 §二(一)). A household changes only by dated changes, kept and never overwritten:
-- each change sets whole parts (members, assets, supporters), and the household's state on a day is,
-- part by part, the latest change effective on or before it that set that part. Full resident IDs are
-- never stored: the keyed hash finds a person across households, the mask tells two apart at the window.
CREATE TABLE IF NOT EXISTS "households" (
  "household_id" text PRIMARY KEY,
  "org_code" text NOT NULL CHECK ("org_code" ~ '^\d{9}$'),
  "county_code" text NOT NULL CHECK ("county_code" ~ '^\d{6}$'),
  -- The first change's effectiveOn: the register knows nothing of the household before it.
  "created_on" date NOT NULL,
  -- One more per change: a decision computed at one version loses to a change recorded first.
  "version" integer NOT NULL CHECK ("version" >= 1),
  "created_by_sub" text NOT NULL,
  "created_by_role" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "household_changes" (
  "change_id" text PRIMARY KEY,
  "household_id" text NOT NULL REFERENCES "households" ("household_id"),
  "seq" integer NOT NULL CHECK ("seq" >= 1),
  "effective_on" date NOT NULL,
  "reason" text NOT NULL,
  "actor_sub" text NOT NULL,
  "actor_role" text NOT NULL,
  "at" timestamp with time zone NOT NULL,
  -- Which parts this change set (a part set to nothing — no supporters — is still set).
  "sets_members" boolean NOT NULL,
  "sets_assets" boolean NOT NULL,
  "sets_supporters" boolean NOT NULL,
  -- An economic check's report (核对): its reference and the day it checked.
  "check_reference" text,
  "checked_on" date,
  UNIQUE ("household_id", "seq")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "household_changes_effective_idx" ON "household_changes" ("household_id", "effective_on" DESC, "seq" DESC);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "household_members" (
  "change_id" text NOT NULL REFERENCES "household_changes" ("change_id"),
  "position" integer NOT NULL CHECK ("position" >= 0),
  -- The same person keeps one member id across the household's changes (found by the hash).
  "member_id" text NOT NULL,
  "name" text NOT NULL,
  "id_hash" text NOT NULL,
  "id_masked" text NOT NULL,
  -- For 特困's age rule on any later day: the only part of the number the rules read.
  "birth_date" date NOT NULL,
  "relation" text NOT NULL CHECK ("relation" IN ('self', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other')),
  "lives_together" boolean NOT NULL,
  "work_ability" text NOT NULL CHECK ("work_ability" IN ('full', 'partial', 'none')),
  "employed" boolean NOT NULL,
  "disability_level" integer CHECK ("disability_level" BETWEEN 1 AND 4),
  -- [{ kind, monthlyFen }], as declared or as the economic check found.
  "incomes" jsonb NOT NULL,
  PRIMARY KEY ("change_id", "position"),
  UNIQUE ("change_id", "id_hash")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "household_members_id_hash_idx" ON "household_members" ("id_hash");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "household_assets" (
  "change_id" text PRIMARY KEY REFERENCES "household_changes" ("change_id"),
  "deposits_fen" bigint NOT NULL CHECK ("deposits_fen" >= 0),
  "securities_fen" bigint NOT NULL CHECK ("securities_fen" >= 0),
  "vehicles" integer NOT NULL CHECK ("vehicles" >= 0),
  "homes" integer NOT NULL CHECK ("homes" >= 0),
  "business_registered" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "household_supporters" (
  "change_id" text NOT NULL REFERENCES "household_changes" ("change_id"),
  "position" integer NOT NULL CHECK ("position" >= 0),
  "name" text NOT NULL,
  "id_hash" text,
  "id_masked" text,
  "relation" text NOT NULL,
  "monthly_income_fen" bigint NOT NULL CHECK ("monthly_income_fen" >= 0),
  "able_to_support" boolean NOT NULL,
  PRIMARY KEY ("change_id", "position")
);
--> statement-breakpoint
-- The cases that name a household: how another household's 低保 is found from a member's hash.
CREATE TABLE IF NOT EXISTS "household_cases" (
  "case_id" text PRIMARY KEY,
  "household_id" text NOT NULL REFERENCES "households" ("household_id"),
  "type" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "household_cases_household_idx" ON "household_cases" ("household_id", "type");
--> statement-breakpoint
-- 低收入 (低保边缘) recognitions: the household counts as an existing recipient for 医疗/教育/公租房.
CREATE TABLE IF NOT EXISTS "household_recognitions" (
  "household_id" text NOT NULL REFERENCES "households" ("household_id"),
  "type" text NOT NULL CHECK ("type" IN ('low-income')),
  "case_id" text NOT NULL,
  "since" date NOT NULL,
  PRIMARY KEY ("household_id", "type", "case_id")
);
--> statement-breakpoint
-- Kept, never overwritten: the register's history is refused changes and deletions at the database.
CREATE OR REPLACE FUNCTION household_history_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER household_changes_no_update BEFORE UPDATE OR DELETE ON "household_changes" FOR EACH ROW EXECUTE FUNCTION household_history_append_only();
--> statement-breakpoint
CREATE TRIGGER household_members_no_update BEFORE UPDATE OR DELETE ON "household_members" FOR EACH ROW EXECUTE FUNCTION household_history_append_only();
--> statement-breakpoint
CREATE TRIGGER household_assets_no_update BEFORE UPDATE OR DELETE ON "household_assets" FOR EACH ROW EXECUTE FUNCTION household_history_append_only();
--> statement-breakpoint
CREATE TRIGGER household_supporters_no_update BEFORE UPDATE OR DELETE ON "household_supporters" FOR EACH ROW EXECUTE FUNCTION household_history_append_only();
--> statement-breakpoint
-- The eligibility policy (national, dated): every figure is a placeholder until a region loads its own
-- published rules. 就业成本 200 元 and the 30 元 minimum match the `benefits` seed; deposits up to 24
-- months of the standard per person, one home, no vehicle, no registered business; 低收入 up to 1.5 ×
-- the standard; a check usable for 90 days; 特困's age rule at 60 and under 16 (无劳动能力 by age) and
-- 无生活来源 as own income at most the national placeholder 低保 standard (800 元).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'eligibility', '2020-01-01',
   '{"workCostDeductionFen":20000,"excludedIncomeKinds":[],"assetLimits":{"depositsMonthsOfStandard":24,"maxHomes":1,"maxVehicles":0,"businessAllowed":false},"amountRule":{"kind":"gap","roundTo":"fen","minimumFen":3000},"lowIncomeFactor":1.5,"economicCheckValidDays":90,"tekunAge":{"elderlyFrom":60,"minorUnder":16},"tekunIncomeThresholdFen":80000}',
   'ours: placeholder, every figure to be replaced by the region''s published rules (seeds/001 §二(一) names the tests, not the figures)')
ON CONFLICT DO NOTHING;
