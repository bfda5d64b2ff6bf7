import { describe, expect, it } from 'vitest';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths, monthOf } from '../src/domain/months.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, WC, YIBAO } from './support/actors.js';
import { act, actOk, expectError, expectStatus, fieldsOf, get, getCase, json, post, type Json } from './support/api.js';
import { approve, paymentsOf, runPayroll } from './support/benefits.js';
import { startCase, submitApplication } from './support/cases.js';
import { bearer, eventually, recordHistory, residentId, sleepUntil, useHarness } from './support/harness.js';

// 孤儿 and 事实无人抚养儿童 (001 §二(一)): the child applies, the guardian is paid monthly through the benefit
// and payroll machinery, and the support ends by itself after the month of the 18th birthday.

const h = useHarness('child-support');
const calendar = new WorkingCalendar(officialCalendarData());

/** 武昌区's seeded (placeholder) child standard. */
const STANDARD_FEN = 180_000;
const RENSHE: Actor = { sub: 'ap-renshe-c', role: 'approver', org: WC, dept: 'renshe' };

let seq = 500;
const childId = (born: string) => residentId('420106', born, String(seq++));
const guardian = (name = '李奶奶') => ({ name, idNumber: residentId('420106', '19550310', String(seq++)), relation: '祖母', phone: '13800000001' });

function childCase(type: 'orphan' | 'defacto-orphan', extra: Json = {}, born = '20120405'): Json {
  return {
    type,
    orgCode: '420106001',
    applicant: { name: '李小孤', idNumber: childId(born) },
    household: { size: 1, monthlyIncomeFen: 0 },
    guardian: guardian(),
    ...(type === 'defacto-orphan'
      ? {
          parents: [
            { relation: 'father', situation: 'imprisoned' },
            { relation: 'mother', situation: 'missing' },
          ],
        }
      : {}),
    ...extra,
  };
}

