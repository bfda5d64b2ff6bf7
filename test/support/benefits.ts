import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { expect } from 'vitest';
import { findBenefit } from '../../src/db/benefits.js';
import { dibaoStandardFen } from '../../src/db/policies.js';
import { shanghaiDate } from '../../src/domain/dates.js';
import { createPayroll, findPayroll } from '../../src/db/payrolls.js';
import type { CaseActionRequest } from '../../src/domain/action-payloads.js';
import type { Month } from '../../src/domain/months.js';
import type { CaseView } from '../../src/domain/views.js';
import { benefitStateQuery, payrollReleaseUpdate, payrollStateQuery, type CaseInput } from '../../src/workflows/messages.js';
import { approver, cw } from './actors.js';
import { caseInput, startWorkflow, updateCase, viewOf } from './cases.js';
import { DAY, eventually, type TestHarness } from './harness.js';

// Benefits and payrolls as the tests drive them: an approval through the case workflow (its publicity
// time-skipped), then the benefit it starts, and payrolls run on the workflow for any month.

export interface Approved {
  caseId: string;
  benefitId: string;
  idHash: string;
  decided: CaseView;
}

type Approval = Omit<Extract<CaseActionRequest, { action: 'decide'; decision: 'approve' }>, 'action' | 'decision'>;

/** A 低保 or 特困 case of a new person taken through its steps and approved; its benefit opened. */
export async function approve(h: TestHarness, type: 'dibao' | 'tekun', approval: Approval, input: Partial<CaseInput> = {}): Promise<Approved> {
  const idHash = input.applicant?.idHash ?? `hash-${randomUUID()}`;
  const orgCode = input.orgCode ?? '420106001';
  const actor = cw(orgCode);
  const { handle, view } = await startWorkflow(
    h.env.client,
    h.taskQueue,
    `${type}Workflow`,
    caseInput({ type, orgCode, acceptedBy: actor, ...input, applicant: { name: input.applicant?.name ?? '张三', idNumberMasked: '420106********1237', idHash } }),
  );
  await updateCase(handle, actor, { action: 'record-economic-check', perCapitaIncomeFen: await perCapitaFor(h, type, approval, view), assetsWithinLimits: true });
  await updateCase(handle, actor, { action: 'record-home-visit', findings: '住房简陋，无固定收入' });
  await h.env.sleep(7 * DAY + 60_000);
  await eventually(async () => expect((await viewOf(handle)).step).toBe('decision'));
  const decided = await updateCase(handle, actor, { action: 'decide', decision: 'approve', ...approval });
  const benefitId = decided.decision!.benefitId!;
  await eventually(async () => expect(await findBenefit(h.database.db, benefitId)).toBeDefined());
  // The workflow has its state once the opening activity's result is in: until then a step is 'busy'.
  await eventually(async () => expect(await h.env.client.workflow.getHandle(benefitId).query(benefitStateQuery)).toBeTruthy());
  return { caseId: view.caseId, benefitId, idHash, decided };
}

/**
 * The per-capita income at which the decision gate computes the 低保 amount a test names (补差: the gap
 * to the standard × size, seeded with no rounding): the tests that name an amount get exactly that one.
 */
async function perCapitaFor(h: TestHarness, type: 'dibao' | 'tekun', approval: Approval, view: CaseView): Promise<number> {
  if (type !== 'dibao' || approval.monthlyAmountFen === undefined) return 40_000;
  // The decision comes after the 7-day publicity: the standard in force then.
  const decisionDay = shanghaiDate((await h.env.currentTimeMs()) + 8 * DAY);
  const standard = await dibaoStandardFen(h.database.db, view.countyCode, decisionDay);
  const size = view.household.size;
  expect(approval.monthlyAmountFen % size, 'a named 低保 amount is a whole gap per member').toBe(0);
  return standard - approval.monthlyAmountFen / size;
}

/** A county's payroll for a month, prepared, released and sent on the workflow (the API refuses months ahead of today). */
export async function runPayroll(h: TestHarness, countyCode: string, month: Month): Promise<string> {
  const { row } = await createPayroll(h.database.db, { countyCode, month, actor: approver(countyCode), at: new Date() });
  const handle = await h.env.client.workflow
    .start('payrollWorkflow', { taskQueue: h.taskQueue, workflowId: row.payrollId, args: [{ payrollId: row.payrollId }], workflowIdReusePolicy: 'REJECT_DUPLICATE' })
    .catch((err: unknown) => {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return h.env.client.workflow.getHandle(row.payrollId);
      throw err;
    });
  const state = await eventually(async () => {
    const s = await handle.query(payrollStateQuery);
    expect(s && s.status !== 'preparing').toBe(true);
    return s;
  });
  if (state.status === 'prepared') await handle.executeUpdate(payrollReleaseUpdate, { args: [{ actor: approver(countyCode) }] });
  // Polled, not awaited with result(): a client waiting on a result lets the test server skip ahead to
  // the next timer of any workflow (a benefit's review a year away).
  await eventually(async () => expect((await findPayroll(h.database.db, row.payrollId))!.status).toBe('sent'));
  return row.payrollId;
}

/** Payments of one benefit as PostgreSQL has them, in month and payee order. */
export async function paymentsOf(h: TestHarness, benefitId: string) {
  const rows = await h.database.sql<{ month: string; payee: string; amount_fen: string; status: string; attempts: number; payroll_id: string }[]>`
    select month, payee, amount_fen, status, attempts, payroll_id from benefit_payments where benefit_id = ${benefitId} order by month, payee`;
  return rows.map((r) => ({ month: r.month, payee: r.payee, amountFen: Number(r.amount_fen), status: r.status, attempts: r.attempts, payrollId: r.payroll_id }));
}
