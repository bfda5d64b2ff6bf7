import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../src/activities/index.js';
import { listFilings } from '../src/db/filings.js';
import { paymentsOf } from '../src/db/payments.js';
import { ledgerIsBalanced, payFromReserve, reserveFundOf } from '../src/db/reserve-fund.js';
import { auditEntries, cases, reserveEntries } from '../src/db/schema.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { cw } from './support/actors.js';
import { startWorkflow, temporaryInput, updateCase, viewOf } from './support/cases.js';
import { TEST_PAYLOAD_KEYS, installRuntime, startTestServer, useDatabase } from './support/harness.js';

// An emergency approved by the street is filed, paid and recorded in one activity, one PostgreSQL
// transaction (patch `emergency-one-transaction`). Retried after its commit — here its first attempt
// fails once the transaction has committed — it pays nothing more and writes nothing twice.

const COUNTY = '510121'; // 金堂县: the street approves ≤ 5,000 元 and pays from its reserve
const PRESET = 3_000_000;
const AMOUNT = 250_000;

type PayEmergency = ReturnType<typeof createActivities>['payEmergency'];

const database = useDatabase('emergency_payout');
let env: TestWorkflowEnvironment | undefined;
let worker: Worker | undefined;
let running: Promise<unknown> | undefined;
let taskQueue = '';
/** Once per case: the first attempt of its payout fails after its commit. */
const failedOnce = new Set<string>();
const inputs = new Map<string, Parameters<PayEmergency>[0]>();
const results: Array<Awaited<ReturnType<PayEmergency>>> = [];
/** Cases whose payout runs twice at once, both first attempts (a worker that lost the task while running it). */
const doubled = new Set<string>();
const doubledResults = new Map<string, Array<Awaited<ReturnType<PayEmergency>>>>();

beforeAll(async () => {
  installRuntime('ERROR');
  env = await startTestServer();
  taskQueue = `tq-emergency-${randomUUID()}`;
  const normal = createActivities({
    db: database.db,
    afterReservePayout: async (caseId) => {
      if (failedOnce.has(caseId)) return;
      failedOnce.add(caseId);
      throw new Error('lost after the commit');
    },
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS),
    activities: {
      ...normal,
      async payEmergency(p: Parameters<PayEmergency>[0]) {
        inputs.set(p.payout.caseId, p);
        if (doubled.has(p.payout.caseId)) {
          const both = await Promise.all([normal.payEmergency(p), normal.payEmergency(p)]);
          doubledResults.set(p.payout.caseId, both);
          return both[0];
        }
        const result = await normal.payEmergency(p);
        results.push(result);
        return result;
      },
    },
  });
  running = worker.run();
  running.catch(() => {});
});

afterAll(async () => {
  try {
    worker?.shutdown();
    await running?.catch(() => {});
  } finally {
    await env?.teardown();
  }
});

const countRows = async (caseId: string) => {
  const db = database.db;
  const audit = await db.select().from(auditEntries).where(eq(auditEntries.caseId, caseId));
  const payouts = await db.select().from(reserveEntries).where(and(eq(reserveEntries.caseId, caseId), eq(reserveEntries.kind, 'payout')));
  const filings = (await listFilings(db, COUNTY, 1000)).filter((f) => f.caseId === caseId);
  return { audit: audit.length, payments: (await paymentsOf(db, caseId)).length, payouts: payouts.length, filings: filings.length };
};

