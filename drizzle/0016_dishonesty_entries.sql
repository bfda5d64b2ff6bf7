-- 失信 from every source of 004 §四, not only a false commitment: an entry is proposed with its kind and
-- evidence, confirmed (listed until a date) or rejected by the county's 民政 approver, appealed, removed.
-- A person is its keyed ID hash and mask; an organisation its 统一社会信用代码 and name. Entries written
-- by a revocation before this migration are listed false commitments of their case's county.
ALTER TABLE "dishonesty_entries"
  ADD COLUMN "entry_id" text GENERATED ALWAYS AS ('dishonesty-' || "id"::text) STORED,
  ADD COLUMN "status" text NOT NULL DEFAULT 'listed' CHECK ("status" IN ('proposed', 'listed', 'rejected', 'appealed', 'removed')),
  ADD COLUMN "kind" text NOT NULL DEFAULT 'false-commitment' CHECK ("kind" IN ('concealed-income', 'false-documents', 'misreported-members', 'false-commitment', 'other')),
  ADD COLUMN "subject_kind" text NOT NULL DEFAULT 'person' CHECK ("subject_kind" IN ('person', 'organisation')),
  ADD COLUMN "credit_code" text,
  ADD COLUMN "organisation_name" text,
  ADD COLUMN "evidence" text,
  ADD COLUMN "county_code" text,
  ADD COLUMN "history" jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN "version" integer NOT NULL DEFAULT 1,
  -- The proposing request (its Idempotency-Key, claimed): a retried proposal finds the first.
  ADD COLUMN "request_id" text,
  ALTER COLUMN "applicant_id_hash" DROP NOT NULL,
  ALTER COLUMN "applicant_id_masked" DROP NOT NULL,
  ALTER COLUMN "start_date" DROP NOT NULL,
  ALTER COLUMN "expires_on" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "dishonesty_entries" ADD CONSTRAINT "dishonesty_subject" CHECK (
  ("subject_kind" = 'person' AND "applicant_id_hash" IS NOT NULL AND "applicant_id_masked" IS NOT NULL)
  OR ("subject_kind" = 'organisation' AND "credit_code" IS NOT NULL AND "organisation_name" IS NOT NULL));
--> statement-breakpoint
-- Listed means listed from a date until a date.
ALTER TABLE "dishonesty_entries" ADD CONSTRAINT "dishonesty_listed_dates" CHECK (
  "status" NOT IN ('listed', 'appealed') OR ("start_date" IS NOT NULL AND "expires_on" IS NOT NULL));
--> statement-breakpoint
CREATE UNIQUE INDEX "dishonesty_entry_id_uq" ON "dishonesty_entries" ("entry_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "dishonesty_request_uq" ON "dishonesty_entries" ("request_id");
--> statement-breakpoint
CREATE INDEX "dishonesty_county_idx" ON "dishonesty_entries" ("county_code", "status", "id");
--> statement-breakpoint
UPDATE "dishonesty_entries" d SET "county_code" = c."county_code" FROM "cases" c WHERE c."case_id" = d."source_case_id" AND d."county_code" IS NULL;
--> statement-breakpoint
-- How long a confirmed entry stays listed unless the approver names a date (ours: two years, as a false commitment's).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'dishonesty', '2020-01-01', '{"days":730}', 'ours')
ON CONFLICT DO NOTHING;
