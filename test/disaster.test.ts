import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, CASEWORKER, JT, WC } from './support/actors.js';
import { act, actionsOf, expectError, expectStatus, fieldsOf, getCase, post, type Json } from './support/api.js';
import { DAY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

// 受灾人员救助: 应急 records a disaster event, opens a case per affected household in one request
// (idempotent per event and key), decides them one by one or in a batch; approved aid is disbursed at
// once or month by month (过渡期生活救助, at most the policy's 3 months); insurance payouts are recorded.

const YINGJI: Actor = { sub: 'ap-yingji', role: 'approver', org: WC, dept: 'yingji' };
const YINGJI_JT: Actor = { sub: 'ap-yingji-jt', role: 'approver', org: JT, dept: 'yingji' };
const PLATFORM: Actor = { sub: 'disaster-platform', role: 'system', org: WC };

const h = useHarness('disaster');

let seq = 100;
const household = (key: string, overrides: Json = {}): Json => ({
  key,
  orgCode: `${WC}001`,
  applicant: { name: `受灾户${key}`, idNumber: residentId(WC, '19700101', String(seq++ % 1000).padStart(3, '0')) },
  household: { size: 3, address: '积玉桥街道某小区' },
  needs: ['transition-living'],
  ...overrides,
});
const event = { name: '2026年12月暴雨洪涝', occurredOn: '2026-12-01', kind: 'flood', countyCode: WC };

let eventId: string;
let cases: Json[];
const intake = (households: Json[], who: Actor = YINGJI, id = eventId) => post(h.app, `/v1/disaster-events/${id}/cases`, who, { households });
const registered = (caseId: string) =>
  eventually(async () => {
    const c = await getCase(h.app, YINGJI, caseId);
    expect(c.step).toBe('decision');
    return c;
  });

beforeAll(async () => {
  eventId = expectStatus(await post(h.app, '/v1/disaster-events', YINGJI, event), 201).eventId;
});

describe('disaster events', () => {
  it('are recorded by the county’s 应急 approver or a system; others 403, bad fields 400', async () => {
    expect(expectStatus(await post(h.app, '/v1/disaster-events', PLATFORM, event), 201).eventId).toMatch(/^disaster-/);
    expectError(await post(h.app, '/v1/disaster-events', APPROVER, event), 403, 'forbidden');
    expectError(await post(h.app, '/v1/disaster-events', CASEWORKER, event), 403, 'forbidden');
    expectError(await post(h.app, '/v1/disaster-events', YINGJI_JT, event), 403, 'forbidden');
    expect(fieldsOf(expectError(await post(h.app, '/v1/disaster-events', YINGJI, { ...event, kind: 'meteor' }), 400, 'validation_failed'))).toEqual(['kind']);
  });
});

describe('mass intake', () => {
  it('opens a case per household, and the same request again creates nothing', async () => {
    const first = expectStatus(await intake([household('A'), household('B'), household('C')]), 201);
    expect(first).toMatchObject({ created: 3, existing: 0 });
    cases = first.cases;
    expect(cases.map((c) => c.key)).toEqual(['A', 'B', 'C']);
    const again = expectStatus(await intake([household('A'), household('B'), household('C')]), 201);
    expect(again).toEqual({ created: 0, existing: 3, cases });
    const more = expectStatus(await intake([household('C'), household('D')], PLATFORM), 201);
    expect(more).toMatchObject({ created: 1, existing: 1 });
    const c = await registered(cases[0]!.caseId);
    expect(c).toMatchObject({ type: 'disaster', department: 'yingji', orgCode: `${WC}001`, status: 'open', disaster: { eventId, key: 'A', needs: ['transition-living'], maxMonths: 3 } });
    expect(c.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses more than 1,000 households, a key twice and a street of another county (400); 403 and 404 for others', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => household(`M${i}`, { applicant: { name: '某', idNumber: residentId(WC, '19700101', '001') } }));
    expect(fieldsOf(expectError(await intake(many), 400, 'validation_failed'))).toEqual(['households']);
    expect(fieldsOf(expectError(await intake([household('X'), household('X')]), 400, 'validation_failed'))).toEqual(['households.1.key']);
    expect(fieldsOf(expectError(await intake([household('Y', { orgCode: `${JT}001` })]), 400, 'validation_failed'))).toEqual(['households.0.orgCode']);
    expect(fieldsOf(expectError(await intake([household('Z', { needs: [] })]), 400, 'validation_failed'))).toEqual(['households.0.needs']);
    expectError(await intake([household('W')], APPROVER), 403, 'forbidden');
    expectError(await intake([household('W')], CASEWORKER), 403, 'forbidden');
    expectError(await intake([household('W')], YINGJI_JT), 404, 'not_found');
    expectError(await intake([household('W')], YINGJI, 'disaster-nothing'), 404, 'not_found');
    // Not at the window: a disaster case belongs to an event.
    const { key: _k, needs: _n, ...one } = household('V');
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, { ...one, type: 'disaster' }), 400, 'validation_failed'))).toContain('type');
  });
});