const benefitOf = async (id: string) => expectStatus(await get(h.app, `/v1/benefits/${id}`, CASEWORKER), 200);
const setAccount = async (id: string, payee: string) =>
  expectStatus(await h.app.inject({ method: 'PUT', url: `/v1/benefits/${id}/payees/${payee}/account`, headers: bearer(CASEWORKER), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);

/** A child case through its home visit and the county 民政 approver's approval: the case as decided. */
async function approved(body: Json, approval: Json = {}): Promise<Json> {
  const c = await startCase(h.app, CASEWORKER, body);
  await actOk(h.app, CASEWORKER, c.caseId, { action: 'record-home-visit', findings: '随祖母生活，无其他收入来源' });
  return actOk(h.app, APPROVER, c.caseId, { action: 'decide', decision: 'approve', ...approval });
}

describe('intake of a child’s support', () => {
  it('refuses an applicant of 18 or more, a missing guardian, parents of an orphan on a 事实无人抚养 case — each 400 at its field', async () => {
    const adult = expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('orphan', {}, '20000101')), 400, 'validation_failed');
    expect(fieldsOf(adult)).toEqual(['applicant.idNumber']);
    expect(adult.message).toContain('18');
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('orphan', { guardian: undefined })), 400, 'validation_failed'))).toEqual(['guardian']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('defacto-orphan', { parents: undefined })), 400, 'validation_failed'))).toEqual(['parents']);
    const gone = [
      { relation: 'father', situation: 'deceased' },
      { relation: 'mother', situation: 'missing' },
    ];
    const orphaned = expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('defacto-orphan', { parents: gone })), 400, 'validation_failed');
    expect(fieldsOf(orphaned)).toEqual(['parents']);
    expect(orphaned.details[0].message).toContain('孤儿');
    const twice = [
      { relation: 'father', situation: 'imprisoned' },
      { relation: 'father', situation: 'serious-illness' },
    ];
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('defacto-orphan', { parents: twice })), 400, 'validation_failed'))).toEqual(['parents']);
    const unknown = [
      { relation: 'father', situation: 'working-away' },
      { relation: 'mother', situation: 'imprisoned' },
    ];
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('defacto-orphan', { parents: unknown })), 400, 'validation_failed'))).toEqual(['parents.0.situation']);
    const badGuardian = expectError(await post(h.app, '/v1/cases', CASEWORKER, childCase('orphan', { guardian: { ...guardian(), idNumber: '42010619550310123' } })), 400, 'validation_failed');
    expect(fieldsOf(badGuardian)).toEqual(['guardian.idNumber']);
    // A guardian on a type without a child is another type's field.
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, { ...childCase('orphan'), type: 'dibao' }), 400, 'validation_failed'))).toEqual(['guardian']);
  });

  it('the one door proposes 孤儿 for a minor whose parents are both dead or missing, and opens it once a guardian is named', async () => {
    const base = {
      orgCode: '420106001',
      household: { size: 1, monthlyIncomeFen: 0 },
      requested: ['dibao'],
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
      parents: [
        { relation: 'father', situation: 'deceased' },
        { relation: 'mother', situation: 'deceased' },
      ],
    };
    const opened = await submitApplication(h.app, CASEWORKER, { ...base, applicant: { name: '王小孤', idNumber: childId('20140808') }, guardian: guardian('王爷爷') });
    const measure = (opened.assessment.measures as Json[]).find((m) => m.kind === 'orphan');
    expect(measure).toMatchObject({ source: 'proposed', opensCase: true });
    const orphanCase = (opened.cases as Json[]).find((c) => c.type === 'orphan')!;
    expect(orphanCase).toMatchObject({ department: 'minzheng', step: 'home-visit' });
    const view = await getCase(h.app, CASEWORKER, orphanCase.caseId);
    expect(view.child).toMatchObject({ birthDate: '2014-08-08', guardian: { name: '王爷爷', relation: '祖母' } });
    expect(view.child.guardian.idNumber).toBeUndefined();
    expect(view.child.guardian.idNumberMasked).toMatch(/^\*{17}[0-9X]$/);

    const noGuardian = await submitApplication(h.app, CASEWORKER, { ...base, applicant: { name: '赵小孤', idNumber: childId('20150101') } });
    expect((noGuardian.assessment.measures as Json[]).find((m) => m.kind === 'orphan')).toMatchObject({ source: 'proposed', opensCase: false });
    expect((noGuardian.cases as Json[]).map((c) => c.type)).not.toContain('orphan');
    // An adult whose parents are dead is no orphan.
    const adult = await submitApplication(h.app, CASEWORKER, { ...base, applicant: { name: '钱成年', idNumber: residentId('420106', '19900101', String(seq++)) } });
    expect((adult.assessment.measures as Json[]).map((m) => m.kind)).not.toContain('orphan');
  });
});

