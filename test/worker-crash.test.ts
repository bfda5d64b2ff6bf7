import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../src/activities/index.js';
import { paymentsOf } from '../src/db/payments.js';
import { ledgerIsBalanced, reserveFundOf } from '../src/db/reserve-fund.js';
import { auditEntries, cases, reserveEntries } from '../src/db/schema.js';
import type { CaseView } from '../src/domain/views.js';
import { approver, cw } from './support/actors.js';
import { createPayroll, findPayroll } from '../src/db/payrolls.js';
import { payrollReleaseUpdate, payrollStateQuery } from '../src/workflows/messages.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { TEST_PAYLOAD_KEYS, eventually, installRuntime, startTestServer, useDatabase } from './support/harness.js';
import { startWorkflow, temporaryInput, updateCase, viewOf } from './support/cases.js';

// A worker dies after the reserve payout committed and before it reported the activity's result.
// Another worker runs the payout again, and must find the payment and pay nothing more.
//
// How worker A dies: the `afterReservePayout` seam (after the commit, before the result is returned)
// shuts the worker down and lets the shutdown's cancellation end the activity. Since the payout is a
// local activity (patch `emergency-local-payout`) the approval's workflow task dies with worker A; the
// server gives it to worker B, which replays the case and runs the payout again. (Worker A's core then
// logs a panic, `Receive half of LA request channel cannot be dropped`: the retry of the cancelled local
// activity it had scheduled finds its own shutdown — what a real crash leaves, not a failure of the test.)

const STREET = '510121001'; // 金堂县: the street approves ≤ 5,000 元 and pays from its reserve
const PRESET = 3_000_000;
const AMOUNT = 300_000;
const CASEWORKER = cw(STREET);

// The approval files, pays and records the case in one activity (patch `emergency-one-transaction`).
type PayResult = Awaited<ReturnType<ReturnType<typeof createActivities>['payEmergency']>>;

// Not useHarness: this file runs (and kills) workers of its own, so it starts only a database and a server.
const database = useDatabase('worker_crash');
let env: TestWorkflowEnvironment | undefined;
const workers: Array<{ worker: Worker; running: Promise<unknown> }> = [];

beforeAll(async () => {
  installRuntime('ERROR');
  env = await startTestServer();
});

// Whatever happened above: every worker stopped, the server closed (useDatabase's afterAll, registered
// first, runs after this one and closes the pool).
afterAll(async () => {
  try {
    for (const { worker, running } of workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
    }
  } finally {
    await env?.teardown();
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
    const db = database.db;
    const testEnv = env!;
    const taskQueue = `tq-crash-${randomUUID()}`;
    const connection = testEnv.nativeConnection;
    const namespace = testEnv.namespace ?? 'default';
    const workflowBundle = { codePath: inject('workflowBundlePath') };
    // Encrypted like production: the test server's client and both workers share the test keys.
    const dataConverter = dataConverterFor(TEST_PAYLOAD_KEYS);

    // Worker A: once the payout has committed, its hook shuts the worker down and the activity dies
    // with it (the shutdown's cancellation), so its result is never reported.
    let hookCalls = 0;
    let debited!: (caseId: string) => void;
    const reachedHook = new Promise<string>((resolve) => (debited = resolve));
    const workerA: Worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      dataConverter,
      // No workflow cache, so no sticky queue: the test server implements neither ResetStickyTaskQueue
      // nor the sticky schedule-to-start fallback, and a dead worker's sticky queue would hold the case forever.
      maxCachedWorkflows: 0,
      activities: createActivities({
        db,
        afterReservePayout: async (caseId) => {
          hookCalls++;
          debited(caseId);
          const cancelled = Context.current().cancelled;
          workerA.shutdown();
          await cancelled;
        },
      }),
    });
    const runningA = run(workerA);

    const input = temporaryInput(STREET, { kind: 'emergency', amountFen: AMOUNT, reason: '火灾致房屋损毁' });
    const { handle, view } = await startWorkflow(testEnv.client, taskQueue, 'temporaryWorkflow', input);
    expect(view).toMatchObject({ step: 'approval', status: 'open' });

    // The approval itself tries the payment: it cannot finish while worker A is dying, so it is not awaited yet.
    const approving = updateCase(handle, CASEWORKER, { action: 'approve', amountFen: AMOUNT });
    approving.catch(() => {});

    expect(await reachedHook).toBe(input.caseId);
    // The debit is committed before worker A dies.
    expect(await paymentsOf(db, input.caseId)).toHaveLength(1);
    await runningA;
    expect(workerA.getState()).toBe('STOPPED');
    expect(hookCalls).toBe(1);

    // Worker B: the ordinary activities, watching what the retried payout returns.
    const payResults: PayResult[] = [];
    const normal = createActivities({ db });
    const workerB = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      dataConverter,
      activities: {
        ...normal,
        async payEmergency(p: Parameters<typeof normal.payEmergency>[0]) {
          const result = await normal.payEmergency(p);
          payResults.push(result);
          return result;
        },
      },
    });
    void run(workerB); // stopped, and awaited, in afterAll

    // Worker A's attempt ended without a result; worker B takes the approval's workflow task, runs the
    // payout again and finds the payment already made. Then the approval's update completes on B.
    const approved = await approving;
    expect(approved).toMatchObject({ status: 'approved', step: 'paperwork', amountFen: AMOUNT });

    expect(payResults).toEqual([expect.objectContaining({ status: 'paid', duplicate: true, balanceAfterFen: PRESET - AMOUNT })]);
    // The read model committed with the debit: the approval's answer is what PostgreSQL holds.
    const [row] = await db.select().from(cases).where(eq(cases.caseId, input.caseId));
    expect(row).toMatchObject({ step: 'paperwork', version: approved.version });
    expect(row!.view).toEqual(approved);

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
      const v = await viewOf(handle);
      expect(v.step).toBe('paperwork');
      return v;
    });
    expect(finalView.temporary!.installments).toEqual([expect.objectContaining({ instalment: 1, status: 'paid', source: 'reserve', amountFen: AMOUNT })]);
    expect(finalView.temporary!.paidFen).toBe(AMOUNT);
    expect(finalView.history.filter((e) => e.action === 'instalment-paid')).toHaveLength(1);
    const steps = finalView.history.map((e) => e.action).filter((a) => ['approve', 'filed', 'instalment-paid', 'paperwork-due'].includes(a));
    expect(steps).toEqual(['approve', 'filed', 'instalment-paid', 'paperwork-due']);

    // The persisted trail agrees: one payment step in the audit entries.
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.caseId, input.caseId), eq(auditEntries.action, 'instalment-paid')));
    expect(audit).toHaveLength(1);
  });
});

