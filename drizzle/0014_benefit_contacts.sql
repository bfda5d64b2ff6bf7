-- Contacts with the people benefits pay (src/domain/contacts.ts): each visit or call a street's caseworker
-- records, and how often one is due (policy key `contact`).
CREATE TABLE IF NOT EXISTS "benefit_contacts" (
  "contact_id" text PRIMARY KEY NOT NULL,
  "benefit_id" text NOT NULL,
  "contacted_on" date NOT NULL,
  "kind" text NOT NULL,
  "findings" text NOT NULL,
  "actor_sub" text NOT NULL,
  "actor_role" text NOT NULL,
  "actor_name" text,
  "recorded_at" timestamp with time zone NOT NULL,
  CONSTRAINT "benefit_contacts_kind" CHECK ("kind" in ('visit', 'call'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "benefit_contacts_benefit_on_idx" ON "benefit_contacts" ("benefit_id", "contacted_on" DESC);
--> statement-breakpoint
-- Every 30 days; every 7 for 特困 people living alone (ours).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'contact', '2020-01-01', '{"everyDays":30,"tekunLivingAloneDays":7}', 'ours')
ON CONFLICT DO NOTHING;
