import { describe, expect, it } from 'vitest';
import { recordCaseStep } from '../src/db/cases.js';
import { shanghaiDate } from '../src/domain/dates.js';
import type { CaseView } from '../src/domain/views.js';
import { AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR_JINTANG, WC } from './support/actors.js';
import { expectError, expectStatus, get, type Json } from './support/api.js';
import { startCase, submitApplication } from './support/cases.js';
import { residentId, useHarness } from './support/harness.js';

// 受理编号: county-year-sequence, assigned once by the database when a case is first recorded.
const h = useHarness('case_numbers');

let applicants = 0;
const dibao = (name: string) => ({
  type: 'dibao',
  orgCode: `${WC}001`,
  applicant: { name, idNumber: residentId(WC, '19700101', String(300 + applicants++)) },
  household: { size: 2, monthlyIncomeFen: 50_000 },
});

const seqOf = (n: string) => Number(n.split('-')[2]);
const counter = async (county: string, year: number) =>
  (await h.database.sql<Array<{ last: number }>>`select last from case_number_counters where county_code = ${county} and year = ${year}`)[0]?.last;

describe('受理编号', () => {
  it('reads county, Shanghai year of acceptance and a six-digit sequence, in the case, its list row and its application', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao('赵一'));
    expect(c.caseNumber).toMatch(/^420106-\d{4}-\d{6}$/);
    expect(c.caseNumber.split('-')[1]).toBe(shanghaiDate(c.acceptedAt).slice(0, 4));
    const again = expectStatus(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER), 200);
    expect(again.caseNumber).toBe(c.caseNumber);
    const list = expectStatus(await get(h.app, '/v1/cases', CASEWORKER), 200);
    expect(list.items.find((i: Json) => i.caseId === c.caseId).caseNumber).toBe(c.caseNumber);

    const a = await submitApplication(h.app, CASEWORKER, {
      orgCode: `${WC}001`,
      applicant: { name: '赵二', idNumber: residentId(WC, '19700101', String(300 + applicants++)) },
      household: { size: 3, monthlyIncomeFen: 90_000 },
      requested: ['dibao', 'education'],
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
      education: { studentName: '赵小二', school: '武昌区实验中学' },
    });
    const numbers = (a.cases as Json[]).map((x) => x.caseNumber as string);
    expect(numbers).toHaveLength(2);
    for (const n of numbers) expect(n).toMatch(/^420106-\d{4}-\d{6}$/);
    expect(new Set(numbers).size).toBe(2);
    const child = expectStatus(await get(h.app, `/v1/cases/${(a.cases as Json[])[0]!.caseId}`, CASEWORKER), 200);
    expect(child.caseNumber).toBe(numbers[0]);
  });

  it('gives concurrent starts distinct numbers, one after another with no gap', async () => {
    const started = await Promise.all(Array.from({ length: 8 }, (_, i) => startCase(h.app, CASEWORKER, dibao(`并发${i}`))));
    const numbers = started.map((c) => c.caseNumber as string);
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map(seqOf).sort((a, b) => a - b);
    expect(seqs[7]! - seqs[0]!).toBe(7);
    expect(await counter(WC, Number(numbers[0]!.split('-')[1]))).toBe(seqs[7]);
  });

  it('is assigned once: the same Idempotency-Key, and racing retried writes of the registration, keep the first number', async () => {
    const body = dibao('钱二');
    const first = await startCase(h.app, CASEWORKER, body, { 'idempotency-key': 'reg-retry-1' });
    const retried = await startCase(h.app, CASEWORKER, body, { 'idempotency-key': 'reg-retry-1' });
    expect(retried.caseId).toBe(first.caseId);
    expect(retried.caseNumber).toBe(first.caseNumber);

    // A registration activity retried while its first attempt still runs: the same first write, three times at once.
    const year = Number(first.caseNumber.split('-')[1]);
    const before = await counter(WC, year);
    const { history: _h, ...view } = first as CaseView & Json;
    const registration = { view: { ...view, caseId: `${first.caseId}-import`, version: 1, history: [] } as CaseView, applicantIdHash: 'h-retry', entries: [], notifications: [] };
    await Promise.all([1, 2, 3].map(() => recordCaseStep(h.database.db, registration)));
    const rows = await h.database.sql<Array<{ case_number: string }>>`select case_number from cases where case_id = ${registration.view.caseId}`;
    expect(rows).toHaveLength(1);
    expect(seqOf(rows[0]!.case_number)).toBe(before! + 1);
    expect(await counter(WC, year)).toBe(before! + 1);
    // A later step of the same case keeps it.
    await recordCaseStep(h.database.db, { ...registration, view: { ...registration.view, version: 2, step: 'home-visit' } });
    expect((await h.database.sql`select case_number from cases where case_id = ${registration.view.caseId}`)[0]!.case_number).toBe(rows[0]!.case_number);
  });

  it('names the applicant and the number in notifications, never the internal id', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao('孙三'));
    const { history: _h, ...view } = c as CaseView & Json;
    await recordCaseStep(h.database.db, {
      view: { ...view, version: 99, history: [] } as CaseView,
      applicantIdHash: 'h-notify',
      entries: [],
      notifications: [
        { eventKey: `${c.caseId}:t1`, caseId: c.caseId, kind: 'county-review', recipientRole: 'approver', recipientOrg: WC, message: `临时救助 ${c.caseId} 待县级审批`, createdAt: new Date().toISOString() },
        { eventKey: `${c.caseId}:t2`, caseId: c.caseId, kind: 'deadline-reminder', recipientRole: 'supervisor', recipientOrg: WC, message: '即将到期', createdAt: new Date().toISOString() },
      ],
    });
    const messages = (await h.database.sql<Array<{ message: string }>>`select message from notifications where case_id = ${c.caseId} order by event_key`).map((r) => r.message);
    expect(messages).toEqual([`临时救助 孙三（${c.caseNumber}） 待县级审批`, `孙三（${c.caseNumber}）：即将到期`]);
  });
});