describe('a worker killed after a payroll was prepared, before it reported', () => {
  it('is retried elsewhere: the preparation finds its own work done, one payment per benefit, month and payee', async () => {
    const db = database.db;
    const testEnv = env!;
    const taskQueue = `tq-payroll-crash-${randomUUID()}`;
    const common = { connection: testEnv.nativeConnection, namespace: testEnv.namespace ?? 'default', taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS), maxCachedWorkflows: 0 };
    // Three benefits of 金堂县 owed since 2026-01: two 低保 (one payee), one 特困 with a carer (two).
    await database.sql`
      insert into benefits (benefit_id, case_id, type, org_code, county_code, applicant_id_hash, applicant_name, status, first_month, review_due_date, review_overdue, version, opened_at, updated_at)
      select 'benefit-crash-' || i, 'case-crash-' || i, case when i = 3 then 'tekun' else 'dibao' end, '510121001', '510121', 'crash-' || i, '受助人' || i, 'active', '2026-01', '2027-01-01', false, 1, now(), now()
        from generate_series(1, 3) as i`;
    await database.sql`
      insert into benefit_bases (benefit_id, from_month, basis)
      select 'benefit-crash-' || i, '2026-01', case when i = 3
        then '{"householdSize":1,"perCapitaIncomeFen":0,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"tekun-basic"},"adjustmentFen":0},{"payee":"carer","name":"护理员","component":{"kind":"tekun-care","selfCare":"full"},"adjustmentFen":0}]}'::jsonb
        else '{"householdSize":2,"perCapitaIncomeFen":40000,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"dibao-gap"},"adjustmentFen":0}]}'::jsonb end
        from generate_series(1, 3) as i`;
    await database.sql`
      insert into benefit_payees (benefit_id, payee, name, account_encrypted, account_masked)
      select 'benefit-crash-' || i, p, '受助人', 'encrypted', '****0000' from generate_series(1, 3) as i, unnest(array['applicant', 'carer']) as p where p = 'applicant' or i = 3`;
    const { row } = await createPayroll(db, { countyCode: '510121', month: '2026-02', actor: approver('510121'), at: new Date() });

    // Worker A prepares (committed), then dies before reporting; worker B runs the retry.
    const normal = createActivities({ db });
    let preparedOnA = 0;
    const workerA: Worker = await Worker.create({
      ...common,
      activities: {
        ...normal,
        async preparePayroll(input: { payrollId: string }) {
          const result = await normal.preparePayroll(input);
          preparedOnA++;
          const cancelled = Context.current().cancelled;
          workerA.shutdown();
          await cancelled;
          return result;
        },
      },
    });
    const runningA = run(workerA);
    const handle = await testEnv.client.workflow.start('payrollWorkflow', { taskQueue, workflowId: row.payrollId, args: [{ payrollId: row.payrollId }] });
    await runningA;
    expect(preparedOnA).toBe(1);
    const retries: string[] = [];
    const workerB = await Worker.create({
      ...common,
      activities: {
        ...normal,
        async preparePayroll(input: { payrollId: string }) {
          const result = await normal.preparePayroll(input);
          retries.push(result.status);
          return result;
        },
      },
    });
    void run(workerB);
    await eventually(async () => expect((await handle.query(payrollStateQuery))?.status).toBe('prepared'), 20_000);
    expect(retries).toEqual(['prepared']);
    await handle.executeUpdate(payrollReleaseUpdate, { args: [{ actor: approver('510121') }] });
    await eventually(async () => expect((await findPayroll(db, row.payrollId))!.status).toBe('sent'));

    // January and February (the benefits' first months) for each of the four payees: eight payments, once each.
    const payments = await database.sql<{ benefit_id: string; month: string; payee: string; status: string }[]>`
      select benefit_id, month, payee, status from benefit_payments where county_code = '510121' order by 1, 2, 3`;
    expect(payments).toHaveLength(8);
    expect(new Set(payments.map((p) => `${p.benefit_id}/${p.month}/${p.payee}`)).size).toBe(8);
    expect(payments.every((p) => p.status === 'sent')).toBe(true);
  });
});
