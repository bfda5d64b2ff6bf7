-- 服务类救助 paid to its providers: a county's monthly settlement gathers its verified orders of a month,
-- one line per provider, paid to the provider's account on record through a bank file in the payroll's
-- format. An order is settled at most once: service_settlement_orders keys it.
ALTER TABLE "service_orders" DROP CONSTRAINT IF EXISTS "service_orders_status_check";
--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_status_check" CHECK ("status" IN ('ordered', 'delivered', 'verified', 'settled', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "service_orders" ADD COLUMN "settlement_id" text;
--> statement-breakpoint
-- A provider's payee account, as the county's 民政 approver recorded it (encrypted like a benefit payee's).
CREATE TABLE "service_providers" (
  "county_code" text NOT NULL,
  "name" text NOT NULL,
  "bank_name" text NOT NULL,
  "account_encrypted" text NOT NULL,
  "account_masked" text NOT NULL,
  "history" jsonb NOT NULL DEFAULT '[]',
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  PRIMARY KEY ("county_code", "name")
);
--> statement-breakpoint
CREATE TABLE "service_settlements" (
  "id" bigserial PRIMARY KEY,
  "settlement_id" text GENERATED ALWAYS AS ('settlement-' || "id"::text) STORED,
  "county_code" text NOT NULL,
  "month" text NOT NULL,
  "orders" integer NOT NULL CHECK ("orders" > 0),
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" > 0),
  "history" jsonb NOT NULL DEFAULT '[]',
  "created_by" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_settlements_id_uq" ON "service_settlements" ("settlement_id");
--> statement-breakpoint
CREATE INDEX "service_settlements_county_idx" ON "service_settlements" ("county_code", "month");
--> statement-breakpoint
-- One line per provider, with the account as it was when the settlement was made (the bank file's row).
CREATE TABLE "service_settlement_lines" (
  "settlement_id" text NOT NULL,
  "line" integer NOT NULL CHECK ("line" > 0),
  "provider" text NOT NULL,
  "bank_name" text NOT NULL,
  "account_encrypted" text NOT NULL,
  "account_masked" text NOT NULL,
  "orders" integer NOT NULL CHECK ("orders" > 0),
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" > 0),
  "status" text NOT NULL DEFAULT 'sent' CHECK ("status" IN ('sent', 'failed')),
  "failure_reason" text,
  PRIMARY KEY ("settlement_id", "line")
);
--> statement-breakpoint
-- The key that pays an order once: a second settlement claiming it fails here, whatever the application did.
CREATE TABLE "service_settlement_orders" (
  "order_id" text PRIMARY KEY,
  "settlement_id" text NOT NULL,
  "line" integer NOT NULL
);
