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
CREATE TABLE "policies" (
	"region_code" text NOT NULL,
	"key" text NOT NULL,
	"effective_from" date NOT NULL,
	"value" jsonb NOT NULL,
	"source" text,
	CONSTRAINT "policies_region_code_key_effective_from_pk" PRIMARY KEY("region_code","key","effective_from")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_case_seq_uq" ON "audit_entries" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "cases_org_accepted_idx" ON "cases" USING btree ("org_code","accepted_at" DESC NULLS LAST,"case_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_county_accepted_idx" ON "cases" USING btree ("county_code","accepted_at" DESC NULLS LAST,"case_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_county_overdue_idx" ON "cases" USING btree ("county_code","accepted_at" DESC NULLS LAST,"case_id" DESC NULLS LAST) WHERE "cases"."overdue";--> statement-breakpoint
CREATE INDEX "cases_applicant_idx" ON "cases" USING btree ("applicant_id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_recipient_uq" ON "notifications" USING btree ("event_key","recipient_role","recipient_org");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_org","recipient_role","created_at" DESC NULLS LAST);