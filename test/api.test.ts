import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, fieldsOf, json, type Who } from './support/api.js';
import { bearer, buildTestApp, eventually, residentId, startHarness, type Harness } from './support/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const CW = { sub: 'cw-zhang', role: 'caseworker', org: '420106001' } as const;
const CW_OTHER = { sub: 'cw-li', role: 'caseworker', org: '420106002' } as const;
const SUPERVISOR = { sub: 'sv-chen', role: 'supervisor', org: '420106' } as const;
const SUPERVISOR_JINTANG = { sub: 'sv-liu', role: 'supervisor', org: '510121' } as const;
const APPROVER = { sub: 'ap-wang', role: 'approver', org: '420106' } as const;
const AUDITOR = { sub: 'au-zhao', role: 'auditor', org: '420106' } as const;
const SYSTEM = { sub: 'hotline-12349', role: 'system', org: '420106' } as const;

const ID = residentId('420106', '19750312', '217');

let h: Harness;
let app: FastifyInstance;
beforeAll(async () => {
  h = await startHarness('api');
  app = await buildTestApp(h);
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const newCase = (overrides: Record<string, unknown> = {}) => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name: '李四', idNumber: ID, phone: '13800000000' },
  household: { size: 3, monthlyIncomeFen: 90_000 },
  ...overrides,
});

const { post, get } = client(() => app);

async function createCase(overrides: Record<string, unknown> = {}, who: Who = CW) {
  const res = await post('/v1/cases', who, newCase(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

describe('health and docs', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect(json(await get('/healthz', null))).toEqual({ status: 'ok' });
    const ready = await get('/readyz', null);
    expect(ready.statusCode).toBe(200);
    expect(json(ready)).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok' });
  });

  it('serves OpenAPI docs generated from the schemas', async () => {
    const spec = json(await get('/docs/json', null));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/cases', '/v1/cases/{caseId}', '/v1/cases/{caseId}/actions', '/v1/audit', '/v1/stats/sla']));
    expect((await get('/docs', null)).statusCode).toBeLessThan(400);
  });
});

describe('authentication', () => {
  it('401s a missing, forged or malformed token', async () => {
    expectError(await get('/v1/cases', null), 401, 'unauthorized');
    const forged = await app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' } });
    expectError(forged, 401, 'unauthorized');
    // A caseworker's org must be a 9-digit street.
    expectError(await get('/v1/cases', { role: 'caseworker', org: '420106' }), 401, 'unauthorized');
    expectError(await get('/v1/cases', { role: 'janitor' as never, org: '420106' }), 401, 'unauthorized');
  });
});

