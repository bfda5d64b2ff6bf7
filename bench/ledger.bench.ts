import { afterAll, beforeAll, bench, describe } from 'vitest';
import { payFromReserve, replenishReserve } from '../src/db/reserve-fund.js';
import type { Database } from '../src/db/client.js';
import { freshDatabase } from '../test/support/harness.js';

// The reserve ledger serialises every movement of one street's fund under a row lock: this measures
// what that costs for one payout, and for a burst of concurrent ones against the same street.
let database: Database;
let n = 0;
beforeAll(async () => {
  ({ database } = await freshDatabase('bench_ledger'));
  await replenishReserve(database.db, { orgCode: '510121001', presetFen: 3_000_000, amountFen: 1_000_000_000_000, actorSub: 'bench', entryKey: 'bench-topup', at: new Date() });
});
afterAll(async () => {
  await database?.close();
});

const payout = () => {
  n++;
  return payFromReserve(database.db, { orgCode: '510121001', presetFen: 3_000_000, caseId: `bench-${n}`, instalment: 1, amountFen: 100, actorSub: 'bench', at: new Date() });
};

describe('reserve ledger', () => {
  bench('one payout (lock, check, debit, ledger entry, payment)', async () => {
    await payout();
  });
  bench('20 concurrent payouts against one street', async () => {
    await Promise.all(Array.from({ length: 20 }, payout));
  });
  bench('a retried payout (already paid: returns the first)', async () => {
    await payFromReserve(database.db, { orgCode: '510121001', presetFen: 3_000_000, caseId: 'bench-1', instalment: 1, amountFen: 100, actorSub: 'bench', at: new Date() });
  });
});
