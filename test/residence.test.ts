import { beforeAll, describe, expect, it } from 'vitest';
import { publishCalendarYear } from '../src/db/calendar.js';
import { AUDITOR, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, WC, YIBAO, approver, cw, supervisor } from './support/actors.js';
import { actionsOf, act, expectError, expectStatus, fieldsOf, get, getCase, post, type Json } from './support/api.js';
import { startCase, submitApplication } from './support/cases.js';
import { DAY, bearer, eventually, recordHistory, residentId, sleepUntil, useHarness } from './support/harness.js';

// 居住地申办: an applicant registered (户籍) in 金堂县 lives in 武昌区 and applies there. The clock runs on
// the time-skipping server, moved to 2027; 2027's schedule is not in the packaged data, so this file
// publishes the Spring Festival as an operator would: 02-05..02-12 off, Sunday 01-31 and Saturday
// 02-20 make-up working days.
const SPRING_FESTIVAL_2027 = [
  ...['05', '06', '07', '08', '09', '10', '11', '12'].map((d) => ({ date: `2027-02-${d}`, working: false })),
  { date: '2027-01-31', working: true },
  { date: '2027-02-20', working: true },
];

const HUKOU_JT = residentId(JT, '19800202', '318');
const JT_CASEWORKER = cw(`${JT}001`);

const h = useHarness('residence');

const dibaoBody = (overrides: Json = {}): Json => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name: '钱七', idNumber: HUKOU_JT },
  household: { size: 2, monthlyIncomeFen: 50_000 },
  residence: { permitNumber: 'WH-JZZ-2026-0001' },
  ...overrides,
});

const cooperationList = async (who: Parameters<typeof get>[2], query = '') => expectStatus(await get(h.app, `/v1/cooperation-requests${query}`, who), 200).items as Json[];
const slaOf = async (who: Parameters<typeof get>[2]) => expectStatus(await get(h.app, '/v1/stats/sla', who), 200);

let c: Json; // accepted 2027-01-28 in 武昌区, 户籍 金堂县
let fromApplication: Json; // the same, through the one door
beforeAll(async () => {
  await publishCalendarYear(h.database.db, '000000', 2027, SPRING_FESTIVAL_2027, 'test schedule for 2027');
  await sleepUntil(h, '2027-01-28T10:00:00+08:00'); // a Thursday
});

describe('居住地申办 intake', () => {
  it('asks an applicant registered in another county for the residence permit: 400 naming residence.permitNumber', async () => {
    const { residence: _r, ...without } = dibaoBody();
    const err = expectError(await post(h.app, '/v1/cases', CASEWORKER, without), 400, 'validation_failed');
    expect(fieldsOf(err)).toEqual(['residence.permitNumber']);
    expect(err.details[0].message).toContain('居住证');
    // applicant.hukouRegion names the register when the ID was issued elsewhere.
    const local = residentId(WC, '19800303', '411');
    const moved = expectError(await post(h.app, '/v1/cases', CASEWORKER, dibaoBody({ applicant: { name: '孙八', idNumber: local, hukouRegion: JT }, residence: undefined })), 400, 'validation_failed');
    expect(fieldsOf(moved)).toEqual(['residence.permitNumber']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, dibaoBody({ residence: { permitNumber: '' } })), 400, 'validation_failed'))).toEqual(['residence.permitNumber']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, dibaoBody({ applicant: { name: '孙八', idNumber: local, hukouRegion: '5101' } })), 400, 'validation_failed'))).toEqual(['applicant.hukouRegion']);
  });

  it('opens the case at the street where the applicant lives and sends a cooperation request to the 户籍 county, due in working days with the holiday off', async () => {
    c = await startCase(h.app, CASEWORKER, dibaoBody());
    expect(c).toMatchObject({ orgCode: '420106001', countyCode: WC, status: 'open' });
    // 10 working days from 01-28: 01-29, Sunday 01-31 (make-up), 02-01..02-04, then the holiday, 02-15..02-18.
    expect(c.cooperation).toMatchObject({ requestId: `coop-${c.caseId}`, fromCounty: WC, toCounty: JT, status: 'open', dueDate: '2027-02-18', workingDays: 10, permitNumber: 'WH-JZZ-2026-0001' });
    expect(actionsOf(c)).toEqual(['accept', 'cooperation-requested']);
  });

  it('an application at the window sends one too, the 户籍 named by hukouRegion', async () => {
    const local = residentId(WC, '19790404', '512');
    const app = await submitApplication(h.app, CASEWORKER, {
      orgCode: '420106001',
      applicant: { name: '周九', idNumber: local, hukouRegion: JT },
      household: { size: 1, monthlyIncomeFen: 20_000 },
      requested: ['dibao'],
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
      residence: { permitNumber: 'WH-JZZ-2026-0002' },
    });
    const opened = await eventually(async () => {
      const v = await getCase(h.app, CASEWORKER, app.cases[0].caseId);
      expect(v.cooperation).toMatchObject({ toCounty: JT, status: 'open' });
      return v;
    });
    expect(opened.cooperation.permitNumber).toBe('WH-JZZ-2026-0002');
    fromApplication = opened;
  });
});