describe('POST /v1/cases', () => {
  it('starts a 低保 case with its statutory due date and never echoes the full ID number', async () => {
    const res = await post('/v1/cases', CW, newCase());
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({ type: 'dibao', orgCode: '420106001', status: 'open', step: 'economic-check', overdue: false, dueProvisional: expect.any(Boolean) });
    expect(c.caseId).toMatch(/^case-/);
    expect(c.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.dueAt).toBe(`${c.dueDate}T16:00:00.000Z`);
    expect(c.allowedActions).toEqual(['record-economic-check', 'request-supplement', 'withdraw', 'refer-to-employment']);
    expect(c.applicant.idNumberMasked).toBe(`420106********${ID.slice(-4)}`);
    expect(res.body).not.toContain(ID);
  });

  it('400s bad input, naming each field', async () => {
    const badId = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0');
    expect(fieldsOf(expectError(await post('/v1/cases', CW, newCase({ applicant: { name: '李四', idNumber: badId } })), 400, 'validation_failed'))).toEqual([
      'applicant.idNumber',
    ]);
    expect(fieldsOf(expectError(await post('/v1/cases', CW, newCase({ type: 'medical' })), 400, 'validation_failed'))).toEqual(['medical']);
    expect(fieldsOf(expectError(await post('/v1/cases', CW, newCase({ type: 'lottery' })), 400, 'validation_failed'))).toEqual(['type']);
    const unknown = expectError(await post('/v1/cases', CW, newCase({ favouriteColour: 'red' })), 400, 'validation_failed');
    expect(fieldsOf(unknown)).toEqual(['favouriteColour']);
    const nested = expectError(await post('/v1/cases', CW, newCase({ applicant: { name: '李四', idNumber: ID, extra: 1 } })), 400, 'validation_failed');
    expect(fieldsOf(nested)).toEqual(['applicant.extra']);
    expect(fieldsOf(expectError(await post('/v1/cases', CW, newCase({ household: { monthlyIncomeFen: 1.5 } })), 400, 'validation_failed'))).toEqual(
      expect.arrayContaining(['household.size', 'household.monthlyIncomeFen']),
    );
    expect(fieldsOf(expectError(await post('/v1/cases', CW, newCase({ orgCode: '4201' })), 400, 'validation_failed'))).toEqual(['orgCode']);
    const malformed = await app.inject({ method: 'POST', url: '/v1/cases', headers: { ...bearer(CW), 'content-type': 'application/json' }, payload: '{"type":' });
    expectError(malformed, 400, 'validation_failed');
  });

  it('403s roles that may not start cases and streets outside the caller', async () => {
    expectError(await post('/v1/cases', SUPERVISOR, newCase()), 403, 'forbidden');
    expectError(await post('/v1/cases', CW_OTHER, newCase()), 403, 'forbidden');
    expectError(await post('/v1/cases', { ...SYSTEM, org: '510121' }, newCase()), 403, 'forbidden');
  });

  it('lets only a system import backdate acceptance, and never into the future', async () => {
    const past = new Date(Date.now() - 3 * DAY).toISOString();
    expectError(await post('/v1/cases', CW, newCase({ acceptedAt: past })), 403, 'forbidden');
    const future = new Date(Date.now() + DAY).toISOString();
    expect(fieldsOf(expectError(await post('/v1/cases', SYSTEM, newCase({ acceptedAt: future })), 400, 'validation_failed'))).toEqual(['acceptedAt']);
    expect(fieldsOf(expectError(await post('/v1/cases', SYSTEM, newCase({ acceptedAt: 'yesterday' })), 400, 'validation_failed'))).toEqual(['acceptedAt']);
  });

  it('makes one case of concurrent duplicates with the same Idempotency-Key, and 409s the key with another body', async () => {
    const key = { 'idempotency-key': `intake-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 6 }, () => post('/v1/cases', CW, newCase(), key)));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const ids = new Set(results.map((r) => json(r).caseId));
    expect(ids.size).toBe(1);
    const [caseId] = [...ids];
    const all = json(await get('/v1/cases?limit=100', CW)).items.filter((i: { caseId: string }) => i.caseId === caseId);
    expect(all).toHaveLength(1);

    const again = await post('/v1/cases', CW, newCase(), key);
    expect(json(again).caseId).toBe(caseId);
    expectError(await post('/v1/cases', CW, newCase({ household: { size: 4, monthlyIncomeFen: 90_000 } }), key), 409, 'idempotency_key_reused');
  });
});

describe('GET /v1/cases/:caseId', () => {
  it('shows a case to its street and county, with the caller’s allowed actions', async () => {
    const c = await createCase();
    const mine = json(await get(`/v1/cases/${c.caseId}`, CW));
    expect(mine).toMatchObject({ caseId: c.caseId, allowedActions: ['record-economic-check', 'request-supplement', 'withdraw', 'refer-to-employment'] });
    expect(mine.history[0]).toMatchObject({ action: 'accept', actor: { sub: 'cw-zhang', role: 'caseworker', org: '420106001' } });
    const supervisorView = json(await get(`/v1/cases/${c.caseId}`, SUPERVISOR));
    expect(supervisorView.allowedActions).toEqual([]);
  });

  it('403s another street or county, 404s an unknown case', async () => {
    const c = await createCase();
    expectError(await get(`/v1/cases/${c.caseId}`, CW_OTHER), 403, 'forbidden');
    expectError(await get(`/v1/cases/${c.caseId}`, SUPERVISOR_JINTANG), 403, 'forbidden');
    expectError(await get('/v1/cases/case-does-not-exist', CW), 404, 'not_found');
  });
});

describe('POST /v1/cases/:caseId/actions', () => {
  it('drives a case to a decision and refuses actions once it is closed', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    const checked = await post(url, CW, { action: 'record-economic-check', perCapitaIncomeFen: 45_000, assetsWithinLimits: true });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(json(checked)).toMatchObject({ step: 'home-visit', allowedActions: ['record-home-visit', 'request-supplement', 'withdraw', 'refer-to-employment'] });
    const visited = json(await post(url, CW, { action: 'record-home-visit', findings: '家中无劳动力' }));
    expect(visited.step).toBe('publicity');
    expect(visited.allowedActions).toEqual(['record-objection', 'request-supplement', 'withdraw', 'refer-to-employment']);

    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect(json(await get(`/v1/cases/${c.caseId}`, CW)).step).toBe('decision'));
    const decided = await post(url, APPROVER, { action: 'decide', decision: 'approve', monthlyAmountFen: 64_000 });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided)).toMatchObject({ status: 'approved', step: 'closed', amountFen: 64_000, decidedLate: false, allowedActions: [] });

    expectError(await post(url, CW, { action: 'withdraw', reason: '迟到的撤回' }), 409, 'invalid_transition');
  });

  it('409s a step out of order, 400s a bad payload, 403s the wrong role or street, 404s an unknown case', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    expectError(await post(url, CW, { action: 'record-home-visit', findings: '太早了' }), 409, 'invalid_transition');
    expectError(await post(url, CW, { action: 'decide', decision: 'approve', monthlyAmountFen: 100 }), 409, 'invalid_transition');
    expect(fieldsOf(expectError(await post(url, CW, { action: 'record-economic-check', assetsWithinLimits: true }), 400, 'validation_failed'))).toEqual([
      'perCapitaIncomeFen',
    ]);
    expect(fieldsOf(expectError(await post(url, CW, { action: 'decide', decision: 'approve' }), 400, 'validation_failed'))).toEqual(['monthlyAmountFen']);
    expect(fieldsOf(expectError(await post(url, CW, { action: 'launch-rocket' }), 400, 'validation_failed'))).toEqual(['action']);
    const extra = expectError(await post(url, CW, { action: 'withdraw', reason: 'x', sneaky: true }), 400, 'validation_failed');
    expect(fieldsOf(extra)).toEqual(['sneaky']);
    expectError(await post(url, SUPERVISOR, { action: 'withdraw', reason: '越权' }), 403, 'forbidden');
    expectError(await post(url, AUDITOR, { action: 'withdraw', reason: '越权' }), 403, 'forbidden');
    expectError(await post(url, CW_OTHER, { action: 'withdraw', reason: '越权' }), 403, 'forbidden');
    expectError(await post('/v1/cases/case-nope/actions', CW, { action: 'withdraw', reason: 'x' }), 404, 'not_found');
    // Nothing of the refused attempts reached the history.
    expect(json(await get(`/v1/cases/${c.caseId}`, CW)).history).toHaveLength(1);
  });

  it('applies a retried action with the same Idempotency-Key once', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    const key = { 'idempotency-key': 'visit-1' };
    const body = { action: 'request-supplement', items: ['低保申请书'] };
    const [first, second] = await Promise.all([post(url, CW, body, key), post(url, CW, body, key)]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    const history = json(await get(`/v1/cases/${c.caseId}`, CW)).history as Array<{ action: string }>;
    expect(history.filter((e) => e.action === 'request-supplement')).toHaveLength(1);
  });
});

describe('backdated imports and the supervisor’s overdue list', () => {
  it('makes an import accepted long ago overdue at once and lists it for the county’s supervisors only', async () => {
    const acceptedAt = new Date(Date.now() - 60 * DAY).toISOString();
    const res = await post('/v1/cases', SYSTEM, newCase({ acceptedAt }));
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({ overdue: true, acceptedAt });
    expect(c.history.map((e: { action: string }) => e.action)).toEqual(['accept', 'overdue']);

    const list = json(await get('/v1/cases?overdue=true', SUPERVISOR));
    expect(list.items.map((i: { caseId: string }) => i.caseId)).toContain(c.caseId);
    expect(list.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(json(await get('/v1/cases?overdue=true', SUPERVISOR_JINTANG)).items).toEqual([]);
    expectError(await get('/v1/cases?orgCode=420106001', SUPERVISOR_JINTANG), 403, 'forbidden');
  });
});

describe('GET /v1/cases', () => {
  it('pages newest first with a cursor, within the caller’s scope', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await createCase({ orgCode: '420106002' }, CW_OTHER)).caseId as string);
    const page1 = json(await get('/v1/cases?limit=2&orgCode=420106002', CW_OTHER));
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = json(await get(`/v1/cases?limit=2&orgCode=420106002&cursor=${page1.nextCursor}`, CW_OTHER));
    const seen = [...page1.items, ...page2.items].map((i: { caseId: string }) => i.caseId);
    expect(seen.slice(0, 3)).toEqual([...created].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    // A caseworker sees only its own street.
    const own = json(await get('/v1/cases?limit=100', CW)).items as Array<{ orgCode: string }>;
    expect(own.every((i) => i.orgCode === '420106001')).toBe(true);
    expectError(await get('/v1/cases?orgCode=420106002', CW), 403, 'forbidden');
    expectError(await get('/v1/cases?cursor=garbage', CW), 400, 'validation_failed');
    expect(fieldsOf(expectError(await get('/v1/cases?limit=1000', CW), 400, 'validation_failed'))).toEqual(['limit']);
    expect(fieldsOf(expectError(await get('/v1/cases?dueBefore=2026-13-01', CW), 400, 'validation_failed'))).toEqual(['dueBefore']);
    // dueBefore is strict: a case due on that date is not before it.
    const due = json(await get(`/v1/cases/${created[0]}`, CW_OTHER)).dueDate as string;
    const dayAfter = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ids = async (q: string) => (json(await get(`/v1/cases?limit=100&orgCode=420106002&${q}`, CW_OTHER)).items as Array<{ caseId: string }>).map((i) => i.caseId);
    expect(await ids(`dueBefore=${due}`)).not.toContain(created[0]);
    expect(await ids(`dueBefore=${dayAfter}`)).toContain(created[0]);
  });
});

describe('GET /v1/audit', () => {
  it('gives auditors and supervisors every step in order, with masked IDs', async () => {
    const c = await createCase();
    await post(`/v1/cases/${c.caseId}/actions`, CW, { action: 'withdraw', reason: '申请人已就业' });
    const res = await get(`/v1/audit?caseId=${c.caseId}`, AUDITOR);
    expect(res.statusCode, res.body).toBe(200);
    const trail = json(res);
    expect(trail.items.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
      [1, 'accept'],
      [2, 'withdraw'],
    ]);
    expect(trail.items[1]).toMatchObject({ actor: { sub: 'cw-zhang', role: 'caseworker', org: '420106001' }, details: { reason: '申请人已就业' } });
    expect(res.body).not.toContain(ID);
    expect((await get(`/v1/audit?caseId=${c.caseId}`, SUPERVISOR)).statusCode).toBe(200);
  });

  it('403s other roles and counties, 404s an unknown case, 400s a missing caseId', async () => {
    const c = await createCase();
    expectError(await get(`/v1/audit?caseId=${c.caseId}`, CW), 403, 'forbidden');
    expectError(await get(`/v1/audit?caseId=${c.caseId}`, { ...AUDITOR, org: '510121' }), 403, 'forbidden');
    expectError(await get('/v1/audit?caseId=case-nope', AUDITOR), 404, 'not_found');
    expect(fieldsOf(expectError(await get('/v1/audit', AUDITOR), 400, 'validation_failed'))).toEqual(['caseId']);
  });
});

describe('GET /v1/stats/sla', () => {
  it('counts per street and type for a supervisor', async () => {
    const res = await get('/v1/stats/sla', SUPERVISOR);
    expect(res.statusCode, res.body).toBe(200);
    const stats = json(res);
    const street = stats.items.find((i: { orgCode: string; type: string }) => i.orgCode === '420106001' && i.type === 'dibao');
    expect(street).toMatchObject({ open: expect.any(Number), decidedOnTime: expect.any(Number), decidedLate: 0 });
    expect(street.open).toBeGreaterThan(0);
    expect(street.overdueNow).toBeGreaterThan(0);
    expectError(await get('/v1/stats/sla?orgCode=510121', SUPERVISOR), 403, 'forbidden');
    expectError(await get('/v1/stats/sla?from=2026-12-01&to=2026-11-01', SUPERVISOR), 400, 'validation_failed');
  });
});
