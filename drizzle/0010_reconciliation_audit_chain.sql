-- Issue 19: a tamper-evident audit trail, its daily anchors, and the daily reconciliation of a county's money.
--
-- Each audit entry carries the hash of the previous entry of its case (a chain per case, in the order the
-- entries were written: chain_index 1, 2, …): sha256 over the entry's canonical JSON (RFC 8785) with the
-- previous hash, computed by src/db/audit.ts under a per-case lock (src/domain/audit-chain.ts says what is
-- hashed). Rows written before this migration are chained once by the backfill that `npm run migrate` runs
-- after the SQL migrations (src/db/audit-backfill.ts): up to the id recorded here, never a later row.
ALTER TABLE "audit_entries" ADD COLUMN IF NOT EXISTS "chain_index" integer;
--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN IF NOT EXISTS "prev_hash" text;
--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN IF NOT EXISTS "hash" text;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "audit_case_chain_uq" ON "audit_entries" ("case_id", "chain_index");
--> statement-breakpoint
-- A day's anchor finds the chains written to that day from here.
CREATE INDEX IF NOT EXISTS "audit_entries_recorded_idx" ON "audit_entries" ("recorded_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "audit_chain_backfill" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  -- Rows up to this id existed before the chain: the backfill chains them, and no row after it.
  "upto_id" bigint NOT NULL,
  "chained_at" timestamp with time zone
);
--> statement-breakpoint
INSERT INTO "audit_chain_backfill" ("upto_id") SELECT coalesce(max("id"), 0) FROM "audit_entries" ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The one write the append-only trail allows: a row written before the chain gets its chain columns once.
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'audit_entries' AND TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND OLD.id <= (SELECT upto_id FROM audit_chain_backfill)
       AND (to_jsonb(NEW) - 'chain_index' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'chain_index' - 'prev_hash' - 'hash') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A county's daily anchor: the hash of the heads of the chains that moved that day, and of the anchor before it.
CREATE TABLE IF NOT EXISTS "audit_anchors" (
  "county_code" text NOT NULL,
  "day" date NOT NULL,
  "heads" integer NOT NULL,
  "prev_hash" text,
  "hash" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  PRIMARY KEY ("county_code", "day")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "audit_anchor_heads" (
  "county_code" text NOT NULL,
  "day" date NOT NULL,
  "case_id" text NOT NULL,
  "chain_index" integer NOT NULL,
  "hash" text NOT NULL,
  PRIMARY KEY ("county_code", "day", "case_id"),
  FOREIGN KEY ("county_code", "day") REFERENCES "audit_anchors" ("county_code", "day")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_anchor_heads_case_idx" ON "audit_anchor_heads" ("case_id", "day");
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE OR DELETE ON "audit_anchors"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_anchor_heads_no_update BEFORE UPDATE OR DELETE ON "audit_anchor_heads"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
-- What a county's daily reconciliation found (src/domain/reconciliation.ts): written once per county and day.
CREATE TABLE IF NOT EXISTS "reconciliations" (
  "county_code" text NOT NULL,
  "day" date NOT NULL,
  "ok" boolean NOT NULL,
  "differences" integer NOT NULL,
  "result" jsonb NOT NULL,
  "checked_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("county_code", "day")
);
--> statement-breakpoint
CREATE TRIGGER reconciliations_no_update BEFORE UPDATE OR DELETE ON "reconciliations"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