describe('the 户籍 county’s inbox', () => {
  it('lists the request with the applicant’s name and masked ID for its caseworkers, approvers and supervisors, not the case', async () => {
    for (const who of [JT_CASEWORKER, approver(JT), supervisor(JT)]) {
      const item = (await cooperationList(who)).find((i) => i.requestId === c.cooperation.requestId);
      expect(item).toMatchObject({ caseId: c.caseId, toCounty: JT, fromCounty: WC, status: 'open', dueDate: '2027-02-18', applicant: { name: '钱七', idNumberMasked: `*****************${HUKOU_JT.slice(-1)}` } });
      expect(item!.mayAnswer).toBe(who === JT_CASEWORKER);
      expect(JSON.stringify(item)).not.toContain(HUKOU_JT);
    }
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, JT_CASEWORKER), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, supervisor(JT)), 404, 'not_found');
    // 武昌区 answers nothing: its inbox is empty, its outgoing list shows what its cases sent.
    expect(await cooperationList(CASEWORKER)).toEqual([]);
    expect((await cooperationList(SUPERVISOR, '?direction=outgoing')).map((i) => i.requestId)).toContain(c.cooperation.requestId);
    expect(await cooperationList(JT_CASEWORKER, '?status=answered')).toEqual([]);
  });

  it('refuses other roles and departments (403) and bad filters (400)', async () => {
    expectError(await get(h.app, '/v1/cooperation-requests', AUDITOR), 403, 'forbidden');
    expectError(await get(h.app, '/v1/cooperation-requests', YIBAO), 403, 'forbidden');
    expectError(await get(h.app, '/v1/cooperation-requests', { role: 'system', org: JT }), 403, 'forbidden');
    expect(fieldsOf(expectError(await get(h.app, '/v1/cooperation-requests?status=lost', JT_CASEWORKER), 400, 'validation_failed'))).toEqual(['status']);
  });
});

