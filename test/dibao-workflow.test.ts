import { describe, expect, it } from 'vitest';
import { auditTrail } from '../src/db/audit.js';
import { findCase } from '../src/db/cases.js';
import { CaseFailure } from '../src/workflows/messages.js';
import { APPROVER, CASEWORKER, OTHER_STREET, SUPERVISOR } from './support/actors.js';
import { rejection, startDibao, throughHomeVisit, updateCase, viewOf } from './support/cases.js';
import { DAY, eventually, recordHistory, useHarness } from './support/harness.js';
import { shanghaiDate } from '../src/domain/dates.js';

const h = useHarness('dibao_workflow', { app: false });


describe('低保 lifecycle', () => {
  it('runs from acceptance through publicity to approval, recording every step', async () => {
    const { handle, view } = await startDibao(h);
    expect(view).toMatchObject({ status: 'open', step: 'economic-check', overdue: false, deadlineWorkingDays: 22 });
    expect(view.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const inPublicity = await throughHomeVisit(handle);
    expect(inPublicity.step).toBe('publicity');
    expect(Date.parse(inPublicity.publicity!.closesAt) - Date.parse(inPublicity.publicity!.opensAt)).toBe(7 * DAY);

    // Publicity runs its 7 calendar days, then the case waits for a decision.
    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect((await viewOf(handle)).step).toBe('decision'));

    const decided = await updateCase(handle, CASEWORKER, { action: 'decide', decision: 'approve' });
    expect(decided).toMatchObject({ status: 'approved', step: 'closed', amountFen: 120_000, decidedLate: false });
    expect(decided.decision).toMatchObject({ decision: 'approve', monthlyAmountFen: 120_000, late: false });
    const final = await handle.result();
    expect(final.status).toBe('approved');

    expect(decided.history.map((e) => e.action)).toEqual([
      'accept',
      'record-economic-check',
      'record-home-visit',
      'publicity-opened',
      'publicity-closed',
      'decide',
    ]);
    const row = await findCase(h.database.db, view.caseId);
    expect(row).toMatchObject({ status: 'approved', step: 'closed', amountFen: 120_000, decidedLate: false, overdue: false });
    const audit = await auditTrail(h.database.db, view.caseId);
    expect(audit.map((a) => [a.seq, a.action, a.actorSub])).toEqual([
      [1, 'accept', 'cw-zhang'],
      [2, 'record-economic-check', 'cw-zhang'],
      [3, 'record-home-visit', 'cw-zhang'],
      [4, 'publicity-opened', 'jiuzhu'],
      [5, 'publicity-closed', 'jiuzhu'],
      [6, 'decide', 'cw-zhang'],
      // The workflow ended after its 90-day aftercare window (time skipped while awaiting its result).
      [7, 'archived', 'jiuzhu'],
    ]);
    // dibao-approved.json came from the first 低保 engine, -v2 before archiving, -v4 before the steps' writes
    // went through the case's one line of local activities (patch serial-local-activities), -v5 before
    // acceptance read our records, the policy and the deadline in one (patch one-acceptance-read).
    await recordHistory(h, view.caseId, 'dibao-approved-v6');
  });

  it('takes acceptance facts read at the window only for its own request: read for another day, it reads them itself', async () => {
    const yesterday = shanghaiDate((await h.env.currentTimeMs()) - DAY);
    const policy = { regionCode: '420106', effectiveFrom: '2000-01-01', deadlineWorkingDays: 99, reminderWorkingDays: 1, publicityDays: 1, verificationDays: 1, dishonestyListDays: 1, aftercareDays: 1 };
    const stale = { request: { countyCode: '420106', type: 'dibao' as const, asOf: yesterday, checks: { applicantIdHash: 'test-hash' }, deadline: { orgCode: '420106001' } }, facts: { policy } };
    const { view } = await startDibao(h, { acceptance: stale });
    // The policy in force, as the workflow read it: not the 99 working days handed in for another day.
    expect(view).toMatchObject({ deadlineWorkingDays: 22, step: 'economic-check' });
    const events = (await h.env.client.workflow.getHandle(view.caseId).fetchHistory()).events ?? [];
    const localActivities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(localActivities).toHaveLength(2); // acceptance's reads, then the case's first write
  });

  it('keeps publicity open while an objection is unresolved, and closes it once resolved', async () => {
    const { handle } = await startDibao(h);
    await throughHomeVisit(handle);
    const objected = await updateCase(handle, CASEWORKER, { action: 'record-objection', summary: '邻居反映申请人有经营收入' });
    expect(objected.publicity!.objections).toHaveLength(1);

    await h.env.sleep(8 * DAY);
    expect((await viewOf(handle)).step).toBe('publicity');

    const resolved = await updateCase(handle, APPROVER, { action: 'resolve-objection', upheld: false, reason: '经核实为临时帮工，收入已计入' });
    await eventually(async () => expect((await viewOf(handle)).step).toBe('decision'));
    expect(resolved.publicity!.objections[0]!.resolution).toMatchObject({ upheld: false });
  });

  it('returns the case to the home visit when an objection is upheld, then publicises again', async () => {
    const { handle } = await startDibao(h);
    await throughHomeVisit(handle);
    await updateCase(handle, CASEWORKER, { action: 'record-objection', summary: '申请人名下有车辆' });
    const upheld = await updateCase(handle, CASEWORKER, { action: 'resolve-objection', upheld: true, reason: '车辆核查属实，需重新入户' });
    expect(upheld.step).toBe('home-visit');
    expect(upheld.publicity!.closedAt).not.toBeNull();

    const again = await updateCase(handle, CASEWORKER, { action: 'record-home-visit', findings: '车辆已报废，重新核实' });
    expect(again.step).toBe('publicity');
    expect(again.publicity!.objections).toHaveLength(0);
    expect(again.history.filter((e) => e.action === 'publicity-opened')).toHaveLength(2);
  });

  it('lets the caseworker withdraw at an open step and ends the workflow', async () => {
    const { handle, view } = await startDibao(h);
    const withdrawn = await updateCase(handle, CASEWORKER, { action: 'withdraw', reason: '申请人主动撤回' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', step: 'closed', closedReason: '申请人主动撤回' });
    expect((await handle.result()).status).toBe('withdrawn');
    expect(await findCase(h.database.db, view.caseId)).toMatchObject({ status: 'withdrawn' });
  });

  it('rejects with a reason', async () => {
    const { handle } = await startDibao(h);
    await throughHomeVisit(handle);
    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect((await viewOf(handle)).step).toBe('decision'));
    const rejected = await updateCase(handle, APPROVER, { action: 'decide', decision: 'reject', reason: '人均收入高于当地低保标准' });
    expect(rejected).toMatchObject({ status: 'rejected', amountFen: null });
    expect(rejected.decision).toMatchObject({ decision: 'reject', reason: '人均收入高于当地低保标准' });
  });
});

describe('update validators', () => {
  it('rejects a step out of order before anything is recorded', async () => {
    const { handle, view } = await startDibao(h);
    expect(await rejection(updateCase(handle, CASEWORKER, { action: 'record-home-visit', findings: 'x' }))).toBe(CaseFailure.InvalidTransition);
    expect(await rejection(updateCase(handle, CASEWORKER, { action: 'decide', decision: 'approve', monthlyAmountFen: 1 }))).toBe(
      CaseFailure.InvalidTransition,
    );
    const after = await viewOf(handle);
    expect(after.version).toBe(view.version);
    expect(after.history).toHaveLength(1);
  });

  it('rejects the wrong role and a foreign street as Forbidden', async () => {
    const { handle } = await startDibao(h);
    const check = { action: 'record-economic-check', perCapitaIncomeFen: 1, assetsWithinLimits: true } as const;
    expect(await rejection(updateCase(handle, SUPERVISOR, check))).toBe(CaseFailure.Forbidden);
    expect(await rejection(updateCase(handle, OTHER_STREET, check))).toBe(CaseFailure.Forbidden);
    expect(await rejection(updateCase(handle, { ...APPROVER, org: '510121' }, { action: 'withdraw', reason: 'x' }))).toBe(CaseFailure.Forbidden);
  });

  it('rejects a payload that breaks an invariant', async () => {
    const { handle } = await startDibao(h);
    expect(
      await rejection(updateCase(handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: -5, assetsWithinLimits: true })),
    ).toBe(CaseFailure.InvalidPayload);
    expect(await rejection(updateCase(handle, CASEWORKER, { action: 'request-supplement', items: [] }))).toBe(CaseFailure.InvalidPayload);
  });

  it('allows only supplement-received and withdraw while suspended', async () => {
    const { handle } = await startDibao(h);
    const suspended = await updateCase(handle, CASEWORKER, { action: 'request-supplement', items: ['收入证明'] });
    expect(suspended.suspended).toBe(true);
    expect(
      await rejection(updateCase(handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 1, assetsWithinLimits: true })),
    ).toBe(CaseFailure.InvalidTransition);
    expect(await rejection(updateCase(handle, CASEWORKER, { action: 'request-supplement', items: ['再次'] }))).toBe(CaseFailure.InvalidTransition);
    const resumed = await updateCase(handle, CASEWORKER, { action: 'supplement-received' });
    expect(resumed.suspended).toBe(false);
    expect(resumed.history.map((e) => e.action).slice(-2)).toEqual(['request-supplement', 'supplement-received']);
  });
});