describe('事实无人抚养儿童 (defacto-orphan)', () => {
  it('is visited by the street and decided by the county 民政 approver at the standard; others are refused', async () => {
    const c = await startCase(h.app, CASEWORKER, childCase('defacto-orphan'));
    expect(c).toMatchObject({ department: 'minzheng', step: 'home-visit', child: { parents: [{ relation: 'father', situation: 'imprisoned' }, { relation: 'mother', situation: 'missing' }] } });
    expect(c.dueDate).toBe(calendar.addWorkingDays(shanghaiDate(c.acceptedAt), 22).date);
    expectError(await act(h.app, APPROVER, c.caseId, { action: 'decide', decision: 'approve' }), 409, 'invalid_transition');
    expectError(await act(h.app, APPROVER, c.caseId, { action: 'record-home-visit', findings: '越权' }), 403, 'forbidden');
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, OTHER_STREET), 404, 'not_found');
    await actOk(h.app, CASEWORKER, c.caseId, { action: 'record-home-visit', findings: '父亲服刑，母亲失踪，随祖母生活' });
    expectError(await act(h.app, CASEWORKER, c.caseId, { action: 'decide', decision: 'approve' }), 403, 'forbidden');
    expectError(await act(h.app, YIBAO, c.caseId, { action: 'decide', decision: 'approve' }), 404, 'not_found');
    expect(fieldsOf(expectError(await act(h.app, APPROVER, c.caseId, { action: 'decide', decision: 'approve', measures: ['x'] }), 400, 'validation_failed'))).toEqual(['measures']);
    const form = ((await getCase(h.app, APPROVER, c.caseId)).actionForms as Json[]).find((f) => f.action === 'decide')!;
    expect(JSON.stringify(form.schema)).toContain('年满 18 周岁后仍在全日制学校就读');

    const decided = await actOk(h.app, APPROVER, c.caseId, { action: 'decide', decision: 'approve' });
    expect(decided).toMatchObject({ status: 'approved', amountFen: STANDARD_FEN, decision: { monthlyAmountFen: STANDARD_FEN, endsAfterMonth: '2030-04', payees: [{ payee: 'guardian', name: '李奶奶' }] } });
    const benefit = await benefitOf(decided.decision.benefitId);
    expect(benefit).toMatchObject({ type: 'defacto-orphan', status: 'active', monthlyAmountFen: STANDARD_FEN, endsAfterMonth: '2030-04', lastMonth: '2030-04', standardPlaceholder: true });
    expect(benefit.payees).toEqual([expect.objectContaining({ payee: 'guardian', name: '李奶奶', monthlyAmountFen: STANDARD_FEN })]);
    // Audit and the supervisor's list include it.
    expect((json(await get(h.app, `/v1/audit?caseId=${c.caseId}`, AUDITOR)).items as Json[]).map((e) => e.action)).toEqual(expect.arrayContaining(['accept', 'record-home-visit', 'decide']));
    expect((json(await get(h.app, '/v1/cases?type=defacto-orphan', SUPERVISOR)).items as Json[]).map((i) => i.caseId)).toContain(c.caseId);
    await recordHistory(h, c.caseId, 'defacto-orphan-approved');
  });

  it('is rejected with a reason', async () => {
    const c = await startCase(h.app, CASEWORKER, childCase('defacto-orphan'));
    await actOk(h.app, CASEWORKER, c.caseId, { action: 'record-home-visit', findings: '母亲已返回家中抚养' });
    expect(await actOk(h.app, APPROVER, c.caseId, { action: 'decide', decision: 'reject', reason: '母亲已返回抚养' })).toMatchObject({ status: 'rejected', step: 'closed', decision: { reason: '母亲已返回抚养' } });
  });
});

