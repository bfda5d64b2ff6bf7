import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/domain/dates.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, WC, YIBAO, cw, supervisor } from './support/actors.js';
import { expectError, expectStatus, get, post, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { residentId, useHarness } from './support/harness.js';

// 主动发现 and the yearly 摸底排查 (issue 21): a person found in hardship is visited by the street within
// the policy's working days (5; the holiday calendar counts), then closed, referred or invited to apply;
// a department's match list imports idempotently per person and source; the county's ledger counts it all.

const h = useHarness('discoveries');
const STREET = `${WC}001`;
const SYSTEM_WC = { sub: 'minzheng-match', role: 'system' as const, org: WC };
const report = (who: Parameters<typeof post>[2], body: Json, headers: Record<string, string> = {}) => post(h.app, '/v1/discoveries', who, body, headers);
const act = (id: string, who: Parameters<typeof post>[2], body: Json) => post(h.app, `/v1/discoveries/${id}/actions`, who, body);
const person = (name: string, extra: Json = {}) => ({ source: 'grid', orgCode: STREET, person: { name }, address: '积玉桥街和平大道 1 号', situation: '独居老人，行动不便，无固定收入', ...extra });

describe('a discovery’s visit deadline', () => {
  it('falls five working days after the day found, across the National Day holiday; unvisited after it, it is overdue', async () => {
    // Found Wednesday 30 September 2026: 1–7 October are a holiday, Saturday 10 October a working day.
    const d = expectStatus(await report(CASEWORKER, person('赵独居', { foundOn: '2026-09-30' })), 201);
    expect(d).toMatchObject({ status: 'open', foundOn: '2026-09-30', visitDueDate: '2026-10-13', overdue: true, existing: false, allowedActions: ['visit', 'close', 'refer'] });
    const fresh = expectStatus(await report(CASEWORKER, person('钱新发现', { source: 'hotline' })), 201);
    expect(fresh.foundOn).toBe(shanghaiDate(Date.now()));
    expect(fresh.visitDueDate > fresh.foundOn).toBe(true);
    expect(fresh.overdue).toBe(false);

    const overdue = expectStatus(await get(h.app, `/v1/discoveries?orgCode=${WC}&overdue=true`, SUPERVISOR), 200);
    expect(overdue.items.map((i: Json) => i.discoveryId)).toContain(d.discoveryId);
    expect(overdue.items.map((i: Json) => i.discoveryId)).not.toContain(fresh.discoveryId);
    expect(overdue.total).toBe(overdue.items.length);
    // Visited: no longer overdue.
    const visited = expectStatus(await act(d.discoveryId, CASEWORKER, { action: 'visit', findings: '已入户，情况属实，建议申请特困', on: '2026-10-20' }), 200);
    expect(visited).toMatchObject({ status: 'visited', visitedOn: '2026-10-20', overdue: false, allowedActions: ['invite', 'close', 'refer'] });
    expect((expectStatus(await get(h.app, `/v1/discoveries?orgCode=${WC}&overdue=true`, SUPERVISOR), 200).items as Json[]).map((i) => i.discoveryId)).not.toContain(d.discoveryId);
  });
});

describe('reporting', () => {
  it('is the street’s caseworker’s or its county’s system’s; the same person from the same source is one discovery', async () => {
    const first = expectStatus(await report(CASEWORKER, person('孙重复', { person: { name: '孙重复', idNumber: residentId(WC, '19500505', '505') } })), 201);
    expect(first.person).toEqual({ name: '孙重复', idNumberMasked: expect.stringMatching(/^\*{17}[0-9X]$/) });
    const again = expectStatus(await report(CASEWORKER, person('孙重复', { person: { name: '孙重复', idNumber: residentId(WC, '19500505', '505') }, situation: '再次反映' })), 201);
    expect(again).toMatchObject({ discoveryId: first.discoveryId, existing: true });
    const other = expectStatus(await report(SYSTEM_WC, person('孙重复', { source: 'department-match', person: { name: '孙重复', idNumber: residentId(WC, '19500505', '505') } })), 201);
    expect(other.discoveryId).not.toBe(first.discoveryId);
    // A retried request (its Idempotency-Key) is the discovery it wrote.
    const keyed = expectStatus(await report(CASEWORKER, person('周重试'), { 'idempotency-key': 'disc-1' }), 201);
    expect(expectStatus(await report(CASEWORKER, person('周重试'), { 'idempotency-key': 'disc-1' }), 201)).toMatchObject({ discoveryId: keyed.discoveryId, existing: false });

    expectError(await report(OTHER_STREET, person('吴越界')), 403, 'forbidden');
    expectError(await report(SUPERVISOR, person('吴越界')), 403, 'forbidden');
    expectError(await report({ ...SYSTEM_WC, org: JT }, person('吴越界')), 403, 'forbidden');
    const future = expectError(await report(CASEWORKER, person('郑未来', { foundOn: '2099-01-01' })), 400, 'validation_failed');
    expect(future.details).toEqual([expect.objectContaining({ path: 'foundOn', message: '不能晚于今天' })]);
    const bad = expectError(await report(CASEWORKER, { ...person('王来源'), source: 'rumour', address: ' ' }), 400, 'validation_failed');
    expect(bad.details.map((d: Json) => d.path).sort()).toEqual(['address', 'source']);
  });

  it('imports a department’s match list once per person and source', async () => {
    const rows = [person('冯比对一', { source: 'department-match' }), person('冯比对二', { source: 'department-match' }), person('冯比对一', { source: 'department-match' })];
    expect(expectStatus(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows }), 200)).toEqual({ created: 2, existing: 1 });
    expect(expectStatus(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows }), 200)).toEqual({ created: 0, existing: 3 });
    expectError(await post(h.app, '/v1/discoveries:import', CASEWORKER, { rows }), 403, 'forbidden');
    // A row of another county is named; a list with none of the system's own is not its to import.
    const away = expectError(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows: [person('陈本县'), person('陈外县', { orgCode: `${JT}001` })] }), 400, 'validation_failed');
    expect(away.details).toEqual([expect.objectContaining({ path: 'rows.1.orgCode' })]);
    expectError(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows: [person('陈外县', { orgCode: `${JT}001` })] }), 403, 'forbidden');
    const tooMany = expectError(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows: Array.from({ length: 10_001 }, (_, i) => person(`批量${i}`)) }), 400, 'validation_failed');
    expect(tooMany.details).toEqual([expect.objectContaining({ path: 'rows' })]);
    expectError(await post(h.app, '/v1/discoveries:import', SYSTEM_WC, { rows: [] }), 400, 'validation_failed');
  });
});

