-- Issue 20, more people: 就业救助 (employment), 法律援助 (legal-aid), 孤儿 (orphan) and 事实无人抚养儿童 (defacto-orphan).
--
-- A child's benefit ends by itself after the month of the 18th birthday (or of the policy's study age).
ALTER TABLE "benefits" ADD COLUMN IF NOT EXISTS "ends_after_month" text CHECK ("ends_after_month" ~ '^\d{4}-(0[1-9]|1[0-2])$');
--> statement-breakpoint
ALTER TABLE "benefits" DROP CONSTRAINT IF EXISTS "benefits_type_check";
--> statement-breakpoint
ALTER TABLE "benefits" ADD CONSTRAINT "benefits_type_check" CHECK ("type" IN ('dibao', 'tekun', 'housing', 'orphan', 'defacto-orphan'));
--> statement-breakpoint
-- Their deadlines in working days, added to each seeded case clock: none is in the seeds, all are ours —
-- 22 for 就业 and the two child supports as for 低保; 7 for 法律援助, the legal aid law's days to examine an application.
UPDATE "policies"
   SET "value" = jsonb_set("value", '{deadlines}', ("value"->'deadlines') || '{"employment":22,"legal-aid":7,"orphan":22,"defacto-orphan":22}'::jsonb)
 WHERE "key" = 'case-clock' AND "effective_from" = '2020-01-01' AND "region_code" IN ('000000', '420106', '510121')
   AND NOT ("value"->'deadlines') ? 'employment';
--> statement-breakpoint
-- Placeholder standards until the published figures are loaded; the study age (a child in full-time study past 18
-- is supported through the month of this birthday) is ours too.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'child-standard', '2020-01-01', '{"orphanFen":150000,"defactoOrphanFen":150000,"studyAge":22}', 'ours: placeholder, load the published standard'),
  ('420106', 'child-standard', '2020-01-01', '{"orphanFen":180000,"defactoOrphanFen":180000,"studyAge":22}', 'ours: placeholder, load the published 武汉市 standard'),
  ('510121', 'child-standard', '2020-01-01', '{"orphanFen":150000,"defactoOrphanFen":150000,"studyAge":22}', 'ours: placeholder, load the published standard')
ON CONFLICT DO NOTHING;
