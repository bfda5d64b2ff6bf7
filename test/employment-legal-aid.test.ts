import { describe, expect, it } from 'vitest';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { endOfShanghaiDay, shanghaiDate } from '../src/domain/dates.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, JIAOYU, OTHER_STREET, SUPERVISOR, WC } from './support/actors.js';
import { act, actOk, actionsOf, expectError, fieldsOf, get, getCase, json, post, type Json } from './support/api.js';
import { startCase, submitApplication } from './support/cases.js';
import { recipientsOf } from './support/notifications.js';
import { DAY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

// 就业救助 (人社) and 法律援助 (司法), 001 §二(五)(六): requested at the one door or started alone, each routed
// to its department, on its own working-day clock, assessed by the street and decided with its measures.

const h = useHarness('employment-legal-aid');
const calendar = new WorkingCalendar(officialCalendarData());

const RENSHE: Actor = { sub: 'ap-renshe', role: 'approver', org: WC, dept: 'renshe' };
const SIFA: Actor = { sub: 'ap-sifa', role: 'approver', org: WC, dept: 'sifa' };

let seq = 300;
const person = () => ({ name: '赵就业', idNumber: residentId('420106', '19800301', String(seq++)) });

function body(type: string, extra: Json = {}): Json {
  return {
    type,
    orgCode: '420106001',
    applicant: person(),
    household: { size: 2, monthlyIncomeFen: 60_000 },
    ...extra,
  };
}
const EMPLOYMENT = { employment: { wish: '希望从事保洁或绿化类公益性岗位', skills: '驾驶' } };
const LEGAL_AID = { legalAid: { matter: '用人单位拖欠工资三个月', kind: 'labour' } };

describe('就业救助 (employment, 人社)', () => {
  it('is requested at the one door beside 低保, routed to 人社 on its own 22-working-day clock, assessed and decided with measures and a training allowance', async () => {
    const a = await submitApplication(h.app, CASEWORKER, {
      orgCode: '420106001',
      applicant: person(),
      household: { size: 2, monthlyIncomeFen: 60_000 },
      requested: ['dibao', 'employment'],
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
      ...EMPLOYMENT,
    });
    const c = (a.cases as Json[]).find((x) => x.type === 'employment')!;
    expect(c).toMatchObject({ department: 'renshe', status: 'open', step: 'assessment' });
    const view = await getCase(h.app, CASEWORKER, c.caseId);
    expect(view.dueDate).toBe(calendar.addWorkingDays(shanghaiDate(view.acceptedAt), 22).date);
    expect(view.employment).toEqual(EMPLOYMENT.employment);
    expect(view.steps.map((s: Json) => s.step)).toEqual(['assessment', 'decision', 'closed']);
    expect(view.allowedActions).toContain('record-assessment');
    // The form comes from the declaration: findings only.
    const form = (view.actionForms as Json[]).find((f) => f.action === 'record-assessment')!;
    expect(form.label).toBe('录入审查评估');
    expect(Object.keys(form.schema.properties)).toEqual(['findings']);

    // 民政 does not see 人社's case; another street neither.
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, APPROVER), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, OTHER_STREET), 404, 'not_found');
    // Not yet assessed: no decision (409); a caseworker never decides (403).
    expectError(await act(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'approve', measures: ['training'] }), 409, 'invalid_transition');
    expectError(await act(h.app, CASEWORKER, c.caseId, { action: 'decide', decision: 'approve', measures: ['training'] }), 403, 'forbidden');
    expectError(await act(h.app, CASEWORKER, c.caseId, { action: 'record-assessment' }), 400, 'validation_failed');

    const assessed = await actOk(h.app, CASEWORKER, c.caseId, { action: 'record-assessment', findings: '有劳动能力，愿意参加技能培训' });
    expect(assessed.step).toBe('decision');
    const decideForm = ((await getCase(h.app, RENSHE, c.caseId)).actionForms as Json[]).find((f) => f.action === 'decide')!;
    expect(JSON.stringify(decideForm.schema)).toContain('公益性岗位');
    expect(JSON.stringify(decideForm.schema)).toContain('培训期间生活补助');

    // Measures from the closed list (400 naming the field); another type's field is unknown here.
    const bad = expectError(await act(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'approve', measures: ['学费减免'] }), 400, 'validation_failed');
    expect(fieldsOf(bad)).toEqual(['measures.0']);
    expect(fieldsOf(expectError(await act(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'approve' }), 400, 'validation_failed'))).toEqual(['measures']);
    expect(fieldsOf(expectError(await act(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'approve', measures: ['training'], lawyer: '李律师' }), 400, 'validation_failed'))).toEqual(['lawyer']);

    const decided = await actOk(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'approve', measures: ['public-welfare-job', 'training'], trainingAllowanceFen: 60_000 });
    expect(decided).toMatchObject({ status: 'approved', step: 'closed', amountFen: 60_000, decision: { measures: ['public-welfare-job', 'training'], trainingAllowanceFen: 60_000, late: false } });
    expect(actionsOf(decided)).toEqual(expect.arrayContaining(['accept', 'record-assessment', 'decide']));
    expectError(await act(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'reject', reason: '再次' }), 409, 'invalid_transition');

    // Audit and the supervisor's lists and statistics include it.
    const audit = json(await get(h.app, `/v1/audit?caseId=${c.caseId}`, AUDITOR));
    expect((audit.items as Json[]).map((e) => e.action)).toEqual(expect.arrayContaining(['accept', 'record-assessment', 'decide']));
    const list = json(await get(h.app, '/v1/cases?type=employment', SUPERVISOR));
    expect((list.items as Json[]).map((i) => i.caseId)).toContain(c.caseId);
    await eventually(async () => {
      const sla = json(await get(h.app, '/v1/stats/sla', SUPERVISOR));
      expect((sla.items as Json[]).find((i) => i.orgCode === '420106001' && i.type === 'employment')).toMatchObject({ decidedOnTime: 1 });
    });
    await recordHistory(h, c.caseId, 'employment-approved');
  });

  it('is refused without its fields, and with another type’s', async () => {
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, body('employment')), 400, 'validation_failed'))).toEqual(['employment']);
    const mixed = await post(h.app, '/v1/cases', CASEWORKER, body('employment', { ...EMPLOYMENT, ...LEGAL_AID }));
    expect(fieldsOf(expectError(mixed, 400, 'validation_failed'))).toEqual(['legalAid']);
  });

  it('is rejected by 人社 with a reason; 教育 may not touch it', async () => {
    const c = await startCase(h.app, CASEWORKER, body('employment', EMPLOYMENT));
    await actOk(h.app, CASEWORKER, c.caseId, { action: 'record-assessment', findings: '本人暂无就业意愿' });
    expectError(await act(h.app, JIAOYU, c.caseId, { action: 'decide', decision: 'reject', reason: '越权' }), 404, 'not_found');
    const rejected = await actOk(h.app, RENSHE, c.caseId, { action: 'decide', decision: 'reject', reason: '暂无就业意愿，转介慈善' });
    expect(rejected).toMatchObject({ status: 'rejected', step: 'closed' });
  });
});