describe('after the visit', () => {
  it('closes or refers, only by the street’s caseworker, each at its step; readers are the street and the county’s civil affairs', async () => {
    const d = expectStatus(await report(CASEWORKER, person('褚转介')), 201);
    expectError(await act(d.discoveryId, OTHER_STREET, { action: 'visit', findings: '—' }), 404, 'not_found');
    expectError(await act(d.discoveryId, SUPERVISOR, { action: 'visit', findings: '—' }), 403, 'forbidden');
    const blank = expectError(await act(d.discoveryId, CASEWORKER, { action: 'visit', findings: '  ' }), 400, 'validation_failed');
    expect(blank.details).toEqual([expect.objectContaining({ path: 'findings' })]);
    const early = expectError(await act(d.discoveryId, CASEWORKER, { action: 'visit', findings: '已走访', on: '2020-01-01' }), 400, 'validation_failed');
    expect(early.details).toEqual([expect.objectContaining({ path: 'on' })]);
    expectError(await act(d.discoveryId, CASEWORKER, { action: 'invite' }), 400, 'validation_failed');
    const referred = expectStatus(await act(d.discoveryId, CASEWORKER, { action: 'refer', receivingOrg: '区残联', note: '需辅具适配' }), 200);
    expect(referred).toMatchObject({ status: 'referred', outcome: '区残联', allowedActions: [] });
    const twice = expectError(await act(d.discoveryId, CASEWORKER, { action: 'close', reason: '—' }), 409, 'invalid_transition');
    expect(twice.message).toBe('主动发现记录状态为“已转介”，不能办结');
    expect(expectStatus(await get(h.app, `/v1/discoveries/${d.discoveryId}`, AUDITOR), 200).history.map((s: Json) => s.action)).toEqual(['report', 'refer']);
    expectStatus(await get(h.app, `/v1/discoveries/${d.discoveryId}`, APPROVER), 200);
    expectError(await get(h.app, `/v1/discoveries/${d.discoveryId}`, YIBAO), 404, 'not_found');
    expectError(await get(h.app, `/v1/discoveries/${d.discoveryId}`, supervisor(JT)), 404, 'not_found');
    expectError(await get(h.app, `/v1/discoveries?orgCode=${STREET}`, OTHER_STREET), 403, 'forbidden');
    expectError(await get(h.app, `/v1/discoveries?orgCode=${WC}`, CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, '/v1/discoveries?overdue=maybe', SUPERVISOR), 400, 'validation_failed');

    const closed = expectStatus(await act(expectStatus(await report(CASEWORKER, person('卫已迁出')), 201).discoveryId, CASEWORKER, { action: 'close', reason: '已迁出本街道' }), 200);
    expect(closed).toMatchObject({ status: 'closed', outcome: '已迁出本街道' });
  });
});

