import { describe, expect, it } from 'vitest';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, SUPERVISOR_JINTANG, SYSTEM } from './support/actors.js';
import { expectError, fieldsOf, get, json, post, type Who } from './support/api.js';
import { caseRegisteredUpdate } from '../src/workflows/messages.js';
import { findCase } from '../src/db/cases.js';
import { startCase, viewOf } from './support/cases.js';
import { DAY, bearer, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

const ID = residentId('420106', '19750312', '217');

const h = useHarness('api');

const newCase = (overrides: Record<string, unknown> = {}) => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name: '李四', idNumber: ID, phone: '13800000000' },
  household: { size: 3, monthlyIncomeFen: 90_000 },
  ...overrides,
});

const createCase = (overrides: Record<string, unknown> = {}, who: Who = CASEWORKER) => startCase(h.app, who, newCase(overrides));

describe('health and docs', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect(json(await get(h.app, '/healthz', null))).toEqual({ status: 'ok' });
    const ready = await get(h.app, '/readyz', null);
    expect(ready.statusCode).toBe(200);
    // The time-skipping test server does not describe task queues: whether a worker polls is unknown.
    expect(json(ready)).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok', worker: 'unknown' });
  });

  it('serves OpenAPI docs generated from the schemas', async () => {
    const spec = json(await get(h.app, '/docs/json', null));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/cases', '/v1/cases/{caseId}', '/v1/cases/{caseId}/actions', '/v1/audit', '/v1/stats/sla']));
    expect((await get(h.app, '/docs', null)).statusCode).toBeLessThan(400);
  });
});

describe('authentication', () => {
  it('401s a missing, forged or malformed token', async () => {
    expectError(await get(h.app, '/v1/cases', null), 401, 'unauthorized');
    const forged = await h.app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' } });
    expectError(forged, 401, 'unauthorized');
    // A caseworker's org must be a 9-digit street.
    expectError(await get(h.app, '/v1/cases', { role: 'caseworker', org: '420106' }), 401, 'unauthorized');
    expectError(await get(h.app, '/v1/cases', { role: 'janitor' as never, org: '420106' }), 401, 'unauthorized');
  });
});