describe('法律援助 (legal-aid, 司法)', () => {
  it('runs on 司法’s own 7-working-day clock, turns overdue with the supervisors told, and is decided late with a lawyer assigned', async () => {
    const c = await startCase(h.app, CASEWORKER, body('legal-aid', LEGAL_AID));
    expect(c).toMatchObject({ department: 'sifa', step: 'assessment', legalAid: LEGAL_AID.legalAid });
    expect(c.dueDate).toBe(calendar.addWorkingDays(shanghaiDate(c.acceptedAt), 7).date);
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, RENSHE), 404, 'not_found');
    expectError(await act(h.app, SIFA, c.caseId, { action: 'decide', decision: 'approve', measures: ['advice'] }), 409, 'invalid_transition');
    await actOk(h.app, SIFA, c.caseId, { action: 'record-assessment', findings: '经济困难，属劳动保障事项' });

    // Past the due day it is overdue: the street and the county's supervisors are told.
    await h.env.sleep(endOfShanghaiDay(c.dueDate).getTime() - Date.now() + DAY);
    await eventually(async () => expect((await getCase(h.app, SUPERVISOR, c.caseId)).overdue).toBe(true));
    expect(await recipientsOf(h.database.db, c.caseId, 'overdue')).toEqual(expect.arrayContaining([`supervisor:${WC}`]));
    const overdue = json(await get(h.app, '/v1/cases?type=legal-aid&overdue=true', SUPERVISOR));
    expect((overdue.items as Json[]).map((i) => i.caseId)).toContain(c.caseId);

    expect(fieldsOf(expectError(await act(h.app, SIFA, c.caseId, { action: 'decide', decision: 'approve', measures: ['training'] }), 400, 'validation_failed'))).toEqual(['measures.0']);
    const decided = await actOk(h.app, SIFA, c.caseId, { action: 'decide', decision: 'approve', measures: ['lawyer-assigned'], lawyer: '湖北某律师事务所 李律师' });
    expect(decided).toMatchObject({ status: 'approved', decidedLate: true, decision: { measures: ['lawyer-assigned'], lawyer: '湖北某律师事务所 李律师', late: true } });
    await eventually(async () => {
      const sla = json(await get(h.app, '/v1/stats/sla', SUPERVISOR));
      expect((sla.items as Json[]).find((i) => i.orgCode === '420106001' && i.type === 'legal-aid')).toMatchObject({ decidedLate: 1 });
    });
    // Newest version: the loop's timer kept across changes (patch clock-timer-kept).
    await recordHistory(h, c.caseId, 'legal-aid-approved-late-v3');
  });

  it('needs legalAid with a kind from the list', async () => {
    const res = await post(h.app, '/v1/cases', CASEWORKER, body('legal-aid', { legalAid: { matter: '离婚纠纷', kind: 'divorce' } }));
    expect(fieldsOf(expectError(res, 400, 'validation_failed'))).toEqual(['legalAid.kind']);
  });
});
