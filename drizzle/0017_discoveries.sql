-- 主动发现 (001 §六; 004): people in hardship found before they apply, visited by their street within
-- the policy's working days, then invited to apply, closed or referred; and the county's yearly 摸底排查.
CREATE TABLE "discoveries" (
  "id" bigserial PRIMARY KEY,
  "discovery_id" text GENERATED ALWAYS AS ('discovery-' || "id"::text) STORED,
  "source" text NOT NULL CHECK ("source" IN ('grid', 'department-match', 'hotline', 'visit', 'self', 'police', 'volunteer')),
  "org_code" text NOT NULL,
  "county_code" text NOT NULL,
  "person_name" text NOT NULL,
  -- The ID number when the report has one: a keyed hash and the mask, never the number.
  "person_id_hash" text,
  "person_id_masked" text,
  -- Who the person is for idempotency: the ID hash, else a keyed hash of name, street and address.
  "person_key" text NOT NULL,
  "address" text NOT NULL,
  "situation" text NOT NULL,
  "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'visited', 'invited', 'closed', 'referred')),
  "found_on" date NOT NULL,
  "visit_due_date" date NOT NULL,
  "visited_on" date,
  "findings" text,
  "application_id" text,
  "outcome" text,
  "history" jsonb NOT NULL DEFAULT '[]',
  "request_id" text,
  "created_by" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX "discoveries_id_uq" ON "discoveries" ("discovery_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "discoveries_request_uq" ON "discoveries" ("request_id");
--> statement-breakpoint
-- One pending discovery per person and source: the same match list imported twice opens nothing new.
CREATE UNIQUE INDEX "discoveries_pending_uq" ON "discoveries" ("source", "person_key") WHERE "status" IN ('open', 'visited');
--> statement-breakpoint
CREATE INDEX "discoveries_org_idx" ON "discoveries" ("org_code", "status", "visit_due_date");
--> statement-breakpoint
CREATE INDEX "discoveries_county_idx" ON "discoveries" ("county_code", "found_on");
--> statement-breakpoint
CREATE TABLE "campaigns" (
  "campaign_id" text PRIMARY KEY,
  "county_code" text NOT NULL,
  "year" integer NOT NULL,
  "opened_by" text NOT NULL,
  "opened_at" timestamp with time zone NOT NULL DEFAULT now(),
  UNIQUE ("county_code", "year")
);
--> statement-breakpoint
-- A visit within five working days of the report is ours.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'discovery', '2020-01-01', '{"visitDays":5}', 'ours')
ON CONFLICT DO NOTHING;
