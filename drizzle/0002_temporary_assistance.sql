CREATE TABLE "deliberations" (
	"deliberation_id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"org_code" text NOT NULL,
	"county_code" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"view" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "filings" (
	"case_id" text PRIMARY KEY NOT NULL,
	"org_code" text NOT NULL,
	"county_code" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"approved_by" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"instalment" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"org_code" text NOT NULL,
	"county_code" text NOT NULL,
	"payee" text DEFAULT 'applicant' NOT NULL,
	"reserve_entry_id" bigint,
	"paid_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "reserve_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_code" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"balance_after_fen" bigint NOT NULL,
	"entry_key" text NOT NULL,
	"case_id" text,
	"instalment" integer,
	"actor_sub" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "reserve_entries_balance_nonnegative" CHECK ("reserve_entries"."balance_after_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reserve_funds" (
	"org_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"balance_fen" bigint NOT NULL,
	"preset_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reserve_funds_balance_nonnegative" CHECK ("reserve_funds"."balance_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX "deliberations_county_idx" ON "deliberations" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "filings_county_idx" ON "filings" USING btree ("county_code","approved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "payments_case_instalment_uq" ON "payments" USING btree ("case_id","instalment","payee");--> statement-breakpoint
CREATE UNIQUE INDEX "reserve_entries_key_uq" ON "reserve_entries" USING btree ("entry_key");--> statement-breakpoint
CREATE INDEX "reserve_entries_org_idx" ON "reserve_entries" USING btree ("org_code","id" DESC NULLS LAST);