describe('POST /v1/cases', () => {
  it('starts a 低保 case with its statutory due date and never echoes the full ID number', async () => {
    const res = await post(h.app, '/v1/cases', CASEWORKER, newCase());
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({ type: 'dibao', orgCode: '420106001', status: 'open', step: 'economic-check', overdue: false, dueProvisional: expect.any(Boolean) });
    expect(c.caseId).toMatch(/^case-/);
    expect(c.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.dueAt).toBe(`${c.dueDate}T16:00:00.000Z`);
    expect(c.allowedActions).toEqual(['record-economic-check', 'request-supplement', 'withdraw', 'refer-to-employment']);
    expect(c.applicant.idNumberMasked).toBe(`*****************${ID.slice(-1)}`);
    expect(res.body).not.toContain(ID);
  });

  it('records the acceptance its workflow makes: the snapshot the API wrote is the workflow’s own state, and the workflow’s first write adds nothing', async () => {
    const pledged = json(await post(h.app, '/v1/cases', CASEWORKER, newCase({ pledgedInsteadOfProof: ['收入证明'] })));
    const medical = json(
      await post(h.app, '/v1/cases', CASEWORKER, newCase({ type: 'medical', medical: { billFen: 1_500_000, hospital: '武汉市第三医院', admittedOn: '2026-10-01', category: 'serious' } })),
    );
    expect(pledged.pledges).toMatchObject({ items: ['收入证明'], overdue: false });
    expect(pledged.history[0]).toMatchObject({ action: 'accept', pledgedInsteadOfProof: ['收入证明'], verificationDue: pledged.pledges.dueDate });
    expect(medical.history[0]).toMatchObject({ action: 'accept', department: 'yibao' });
    for (const c of [pledged, medical]) {
      const handle = h.env.client.workflow.getHandle(c.caseId);
      // The workflow's first task has run once an Update is taken: it accepted the case from the same input.
      await handle.executeUpdate(caseRegisteredUpdate);
      const stored = (await findCase(h.database.db, c.caseId))!;
      expect(await viewOf(handle)).toEqual(stored.view);
      expect(stored.view).toMatchObject({ version: 1, dueDate: c.dueDate, acceptedAt: c.acceptedAt });
      const trail = json(await get(h.app, `/v1/audit?caseId=${c.caseId}`, AUDITOR));
      expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['accept']);
    }
  });

  it('400s bad input, naming each field', async () => {
    const badId = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0');
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ applicant: { name: '李四', idNumber: badId } })), 400, 'validation_failed'))).toEqual([
      'applicant.idNumber',
    ]);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ type: 'medical' })), 400, 'validation_failed'))).toEqual(['medical']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ type: 'lottery' })), 400, 'validation_failed'))).toEqual(['type']);
    const unknown = expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ favouriteColour: 'red' })), 400, 'validation_failed');
    expect(fieldsOf(unknown)).toEqual(['favouriteColour']);
    const nested = expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ applicant: { name: '李四', idNumber: ID, extra: 1 } })), 400, 'validation_failed');
    expect(fieldsOf(nested)).toEqual(['applicant.extra']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ household: { monthlyIncomeFen: -1 } })), 400, 'validation_failed'))).toEqual(
      expect.arrayContaining(['household.size', 'household.monthlyIncomeFen']),
    );
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ orgCode: '4201' })), 400, 'validation_failed'))).toEqual(['orgCode']);
    const malformed = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: { ...bearer(CASEWORKER), 'content-type': 'application/json' }, payload: '{"type":' });
    expectError(malformed, 400, 'validation_failed');
  });

  it('403s roles that may not start cases and streets outside the caller', async () => {
    expectError(await post(h.app, '/v1/cases', SUPERVISOR, newCase()), 403, 'forbidden');
    expectError(await post(h.app, '/v1/cases', OTHER_STREET, newCase()), 403, 'forbidden');
    expectError(await post(h.app, '/v1/cases', { ...SYSTEM, org: '510121' }, newCase()), 403, 'forbidden');
  });

  it('lets only a system import backdate acceptance, and never into the future', async () => {
    const past = new Date(Date.now() - 3 * DAY).toISOString();
    expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ acceptedAt: past })), 403, 'forbidden');
    const future = new Date(Date.now() + DAY).toISOString();
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', SYSTEM, newCase({ acceptedAt: future })), 400, 'validation_failed'))).toEqual(['acceptedAt']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', SYSTEM, newCase({ acceptedAt: 'yesterday' })), 400, 'validation_failed'))).toEqual(['acceptedAt']);
  });

  it('makes one case of concurrent duplicates with the same Idempotency-Key, and 409s the key with another body', async () => {
    const key = { 'idempotency-key': `intake-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 6 }, () => post(h.app, '/v1/cases', CASEWORKER, newCase(), key)));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const ids = new Set(results.map((r) => json(r).caseId));
    expect(ids.size).toBe(1);
    const [caseId] = [...ids];
    const all = json(await get(h.app, '/v1/cases?limit=100', CASEWORKER)).items.filter((i: { caseId: string }) => i.caseId === caseId);
    expect(all).toHaveLength(1);

    const again = await post(h.app, '/v1/cases', CASEWORKER, newCase(), key);
    expect(json(again).caseId).toBe(caseId);
    expectError(await post(h.app, '/v1/cases', CASEWORKER, newCase({ household: { size: 4, monthlyIncomeFen: 90_000 } }), key), 409, 'idempotency_key_reused');
  });
});

describe('GET /v1/cases/:caseId', () => {
  it('shows a case to its street and county, with the caller’s allowed actions', async () => {
    const c = await createCase();
    const mine = json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER));
    expect(mine).toMatchObject({ caseId: c.caseId, allowedActions: ['record-economic-check', 'request-supplement', 'withdraw', 'refer-to-employment'] });
    expect(mine.history[0]).toMatchObject({ action: 'accept', actor: { sub: 'cw-zhang', role: 'caseworker', org: '420106001' } });
    const supervisorView = json(await get(h.app, `/v1/cases/${c.caseId}`, SUPERVISOR));
    expect(supervisorView.allowedActions).toEqual([]);
  });

  it('404s another street or county (what the caller may not see does not exist for it), and an unknown case', async () => {
    const c = await createCase();
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, OTHER_STREET), 404, 'not_found');
    expectError(await get(h.app, `/v1/cases/${c.caseId}`, SUPERVISOR_JINTANG), 404, 'not_found');
    expectError(await get(h.app, '/v1/cases/case-does-not-exist', CASEWORKER), 404, 'not_found');
  });
});

describe('POST /v1/cases/:caseId/actions', () => {
  it('drives a case to a decision and refuses actions once it is closed', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    const checked = await post(h.app, url, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 45_000, assetsWithinLimits: true });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(json(checked)).toMatchObject({ step: 'home-visit', allowedActions: ['record-home-visit', 'request-supplement', 'withdraw', 'refer-to-employment'] });
    const visited = json(await post(h.app, url, CASEWORKER, { action: 'record-home-visit', findings: '家中无劳动力' }));
    expect(visited.step).toBe('publicity');
    expect(visited.allowedActions).toEqual(['record-objection', 'request-supplement', 'withdraw', 'refer-to-employment']);

    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect(json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER)).step).toBe('decision'));
    // The amount is the household's gap to the standard, not what an approver types: another figure is refused, naming it.
    const typed = expectError(await post(h.app, url, APPROVER, { action: 'decide', decision: 'approve', monthlyAmountFen: 64_000 }), 400, 'amount_mismatch');
    expect(typed.message).toContain('1,650.00 元');
    expect(typed.details).toEqual([{ path: 'monthlyAmountFen', computedFen: 165_000 }]);
    const decided = await post(h.app, url, APPROVER, { action: 'decide', decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided)).toMatchObject({ status: 'approved', step: 'closed', amountFen: 165_000, decision: { monthlyAmountFen: 165_000 }, decidedLate: false, allowedActions: [] });

    expectError(await post(h.app, url, CASEWORKER, { action: 'withdraw', reason: '迟到的撤回' }), 409, 'invalid_transition');

    // Acceptance's reads (our records, the policy, the deadline) came with the start, read by the API at the
    // window: the first task ran one local activity (the case's first write), not two. It took that patch and
    // every other of its generation under one marker (src/workflows/patches.ts), not one marker each.
    const events = (await h.env.client.workflow.getHandle(c.caseId).fetchHistory()).events ?? [];
    const done = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
    const next = events.findIndex((e, i) => i > done && e.workflowTaskScheduledEventAttributes);
    const markers = events.slice(done, next).flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
    expect(markers.filter((m) => m.markerName === 'core_local_activity')).toHaveLength(1);
    const patches = markers.flatMap((m) => (m.markerName === 'core_patch' ? m.details!['patch-data']!.payloads!.map((p) => Buffer.from(p.data!).toString()) : []));
    expect(patches.map((p) => JSON.parse(p).id)).toEqual(['settled-2026-12']);
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(1);
    // dibao-approved-v6 read acceptance's facts in a local activity of the first task (patch one-acceptance-read);
    // -v7 cancelled and started the clock's timer at every step (-v8: kept, patch clock-timer-kept); -v8 has a
    // marker for each of five patches, -v9 one for them all; -v10 was recorded by the API at the window (recordedAtWindow).
    await recordHistory(h, c.caseId, 'dibao-approved-v10');
  });

  it('409s a step out of order, 400s a bad payload, 403s the wrong role or street, 404s an unknown case', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    expectError(await post(h.app, url, CASEWORKER, { action: 'record-home-visit', findings: '太早了' }), 409, 'invalid_transition');
    expectError(await post(h.app, url, CASEWORKER, { action: 'decide', decision: 'approve', monthlyAmountFen: 100 }), 409, 'invalid_transition');
    expect(fieldsOf(expectError(await post(h.app, url, CASEWORKER, { action: 'record-economic-check', assetsWithinLimits: true }), 400, 'validation_failed'))).toEqual([
      'perCapitaIncomeFen',
    ]);
    expect(fieldsOf(expectError(await post(h.app, url, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: -1, assetsWithinLimits: true }), 400, 'validation_failed'))).toEqual([
      'perCapitaIncomeFen',
    ]);
    expect(fieldsOf(expectError(await post(h.app, url, CASEWORKER, { action: 'launch-rocket' }), 400, 'validation_failed'))).toEqual(['action']);
    const extra = expectError(await post(h.app, url, CASEWORKER, { action: 'withdraw', reason: 'x', sneaky: true }), 400, 'validation_failed');
    expect(fieldsOf(extra)).toEqual(['sneaky']);
    expectError(await post(h.app, url, SUPERVISOR, { action: 'withdraw', reason: '越权' }), 403, 'forbidden');
    expectError(await post(h.app, url, AUDITOR, { action: 'withdraw', reason: '越权' }), 403, 'forbidden');
    expectError(await post(h.app, url, OTHER_STREET, { action: 'withdraw', reason: '越权' }), 404, 'not_found');
    expectError(await post(h.app, '/v1/cases/case-nope/actions', CASEWORKER, { action: 'withdraw', reason: 'x' }), 404, 'not_found');
    // Nothing of the refused attempts reached the history.
    expect(json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER)).history).toHaveLength(1);
  });

  it('applies a retried action with the same Idempotency-Key once', async () => {
    const c = await createCase();
    const url = `/v1/cases/${c.caseId}/actions`;
    const key = { 'idempotency-key': 'visit-1' };
    const body = { action: 'request-supplement', items: ['低保申请书'] };
    const [first, second] = await Promise.all([post(h.app, url, CASEWORKER, body, key), post(h.app, url, CASEWORKER, body, key)]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    const history = json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER)).history as Array<{ action: string }>;
    expect(history.filter((e) => e.action === 'request-supplement')).toHaveLength(1);
  });
});

describe('backdated imports and the supervisor’s overdue list', () => {
  it('makes an import accepted long ago overdue at once and lists it for the county’s supervisors only', async () => {
    const acceptedAt = new Date(Date.now() - 60 * DAY).toISOString();
    const res = await post(h.app, '/v1/cases', SYSTEM, newCase({ acceptedAt }));
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({ overdue: true, acceptedAt });
    expect(c.history.map((e: { action: string }) => e.action)).toEqual(['accept', 'overdue']);

    const list = json(await get(h.app, '/v1/cases?overdue=true', SUPERVISOR));
    expect(list.items.map((i: { caseId: string }) => i.caseId)).toContain(c.caseId);
    expect(list.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(json(await get(h.app, '/v1/cases?overdue=true', SUPERVISOR_JINTANG)).items).toEqual([]);
    expectError(await get(h.app, '/v1/cases?orgCode=420106001', SUPERVISOR_JINTANG), 403, 'forbidden');
  });
});

describe('GET /v1/cases', () => {
  it('pages newest first with a cursor, within the caller’s scope', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await createCase({ orgCode: '420106002' }, OTHER_STREET)).caseId as string);
    const page1 = json(await get(h.app, '/v1/cases?limit=2&orgCode=420106002', OTHER_STREET));
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = json(await get(h.app, `/v1/cases?limit=2&orgCode=420106002&cursor=${page1.nextCursor}`, OTHER_STREET));
    const seen = [...page1.items, ...page2.items].map((i: { caseId: string }) => i.caseId);
    expect(seen.slice(0, 3)).toEqual([...created].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    // A caseworker sees only its own street.
    const own = json(await get(h.app, '/v1/cases?limit=100', CASEWORKER)).items as Array<{ orgCode: string }>;
    expect(own.every((i) => i.orgCode === '420106001')).toBe(true);
    expectError(await get(h.app, '/v1/cases?orgCode=420106002', CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, '/v1/cases?cursor=garbage', CASEWORKER), 400, 'validation_failed');
    expect(fieldsOf(expectError(await get(h.app, '/v1/cases?limit=1000', CASEWORKER), 400, 'validation_failed'))).toEqual(['limit']);
    expect(fieldsOf(expectError(await get(h.app, '/v1/cases?dueBefore=2026-13-01', CASEWORKER), 400, 'validation_failed'))).toEqual(['dueBefore']);
    // dueBefore is strict: a case due on that date is not before it.
    const due = json(await get(h.app, `/v1/cases/${created[0]}`, OTHER_STREET)).dueDate as string;
    const dayAfter = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ids = async (q: string) => (json(await get(h.app, `/v1/cases?limit=100&orgCode=420106002&${q}`, OTHER_STREET)).items as Array<{ caseId: string }>).map((i) => i.caseId);
    expect(await ids(`dueBefore=${due}`)).not.toContain(created[0]);
    expect(await ids(`dueBefore=${dayAfter}`)).toContain(created[0]);
  });
});

describe('GET /v1/audit', () => {
  it('gives auditors and supervisors every step in order, with masked IDs', async () => {
    const c = await createCase();
    await post(h.app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, { action: 'withdraw', reason: '申请人已就业' });
    const res = await get(h.app, `/v1/audit?caseId=${c.caseId}`, AUDITOR);
    expect(res.statusCode, res.body).toBe(200);
    const trail = json(res);
    expect(trail.items.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
      [1, 'accept'],
      [2, 'withdraw'],
    ]);
    expect(trail.items[1]).toMatchObject({ actor: { sub: 'cw-zhang', role: 'caseworker', org: '420106001' }, details: { reason: '申请人已就业' } });
    expect(res.body).not.toContain(ID);
    expect((await get(h.app, `/v1/audit?caseId=${c.caseId}`, SUPERVISOR)).statusCode).toBe(200);
  });

  it('403s other roles, 404s another county’s case and an unknown case, 400s a missing caseId', async () => {
    const c = await createCase();
    expectError(await get(h.app, `/v1/audit?caseId=${c.caseId}`, CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, `/v1/audit?caseId=${c.caseId}`, { ...AUDITOR, org: '510121' }), 404, 'not_found');
    expectError(await get(h.app, '/v1/audit?caseId=case-nope', AUDITOR), 404, 'not_found');
    expect(fieldsOf(expectError(await get(h.app, '/v1/audit', AUDITOR), 400, 'validation_failed'))).toEqual(['caseId']);
  });
});

describe('GET /v1/stats/sla', () => {
  it('counts per street and type for a supervisor', async () => {
    const res = await get(h.app, '/v1/stats/sla', SUPERVISOR);
    expect(res.statusCode, res.body).toBe(200);
    const stats = json(res);
    const street = stats.items.find((i: { orgCode: string; type: string }) => i.orgCode === '420106001' && i.type === 'dibao');
    expect(street).toMatchObject({ open: expect.any(Number), decidedOnTime: expect.any(Number), decidedLate: 0 });
    expect(street.open).toBeGreaterThan(0);
    expect(street.overdueNow).toBeGreaterThan(0);
    expectError(await get(h.app, '/v1/stats/sla?orgCode=510121', SUPERVISOR), 403, 'forbidden');
    expectError(await get(h.app, '/v1/stats/sla?from=2026-12-01&to=2026-11-01', SUPERVISOR), 400, 'validation_failed');
  });
});
