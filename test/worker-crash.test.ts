import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../src/activities/index.js';
import type { Database } from '../src/db/client.js';
import { ledgerIsBalanced, paymentsOf, reserveFundOf } from '../src/db/reserve-fund.js';
import { reserveEntries } from '../src/db/schema.js';
import type { Actor } from '../src/domain/roles.js';
import { caseActionUpdate, caseViewQuery, type CaseView } from '../src/workflows/messages.js';
import { eventually, freshDatabase } from './support/harness.js';
import { startTemporary, temporaryInput } from './support/temporary.js';

// A worker dies after the reserve payout committed and before Temporal heard of it. The activity's
// start-to-close timeout (30 s) hands it to another worker, whose retry must find the payment and pay nothing more.

const STREET = '510121001'; // 金堂县: the street approves ≤ 5,000 元 and pays from its reserve
const PRESET = 3_000_000;
const AMOUNT = 300_000;
const CASEWORKER: Actor = { sub: 'cw-510121001', role: 'caseworker', org: STREET };
const START_TO_CLOSE_MS = 30_000; // src/workflows/activities.ts

type PayResult = Awaited<ReturnType<ReturnType<typeof createActivities>['payFromReserve']>>;

let env: TestWorkflowEnvironment | undefined;
let database: Database | undefined;
const workers: Array<{ worker: Worker; running: Promise<unknown> }> = [];

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
  ({ database } = await freshDatabase('worker_crash'));
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
});

afterAll(async () => {
  // Whatever happened above: every worker stopped, the server and the pool closed.
  try {
    for (const { worker, running } of workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
    }
  } finally {
    try {
      await env?.teardown();
    } finally {
      await database?.close();
    }
  }
});

function run(worker: Worker): Promise<unknown> {
  const running = worker.run();
  running.catch(() => {}); // awaited (and judged) by the test or by afterAll
  workers.push({ worker, running });
  return running;
}

describe('a worker killed between the debit and the acknowledgement', () => {
  it('is restarted: one payment, ledger balanced', async () => {
    const db = database!.db;
    const testEnv = env!;
    const taskQueue = `tq-crash-${randomUUID()}`;
    const connection = testEnv.nativeConnection;
    const namespace = testEnv.namespace ?? 'default';
    const workflowBundle = { codePath: inject('workflowBundlePath') };

    // Worker A: its payout hook stops the worker and never lets the activity report back.
    let hookCalls = 0;
    let debited!: (caseId: string) => void;
    const reachedHook = new Promise<string>((resolve) => (debited = resolve));
    let workerA!: Worker;
    workerA = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      // Give up on the stuck activity soon after shutdown: the process is "dead" from here on.
      shutdownForceTime: '500ms',
      activities: createActivities({
        db,
        afterReservePayout: async (caseId) => {
          hookCalls++;
          debited(caseId);
          workerA.shutdown();
          await new Promise<never>(() => {});
        },
      }),
    });
    const runningA = run(workerA);

    const input = temporaryInput(STREET, { kind: 'emergency', amountFen: AMOUNT, reason: '火灾致房屋损毁' });
    const { handle, view } = await startTemporary(testEnv.client, taskQueue, input);
    expect(view).toMatchObject({ step: 'approval', status: 'open' });

    // The approval itself tries the payment: it cannot finish while worker A is dying, so it is not awaited yet.
    const approving = handle.executeUpdate(caseActionUpdate, { args: [{ actor: CASEWORKER, request: { action: 'approve', amountFen: AMOUNT } }] });
    approving.catch(() => {});

    expect(await reachedHook).toBe(input.caseId);
    // The debit is committed before worker A dies.
    expect(await paymentsOf(db, input.caseId)).toHaveLength(1);
    // Forced down with the activity still in flight: run() gives up on it and fails.
    await expect(runningA).rejects.toThrow();
    expect(workerA.getState()).toBe('FAILED');
    expect(hookCalls).toBe(1);

    // Worker B: the ordinary activities, watching what the retried payout returns.
    const payResults: PayResult[] = [];
    const normal = createActivities({ db });
    const workerB = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      activities: {
        ...normal,
        async payFromReserve(p: Parameters<typeof normal.payFromReserve>[0]) {
          const result = await normal.payFromReserve(p);
          payResults.push(result);
          return result;
        },
      },
    });
    run(workerB);

    // Nobody will ever report worker A's attempt: its start-to-close timeout lets the server retry on B.
    await testEnv.sleep(START_TO_CLOSE_MS + 5_000);
    const approved = await approving;
    expect(approved).toMatchObject({ status: 'approved', step: 'paperwork', amountFen: AMOUNT });

    expect(payResults).toEqual([expect.objectContaining({ status: 'paid', duplicate: true, balanceAfterFen: PRESET - AMOUNT })]);

    const rows = await paymentsOf(db, input.caseId);
    expect(rows).toEqual([expect.objectContaining({ source: 'reserve', amountFen: AMOUNT, instalment: 1 })]);
    const payouts = await db
      .select()
      .from(reserveEntries)
      .where(and(eq(reserveEntries.caseId, input.caseId), eq(reserveEntries.kind, 'payout')));
    expect(payouts).toEqual([expect.objectContaining({ amountFen: -AMOUNT, balanceAfterFen: PRESET - AMOUNT, instalment: 1 })]);
    expect(rows[0]!.reserveEntryId).toBe(payouts[0]!.id);
    expect(await ledgerIsBalanced(db, STREET)).toBe(true);
    expect((await reserveFundOf(db, STREET))!.balanceFen).toBe(PRESET - AMOUNT);

    const finalView: CaseView = await eventually(async () => {
      const v = await handle.query(caseViewQuery);
      expect(v.step).toBe('paperwork');
      return v;
    });
    expect(finalView.temporary!.installments).toEqual([expect.objectContaining({ instalment: 1, status: 'paid', source: 'reserve', amountFen: AMOUNT })]);
    expect(finalView.temporary!.paidFen).toBe(AMOUNT);
    expect(finalView.history.filter((e) => e.action === 'instalment-paid')).toHaveLength(1);
    expect(finalView.history.map((e) => e.action)).toEqual(['accept', 'approve', 'filed', 'instalment-paid', 'paperwork-due']);
  });
});