describe('an emergency paid in one transaction', () => {
  it('retried after its commit, pays once and records once: the answer, the read model and the ledger agree', async () => {
    const db = database.db;
    const street = `${COUNTY}011`;
    const input = temporaryInput(street, { kind: 'emergency', amountFen: AMOUNT, reason: '火灾致房屋损毁' });
    const { handle } = await startWorkflow(env!.client, taskQueue, 'temporaryWorkflow', input);

    const approved = await updateCase(handle, cw(street), { action: 'approve', amountFen: AMOUNT });
    expect(approved).toMatchObject({ status: 'approved', step: 'paperwork', amountFen: AMOUNT, overdue: false });
    expect(approved.temporary).toMatchObject({ paidFen: AMOUNT, paidLate: false, approval: { by: 'street', filed: true } });
    expect(approved.temporary!.installments).toEqual([expect.objectContaining({ instalment: 1, status: 'paid', source: 'reserve', amountFen: AMOUNT })]);
    expect(approved.history.map((e) => e.action)).toEqual(['accept', 'approve', 'filed', 'instalment-paid', 'paperwork-due']);
    // Written before the debit, the case does not name the fund's balance (the fund's ledger does).
    expect(approved.history.find((e) => e.action === 'instalment-paid')!.summary).toBe('第 1 期已发放 2,500.00 元，从备用金支付');

    // The first attempt committed and then failed; the retry found its payment.
    expect(failedOnce.has(input.caseId)).toBe(true);
    expect(results).toEqual([expect.objectContaining({ status: 'paid', duplicate: true, balanceAfterFen: PRESET - AMOUNT })]);

    // Read-your-writes: what the approval answered is what PostgreSQL holds, written in the payout's transaction.
    const [row] = await db.select().from(cases).where(eq(cases.caseId, input.caseId));
    expect(row).toMatchObject({ step: 'paperwork', status: 'approved', version: approved.version });
    expect(row!.view).toEqual(approved);
    expect(await viewOf(handle)).toEqual(approved);

    const once = { payments: 1, payouts: 1, filings: 1, audit: approved.history.length };
    expect(await countRows(input.caseId)).toEqual(once);
    expect(await ledgerIsBalanced(db, street)).toBe(true);
    expect((await reserveFundOf(db, street))!.balanceFen).toBe(PRESET - AMOUNT);

    // The same activity run again, twice at once (a retry racing a late first attempt): the first payment, nothing more.
    const again = await Promise.all([0, 1].map(() => createActivities({ db }).payEmergency(inputs.get(input.caseId)!)));
    const first = results[0]!;
    expect(again).toEqual([0, 1].map(() => ({ ...first, duplicate: true })));
    expect(await countRows(input.caseId)).toEqual(once);
    const [same] = await db.select().from(cases).where(eq(cases.caseId, input.caseId));
    expect(same!.view).toEqual(approved);
    expect(await ledgerIsBalanced(db, street)).toBe(true);
    expect((await reserveFundOf(db, street))!.balanceFen).toBe(PRESET - AMOUNT);
  });

  it('a reserve too short to pay: filed, nothing paid, the case waits for funds and says so', async () => {
    const db = database.db;
    const street = `${COUNTY}012`;
    // Another case took most of the fund: 1,000 元 are left.
    await payFromReserve(db, { orgCode: street, presetFen: PRESET, caseId: `other-${randomUUID()}`, instalment: 1, amountFen: PRESET - 100_000, actorSub: 'street-officer', at: new Date() });
    const input = temporaryInput(street, { kind: 'emergency', amountFen: AMOUNT, reason: '火灾致房屋损毁' });
    const { handle } = await startWorkflow(env!.client, taskQueue, 'temporaryWorkflow', input);

    const approved = await updateCase(handle, cw(street), { action: 'approve', amountFen: AMOUNT });
    expect(approved).toMatchObject({ status: 'approved', step: 'payment' });
    expect(approved.temporary).toMatchObject({ paidFen: 0, awaitingFunds: true, approval: { filed: true } });
    expect(approved.temporary!.installments).toEqual([expect.objectContaining({ status: 'awaiting-funds' })]);
    expect(approved.history.map((e) => e.action)).toEqual(['accept', 'approve', 'filed', 'awaiting-funds']);

    expect(await countRows(input.caseId)).toEqual({ payments: 0, payouts: 0, filings: 1, audit: approved.history.length });
    const [row] = await db.select().from(cases).where(eq(cases.caseId, input.caseId));
    expect(row!.view).toEqual(approved);
    expect((await reserveFundOf(db, street))!.balanceFen).toBe(100_000);
    expect(await ledgerIsBalanced(db, street)).toBe(true);
  });

  it('two first attempts at once: one debit, the other answers it; one filing, one history', async () => {
    const db = database.db;
    const street = `${COUNTY}013`;
    const input = temporaryInput(street, { kind: 'emergency', amountFen: AMOUNT, reason: '火灾致房屋损毁' });
    doubled.add(input.caseId);
    failedOnce.add(input.caseId);
    const { handle } = await startWorkflow(env!.client, taskQueue, 'temporaryWorkflow', input);

    const approved = await updateCase(handle, cw(street), { action: 'approve', amountFen: AMOUNT });
    expect(approved.temporary!.installments).toEqual([expect.objectContaining({ instalment: 1, status: 'paid', source: 'reserve', amountFen: AMOUNT })]);
    const both = doubledResults.get(input.caseId)!;
    expect(both.map((r) => r.status)).toEqual(['paid', 'paid']);
    expect(both.map((r) => (r.status === 'paid' ? r.duplicate : undefined)).sort()).toEqual([false, true]);
    expect(new Set(both.map((r) => (r.status === 'paid' ? `${r.paidAt} ${r.balanceAfterFen}` : '')))).toEqual(new Set([`${(both[0] as { paidAt: string }).paidAt} ${PRESET - AMOUNT}`]));

    expect(await countRows(input.caseId)).toEqual({ payments: 1, payouts: 1, filings: 1, audit: approved.history.length });
    const [row] = await db.select().from(cases).where(eq(cases.caseId, input.caseId));
    expect(row!.view).toEqual(approved);
    expect((await reserveFundOf(db, street))!.balanceFen).toBe(PRESET - AMOUNT);
    expect(await ledgerIsBalanced(db, street)).toBe(true);
  });
});