describe('孤儿 (orphan): the guardian paid monthly', () => {
  it('a child in full-time study is supported to the policy’s study age; an amount named by the approver is paid', async () => {
    const decided = await approved(childCase('orphan', {}, '20100615'), { monthlyAmountFen: 200_000, fullTimeStudy: true });
    // 2010-06-15 + 22 (武昌区's placeholder study age).
    expect(decided.decision).toMatchObject({ monthlyAmountFen: 200_000, fullTimeStudy: true, endsAfterMonth: '2032-06' });
    expect((await benefitOf(decided.decision.benefitId)).monthlyAmountFen).toBe(200_000);
  });

  it('change-guardian moves the payee from next month: the new guardian’s months are held until their account is on file', async () => {
    const decided = await approved(childCase('orphan'));
    const id = decided.decision.benefitId as string;
    const first = (await benefitOf(id)).firstMonth as string;
    await setAccount(id, 'guardian');
    await runPayroll(h, WC, first);
    const benefitAct = (who: Actor, b: Json) => post(h.app, `/v1/benefits/${id}/actions`, who, b);
    const change = { action: 'change-guardian', guardian: guardian('李姑姑'), reason: '祖母年迈，改由姑姑监护' };
    expectError(await benefitAct(RENSHE, change), 404, 'not_found');
    expect(fieldsOf(expectError(await benefitAct(CASEWORKER, { ...change, guardian: { ...change.guardian, idNumber: '123' } }), 400, 'validation_failed'))).toEqual(['guardian.idNumber']);
    expect(fieldsOf(expectError(await benefitAct(CASEWORKER, { ...change, guardian: { name: '李姑姑' } }), 400, 'validation_failed'))).toContain('guardian.idNumber');
    const after = expectStatus(await benefitAct(CASEWORKER, change), 200);
    const next = addMonths(first, 1);
    expect(after.payees.map((p: Json) => [p.payee, p.name])).toEqual([
      ['guardian', '李奶奶'],
      ['guardian-2', '李姑姑'],
    ]);
    const entry = (after.history as Json[]).find((e) => e.action === 'change-guardian')!;
    expect(entry.details).toMatchObject({ fromMonth: next, payee: 'guardian-2', previousPayee: 'guardian' });
    expect(JSON.stringify(after.history)).not.toContain(change.guardian.idNumber);
    expect(after.actionForms.map((f: Json) => f.action)).toContain('change-guardian');

    await runPayroll(h, WC, next);
    expect((await paymentsOf(h, id)).map((p) => [p.month, p.payee, p.status])).toEqual([
      [first, 'guardian', 'sent'],
      [next, 'guardian-2', 'held'],
    ]);
    await setAccount(id, 'guardian-2');
    await runPayroll(h, WC, addMonths(next, 1));
    expect((await paymentsOf(h, id)).filter((p) => p.payee === 'guardian-2').map((p) => [p.month, p.status])).toEqual([
      [next, 'sent'],
      [addMonths(next, 1), 'sent'],
    ]);
  });

  it('change-guardian is no action of a 低保 benefit (409)', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const res = await post(h.app, `/v1/benefits/${a.benefitId}/actions`, CASEWORKER, { action: 'change-guardian', guardian: guardian(), reason: '无' });
    expectError(res, 409, 'invalid_transition');
  });

  // Last: it skips a year of the test server's clock.
  it('ends by itself after the month of the 18th birthday, across the year’s end: December paid, January not', async () => {
    // Born in December: 18 in December next year, the benefit's last month; it stops as January begins.
    const today = shanghaiDate(await h.env.currentTimeMs());
    const born = `${Number(today.slice(0, 4)) - 17}1220`;
    const decided = await approved(childCase('orphan', {}, born));
    const id = decided.decision.benefitId as string;
    const endsAfter = `${Number(today.slice(0, 4)) + 1}-12`;
    expect(decided.decision.endsAfterMonth).toBe(endsAfter);
    const opened = await benefitOf(id);
    expect(opened).toMatchObject({ status: 'active', endsAfterMonth: endsAfter, lastMonth: endsAfter });
    await setAccount(id, 'guardian');
    // Newest version: the loop's timer kept across changes (patch clock-timer-kept).
    await recordHistory(h, decided.caseId, 'orphan-approved-v3');

    const january = addMonths(endsAfter, 1);
    await sleepUntil(h, new Date(Date.parse(`${january}-01T00:00:00+08:00`) + 3_600_000).toISOString());
    const stopped = await eventually(async () => {
      const b = await benefitOf(id);
      expect(b).toMatchObject({ status: 'stopped', stopReason: 'aged-out', lastMonth: endsAfter });
      return b;
    }, 30_000);
    expect((stopped.history as Json[]).map((e) => e.action)).toContain('age-out');
    // January's payroll pays every month owed up to December, and nothing of January.
    await runPayroll(h, WC, january);
    const months = (await paymentsOf(h, id)).map((p) => p.month);
    expect(months.at(-1)).toBe(endsAfter);
    expect(months).not.toContain(january);
    expect(months[0]).toBe(monthOf(shanghaiDate(decided.decidedAt)));
    // Newest version: the loop's timer kept across changes (patch benefit-timer-kept).
    await recordHistory(h, id, 'orphan-benefit-aged-out-v3');
  });
});
