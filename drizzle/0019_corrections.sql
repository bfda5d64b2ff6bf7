-- 容错纠错 (001 §十三(三)): a correction of a case's record — the applicant's particulars, the household's
-- facts, the decided monthly amount — proposed by the street with its reason and evidence, approved or
-- refused by the county's 民政 approver. The row keeps the value it replaces beside the new one; an
-- amount's effect (补发 or recovery over the months already sent) is kept as the benefit computed it.
CREATE TABLE "corrections" (
  "id" bigserial PRIMARY KEY,
  -- From the proposing request (its Idempotency-Key, claimed): a retried proposal finds the first.
  "correction_id" text NOT NULL UNIQUE,
  "case_id" text NOT NULL,
  "benefit_id" text,
  "org_code" text NOT NULL,
  "county_code" text NOT NULL,
  "path" text NOT NULL CHECK ("path" IN ('applicant.name', 'applicant.phone', 'applicant.address', 'household.monthlyIncomeFen', 'household.size', 'decision.monthlyAmountFen')),
  -- Both values as text, read back by the path's kind (a name, a phone, fen, a size).
  "value" text NOT NULL,
  "before" text,
  "reason" text NOT NULL,
  "evidence" text NOT NULL,
  "status" text NOT NULL CHECK ("status" IN ('proposed', 'approved', 'refused')),
  "proposed_by" text NOT NULL,
  "from_month" text,
  "effect" jsonb,
  "history" jsonb NOT NULL,
  -- The deciding request (its Idempotency-Key, claimed): a retried decision answers as the first did.
  "decision_request_id" text,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "decided_at" timestamptz
);
--> statement-breakpoint
CREATE INDEX "corrections_county_idx" ON "corrections" ("county_code", "status", "id");
--> statement-breakpoint
CREATE INDEX "corrections_case_idx" ON "corrections" ("case_id", "id");
