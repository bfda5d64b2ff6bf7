-- Region policy seeds. National defaults (000000) and the two pilot counties: 武昌区 420106, 金堂县 510121.
-- Deadlines in working days (004); 临时救助 支出型 and 教育救助 22 are ours. Reminder 3 working days and
-- publicity 7 calendar days are ours too.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('000000', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours'),
  ('420106', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('420106', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours'),
  ('510121', 'case-clock', '2020-01-01', '{"reminderWorkingDays":3,"deadlines":{"dibao":22,"tekun":22,"medical":25,"housing":30,"temporary":22,"education":22}}', 'seeds/004; ours'),
  ('510121', 'dibao', '2020-01-01', '{"publicityDays":7}', 'ours'),
  -- 告知承诺 (000; 004 §四): 30 days to verify a commitment and two years on the dishonesty list are ours;
  -- so are the 90 days a decided case stays open to charity and employment referrals.
  ('000000', 'commitments', '2020-01-01', '{"verificationDays":30,"dishonestyListDays":730,"aftercareDays":90}', 'ours')
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
--> statement-breakpoint
-- 临时救助 policy (seeds/004 §二, seeds/001 §四). Street approval authority:
--   national default and 金堂县 510121: ≤ 5,000 元 by the street, filed (备案) with the county; above it the county.
--   武昌区 420106: below 4 × the city 低保 standard (a dated value of its own, key dibao-standard).
-- Reserve preset 30,000 元 per street (001 §四(三)); emergency payout within 24 hours (004 §二);
-- paperwork 10 working days after an emergency payout and the committee's size, quorum and
-- 5-working-day deliberation deadline are ours.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'temporary', '2020-01-01', '{"streetLimit":{"rule":"fixed","maxFen":500000,"inclusive":true},"reservePresetFen":3000000,"emergencyPayoutHours":24,"paperworkWorkingDays":10}', 'seeds/004 §二; ours'),
  ('510121', 'temporary', '2020-01-01', '{"streetLimit":{"rule":"fixed","maxFen":500000,"inclusive":true},"reservePresetFen":3000000,"emergencyPayoutHours":24,"paperworkWorkingDays":10}', 'seeds/004 §二; ours'),
  ('420106', 'temporary', '2020-01-01', '{"streetLimit":{"rule":"dibao-standard-multiple","multiple":4,"inclusive":false},"reservePresetFen":3000000,"emergencyPayoutHours":24,"paperworkWorkingDays":10}', 'seeds/001 §四(三); ours'),
  -- Placeholder city standards until the published figures are loaded; versioned by effective date.
  ('420106', 'dibao-standard', '2020-01-01', '{"monthlyFen":100000}', 'ours: placeholder, load the published 武汉市 standard'),
  ('510121', 'dibao-standard', '2020-01-01', '{"monthlyFen":80000}', 'ours: placeholder, load the published standard'),
  ('000000', 'dibao-standard', '2020-01-01', '{"monthlyFen":80000}', 'ours: placeholder for counties without their own'),
  ('000000', 'deliberation', '2020-01-01', '{"members":7,"quorum":5,"deadlineWorkingDays":5,"majority":"of-members"}', 'ours'),
  ('420106', 'deliberation', '2020-01-01', '{"members":7,"quorum":5,"deadlineWorkingDays":5,"majority":"of-members"}', 'ours'),
  ('510121', 'deliberation', '2020-01-01', '{"members":5,"quorum":3,"deadlineWorkingDays":5,"majority":"of-members"}', 'ours')
ON CONFLICT DO NOTHING;
