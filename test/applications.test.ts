import { beforeAll, describe, expect, it } from 'vitest';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { endOfShanghaiDay, shanghaiDate } from '../src/domain/dates.js';
import { APPROVER, CASEWORKER, JIAOYU, OTHER_STREET, SUPERVISOR, SUPERVISOR_JINTANG, YIBAO } from './support/actors.js';
import { act, actOk, expectError, fieldsOf, get, json, post, type Json } from './support/api.js';
import { submitApplication } from './support/cases.js';
import { DAY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

/** Working days from acceptance to decision, as seeded for 武昌区. */
const DEADLINES = { dibao: 22, medical: 25, education: 22 } as const;
const calendar = new WorkingCalendar(officialCalendarData());

const h = useHarness('applications');

/** Each application its own person: an approved 低保 would make later ones existing recipients. */
let seq = 100;
const nextId = () => residentId('420106', '19780615', String(seq++));

const BILL_FEN = 1_200_000;

function application(overrides: Record<string, unknown> = {}): Json {
  return {
    orgCode: '420106001',
    applicant: { name: '王五', idNumber: nextId(), phone: '13900000000' },
    // Per capita 300 元, below 武昌区's (placeholder) standard of 1,000 元.
    household: { size: 3, monthlyIncomeFen: 90_000 },
    requested: ['dibao', 'medical', 'education'],
    commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
    assessment: { causeOfHardship: '户主重病住院，子女在读，家庭无稳定收入' },
    medical: { billFen: BILL_FEN, hospital: '武汉大学人民医院', admittedOn: '2026-01-05', category: 'serious' },
    education: { studentName: '王小明', school: '武昌区实验中学' },
    ...overrides,
  };
}

const caseOf = (a: Json, type: string): Json => {
  const c = (a.cases as Json[]).find((x) => x.type === type);
  if (!c) throw new Error(`no ${type} case in ${JSON.stringify(a.cases)}`);
  return c;
};

describe('one application, three departments', () => {
  let body: Json;
  let a: Json;
  let dibao: string;
  let medical: string;
  let education: string;

  beforeAll(async () => {
    body = application();
    a = await submitApplication(h.app, CASEWORKER, body);
    dibao = caseOf(a, 'dibao').caseId;
    medical = caseOf(a, 'medical').caseId;
    education = caseOf(a, 'education').caseId;
  });

  it('opens one case per requested aid, each routed to its department and due on its own working-day deadline', async () => {
    expect(a.applicationId).toMatch(/^app-/);
    expect(a).toMatchObject({ orgCode: '420106001', status: 'open', flagged: false });
    expect(a.cases).toHaveLength(3);
    expect(Object.fromEntries((a.cases as Json[]).map((c) => [c.type, c.department]))).toEqual({ dibao: 'minzheng', medical: 'yibao', education: 'jiaoyu' });

    const acceptedOn = shanghaiDate(a.acceptedAt as string);
    // Accepted now, on the test server's clock.
    expect(Math.abs(Date.parse(a.acceptedAt) - (await h.env.currentTimeMs()))).toBeLessThan(60_000);
    for (const type of ['dibao', 'medical', 'education'] as const) {
      const expected = calendar.addWorkingDays(acceptedOn, DEADLINES[type]).date;
      const c = caseOf(a, type);
      expect(c, type).toMatchObject({ status: 'open', dueDate: expected, dueAt: endOfShanghaiDay(expected).toISOString(), overdue: false });
      expect(c.caseId).toBe(`${a.applicationId}-${type}`);
      // The case itself agrees, and counts from the application's acceptance.
      const view = json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER));
      expect(view, type).toMatchObject({ applicationId: a.applicationId, type, acceptedAt: a.acceptedAt, dueDate: expected, dueAt: c.dueAt });
    }
    expect(caseOf(a, 'dibao').step).toBe('economic-check');
    expect(caseOf(a, 'medical').step).toBe('economic-check');
    expect(caseOf(a, 'education').step).toBe('school-investigation');
    expect(json(await get(h.app, `/v1/cases/${medical}`, CASEWORKER)).medical).toMatchObject({ billFen: BILL_FEN, category: 'serious' });
    expect(json(await get(h.app, `/v1/cases/${education}`, CASEWORKER)).education).toMatchObject({ studentName: '王小明', school: '武昌区实验中学' });

    const measures = a.assessment.measures as Json[];
    expect(measures.filter((m) => m.source === 'requested').map((m) => [m.kind, m.opensCase])).toEqual([
      ['dibao', true],
      ['medical', true],
      ['education', true],
    ]);
    // Nothing asked for beyond what was requested: no work-ability given, no other need.
    expect(measures).toHaveLength(3);

    // The read model answers the same as the intake did.
    const got = json(await get(h.app, `/v1/applications/${a.applicationId}`, CASEWORKER));
    expect(got.cases).toEqual(a.cases);
    expect(got.status).toBe('open');
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, SUPERVISOR)).cases).toHaveLength(3);
  });

  it('lets each department see only its own case', async () => {
    expect((await get(h.app, `/v1/cases/${medical}`, YIBAO)).statusCode).toBe(200);
    expectError(await get(h.app, `/v1/cases/${dibao}`, YIBAO), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${education}`, YIBAO), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${medical}`, JIAOYU), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${medical}`, APPROVER), 404, 'not_found');
    expect((await get(h.app, `/v1/cases/${dibao}`, APPROVER)).statusCode).toBe(200);

    const listed = json(await get(h.app, '/v1/cases?limit=100', YIBAO)).items as Json[];
    expect(listed.map((i) => i.caseId)).toContain(medical);
    expect(listed.every((i) => i.type === 'medical')).toBe(true);
    const minzhengList = (json(await get(h.app, '/v1/cases?limit=100', APPROVER)).items as Json[]).map((i) => i.caseId);
    expect(minzhengList).toContain(dibao);
    expect(minzhengList).not.toContain(medical);
    expect(minzhengList).not.toContain(education);

    const seenByYibao = json(await get(h.app, `/v1/applications/${a.applicationId}`, YIBAO));
    expect((seenByYibao.cases as Json[]).map((c) => c.caseId)).toEqual([medical]);
    // Need to know: another department does not see the household or the assessment's details.
    expect(seenByYibao.household).toBeUndefined();
    expect(Object.keys(seenByYibao.assessment.input)).toEqual(['causeOfHardship']);
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, CASEWORKER)).household).toBeDefined();
    const seenByJiaoyu = json(await get(h.app, `/v1/applications/${a.applicationId}`, JIAOYU));
    expect((seenByJiaoyu.cases as Json[]).map((c) => c.caseId)).toEqual([education]);
  });

  it('lets 教育 decide only after the school investigation', async () => {
    expectError(await act(h.app, JIAOYU, education, { action: 'decide', decision: 'approve', amountFen: 200_000 }), 409, 'invalid_transition');
    // Another department's approver may not touch it at all.
    expectError(await act(h.app, YIBAO, education, { action: 'record-school-investigation', findings: '越权', eligible: true }), 404, 'not_found');

    const investigated = await actOk(h.app, CASEWORKER, education, { action: 'record-school-investigation', findings: '学校核实：在读，家庭困难', eligible: true });
    expect(investigated.step).toBe('decision');
    // Not the street's to decide, nor civil affairs'.
    expectError(await act(h.app, CASEWORKER, education, { action: 'decide', decision: 'approve', amountFen: 200_000 }), 403, 'forbidden');
    expectError(await act(h.app, APPROVER, education, { action: 'decide', decision: 'approve', amountFen: 200_000 }), 404, 'not_found');
    expect(json(await get(h.app, `/v1/cases/${education}`, JIAOYU)).allowedActions).toContain('decide');

    const decided = await actOk(h.app, JIAOYU, education, { action: 'decide', decision: 'approve', amountFen: 200_000, measures: ['学费减免', '生活补助'] });
    expect(decided).toMatchObject({ status: 'approved', step: 'closed', amountFen: 200_000, decidedLate: false });
    expect(decided.history.at(-1)).toMatchObject({ action: 'decide', actor: { sub: JIAOYU.sub, role: 'approver' } });
  });

  it('lets 医保 decide the medical case, within the bill, and nobody else', async () => {
    const checked = await actOk(h.app, CASEWORKER, medical, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
    expect(checked.step).toBe('decision');

    expectError(await act(h.app, APPROVER, medical, { action: 'decide', decision: 'approve', approvedAmountFen: 600_000 }), 404, 'not_found');
    expectError(await act(h.app, CASEWORKER, medical, { action: 'decide', decision: 'approve', approvedAmountFen: 600_000 }), 403, 'forbidden');
    const over = expectError(await act(h.app, YIBAO, medical, { action: 'decide', decision: 'approve', approvedAmountFen: BILL_FEN + 1 }), 400, 'validation_failed');
    expect(fieldsOf(over)).toEqual(['approvedAmountFen']);
    expect(fieldsOf(expectError(await act(h.app, YIBAO, medical, { action: 'decide', decision: 'approve' }), 400, 'validation_failed'))).toEqual(['approvedAmountFen']);
    // The refusals left nothing behind.
    expect(json(await get(h.app, `/v1/cases/${medical}`, YIBAO)).status).toBe('open');

    const decided = await actOk(h.app, YIBAO, medical, { action: 'decide', decision: 'approve', approvedAmountFen: 600_000 });
    expect(decided).toMatchObject({ status: 'approved', step: 'closed', amountFen: 600_000 });
    expect(decided.decision).toMatchObject({ approvedAmountFen: 600_000, reimbursementPercent: 50 });
  });

  it('stays open until its last case is decided, then closes', async () => {
    await actOk(h.app, CASEWORKER, dibao, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
    const visited = await actOk(h.app, CASEWORKER, dibao, { action: 'record-home-visit', findings: '住房简陋，户主住院' });
    expect(visited.step).toBe('publicity');

    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect(json(await get(h.app, `/v1/cases/${dibao}`, CASEWORKER)).step).toBe('decision'));

    // Two of three decided: the application is open, whoever looks.
    const before = json(await get(h.app, `/v1/applications/${a.applicationId}`, CASEWORKER));
    expect(before.status).toBe('open');
    expect(Object.fromEntries((before.cases as Json[]).map((c) => [c.type, c.status]))).toEqual({ dibao: 'open', medical: 'approved', education: 'approved' });
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, SUPERVISOR)).status).toBe('open');
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, YIBAO)).status).toBe('open');
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, JIAOYU)).status).toBe('open');

    const decided = await actOk(h.app, APPROVER, dibao, { action: 'decide', decision: 'approve' });
    expect(decided).toMatchObject({ status: 'approved', step: 'closed', amountFen: 210_000 });

    const after = json(await get(h.app, `/v1/applications/${a.applicationId}`, CASEWORKER));
    expect(after.status).toBe('closed');
    expect((after.cases as Json[]).map((c) => [c.type, c.status, c.step])).toEqual([
      ['dibao', 'approved', 'closed'],
      ['medical', 'approved', 'closed'],
      ['education', 'approved', 'closed'],
    ]);
    expect(json(await get(h.app, `/v1/applications/${a.applicationId}`, SUPERVISOR)).status).toBe('closed');
    await recordHistory(h, a.applicationId, 'application-three-departments');
  });

  it('skips the checks our records make unnecessary once the applicant receives 低保', async () => {
    const later = await submitApplication(h.app, CASEWORKER, application({ applicant: body.applicant, requested: ['medical', 'education'] }));
    expect(later.recipientOf).toEqual(['dibao']);
    // Already a recipient: no 低保 proposed beside the requests.
    expect((later.assessment.measures as Json[]).map((m) => m.kind)).toEqual(['medical', 'education']);
    expect((later.cases as Json[]).map((c) => [c.type, c.step])).toEqual([
      ['medical', 'decision'],
      ['education', 'decision'],
    ]);
    const acceptedOn = shanghaiDate(later.acceptedAt as string);
    expect(caseOf(later, 'medical').dueDate).toBe(calendar.addWorkingDays(acceptedOn, DEADLINES.medical).date);
    const med = caseOf(later, 'medical').caseId as string;
    expect(json(await get(h.app, `/v1/cases/${med}`, YIBAO)).allowedActions).toContain('decide');
    await actOk(h.app, YIBAO, med, { action: 'decide', decision: 'reject', reason: '已由基本医保全额报销' });
    expect(json(await get(h.app, `/v1/applications/${later.applicationId}`, CASEWORKER)).status).toBe('open');
  });
});

describe('idempotent intake', () => {
  it('makes one application of concurrent duplicates with the same Idempotency-Key, and 409s the key with another body', async () => {
    const key = { 'idempotency-key': `application-${Date.now()}` };
    const body = application({ requested: ['dibao', 'medical'], education: undefined });
    const results = await Promise.all(Array.from({ length: 5 }, () => post(h.app, '/v1/applications', CASEWORKER, body, key)));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const ids = new Set(results.map((r) => json(r).applicationId as string));
    expect(ids.size).toBe(1);
    const [applicationId] = [...ids];
    const caseIds = results.map((r) => (json(r).cases as Json[]).map((c) => c.caseId as string));
    expect(caseIds[0]).toEqual([`${applicationId}-dibao`, `${applicationId}-medical`]);
    for (const ids of caseIds) expect(ids).toEqual(caseIds[0]);

    // One case of each type in the read model, not five.
    const listed = (json(await get(h.app, '/v1/cases?limit=100', CASEWORKER)).items as Json[]).filter((i) => i.applicationId === applicationId);
    expect(listed.map((i) => i.caseId).sort()).toEqual([...caseIds[0]!].sort());

    const again = await post(h.app, '/v1/applications', CASEWORKER, body, key);
    expect(again.statusCode, again.body).toBe(201);
    expect(json(again).applicationId).toBe(applicationId);
    expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...body, household: { size: 4, monthlyIncomeFen: 90_000 } }, key), 409, 'idempotency_key_reused');
  });
});

describe('the contract as written', () => {
  it('accepts an application with only the fields ../shared/API.md names (no assessment, a temporary request without a reason)', async () => {
    const res = await post(h.app, '/v1/applications', CASEWORKER, {
      applicant: { name: '钱九', idNumber: residentId('420106', '19820202', '919') },
      // Income above the 低保 standard: the assessment proposes nothing beside the request.
      household: { size: 1, monthlyIncomeFen: 200_000 },
      orgCode: CASEWORKER.org,
      requested: ['temporary'],
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
      temporary: { kind: 'emergency', amountFen: 100_000 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = json(res);
    expect(a.cases).toEqual([expect.objectContaining({ type: 'temporary', status: 'open', dueAt: expect.any(String) })]);
  });
});

describe('refusals', () => {
  it('400s bad input, naming each field', async () => {
    const ok = application();
    const noCheck = expectError(
      await post(h.app, '/v1/applications', CASEWORKER, { ...ok, commitments: { economicCheckAuthorized: false, truthfulnessPledged: true } }),
      400,
      'validation_failed',
    );
    expect(fieldsOf(noCheck)).toEqual(['commitments.economicCheckAuthorized']);
    const badAbility = expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...ok, assessment: { workAbility: 'sometimes' } }), 400, 'validation_failed');
    expect(fieldsOf(badAbility)).toEqual(['assessment.workAbility']);
    const noBill = expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...ok, medical: undefined }), 400, 'validation_failed');
    expect(fieldsOf(noBill)).toEqual(['medical']);
    const unknown = expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...ok, favouriteColour: 'red' }), 400, 'validation_failed');
    expect(JSON.stringify(unknown.details)).toContain('favouriteColour');
    const twice = expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...ok, requested: ['dibao', 'medical', 'dibao'] }), 400, 'validation_failed');
    expect(fieldsOf(twice)).toEqual(['requested']);
  });

  it('403s callers who may not accept here, 404s an unknown application, 401s no token', async () => {
    const ok = application();
    expectError(await post(h.app, '/v1/applications', SUPERVISOR, ok), 403, 'forbidden');
    expectError(await post(h.app, '/v1/applications', APPROVER, ok), 403, 'forbidden');
    expectError(await post(h.app, '/v1/applications', OTHER_STREET, ok), 403, 'forbidden');
    expectError(await post(h.app, '/v1/applications', CASEWORKER, { ...ok, acceptedAt: new Date(Date.now() - 3 * DAY).toISOString() }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/applications', null, ok), 401, 'unauthorized');

    const a = await submitApplication(h.app, CASEWORKER, application({ requested: ['dibao'], medical: undefined, education: undefined }));
    expectError(await get(h.app, '/v1/applications/app-does-not-exist', CASEWORKER), 404, 'not_found');
    expectError(await get(h.app, `/v1/applications/${a.applicationId}`, SUPERVISOR_JINTANG), 404, 'not_found');
    expectError(await get(h.app, `/v1/applications/${a.applicationId}`, OTHER_STREET), 404, 'not_found');
    expectError(await get(h.app, `/v1/applications/${a.applicationId}`, null), 401, 'unauthorized');
    expect((await get(h.app, `/v1/applications/${a.applicationId}`, SUPERVISOR)).statusCode).toBe(200);
  });
});

describe('综合评估 proposals', () => {
  it('opens an education case for a student in the household and proposes an employment referral without a case', async () => {
    const a = await submitApplication(h.app, CASEWORKER, 
      application({
        requested: ['dibao'],
        medical: undefined,
        assessment: { causeOfHardship: '户主失业，子女在读', workAbility: 'full', householdStructure: { students: 1, children: 1 } },
      }),
    );
    const measures = a.assessment.measures as Json[];
    expect(measures.map((m) => [m.kind, m.source, m.opensCase])).toEqual([
      ['dibao', 'requested', true],
      ['education', 'proposed', true],
      ['employment', 'proposed', false],
    ]);
    expect(measures.every((m) => typeof m.reason === 'string' && m.reason.length > 0)).toBe(true);

    expect((a.cases as Json[]).map((c) => [c.type, c.department])).toEqual([
      ['dibao', 'minzheng'],
      ['education', 'jiaoyu'],
    ]);
    const acceptedOn = shanghaiDate(a.acceptedAt as string);
    const edu = caseOf(a, 'education');
    expect(edu.dueDate).toBe(calendar.addWorkingDays(acceptedOn, DEADLINES.education).date);
    const view = json(await get(h.app, `/v1/cases/${edu.caseId}`, JIAOYU));
    expect(view).toMatchObject({ applicationId: a.applicationId, type: 'education', step: 'school-investigation', education: { studentName: '王小明' } });
  });

  it('opens no education case without a student, and no employment referral above the standard', async () => {
    const a = await submitApplication(h.app, CASEWORKER, 
      application({
        requested: ['medical'],
        education: undefined,
        household: { size: 2, monthlyIncomeFen: 500_000 },
        assessment: { causeOfHardship: '大病住院', workAbility: 'full' },
      }),
    );
    expect((a.assessment.measures as Json[]).map((m) => m.kind)).toEqual(['medical']);
    expect((a.cases as Json[]).map((c) => c.type)).toEqual(['medical']);
  });
});
