-- What each payroll sent, kept as sent: a returned payment moves to the next payroll (still one row in
-- benefit_payments), but the payroll that first sent it keeps its attempt — its bank file, payments and
-- totals read the same after the fact, with the payee's name and (encrypted) account as sent.
CREATE TABLE IF NOT EXISTS "benefit_payment_attempts" (
  "benefit_id" text NOT NULL,
  "month" text NOT NULL,
  "payee" text NOT NULL,
  "attempt" integer NOT NULL,
  "payroll_id" text NOT NULL REFERENCES "payrolls" ("payroll_id"),
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" >= 0),
  "name" text NOT NULL,
  "bank_name" text,
  "account_encrypted" text NOT NULL,
  "account_masked" text,
  "status" text NOT NULL CHECK ("status" IN ('sent', 'failed')),
  "failure_reason" text,
  "sent_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("benefit_id", "month", "payee", "attempt"),
  FOREIGN KEY ("benefit_id", "month", "payee") REFERENCES "benefit_payments" ("benefit_id", "month", "payee")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_payment_attempts_payroll_idx" ON "benefit_payment_attempts" ("payroll_id", "benefit_id", "month", "payee");
--> statement-breakpoint
-- Superseded by the attempts: which payroll carried a payment when is kept there, as sent.
ALTER TABLE "benefit_payments" DROP COLUMN IF EXISTS "first_payroll_id";
