-- What each sent payroll held (no account on file), kept as held: a later payroll takes the payment on
-- (still one row in benefit_payments), but the payroll that held it reads the same after the fact.
CREATE TABLE IF NOT EXISTS "benefit_payment_holds" (
  "benefit_id" text NOT NULL,
  "month" text NOT NULL,
  "payee" text NOT NULL,
  "attempt" integer NOT NULL,
  "payroll_id" text NOT NULL REFERENCES "payrolls" ("payroll_id"),
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" >= 0),
  "name" text NOT NULL,
  "held_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("benefit_id", "month", "payee", "attempt"),
  FOREIGN KEY ("benefit_id", "month", "payee") REFERENCES "benefit_payments" ("benefit_id", "month", "payee")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_payment_holds_payroll_idx" ON "benefit_payment_holds" ("payroll_id", "benefit_id", "month", "payee");
--> statement-breakpoint
-- The calendar by region: the State Council's (000000) for everyone, a province's (xx0000) for its own.
ALTER TABLE "calendar_overrides" ADD COLUMN IF NOT EXISTS "region" text NOT NULL DEFAULT '000000';
--> statement-breakpoint
ALTER TABLE "calendar_overrides" DROP CONSTRAINT IF EXISTS "calendar_overrides_pkey";
--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_pkey" PRIMARY KEY ("region", "date");
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN IF NOT EXISTS "region" text NOT NULL DEFAULT '000000';
--> statement-breakpoint
ALTER TABLE "calendar_years" DROP CONSTRAINT IF EXISTS "calendar_years_pkey";
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("region", "year");
--> statement-breakpoint
-- Resident IDs are shown with their check character only (src/domain/resident-id.ts maskResidentId):
-- masks stored before (14 stars + the last 4) narrowed. The audit trail keeps its text as written.
UPDATE "cases" SET "applicant_id_masked" = repeat('*', 17) || right("applicant_id_masked", 1) WHERE length("applicant_id_masked") = 18 AND "applicant_id_masked" ~ '[0-9X]{2}$';
--> statement-breakpoint
UPDATE "applications" SET "applicant_id_masked" = repeat('*', 17) || right("applicant_id_masked", 1) WHERE length("applicant_id_masked") = 18 AND "applicant_id_masked" ~ '[0-9X]{2}$';
--> statement-breakpoint
UPDATE "dishonesty_entries" SET "applicant_id_masked" = repeat('*', 17) || right("applicant_id_masked", 1) WHERE length("applicant_id_masked") = 18 AND "applicant_id_masked" ~ '[0-9X]{2}$';
--> statement-breakpoint
UPDATE "household_members" SET "id_masked" = repeat('*', 17) || right("id_masked", 1) WHERE length("id_masked") = 18 AND "id_masked" ~ '[0-9X]{2}$';
--> statement-breakpoint
UPDATE "household_supporters" SET "id_masked" = repeat('*', 17) || right("id_masked", 1) WHERE length("id_masked") = 18 AND "id_masked" ~ '[0-9X]{2}$';