describe('the decision waits for the answer', () => {
  it('decide before the answer → 409 cooperation_pending, in Chinese, naming the 户籍 county', async () => {
    await act(h.app, CASEWORKER, c.caseId, { action: 'record-economic-check', perCapitaIncomeFen: 25_000, assetsWithinLimits: true });
    await act(h.app, CASEWORKER, c.caseId, { action: 'record-home-visit', findings: '租住，收入低' });
    await h.env.sleep(7 * DAY + 60_000); // publicity ends (7 days by the seeded policy): 2027-02-04
    await eventually(async () => expect((await getCase(h.app, CASEWORKER, c.caseId)).step).toBe('decision'));
    const err = expectError(await act(h.app, CASEWORKER, c.caseId, { action: 'decide', decision: 'reject', reason: '待定' }), 409, 'cooperation_pending');
    expect(err.message).toContain(JT);
    expect(err.message).toContain('2027-02-18');
    const en = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.caseId}/actions`, headers: { ...bearer(CASEWORKER), 'accept-language': 'en' }, payload: { action: 'decide', decision: 'reject', reason: 'x' } });
    expect(expectError(en, 409, 'cooperation_pending').message).toContain('not answered');
  });

  it('is not overdue on 02-12, the due date were holidays working days; overdue after 02-18 on both counties’ boards', async () => {
    await sleepUntil(h, '2027-02-12T12:00:00+08:00');
    expect((await getCase(h.app, CASEWORKER, c.caseId)).cooperation.status).toBe('open');
    expect((await slaOf(SUPERVISOR)).cooperationOverdue).toBe(0);

    await sleepUntil(h, '2027-02-19T00:30:00+08:00');
    const overdue = await eventually(async () => {
      const v = await getCase(h.app, CASEWORKER, c.caseId);
      expect(v.cooperation.status).toBe('overdue');
      return v;
    });
    expect(actionsOf(overdue)).toContain('cooperation-overdue');
    // Both requests (the case's and the application's) are overdue, on both counties' boards.
    const both = [c.cooperation.requestId, fromApplication.cooperation.requestId].sort();
    await eventually(async () => expect((await cooperationList(JT_CASEWORKER, '?status=overdue')).map((i) => i.requestId).sort()).toEqual(both));
    expect((await cooperationList(SUPERVISOR, '?direction=outgoing&status=overdue')).map((i) => i.requestId).sort()).toEqual(both);
    expect((await slaOf(SUPERVISOR)).cooperationOverdue).toBe(2);
    expect((await slaOf(supervisor(JT))).cooperationOverdue).toBe(2);
    expect((await slaOf(supervisor('440305'))).cooperationOverdue).toBe(0);
  });

  it('answers: 400 without findings, 404 for an unknown request or another county, 403 for those who only read it, then 201 once and 409 after', async () => {
    const url = `/v1/cooperation-requests/${c.cooperation.requestId}/answers`;
    const answer = { findings: '户籍地无房产，无车辆，父母已故', householdSituation: '户籍地无共同生活成员' };
    expect(fieldsOf(expectError(await post(h.app, url, JT_CASEWORKER, {}), 400, 'validation_failed'))).toEqual(['findings']);
    expect(fieldsOf(expectError(await post(h.app, url, JT_CASEWORKER, { ...answer, caseId: 'x' }), 400, 'validation_failed'))).toEqual(['caseId']);
    expectError(await post(h.app, '/v1/cooperation-requests/coop-nothing/answers', JT_CASEWORKER, answer), 404, 'not_found');
    expectError(await post(h.app, url, cw('440305001'), answer), 404, 'not_found');
    expectError(await post(h.app, url, CASEWORKER, answer), 403, 'forbidden');
    expectError(await post(h.app, url, supervisor(JT), answer), 403, 'forbidden');
    expectError(await post(h.app, url, approver(JT), answer), 403, 'forbidden');

    const answered = expectStatus(await post(h.app, url, JT_CASEWORKER, answer), 201);
    expect(answered).toMatchObject({ status: 'answered', findings: answer.findings, householdSituation: answer.householdSituation, mayAnswer: false });
    expectError(await post(h.app, url, JT_CASEWORKER, answer), 409, 'invalid_transition');
    expectError(await post(h.app, url, cw(`${JT}002`), answer), 409, 'invalid_transition');
    expect((await slaOf(SUPERVISOR)).cooperationOverdue).toBe(1);
    expect((await slaOf(supervisor(JT))).cooperationOverdue).toBe(1);
    expect((await cooperationList(JT_CASEWORKER, '?status=answered')).map((i) => i.requestId)).toEqual([c.cooperation.requestId]);
  });

  it('shows the answer in the case’s timeline, and the case may then be decided', async () => {
    const v = await getCase(h.app, CASEWORKER, c.caseId);
    const entry = (v.history as Json[]).find((e) => e.action === 'cooperation-answered');
    expect(entry).toMatchObject({ actor: { sub: JT_CASEWORKER.sub, org: JT_CASEWORKER.org }, findings: '户籍地无房产，无车辆，父母已故', late: true });
    expect(entry!.summary).toContain('协查答复');
    expectError(await act(h.app, OTHER_STREET, c.caseId, { action: 'decide', decision: 'reject', reason: 'x' }), 404, 'not_found');
    expectError(await act(h.app, approver(JT), c.caseId, { action: 'decide', decision: 'reject', reason: 'x' }), 404, 'not_found');
    const decided = expectStatus(await act(h.app, CASEWORKER, c.caseId, { action: 'decide', decision: 'reject', reason: '户籍地协查：不符合条件' }), 200);
    expect(decided).toMatchObject({ status: 'rejected', step: 'closed', cooperation: { status: 'answered' } });
    // Newest version: the loop's timer kept across changes (patch clock-timer-kept).
    await recordHistory(h, c.caseId, 'dibao-residence-cooperation-v3');
  });
});
