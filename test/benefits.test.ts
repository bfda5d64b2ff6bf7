import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyBenefitStep, findBenefit } from '../src/db/benefits.js';
import { loadWorkingCalendar } from '../src/db/calendar.js';
import { preparePayroll, createPayroll } from '../src/db/payrolls.js';
import { addCalendarDays, shanghaiDate } from '../src/domain/dates.js';
import { addMonths, firstDayOf, monthOf, startOfMonth } from '../src/domain/months.js';
import { benefitStateQuery } from '../src/workflows/messages.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, WC, ZHUJIAN, approver, cw, supervisor } from './support/actors.js';
import { expectError, expectStatus, get, json, post } from './support/api.js';
import { approve, paymentsOf, runPayroll } from './support/benefits.js';
import { updateCase } from './support/cases.js';
import { bearer, eventually, recordHistory, sleepUntil, useHarness } from './support/harness.js';

const h = useHarness('benefits');

const benefitOf = async (id: string, who = CASEWORKER) => expectStatus(await get(h.app, `/v1/benefits/${id}`, who), 200);
const benefitAct = (id: string, who: Parameters<typeof post>[2], body: object) => post(h.app, `/v1/benefits/${id}/actions`, who, body);
const setAccount = async (id: string, payee = 'applicant', who = CASEWORKER) =>
  expectStatus(await h.app.inject({ method: 'PUT', url: `/v1/benefits/${id}/payees/${payee}/account`, headers: bearer(who), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);
/** The workflow's month now: the time-skipping server runs ahead of the wall clock. */
const workflowMonth = async () => monthOf(shanghaiDate(await h.env.currentTimeMs()));

describe('benefits (待遇) after an approval', () => {
  // First, while the test server's clock still matches the wall clock the API reads.
  it('a new standard moves the amounts from its month, with a benefit-adjusted entry each; the past is never edited', async () => {
    // 金堂县 510121: a county of its own, so the standard it loads moves no other test's amounts.
    const a = await approve(h, 'dibao', { monthlyAmountFen: 80_000 }, { orgCode: `${JT}001`, household: { size: 2, monthlyIncomeFen: 80_000 } });
    const officer = { sub: 'po-jintang', role: 'policy' as const, org: JT };
    const next = addMonths(monthOf(shanghaiDate(Date.now())), 1);
    const put = (who: Parameters<typeof bearer>[0], key: string, body: object) => h.app.inject({ method: 'PUT', url: `/v1/policies/${JT}/${key}`, headers: bearer(who), payload: body });
    const body = { value: { monthlyFen: 90_000 }, effectiveFrom: firstDayOf(next), source: '成都市民政局 2026 年第 9 号（测试）' };

    expectError(await put(APPROVER, 'dibao-standard', body), 403, 'forbidden');
    expectError(await put({ ...officer, org: WC }, 'dibao-standard', body), 403, 'forbidden');
    expectError(await put(officer, 'dibao-standard', { ...body, effectiveFrom: shanghaiDate(Date.now()) }), 409, 'invalid_transition');
    const bad = expectError(await put(officer, 'dibao-standard', { ...body, value: { monthlyFen: -1 } }), 400, 'validation_failed');
    expect(JSON.stringify(bad)).toContain('value.monthlyFen');
    expectError(await put(officer, 'benefits', { ...body, value: { firstMonth: 'approval-month', dibaoMinimumFen: 0, workCostFen: 0, phaseOutMonths: 13, reviewMonths: { dibao: 12, dibaoWithWorkers: 6, tekun: 12, housing: 12 }, reviewWorkingDays: 10 } }), 400, 'validation_failed');
    const several = expectError(await put(officer, 'benefits', { ...body, value: { phaseOutMonths: 13, extra: 1 } }), 400, 'validation_failed');
    expect(several.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['value.firstMonth', 'value.phaseOutMonths', 'value.extra']));

    const before = await benefitOf(a.benefitId, cw(`${JT}001`));
    expect(before.monthlyAmountFen).toBe(80_000);
    // The seeded 金堂县 standard is a placeholder, and the benefit says so until a published one governs.
    expect(before.standardPlaceholder).toBe(true);
    const loaded = expectStatus(await put(officer, 'dibao-standard', body), 201);
    expect(loaded).toMatchObject({ key: 'dibao-standard', effectiveFrom: firstDayOf(next), status: 'scheduled', adjustedBenefits: 1 });

    const listed = expectStatus(await get(h.app, `/v1/policies/${JT}`, officer), 200);
    const standards = listed.items.filter((i: { key: string }) => i.key === 'dibao-standard');
    expect(standards.map((s: { status: string; placeholder: boolean }) => [s.status, s.placeholder])).toEqual([
      ['in-force', true],
      ['scheduled', false],
    ]);

    // (90,000 − 40,000) × 2 = 100,000 from next month: 20,000 more, the approver's adjustment kept.
    const after = await benefitOf(a.benefitId, cw(`${JT}001`));
    const adjusted = after.history.find((e: { action: string }) => e.action === 'benefit-adjusted');
    expect(adjusted.details).toMatchObject({ fromMonth: next, previousMonthlyAmountFen: 80_000, monthlyAmountFen: 100_000 });
    await setAccount(a.benefitId, 'applicant', cw(`${JT}001`));
    await runPayroll(h, JT, monthOf(shanghaiDate(Date.now())));
    await runPayroll(h, JT, next);
    expect((await paymentsOf(h, a.benefitId)).map((p) => p.amountFen)).toEqual([80_000, 100_000]);
  });

  it('pays a 低保 approval for 12 payrolls, once per month however often a payroll runs; a bank return is paid again once', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const opened = await benefitOf(a.benefitId);
    expect(opened).toMatchObject({ caseId: a.caseId, type: 'dibao', status: 'active', monthlyAmountFen: 120_000, lastMonth: null, reviewOverdue: false });
    expect(opened.payees).toEqual([{ payee: 'applicant', name: '张三', monthlyAmountFen: 120_000, bankName: null, accountMasked: null }]);
    const first = opened.firstMonth as string;
    expect(first).toBe(await workflowMonth());

    // Without an account the month is held, and paid by the next payroll once one is on file.
    const heldIn = await runPayroll(h, WC, first);
    expect((await paymentsOf(h, a.benefitId)).map((p) => p.status)).toEqual(['held']);
    // What the first payroll sent and held, as it read when sent: it reads the same after the next took the held one on.
    const readPayroll = async (id: string) => {
      const { totals, ...rest } = expectStatus(await get(h.app, `/v1/payrolls/${id}`, SUPERVISOR), 200);
      return { rest, totals, lines: expectStatus(await get(h.app, `/v1/payrolls/${id}/payments?limit=1000`, AUDITOR), 200).items };
    };
    const whenSent = await readPayroll(heldIn);
    const heldLine = whenSent.lines.find((l: { benefitId: string }) => l.benefitId === a.benefitId);
    expect(heldLine).toMatchObject({ status: 'held', amountFen: 120_000, attempts: 1 });
    expect(whenSent.totals.byStatus.held.payments).toBeGreaterThanOrEqual(1);
    const withAccount = await setAccount(a.benefitId);
    expect(withAccount.payees[0].accountMasked).toBe('****8901');
    expect(JSON.stringify(withAccount)).not.toContain('6228480012345678901');

    for (let i = 1; i < 12; i++) await runPayroll(h, WC, addMonths(first, i));
    // A payroll run again, prepared again, or the same month's preparation repeated: nothing more.
    await runPayroll(h, WC, addMonths(first, 3));
    await preparePayroll(h.database.db, `payroll-${WC}-${addMonths(first, 3)}`);
    const paid = await paymentsOf(h, a.benefitId);
    expect(paid).toHaveLength(12);
    expect(paid.map((p) => p.month)).toEqual(Array.from({ length: 12 }, (_, i) => addMonths(first, i)));
    expect(paid.every((p) => p.status === 'sent' && p.amountFen === 120_000)).toBe(true);
    // The held first month moved to the second payroll: still one row, its second attempt.
    expect(paid[0]).toMatchObject({ attempts: 2, payrollId: `payroll-${WC}-${addMonths(first, 1)}` });
    // The first payroll reads as it did when sent — counts, totals, lines — and counts the held one as moved on.
    const afterwards = await readPayroll(heldIn);
    expect(afterwards.rest).toEqual(whenSent.rest);
    expect(afterwards.lines).toEqual(whenSent.lines);
    const { movedToLaterPayrolls, ...totals } = afterwards.totals;
    expect(totals).toEqual((({ movedToLaterPayrolls: _m, ...t }) => t)(whenSent.totals));
    expect(movedToLaterPayrolls).toBe(whenSent.totals.movedToLaterPayrolls + 1);

    // The bank returns month 5; the next payroll pays it again, once.
    const returned = `payroll-${WC}-${addMonths(first, 4)}`;
    const ret = expectStatus(await post(h.app, `/v1/payrolls/${returned}/returns`, APPROVER, { items: [{ reference: `${a.benefitId}/${addMonths(first, 4)}/applicant`, reason: '账户已销户' }] }), 200);
    expect(ret.failed).toBe(1);
    expect(expectStatus(await post(h.app, `/v1/payrolls/${returned}/returns`, APPROVER, { items: [{ reference: `${a.benefitId}/${addMonths(first, 4)}/applicant`, reason: '账户已销户' }] }), 200).failed).toBe(0);
    expectError(await post(h.app, `/v1/payrolls/${returned}/returns`, APPROVER, { items: [{ reference: `${a.benefitId}/${addMonths(first, 6)}/applicant`, reason: 'x' }] }), 400, 'validation_failed');
    await runPayroll(h, WC, addMonths(first, 12));
    await runPayroll(h, WC, addMonths(first, 13));
    const after = await paymentsOf(h, a.benefitId);
    expect(after).toHaveLength(14);
    expect(after.find((p) => p.month === addMonths(first, 4))).toMatchObject({ status: 'sent', attempts: 2, payrollId: `payroll-${WC}-${addMonths(first, 12)}` });

    const payroll = expectStatus(await get(h.app, `/v1/payrolls/${returned}`, SUPERVISOR), 200);
    expect(payroll).toMatchObject({ status: 'sent', countyCode: WC, month: addMonths(first, 4) });
    expect(payroll.totals.movedToLaterPayrolls).toBe(1);
    // What that payroll sent reads the same after the fact: its file, and the payment, returned, in its lines.
    const reference = `${a.benefitId}/${addMonths(first, 4)}/applicant`;
    expect(payroll.totals.byStatus.failed).toMatchObject({ payments: 1, amountFen: 120_000 });
    const file = await get(h.app, `/v1/payrolls/${returned}/file`, APPROVER);
    expect(file.body).toContain(`,6228480012345678901,1200.00,${reference}`);
    const lines = expectStatus(await get(h.app, `/v1/payrolls/${returned}/payments?limit=1000`, AUDITOR), 200);
    expect(lines.items.find((l: { reference: string }) => l.reference === reference)).toMatchObject({ status: 'failed', failureReason: '账户已销户', attempts: 1 });
    const spending = expectStatus(await get(h.app, `/v1/stats/spending?orgCode=${WC}&from=${first}&to=${addMonths(first, 13)}`, SUPERVISOR), 200);
    const dibao = spending.items.filter((i: { type: string }) => i.type === 'dibao');
    expect(dibao.reduce((s: number, i: { amountFen: number }) => s + i.amountFen, 0)).toBeGreaterThanOrEqual(14 * 120_000);
    await recordHistory(h, `payroll-${WC}-${addMonths(first, 12)}`, 'payroll-sent');
  });

  it('pays 特困 dispersed support to two payees each month', async () => {
    const street = '420111001';
    const a = await approve(h, 'tekun', {
      monthlyAmountFen: 130_000,
      support: { mode: 'dispersed', carer: { name: '李护理' }, careFeeFen: 50_000, agreementSignedOn: '2026-01-05' },
      selfCare: 'partial',
    }, { orgCode: street });
    const b = await benefitOf(a.benefitId, cw(street));
    expect(b.payees.map((p: { payee: string; monthlyAmountFen: number }) => [p.payee, p.monthlyAmountFen])).toEqual([
      ['applicant', 130_000],
      ['carer', 50_000],
    ]);
    await setAccount(a.benefitId, 'applicant', cw(street));
    await setAccount(a.benefitId, 'carer', cw(street));
    await runPayroll(h, '420111', b.firstMonth);
    await runPayroll(h, '420111', addMonths(b.firstMonth, 1));
    expect((await paymentsOf(h, a.benefitId)).map((p) => [p.month, p.payee, p.amountFen, p.status])).toEqual([
      [b.firstMonth, 'applicant', 130_000, 'sent'],
      [b.firstMonth, 'carer', 50_000, 'sent'],
      [addMonths(b.firstMonth, 1), 'applicant', 130_000, 'sent'],
      [addMonths(b.firstMonth, 1), 'carer', 50_000, 'sent'],
    ]);
    // A 低保 field on a 特困 benefit names itself.
    const bad = expectError(await benefitAct(a.benefitId, cw(street), { action: 'record-change', householdSize: 3, reason: '新增人口' }), 400, 'validation_failed');
    expect(JSON.stringify(bad)).toContain('householdSize');
  });

  it('a death stops the benefit: a month already prepared is cancelled and no later month is paid', async () => {
    const county = '420112';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street });
    await setAccount(a.benefitId, 'applicant', cw(street));
    const month = (await benefitOf(a.benefitId, cw(street))).firstMonth as string;
    await runPayroll(h, county, month);
    // Next month's payroll is prepared early, and not yet released, when the death is recorded.
    await createPayroll(h.database.db, { countyCode: county, month: addMonths(month, 1), actor: approver(county), at: new Date() });
    await preparePayroll(h.database.db, `payroll-${county}-${addMonths(month, 1)}`);

    expectError(await benefitAct(a.benefitId, { sub: 'sv', role: 'supervisor', org: county }, { action: 'stop', reason: 'death' }), 403, 'forbidden');
    expectError(await benefitAct(a.benefitId, cw(`${county}002`), { action: 'stop', reason: 'death' }), 404, 'not_found');
    expectError(await benefitAct(a.benefitId, { ...ZHUJIAN, org: county }, { action: 'stop', reason: 'death' }), 404, 'not_found');
    const badReason = expectError(await benefitAct(a.benefitId, cw(street), { action: 'stop', reason: 'bored' }), 400, 'validation_failed');
    expect(JSON.stringify(badReason)).toContain('reason');
    expectError(await benefitAct(a.benefitId, cw(street), { action: 'resume' }), 409, 'invalid_transition');

    const stopped = expectStatus(await benefitAct(a.benefitId, cw(street), { action: 'stop', reason: 'death', note: '民政部门核实死亡' }), 200);
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'death', lastMonth: await workflowMonth(), monthlyAmountFen: 0 });
    expectError(await benefitAct(a.benefitId, cw(street), { action: 'stop', reason: 'death' }), 409, 'invalid_transition');
    await runPayroll(h, county, addMonths(month, 1));
    await runPayroll(h, county, addMonths(month, 2));
    const paid = await paymentsOf(h, a.benefitId);
    expect(paid.filter((p) => p.status === 'sent').map((p) => p.month)).toEqual([month]);
    expect(paid.filter((p) => p.month > month).every((p) => p.status === 'cancelled')).toBe(true);
    // The workflow ends with the benefit.
    await eventually(async () => expect((await h.env.client.workflow.getHandle(a.benefitId).describe()).status.name).toBe('COMPLETED'));
  });

  it('低保 → 特困 is a transfer: refused while 低保 is in force, then no month paid by both', async () => {
    const county = '420113';
    const street = `${county}001`;
    const dibao = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street });
    await setAccount(dibao.benefitId, 'applicant', cw(street));
    const month = await workflowMonth();
    await runPayroll(h, county, month);
    // 特困 for the same person: the 低保 in force refuses the approval.
    await expect(
      approve(h, 'tekun', { monthlyAmountFen: 130_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }, { orgCode: street, applicant: { name: '张三', idNumberMasked: 'x', idHash: dibao.idHash } }),
    ).rejects.toThrow();
    expectStatus(await benefitAct(dibao.benefitId, cw(street), { action: 'stop', reason: 'transferred', note: '转为特困供养' }), 200);
    const tekun = await approve(h, 'tekun', { monthlyAmountFen: 130_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }, { orgCode: street, applicant: { name: '张三', idNumberMasked: 'x', idHash: dibao.idHash } });
    const t = await benefitOf(tekun.benefitId, cw(street));
    const dibaoLast = (await benefitOf(dibao.benefitId, cw(street))).lastMonth as string;
    expect(t.firstMonth).toBe(addMonths(dibaoLast, 1));
    await setAccount(tekun.benefitId, 'applicant', cw(street));
    for (const m of [month, addMonths(month, 1), addMonths(month, 2)]) await runPayroll(h, county, m);
    const months = [...(await paymentsOf(h, dibao.benefitId)), ...(await paymentsOf(h, tekun.benefitId))].filter((p) => p.status === 'sent').map((p) => p.month);
    expect(new Set(months).size).toBe(months.length);
  });

  it('a case revoked for a false commitment stops its benefit: nothing after the revocation is paid', async () => {
    const street = '420115001';
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street, intake: { pledgedInsteadOfProof: ['收入证明'] } });
    const revoked = await updateCase(h.env.client.workflow.getHandle(a.caseId), cw(street), { action: 'record-verification', truthful: false, findings: '核查发现有稳定工资收入' });
    expect(revoked.status).toBe('revoked');
    await eventually(async () => expect((await findBenefit(h.database.db, a.benefitId))!.status).toBe('stopped'));
    const b = await benefitOf(a.benefitId, cw(street));
    // Nothing was sent, so it ends before its first month: the month of the revocation is not paid either.
    expect(b).toMatchObject({ stopReason: 'revoked', lastMonth: addMonths(await workflowMonth(), -1), monthlyAmountFen: 0 });
    expect(b.history.at(-1).summary).toContain('案件撤销');
  });

  it('an employed household above the standard goes through the 渐退期, then stops by itself', async () => {
    const county = '420114';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000, employedMembers: 1 }, { orgCode: street });
    // A household with a member in work is reviewed after 6 months, not 12.
    const opened = await benefitOf(a.benefitId, cw(street));
    expect(opened.reviewDueDate.slice(0, 7)).toBe(addMonths(opened.firstMonth, 6));
    const changed = expectStatus(await benefitAct(a.benefitId, cw(street), { action: 'record-change', perCapitaIncomeFen: 150_000, reason: '就业收入增加' }), 200);
    const from = addMonths(await workflowMonth(), 1);
    expect(changed).toMatchObject({ status: 'phasing-out', lastMonth: addMonths(from, 5) });
    expectError(await benefitAct(a.benefitId, cw(street), { action: 'record-change', perCapitaIncomeFen: 10_000, reason: 'x' }), 409, 'invalid_transition');
    await setAccount(a.benefitId, 'applicant', cw(street));
    // The amount paid before stays for the 渐退期: six months at 120,000.
    for (let i = 0; i < 8; i++) await runPayroll(h, county, addMonths(from, i - 1));
    const paid = (await paymentsOf(h, a.benefitId)).filter((p) => p.status === 'sent');
    expect(paid.map((p) => p.month)).toEqual(Array.from({ length: 7 }, (_, i) => addMonths(from, i - 1)));
    expect(paid.every((p) => p.amountFen === 120_000)).toBe(true);
    // The 渐退期's end stops the benefit on its own timer.
    await sleepUntil(h, new Date(startOfMonth(addMonths(changed.lastMonth, 1)).getTime() + 60_000).toISOString());
    await eventually(async () => expect((await findBenefit(h.database.db, a.benefitId))!.status).toBe('stopped'));
    expect((await benefitOf(a.benefitId, cw(street))).stopReason).toBe('phase-out-ended');
    await recordHistory(h, a.benefitId, 'benefit-phase-out-ended-v4');
    // The case whose approval started it (start-benefit).
    await recordHistory(h, a.caseId, 'dibao-approved-benefit-v3');
  });

  it('a review falls due, turns overdue with the supervisors told, and a change at review recomputes from next month', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const b = await benefitOf(a.benefitId);
    const firstRun = (await h.env.client.workflow.getHandle(a.benefitId).describe()).runId;
    await h.env.sleep(Date.parse(`${b.reviewDueDate}T00:00:00+08:00`) - (await h.env.currentTimeMs()) + 60_000);
    const due = await eventually(async () => {
      const r = (await findBenefit(h.database.db, a.benefitId))!;
      expect(r.reviewDeadline).not.toBeNull();
      return r;
    });
    const reviewList = expectStatus(await get(h.app, `/v1/benefits?reviewDueBefore=${due.reviewDueDate}`, SUPERVISOR), 200);
    expect(reviewList.items.map((i: { benefitId: string }) => i.benefitId)).toContain(a.benefitId);

    // The year's calendar loaded with a day off inside the review's span: its deadline counts again, one working day later.
    const calendar = await loadWorkingCalendar(h.database.db, a.decided.orgCode);
    let dayOff = addCalendarDays(due.reviewDueDate, 1);
    while (!calendar.isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
    expect(dayOff <= due.reviewDeadline!).toBe(true);
    const year = Number(dayOff.slice(0, 4));
    const loadYear = (org: string) =>
      h.app.inject({ method: 'PUT', url: `/v1/calendar/years/${year}`, headers: bearer({ sub: `cal-${org}`, role: 'system', org }), payload: { source: `${year} 年节假日安排（测试）`, days: [{ date: dayOff, working: false }] } });
    // Another province's day off moves nothing here.
    expect(expectStatus(await loadYear('510000'), 200)).toMatchObject({ region: '510000', year });
    expect((await findBenefit(h.database.db, a.benefitId))!.reviewDeadline).toBe(due.reviewDeadline);
    const loaded = expectStatus(await loadYear('000000'), 200);
    expect(loaded).toMatchObject({ region: '000000', days: 1 });
    expect(loaded.benefitsRecounted).toBeGreaterThanOrEqual(1);
    const later = (await loadWorkingCalendar(h.database.db, a.decided.orgCode)).addWorkingDays(due.reviewDeadline!, 1).date;
    const recounted = await eventually(async () => {
      const r = (await findBenefit(h.database.db, a.benefitId))!;
      expect(r.reviewDeadline).toBe(later);
      return r;
    });
    expect((await benefitOf(a.benefitId)).history.at(-1)).toMatchObject({ action: 'recount-review', details: { previousReviewDeadline: due.reviewDeadline, reviewDeadline: later } });
    await h.env.sleep(Date.parse(`${recounted.reviewDeadline}T24:00:00+08:00`) - (await h.env.currentTimeMs()) + 60_000);
    await eventually(async () => expect((await findBenefit(h.database.db, a.benefitId))!.reviewOverdue).toBe(true));
    const notes = await h.database.sql`select recipient_role from notifications where kind = 'benefit-review-overdue' and case_id = ${a.caseId}`;
    expect(notes.map((n) => n.recipient_role).sort()).toEqual(['caseworker', 'supervisor']);

    const reviewed = expectStatus(await benefitAct(a.benefitId, APPROVER, { action: 'record-review', outcome: 'change', findings: '家庭人口增加', householdSize: 3 }), 200);
    expect(reviewed.reviewOverdue).toBe(false);
    expect(reviewed.reviewDueDate > b.reviewDueDate).toBe(true);
    // (100,000 − 40,000) × 3 = 180,000 from next month.
    const entry = reviewed.history.at(-1);
    expect(entry.details).toMatchObject({ previousMonthlyAmountFen: 120_000, monthlyAmountFen: 180_000 });
    // A completed review starts a new run: the history holds one review cycle.
    await eventually(async () => expect((await h.env.client.workflow.getHandle(a.benefitId).describe()).runId).not.toBe(firstRun));
    expect((await h.env.client.workflow.getHandle(a.benefitId).query(benefitStateQuery)).status).toBe('active');
    // The first run: opened, its review deadline recounted on a loaded year, reviewed overdue, changed at review, continued as new.
    // -v4: the benefit's timer kept across its changes (patch benefit-timer-kept).
    await recordHistory(h, a.benefitId, 'benefit-reviewed-v5', firstRun);
  });

  it('the API: lists in scope, refuses payrolls to the wrong people, and releases once', async () => {
    expectError(await get(h.app, '/v1/benefits', { sub: 'cm', role: 'committee', org: WC }), 403, 'forbidden');
    const mine = expectStatus(await get(h.app, '/v1/benefits?limit=1', CASEWORKER), 200);
    expect(mine.items.length).toBe(1);
    expect(mine.nextCursor).toBeTruthy();
    const next = expectStatus(await get(h.app, `/v1/benefits?limit=1&cursor=${mine.nextCursor}`, CASEWORKER), 200);
    expect(next.items[0].benefitId > mine.items[0].benefitId).toBe(true);
    expectError(await get(h.app, '/v1/benefits?cursor=bm90LWEtY3Vyc29y', CASEWORKER), 400, 'validation_failed');
    expect(expectStatus(await get(h.app, '/v1/benefits', OTHER_STREET), 200).items).toEqual([]);
    expectError(await get(h.app, '/v1/benefits?orgCode=510121', CASEWORKER), 403, 'forbidden');

    const month = monthOf(shanghaiDate(Date.now()));
    expectError(await post(h.app, '/v1/payrolls', CASEWORKER, { countyCode: WC, month }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/payrolls', approver(JT), { countyCode: WC, month }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/payrolls', ZHUJIAN, { countyCode: WC, month }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/payrolls', APPROVER, { countyCode: WC, month: '2026-13' }), 400, 'validation_failed');
    // The months a payroll may be for: from the county's first benefit (none: this month) to next month, and why not.
    const refused = async (countyCode: string, m: string, who = APPROVER) => {
      const e = expectError(await post(h.app, '/v1/payrolls', who, { countyCode, month: m }), 400, 'validation_failed');
      expect(e.details).toEqual([{ path: 'month', message: expect.any(String) }]);
      return (e.details as Array<{ message: string }>)[0]!.message;
    };
    expect(await refused(WC, addMonths(month, 2))).toContain(`不得晚于下月（${addMonths(month, 1)}）`);
    const firstInWc = (await h.database.db.execute<{ m: string }>(sql`select min(first_month) as m from benefits where county_code = ${WC}`))[0]!.m;
    for (const m of ['0000-01', '1969-12', addMonths(firstInWc < month ? firstInWc : month, -1)]) expect(await refused(WC, m)).toMatch(/^不得早于/);
    // A county with no benefit yet: nothing before this month either.
    const empty = '420102';
    expect(await refused(empty, addMonths(month, -1), approver(empty))).toBe(`不得早于本月（${month}）：本县没有更早起始的待遇，此前无可发放`);

    // A payroll through the API for this month of that county (empty: the flow, not the money, is under test).
    const created = expectStatus(await post(h.app, '/v1/payrolls', approver(empty), { countyCode: empty, month }), 201);
    const again = expectStatus(await post(h.app, '/v1/payrolls', approver(empty), { countyCode: empty, month }), 201);
    expect(again.payrollId).toBe(created.payrollId);
    await eventually(async () => expect(json(await get(h.app, `/v1/payrolls/${created.payrollId}`, approver(empty))).status).toBe('prepared'));
    expectError(await get(h.app, `/v1/payrolls/${created.payrollId}/file`, approver(empty)), 409, 'invalid_transition');
    expectError(await post(h.app, `/v1/payrolls/${created.payrollId}/release`, supervisor(empty), {}), 403, 'forbidden');
    expectError(await get(h.app, `/v1/payrolls/${created.payrollId}`, approver(JT)), 404, 'not_found');
    const sent = expectStatus(await post(h.app, `/v1/payrolls/${created.payrollId}/release`, approver(empty), {}), 200);
    expect(sent.status).toBe('sent');
    expectError(await post(h.app, `/v1/payrolls/${created.payrollId}/release`, approver(empty), {}), 409, 'invalid_transition');
    expectError(await get(h.app, `/v1/payrolls/${created.payrollId}/file`, supervisor(empty)), 403, 'forbidden');
    const file = await get(h.app, `/v1/payrolls/${created.payrollId}/file`, approver(empty));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body.split('\r\n')[0]).toBe('\uFEFF户名,账号,金额,摘要');
  });

  it('the bank file carries full accounts, amounts in 元 with two decimals, and references; the payments page masks them', async () => {
    const [found] = await h.database.sql<{ payroll_id: string }[]>`
      select payroll_id from benefit_payments where county_code = ${WC} and status = 'sent' group by payroll_id having count(*) > 1 order by payroll_id limit 1`;
    const payrollId = found!.payroll_id;
    const file = await get(h.app, `/v1/payrolls/${payrollId}/file`, APPROVER);
    expect(file.statusCode, file.body).toBe(200);
    const lines = file.body.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^[^,]+,6228480012345678901,\d+\.\d{2},benefit-[^,]+\/\d{4}-\d{2}\/(applicant|carer)$/);
    // Stored under the account keys (ACCOUNT_KEYS, id `acct`), each value naming its key.
    const stored = await h.database.sql<{ s: string }[]>`select account_encrypted as s from benefit_payment_attempts where payroll_id = ${payrollId}`;
    expect(stored.length).toBeGreaterThan(0);
    for (const { s } of stored) expect(s).toMatch(/^acct:[^:]+$/);
    const page = expectStatus(await get(h.app, `/v1/payrolls/${payrollId}/payments?limit=1`, SUPERVISOR), 200);
    expect(page.items[0].accountMasked).toBe('****8901');
    expect(JSON.stringify(page)).not.toContain('6228480012345678901');
    if (page.nextCursor) {
      const second = expectStatus(await get(h.app, `/v1/payrolls/${payrollId}/payments?limit=1&cursor=${page.nextCursor}`, SUPERVISOR), 200);
      expect(second.items[0].reference).not.toBe(page.items[0].reference);
    }
  });

  it('a benefit write waits for the county payroll being prepared, and never double-applies a retried step', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const state = await h.env.client.workflow.getHandle(a.benefitId).query(benefitStateQuery);
    const step = { benefitId: a.benefitId, version: state.version, actor: CASEWORKER, step: { action: 'suspend' as const, reason: '联系不上' }, at: new Date().toISOString() };
    const first = await applyBenefitStep(h.database.db, step);
    const retried = await applyBenefitStep(h.database.db, step);
    expect(retried).toEqual(first);
    const events = await h.database.sql`select count(*)::int as n from benefit_events where benefit_id = ${a.benefitId} and action = 'suspend'`;
    expect(events[0]!.n).toBe(1);
  });
});
