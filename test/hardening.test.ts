import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createSigner } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { parseConfig } from '../src/config.js';
import { createActivities } from '../src/activities/index.js';
import { findCase } from '../src/db/cases.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths, monthOf } from '../src/domain/months.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, SUPERVISOR, SYSTEM, WC, YIBAO, approver, cw, member } from './support/actors.js';
import { act, actOk, expectError, expectStatus, fieldsOf, get, json, post, type Json } from './support/api.js';
import { startCase, startTemporaryCase, startWorkflow, temporaryInput, updateCase } from './support/cases.js';
import { TEST_ACCOUNT_KEYS, TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';
import { notificationsOf } from './support/notifications.js';

// The defects a reliability and security run found (issue 8), each held here by a test.

const h = useHarness('hardening');

const NUL = 'a\u0000b';
const LONE = 'x\ud800y';
const dibao = (overrides: Json = {}) => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name: '王五', idNumber: residentId('420106', '19600101', '321') },
  household: { size: 1, monthlyIncomeFen: 30_000 },
  ...overrides,
});

/** A worker that comes late, on a task queue no worker polled before. */
async function workerOn(taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: h.env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: (await import('vitest')).inject('workflowBundlePath') },
    activities: createActivities({ db: h.database.db }),
    dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS),
  });
}

