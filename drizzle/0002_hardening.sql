-- The largest amount one transaction may move (a payout, an approval, a replenishment): ours. A typing
-- slip of a few zeros is refused at the door, and no balance can outgrow exact JSON numbers.
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'money', '2020-01-01', '{"maxTransactionFen":100000000}', 'ours: 1,000,000 元 per transaction')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Notifications to approvers are addressed to the department of the case (一门受理、协同办理): a medical
-- insurance approver does not read civil affairs' inbox. Null: any member of the role (supervisors…).
ALTER TABLE "notifications" ADD COLUMN IF NOT EXISTS "recipient_dept" text;
