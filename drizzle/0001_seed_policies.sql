-- Region policy seeds. National defaults (000000) and the two pilot counties: 武昌区 420106, 金堂县 510121.
-- Deadlines in working days (004); 临时救助 支出型 and 教育救助 22 are ours. Reminder 3 working days and
-- publicity 7 calendar days are ours too.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('000000', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours'),
  ('420106', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('420106', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours'),
  ('510121', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('510121', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The audit trail is append-only: refuse changes and deletions at the database itself.
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