describe('finding a case by its number', () => {
  it('GET /v1/cases?q= finds it by the full number, its last digits or the applicant’s name; another street finds nothing', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao('周四海'));
    const found = async (q: string, who = CASEWORKER) => expectStatus(await get(h.app, `/v1/cases?q=${encodeURIComponent(q)}`, who), 200).items as Json[];
    expect((await found(c.caseNumber)).map((i) => i.caseId)).toEqual([c.caseId]);
    expect((await found(c.caseNumber.slice(-6))).map((i) => i.caseNumber)).toContain(c.caseNumber);
    expect((await found('周四海')).map((i) => i.caseNumber)).toEqual([c.caseNumber]);
    expect(await found(c.caseNumber, OTHER_STREET)).toEqual([]);
    expect(await found('周四海', OTHER_STREET)).toEqual([]);
    expectError(await get(h.app, `/v1/cases?q=${'x'.repeat(51)}`, CASEWORKER), 400, 'validation_failed');
  });

  it('GET /v1/audit?caseNumber= reads the trail by number, with the actor’s name from the token; out of scope is 404', async () => {
    const named = { ...CASEWORKER, name: '张经办' };
    const c = await startCase(h.app, named, dibao('吴五'));
    expect(c.history[0].actor).toMatchObject({ sub: CASEWORKER.sub, name: '张经办' });
    const trail = expectStatus(await get(h.app, `/v1/audit?caseNumber=${c.caseNumber}`, AUDITOR), 200);
    expect(trail).toMatchObject({ caseId: c.caseId, caseNumber: c.caseNumber, applicantName: '吴五' });
    expect(trail.items[0].actor).toMatchObject({ sub: CASEWORKER.sub, name: '张经办' });
    expectError(await get(h.app, `/v1/audit?caseNumber=${c.caseNumber}`, SUPERVISOR_JINTANG), 404, 'not_found');
    expectError(await get(h.app, '/v1/audit?caseNumber=420106-1999-000001', AUDITOR), 404, 'not_found');
    expectError(await get(h.app, '/v1/audit', AUDITOR), 400, 'validation_failed');
  });
});

describe('the case’s steps', () => {
  it('lists its type’s declared steps in Chinese, ending with 已办结', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao('郑六'));
    expect(c.steps).toEqual([
      { step: 'economic-check', label: '家庭经济状况核对' },
      { step: 'home-visit', label: '入户调查' },
      { step: 'publicity', label: '公示' },
      { step: 'decision', label: '审批决定' },
      { step: 'closed', label: '已办结' },
    ]);
    const t = await startCase(h.app, CASEWORKER, { ...dibao('王七'), type: 'temporary', temporary: { kind: 'emergency', amountFen: 100_000, reason: '火灾' } });
    expect(t.steps.map((s: Json) => s.label)).toEqual(['街道审批', '发放', '补办材料', '已办结']);
  });
});