describe('bad input never freezes a case', () => {
  it('400s NUL and unpaired surrogates in free text, naming the field', async () => {
    for (const bad of [NUL, LONE]) {
      expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, dibao({ applicant: { name: bad, idNumber: residentId() } })), 400, 'validation_failed'))).toEqual([
        'applicant.name',
      ]);
      expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, dibao({ household: { size: 1, monthlyIncomeFen: 1, address: bad } })), 400, 'validation_failed'))).toEqual([
        'household.address',
      ]);
    }
    const c = await startCase(h.app, CASEWORKER, dibao());
    const paths = async (body: Json) => fieldsOf(expectError(await act(h.app, CASEWORKER, c.caseId, body), 400, 'validation_failed'));
    expect(await paths({ action: 'record-home-visit', findings: NUL })).toEqual(['findings']);
    expect(await paths({ action: 'withdraw', reason: LONE })).toEqual(['reason']);
    expect(await paths({ action: 'request-supplement', items: ['身份证', NUL] })).toEqual(['items.1']);
    expect(await paths({ action: 'refer-to-employment', receivingOrg: NUL, followUpDate: '2099-01-01' })).toEqual(['receivingOrg']);
    // Nothing of it reached the case.
    expect(json(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER)).history).toHaveLength(1);
  });

  it('400s NUL in path and query parameters and a cursor PostgreSQL cannot read; Fastify’s own errors in the one shape', async () => {
    expect(fieldsOf(expectError(await get(h.app, '/v1/cases/%00', CASEWORKER), 400, 'validation_failed'))).toEqual(['caseId']);
    expect(fieldsOf(expectError(await get(h.app, '/v1/audit?caseId=%00', AUDITOR), 400, 'validation_failed'))).toEqual(['caseId']);
    const farFuture = Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'case-x'])).toString('base64url');
    expectError(await get(h.app, `/v1/cases?cursor=${farFuture}`, SUPERVISOR), 400, 'validation_failed');
    const badUrl = await get(h.app, '/v1/cases/%FF', CASEWORKER);
    expect(badUrl.statusCode).toBe(400);
    expect(json(badUrl).error).toMatchObject({ code: 'validation_failed' });
    const long = await get(h.app, `/v1/cases/${'c'.repeat(101)}`, CASEWORKER);
    expect(long.statusCode).toBe(414);
    expect(json(long).error).toMatchObject({ code: 'validation_failed' });
  });

  it('answers headers too large (431) in the one shape, from Node’s own parser', async () => {
    const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: h.temporal });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = Number(new URL(address).port);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`));
        let data = '';
        socket.on('data', (d) => (data += d.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1.1 431/);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'validation_failed' } });
    } finally {
      await app.close();
    }
  });

  it('writes a case whose text PostgreSQL refuses with it replaced, alerts the supervisors, and still pays the emergency', async () => {
    // A caller that bypasses the API: the workflow is started with a NUL in the name.
    const input = temporaryInput(`${JT}001`, { kind: 'emergency', amountFen: 100_000, reason: `火灾${NUL}` }, { applicant: { name: `赵${NUL}六`, idNumberMasked: '**************1234', idHash: 'h-nul' } });
    const { handle } = await startWorkflow(h.temporal.client, h.taskQueue, 'temporaryWorkflow', input);
    const approved = await updateCase(handle, cw(`${JT}001`), { action: 'approve', amountFen: 100_000 });
    expect(approved).toMatchObject({ status: 'approved', step: 'paperwork' });
    const row = await eventually(async () => {
      const r = await findCase(h.database.db, input.caseId);
      expect(r?.step).toBe('paperwork');
      return r!;
    });
    expect(row.applicantName).toBe('赵a\ufffdb六');
    expect(row.view.temporary!.paidFen).toBe(100_000);
    expect((await notificationsOf(h.database.db, input.caseId, 'read-model-data-error')).length).toBeGreaterThan(0);
  });

  it('400s a system import accepted before the region’s policies were in force', async () => {
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', SYSTEM, dibao({ acceptedAt: '2019-12-31T02:00:00Z' })), 400, 'validation_failed'))).toEqual(['acceptedAt']);
  });

  it('400s amounts above the per-transaction maximum (policy), and a birth date in the future', async () => {
    const street = `${JT}002`;
    const huge = 2 ** 53 - 1;
    expect(fieldsOf(expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: huge }), 400, 'validation_failed'))).toEqual(['amountFen']);
    const request = { kind: 'emergency', amountFen: 100_000_001, reason: '火灾' };
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', cw(street), { ...dibao({ orgCode: street, applicant: { name: '王五', idNumber: residentId(JT, '19600101', '321') } }), type: 'temporary', temporary: request }), 400, 'validation_failed'))).toEqual([
      'temporary.amountFen',
    ]);
    const c = await startTemporaryCase(h.app, street, { kind: 'expense', amountFen: 100_000, reason: '医疗' });
    await actOk(h.app, cw(street), c.caseId, { action: 'forward-to-county' });
    expect(fieldsOf(expectError(await act(h.app, approver(JT), c.caseId, { action: 'approve', amountFen: 100_000_001 }), 400, 'validation_failed'))).toEqual(['amountFen']);
    const unborn = residentId('420106', '20991231', '111');
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', CASEWORKER, dibao({ applicant: { name: '未生', idNumber: unborn } })), 400, 'validation_failed'))).toEqual([
      'applicant.idNumber',
    ]);
  });

  it('takes 一证两书 on POST /v1/cases (both true) and records them on the case', async () => {
    const c = await startCase(h.app, SYSTEM, dibao({ commitments: { economicCheckAuthorized: true, truthfulnessPledged: true } }));
    expect(c.commitments).toEqual({ economicCheckAuthorized: true, truthfulnessPledged: true });
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', SYSTEM, dibao({ commitments: { economicCheckAuthorized: false, truthfulnessPledged: true } })), 400, 'validation_failed'))).toEqual([
      'commitments.economicCheckAuthorized',
    ]);
  });
});

describe('concurrency', () => {
  it('gives one committee member exactly one 201 for two different ballots sent at once', async () => {
    const street = `${JT}003`;
    const c = await startTemporaryCase(h.app, street, { kind: 'emergency', amountFen: 300_000, reason: '重病' });
    const escalated = await actOk(h.app, cw(street), c.caseId, { action: 'escalate', reason: '超出常规', proposedAmountFen: 800_000 });
    const url = `/v1/deliberations/${escalated.temporary.deliberationId}/votes`;
    const votes = await Promise.all([
      post(h.app, url, member(JT, 1), { vote: 'approve', amountFen: 800_000, reason: '同意' }),
      post(h.app, url, member(JT, 1), { vote: 'reject', reason: '不同意' }),
    ]);
    expect(votes.map((v) => v.statusCode).sort()).toEqual([201, 409]);
    const d = json(await get(h.app, `/v1/deliberations/${escalated.temporary.deliberationId}`, member(JT, 1)));
    expect(d.votes).toHaveLength(1);
  });

  it('409s an action’s Idempotency-Key reused with another body, and answers the same body once', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao({ applicant: { name: '钱七', idNumber: residentId('420106', '19580101', '654') } }));
    const key = { 'idempotency-key': `check-${randomUUID()}` };
    const body = { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true };
    const first = await post(h.app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, body, key);
    const again = await post(h.app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, body, key);
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(json(again).history).toHaveLength(2);
    expectError(await post(h.app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, { ...body, perCapitaIncomeFen: 1 }, key), 409, 'idempotency_key_reused');
  });
});

describe('failing fast, and recovering', () => {
  it('records a 低保 case accepted while no worker runs: the caller reads it at once, its steps wait for a worker (503), and the workflow then accepts the same case and confirms the record', async () => {
    const taskQueue = `tq-late-${randomUUID()}`;
    const temporal = { client: h.temporal.client, taskQueue, callTimeoutMs: 1_000, close: async () => {} };
    const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal });
    try {
      const key = { 'idempotency-key': `late-${randomUUID()}` };
      const body = dibao({ applicant: { name: '孙八', idNumber: residentId('420106', '19550505', '777') } });
      const started = await post(app, '/v1/cases', CASEWORKER, body, key);
      expect(started.statusCode, started.body).toBe(201);
      const c = json(started);
      expect(c).toMatchObject({ status: 'open', step: 'economic-check', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), caseNumber: expect.any(String), version: 1 });
      expect(json(await get(app, `/v1/cases/${c.caseId}`, CASEWORKER))).toMatchObject({ caseId: c.caseId, dueDate: c.dueDate, caseNumber: c.caseNumber, history: [{ action: 'accept' }] });
      // The same key again is the same case as recorded, not a second reckoning of it.
      expect(json(await post(app, '/v1/cases', CASEWORKER, body, key))).toMatchObject({ caseId: c.caseId, acceptedAt: c.acceptedAt, dueDate: c.dueDate, version: 1 });
      // A step is the workflow's: with no worker it cannot be taken in time, and says so.
      const step = { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true };
      const stepKey = { 'idempotency-key': `late-step-${randomUUID()}` };
      expectError(await post(app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, step, stepKey), 503, 'unavailable');
      const worker = await workerOn(taskQueue);
      await worker.runUntil(async () => {
        // Retried with its key as a client told 503 would: one step, however often it is sent.
        const done = await eventually(async () => {
          const res = await post(app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, step, stepKey);
          expect(res.statusCode, res.body).toBe(200);
          return json(res);
        }, 30_000);
        expect(done).toMatchObject({ step: 'home-visit', dueDate: c.dueDate, acceptedAt: c.acceptedAt, version: 2 });
        // The workflow accepted the very case the API recorded: its first write found it and added nothing.
        const trail = json(await get(app, `/v1/audit?caseId=${c.caseId}`, AUDITOR));
        expect(trail.items.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
          [1, 'accept'],
          [2, 'record-economic-check'],
        ]);
        expect(done.history[0]).toEqual(c.history[0]);
      });
    } finally {
      await app.close();
    }
  });

  it('takes a step sent before the worker ran the case’s first task: the step comes with the start, and the workflow takes it once it has accepted the case, not as busy', async () => {
    const taskQueue = `tq-behind-${randomUUID()}`;
    const temporal = { client: h.temporal.client, taskQueue, callTimeoutMs: 30_000, close: async () => {} };
    const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal });
    try {
      const c = json(await post(app, '/v1/cases', CASEWORKER, dibao({ applicant: { name: '周九', idNumber: residentId('420106', '19560606', '666') } })));
      // The worker is behind: the step waits on Temporal, and reaches the workflow in its first task.
      const stepped = post(app, `/v1/cases/${c.caseId}/actions`, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(((await h.temporal.client.workflow.getHandle(c.caseId).fetchHistory()).events ?? []).some((e) => e.workflowTaskCompletedEventAttributes)).toBe(false);
      const worker = await workerOn(taskQueue);
      const res = await worker.runUntil(stepped);
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res)).toMatchObject({ step: 'home-visit', version: 2 });
      // Accepted in the workflow's first task, with the start.
      const events = (await h.temporal.client.workflow.getHandle(c.caseId).fetchHistory()).events ?? [];
      const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(events.slice(0, accepted).filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
      const trail = json(await get(app, `/v1/audit?caseId=${c.caseId}`, AUDITOR));
      expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['accept', 'record-economic-check']);
      expect((await findCase(h.database.db, c.caseId))!.view).toMatchObject({ version: 2, step: 'home-visit' });
      await recordHistory(h, c.caseId, 'dibao-step-with-start');
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After when Temporal does not answer a payroll start in time, and the same county and month later is the one payroll', async () => {
    // A Temporal address that takes connections and never answers: the start can only run out of its deadline.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const connection = Connection.lazy({ address: `127.0.0.1:${(silent.address() as net.AddressInfo).port}`, connectTimeout: 500 });
    const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
    const app = await buildApp({
      config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
      db: h.database.db,
      temporal: { client, taskQueue: h.taskQueue, callTimeoutMs: 500, close: async () => {} },
    });
    // Next month: the latest a payroll may be for (this month's is the next test's).
    const month = addMonths(monthOf(shanghaiDate(Date.now())), 1);
    try {
      const started = Date.now();
      const late = await post(app, '/v1/payrolls', APPROVER, { countyCode: WC, month });
      expectError(late, 503, 'unavailable');
      expect(late.headers['retry-after']).toBe('5');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await app.close();
      await connection.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
    // Temporal answering again: the same county and month starts the payroll, and once more is the same one.
    const payroll = expectStatus(await post(h.app, '/v1/payrolls', APPROVER, { countyCode: WC, month }), 201);
    expect(expectStatus(await post(h.app, '/v1/payrolls', APPROVER, { countyCode: WC, month }), 201).payrollId).toBe(payroll.payrollId);
    await eventually(async () => expect(json(await get(h.app, `/v1/payrolls/${payroll.payrollId}`, APPROVER)).status).toBe('prepared'));
  });

  it('starts without Temporal, serves reads from PostgreSQL, reports not ready, and 503s writes', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
    const app = await buildApp({
      config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
      db: h.database.db,
      temporal: { client, taskQueue: 'tq-none', callTimeoutMs: 500, close: async () => {} },
    });
    try {
      expect((await get(app, '/v1/cases', SUPERVISOR)).statusCode).toBe(200);
      const ready = await get(app, '/readyz', null);
      expect(ready.statusCode).toBe(503);
      expect(json(ready)).toMatchObject({ status: 'not ready', postgres: 'ok', temporal: 'unreachable' });
      expectError(await post(app, '/v1/cases', CASEWORKER, dibao()), 503, 'unavailable');
      const payroll = await post(app, '/v1/payrolls', APPROVER, { countyCode: WC, month: monthOf(shanghaiDate(Date.now())) });
      expectError(payroll, 503, 'unavailable');
      expect(payroll.headers['retry-after']).toBe('5');
    } finally {
      await app.close();
    }
  });
});

describe('personal data stays sealed', () => {
  it('keeps histories encrypted, and opens them in the codec endpoint only for auditors and supervisors', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao({ applicant: { name: '周九秘密', idNumber: residentId('420106', '19660606', '606') } }));
    const raw = JSON.stringify(await h.env.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: c.caseId } }));
    expect(raw).not.toContain(Buffer.from('周九秘密').toString('base64'));
    const history = await h.temporal.client.workflow.getHandle(c.caseId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const wire = { payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(input.data!).toString('base64') }] };
    const decoded = await post(h.app, '/v1/codec/decode', AUDITOR, wire);
    expect(decoded.statusCode).toBe(200);
    expect(Buffer.from(json(decoded).payloads[0].data, 'base64').toString()).toContain('周九秘密');
    expectError(await post(h.app, '/v1/codec/decode', CASEWORKER, wire), 403, 'forbidden');
    expectError(await post(h.app, '/v1/codec/decode', null, wire), 401, 'unauthorized');
  });

  it('requires separate keys outside development', () => {
    const base = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-0123' };
    expect(() => parseConfig(base)).toThrow(/PII_HASH_KEY: required outside development[\s\S]*PAYLOAD_KEYS: required[\s\S]*ACCOUNT_KEYS: required/);
    const keys = { PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, ACCOUNT_KEYS: TEST_ACCOUNT_KEYS };
    expect(() => parseConfig({ ...base, PII_HASH_KEY: base.JWT_SECRET, ...keys })).toThrow(/PII_HASH_KEY: must differ/);
    expect(parseConfig({ ...base, PII_HASH_KEY: 'another-key-0123456789', ...keys }).piiHashKey).toBe('another-key-0123456789');
  });

  it('logs requests without query values (a token sent as ?token= is not kept)', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: h.temporal, logger: { level: 'info', stream } });
    try {
      await app.inject({ method: 'GET', url: '/v1/cases?token=SECRET-TOKEN-VALUE&orgCode=420106' });
      expect(lines.join('')).toContain('/v1/cases?token=…');
      expect(lines.join('')).not.toContain('SECRET-TOKEN-VALUE');
    } finally {
      await app.close();
    }
  });

  it('refuses tokens without an expiry, living past the cap, or issued in the future', async () => {
    const sign = createSigner({ key: TEST_JWT_SECRET, algorithm: 'HS256' });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'cw-x', role: 'caseworker', org: '420106001' };
    for (const token of [sign(claims), sign({ ...claims, iat: now, exp: now + 30 * 24 * 3600 }), sign({ ...claims, iat: now + 3600, exp: now + 7200 })]) {
      expectError(await h.app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: `Bearer ${token}` } }), 401, 'unauthorized');
    }
    expect((await h.app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: `Bearer ${sign({ ...claims, iat: now, exp: now + 3600 })}` } })).statusCode).toBe(200);
  });
});

describe('access inside a county', () => {
  it('keeps each department’s inbox to itself', async () => {
    const street = '420106005';
    const c = await startTemporaryCase(h.app, street, { kind: 'expense', amountFen: 900_000, reason: '医疗' });
    await actOk(h.app, cw(street), c.caseId, { action: 'forward-to-county' });
    const inbox = async (who: Json) => (json(await get(h.app, '/v1/notifications', who as never)).items as Json[]).filter((n) => n.caseId === c.caseId);
    expect(await inbox(APPROVER)).toHaveLength(1);
    expect(await inbox(YIBAO)).toHaveLength(0);
    const id = (await inbox(APPROVER))[0]!.id;
    expectError(await post(h.app, `/v1/notifications/${id}/read`, YIBAO, {}), 404, 'not_found');
  });

  it('shows civil-affairs resources to civil affairs only, and another county’s dishonesty entry as “listed elsewhere”', async () => {
    expectError(await get(h.app, '/v1/reserve-funds/420106001', YIBAO), 403, 'forbidden');
    expectError(await get(h.app, '/v1/filings', YIBAO), 403, 'forbidden');
    expectError(await post(h.app, '/v1/dishonesty-list/lookups', YIBAO, { idNumber: residentId() }), 403, 'forbidden');

    // Listed in 金堂县 after a false commitment.
    const liar = residentId('510121', '19700707', '707');
    const street = `${JT}004`;
    const c = await startCase(h.app, cw(street), { ...dibao({ orgCode: street, applicant: { name: '吴十', idNumber: liar } }), pledgedInsteadOfProof: ['收入证明'] });
    await actOk(h.app, cw(street), c.caseId, { action: 'record-verification', truthful: false, findings: '隐瞒经营收入' });
    const home = json(await post(h.app, '/v1/dishonesty-list/lookups', approver(JT), { idNumber: liar }));
    expect(home.entries[0]).toMatchObject({ elsewhere: false, sourceCaseId: c.caseId, reason: expect.stringContaining('隐瞒经营收入') });
    const away = json(await post(h.app, '/v1/dishonesty-list/lookups', APPROVER, { idNumber: liar }));
    expect(away).toMatchObject({ listedNow: true });
    expect(away.entries[0]).toMatchObject({ elsewhere: true, reason: null, sourceCaseId: null, startDate: null, active: true });
    expect(away.entries[0].expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