describe('the invitation', () => {
  it('opens a one-door application filled in with the person, at the discovery’s street, once', async () => {
    const idNumber = residentId(WC, '19450909', '909');
    const d = expectStatus(await report(CASEWORKER, person('沈邀请', { person: { name: '沈邀请', idNumber } })), 201);
    const application = { orgCode: STREET, applicant: { name: '沈邀请', idNumber }, household: { size: 1, monthlyIncomeFen: 20_000 }, requested: ['dibao'], commitments: { economicCheckAuthorized: true, truthfulnessPledged: true } };
    // Not visited yet: the invitation is the wrong step.
    expectError(await act(d.discoveryId, CASEWORKER, { action: 'invite', application }), 409, 'invalid_transition');
    expectStatus(await act(d.discoveryId, CASEWORKER, { action: 'visit', findings: '独居，无收入来源，愿意申请低保' }), 200);
    const elsewhere = expectError(await act(d.discoveryId, CASEWORKER, { action: 'invite', application: { ...application, orgCode: `${WC}002` } }), 400, 'validation_failed');
    expect(elsewhere.details).toEqual([expect.objectContaining({ path: 'application.orgCode' })]);
    const bad = expectError(await act(d.discoveryId, CASEWORKER, { action: 'invite', application: { ...application, applicant: { name: '沈邀请', idNumber: '420106194509099090' } } }), 400, 'validation_failed');
    expect(bad.details).toEqual([expect.objectContaining({ path: 'application.applicant.idNumber' })]);
    expectError(await act(d.discoveryId, SUPERVISOR, { action: 'invite', application }), 403, 'forbidden');

    const invited = expectStatus(await act(d.discoveryId, CASEWORKER, { action: 'invite', application }), 200);
    expect(invited).toMatchObject({ status: 'invited', applicationId: expect.stringMatching(/^app-/), allowedActions: [] });
    const opened = expectStatus(await get(h.app, `/v1/applications/${invited.applicationId}`, CASEWORKER), 200);
    expect(opened.cases).toEqual([expect.objectContaining({ type: 'dibao' })]);
    expectError(await act(d.discoveryId, CASEWORKER, { action: 'invite', application }), 409, 'invalid_transition');
    expect(invited.history.map((s: Json) => s.action)).toEqual(['report', 'visit', 'invite']);
  });
});

