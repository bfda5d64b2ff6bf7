-- What a revocation's recovery comprises, recorded with its amount: the benefit's months sent to each payee and
-- the 临时救助 instalments paid. Rows recorded before this (an estimate, months × amount) have none.
ALTER TABLE "recoveries" ADD COLUMN IF NOT EXISTS "details" jsonb;