describe('decisions and payment', () => {
  it('decides one case: 过渡期生活救助 monthly for at most the policy’s months, paid month by month', async () => {
    const { caseId } = cases[0]!;
    expectError(await act(h.app, CASEWORKER, caseId, { action: 'decide', decision: 'approve', amountFen: 50_000 }), 403, 'forbidden');
    expectError(await act(h.app, APPROVER, caseId, { action: 'decide', decision: 'approve', amountFen: 50_000 }), 404, 'not_found');
    expect(fieldsOf(expectError(await act(h.app, YINGJI, caseId, { action: 'decide', decision: 'approve', amountFen: 50_000, months: 4 }), 400, 'validation_failed'))).toEqual(['months']);
    expect(fieldsOf(expectError(await act(h.app, YINGJI, caseId, { action: 'decide', decision: 'approve', months: 2 }), 400, 'validation_failed'))).toEqual(['amountFen']);
    const approved = expectStatus(await act(h.app, YINGJI, caseId, { action: 'decide', decision: 'approve', amountFen: 50_000, months: 3 }), 200);
    expect(approved).toMatchObject({ status: 'approved', step: 'installments', amountFen: 150_000, disaster: { months: 3 } });
    expect(approved.disaster.installments.map((i: Json) => i.amountFen)).toEqual([50_000, 50_000, 50_000]);
    expectError(await act(h.app, YINGJI, caseId, { action: 'decide', decision: 'reject', reason: '重复' }), 409, 'invalid_transition');
    await eventually(async () => expect((await getCase(h.app, YINGJI, caseId)).disaster.paidFen).toBe(50_000));

    await h.env.sleep(61 * DAY);
    const paid = await eventually(async () => {
      const c = await getCase(h.app, YINGJI, caseId);
      expect(c.step).toBe('closed');
      return c;
    });
    expect(paid.disaster).toMatchObject({ paidFen: 150_000 });
    expect(actionsOf(paid).filter((a) => a === 'instalment-paid')).toHaveLength(3);
    expect(actionsOf(paid)).toContain('installments-ended');
    await recordHistory(h, caseId, 'disaster-transition-monthly');
  });

  it('decides in a batch: each case as its own decide, refusals listed; 400, 403 and 404 for the wrong batch', async () => {
    const ids = [cases[1]!.caseId, cases[2]!.caseId];
    await Promise.all(ids.map(registered));
    const url = `/v1/disaster-events/${eventId}/decisions`;
    expect(fieldsOf(expectError(await post(h.app, url, YINGJI, { caseIds: ids, decision: 'approve' }), 400, 'validation_failed'))).toEqual(['amountFen']);
    expect(fieldsOf(expectError(await post(h.app, url, YINGJI, { caseIds: [ids[0], 'other-case'], decision: 'approve', amountFen: 80_000 }), 400, 'validation_failed'))).toEqual(['caseIds.1']);
    expectError(await post(h.app, url, APPROVER, { caseIds: ids, decision: 'approve', amountFen: 80_000 }), 403, 'forbidden');
    expectError(await post(h.app, url, PLATFORM, { caseIds: ids, decision: 'approve', amountFen: 80_000 }), 403, 'forbidden');
    expectError(await post(h.app, url, YINGJI_JT, { caseIds: ids, decision: 'approve', amountFen: 80_000 }), 404, 'not_found');

    const batch = expectStatus(await post(h.app, url, YINGJI, { caseIds: ids, decision: 'approve', amountFen: 80_000 }), 200);
    expect(batch).toMatchObject({ decided: 2, refused: 0 });
    expect(batch.results.map((r: Json) => r.status)).toEqual(['approved', 'approved']);
    const again = expectStatus(await post(h.app, url, YINGJI, { caseIds: ids, decision: 'reject', reason: '重复提交' }), 200);
    expect(again).toMatchObject({ decided: 0, refused: 2 });
    expect(again.results.map((r: Json) => r.code)).toEqual(['invalid_transition', 'invalid_transition']);
    // Paid at once: one instalment, disbursed by the county.
    const c = await eventually(async () => {
      const v = await getCase(h.app, YINGJI, ids[0]!);
      expect(v.step).toBe('closed');
      return v;
    });
    expect(c.disaster).toMatchObject({ paidFen: 80_000, months: null });
  });

  it('records an insurance claim on the case (应急 approver); 400 naming the field, 403 for others', async () => {
    const { caseId } = cases[1]!;
    expect(fieldsOf(expectError(await act(h.app, YINGJI, caseId, { action: 'record-insurance-claim', amountFen: 300_000 }), 400, 'validation_failed'))).toEqual(['reference']);
    expect(fieldsOf(expectError(await act(h.app, YINGJI, caseId, { action: 'record-insurance-claim', reference: 'PICC-1', amountFen: 0 }), 400, 'validation_failed'))).toEqual(['amountFen']);
    expectError(await act(h.app, CASEWORKER, caseId, { action: 'record-insurance-claim', reference: 'PICC-1', amountFen: 300_000 }), 403, 'forbidden');
    const claimed = expectStatus(await act(h.app, YINGJI, caseId, { action: 'record-insurance-claim', reference: 'PICC-2027-001', amountFen: 300_000 }), 200);
    expect(claimed.disaster.insuranceClaims).toEqual([expect.objectContaining({ reference: 'PICC-2027-001', amountFen: 300_000, by: YINGJI.sub })]);
    expect(actionsOf(claimed)).toContain('record-insurance-claim');
  });
});