describe('the yearly 摸底排查', () => {
  it('is opened once a county and year by its civil affairs; its streets are told; the ledger counts each street’s year', async () => {
    await startCase(h.app, cw(`${WC}002`), { type: 'dibao', orgCode: `${WC}002`, applicant: { name: '蒋户主', idNumber: residentId(WC, '19600606', '606') }, household: { size: 1, monthlyIncomeFen: 30_000 } });
    expectError(await post(h.app, '/v1/campaigns', CASEWORKER, { year: 2026, countyCode: WC }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/campaigns', supervisor(JT), { year: 2026, countyCode: WC }), 403, 'forbidden');
    const c = expectStatus(await post(h.app, '/v1/campaigns', SUPERVISOR, { year: 2026, countyCode: WC }), 201);
    expect(c).toMatchObject({ campaignId: `campaign-${WC}-2026`, year: 2026 });
    const street = (c.streets as Json[]).find((s) => s.orgCode === STREET)!;
    expect(street.discovered).toBeGreaterThanOrEqual(8);
    expect(street.visited).toBeGreaterThanOrEqual(2);
    expect(street.invited).toBeGreaterThanOrEqual(1);
    expect(c.totals.discovered).toBe((c.streets as Json[]).reduce((n, s) => n + s.discovered, 0));
    expectError(await post(h.app, '/v1/campaigns', APPROVER, { year: 2026, countyCode: WC }), 409, 'invalid_transition');
    expectError(await post(h.app, '/v1/campaigns', SUPERVISOR, { year: 1999, countyCode: WC }), 400, 'validation_failed');
    expectStatus(await get(h.app, `/v1/campaigns/${c.campaignId}`, AUDITOR), 200);
    expectError(await get(h.app, `/v1/campaigns/${c.campaignId}`, supervisor(JT)), 404, 'not_found');
    const inbox = expectStatus(await get(h.app, '/v1/notifications', cw(`${WC}002`)), 200);
    expect((inbox.items as Json[]).some((n) => n.kind === 'campaign' && String(n.message).includes('2026 年困难群众摸底排查'))).toBe(true);
  });
});

describe('a street’s list pushed to the county (向县级部门推送名单)', () => {
  it('is pushed by the street’s caseworker with the year’s counts, tells the county, and shows on the ledger; others are refused', async () => {
    const campaignId = `campaign-${WC}-2026`;
    const before = expectStatus(await get(h.app, `/v1/campaigns/${campaignId}`, SUPERVISOR), 200);
    const street = (before.streets as Json[]).find((s) => s.orgCode === STREET)!;
    expect(street.pushedAt).toBeNull();

    expectError(await post(h.app, `/v1/campaigns/${campaignId}/pushes`, SUPERVISOR, {}), 403, 'forbidden');
    expectError(await post(h.app, `/v1/campaigns/${campaignId}/pushes`, APPROVER, {}), 403, 'forbidden');
    expectError(await post(h.app, `/v1/campaigns/${campaignId}/pushes`, cw(`${JT}001`), {}), 404, 'not_found');
    expectError(await post(h.app, `/v1/campaigns/campaign-${WC}-2019/pushes`, CASEWORKER, {}), 404, 'not_found');

    const pushed = expectStatus(await post(h.app, `/v1/campaigns/${campaignId}/pushes`, CASEWORKER, {}), 201);
    expect(pushed).toMatchObject({ campaignId, orgCode: STREET, discovered: street.discovered, visited: street.visited, invited: street.invited, overdue: street.overdue });
    // A street with nothing found pushes an empty list, and is on the ledger with it.
    expectStatus(await post(h.app, `/v1/campaigns/${campaignId}/pushes`, cw(`${WC}009`), {}), 201);

    const after = expectStatus(await get(h.app, `/v1/campaigns/${campaignId}`, APPROVER), 200);
    expect((after.streets as Json[]).find((s) => s.orgCode === STREET)!.pushedAt).toBe(pushed.pushedAt);
    expect((after.streets as Json[]).find((s) => s.orgCode === `${WC}009`)).toMatchObject({ discovered: 0, pushedAt: expect.any(String) });
    for (const who of [SUPERVISOR, APPROVER]) {
      const inbox = expectStatus(await get(h.app, '/v1/notifications', who), 200);
      const note = (inbox.items as Json[]).find((n) => n.kind === 'campaign-push' && String(n.message).startsWith(STREET));
      expect(note?.message).toBe(`${STREET} 2026 年摸底排查名单已推送：发现 ${street.discovered} 人，已走访 ${street.visited} 人，已引导申请 ${street.invited} 人，逾期未走访 ${street.overdue} 人`);
    }
    // Another department's approver of the county is not told.
    const other = expectStatus(await get(h.app, '/v1/notifications', YIBAO), 200);
    expect((other.items as Json[]).some((n) => n.kind === 'campaign-push')).toBe(false);
  });
});
