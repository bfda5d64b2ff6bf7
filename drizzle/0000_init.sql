CREATE TABLE "applications" (
	"application_id" text PRIMARY KEY NOT NULL,
	"org_code" text NOT NULL,
	"county_code" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_masked" text NOT NULL,
	"applicant_id_hash" text NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"version" integer NOT NULL,
	"view" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_org" text NOT NULL,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefit_claims" (
	"applicant_id_hash" text NOT NULL,
	"benefit_group" text NOT NULL,
	"case_id" text NOT NULL,
	"type" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_claims_applicant_id_hash_benefit_group_pk" PRIMARY KEY("applicant_id_hash","benefit_group")
);
--> statement-breakpoint
CREATE TABLE "calendar_overrides" (
	"date" date PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"case_id" text PRIMARY KEY NOT NULL,
	"application_id" text,
	"type" text NOT NULL,
	"org_code" text NOT NULL,
	"county_code" text NOT NULL,
	"department" text NOT NULL,
	"status" text NOT NULL,
	"step" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_masked" text NOT NULL,
	"applicant_id_hash" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"due_date" date,
	"due_at" timestamp with time zone,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"suspended" boolean DEFAULT false NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"overdue_since" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_late" boolean,
	"amount_fen" bigint,
	"version" integer NOT NULL,
	"view" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "dishonesty_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"applicant_id_hash" text NOT NULL,
	"applicant_id_masked" text NOT NULL,
	"reason" text NOT NULL,
	"source_case_id" text,
	"start_date" date NOT NULL,
	"expires_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"resource_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_key" text NOT NULL,
	"case_id" text,
	"kind" text NOT NULL,
	"recipient_role" text NOT NULL,
	"recipient_org" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
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
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_fen" > 0),
	CONSTRAINT "payments_source" CHECK ("payments"."source" in ('reserve', 'county')),
	CONSTRAINT "payments_reserve_entry" CHECK (("payments"."source" = 'reserve') = ("payments"."reserve_entry_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"region_code" text NOT NULL,
	"key" text NOT NULL,
	"effective_from" date NOT NULL,
	"value" jsonb NOT NULL,
	"source" text,
	CONSTRAINT "policies_region_code_key_effective_from_pk" PRIMARY KEY("region_code","key","effective_from")
);
--> statement-breakpoint
CREATE TABLE "recoveries" (
	"case_id" text PRIMARY KEY NOT NULL,
	"org_code" text NOT NULL,
	"applicant_id_hash" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"receiving_org" text NOT NULL,
	"follow_up_date" date NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referrals_kind" CHECK ("referrals"."kind" in ('employment', 'charity'))
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
	CONSTRAINT "reserve_entries_balance_nonnegative" CHECK ("reserve_entries"."balance_after_fen" >= 0),
	CONSTRAINT "reserve_entries_kind" CHECK ("reserve_entries"."kind" in ('preset', 'payout', 'replenishment', 'reversal'))
);
--> statement-breakpoint
CREATE TABLE "reserve_funds" (
	"org_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"balance_fen" bigint NOT NULL,
	"preset_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reserve_funds_balance_nonnegative" CHECK ("reserve_funds"."balance_fen" >= 0),
	CONSTRAINT "reserve_funds_preset_nonnegative" CHECK ("reserve_funds"."preset_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reserve_entry_id_reserve_entries_id_fk" FOREIGN KEY ("reserve_entry_id") REFERENCES "public"."reserve_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reserve_entries" ADD CONSTRAINT "reserve_entries_org_code_reserve_funds_org_code_fk" FOREIGN KEY ("org_code") REFERENCES "public"."reserve_funds"("org_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_org_idx" ON "applications" USING btree ("org_code","accepted_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_case_seq_uq" ON "audit_entries" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "cases_org_accepted_idx" ON "cases" USING btree ("org_code","accepted_at" DESC NULLS FIRST,"case_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cases_county_accepted_idx" ON "cases" USING btree ("county_code","accepted_at" DESC NULLS FIRST,"case_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cases_county_overdue_idx" ON "cases" USING btree ("county_code","accepted_at" DESC NULLS FIRST,"case_id" DESC NULLS FIRST) WHERE "cases"."overdue";--> statement-breakpoint
CREATE INDEX "cases_applicant_idx" ON "cases" USING btree ("applicant_id_hash");--> statement-breakpoint
CREATE INDEX "cases_application_idx" ON "cases" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "deliberations_county_idx" ON "deliberations" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "dishonesty_applicant_idx" ON "dishonesty_entries" USING btree ("applicant_id_hash","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "dishonesty_source_uq" ON "dishonesty_entries" USING btree ("applicant_id_hash","source_case_id");--> statement-breakpoint
CREATE INDEX "filings_county_idx" ON "filings" USING btree ("county_code","approved_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_recipient_uq" ON "notifications" USING btree ("event_key","recipient_role","recipient_org");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_org","recipient_role","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "payments_case_instalment_uq" ON "payments" USING btree ("case_id","instalment","payee");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_reserve_entry_uq" ON "payments" USING btree ("reserve_entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_case_seq_uq" ON "referrals" USING btree ("case_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "reserve_entries_key_uq" ON "reserve_entries" USING btree ("entry_key");--> statement-breakpoint
CREATE INDEX "reserve_entries_org_idx" ON "reserve_entries" USING btree ("org_code","id" DESC NULLS FIRST);