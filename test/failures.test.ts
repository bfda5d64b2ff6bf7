import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { buildApp, type AppDeps } from '../src/api/app.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { EncryptionCodec, parsePayloadKeys } from '../src/temporal/codec.js';
import { dataConverterFor, type Temporal } from '../src/temporal/client.js';
import { devServerLongPollArgs } from '../src/temporal/long-poll.js';
import { createWorker } from '../src/worker-setup.js';
import { APPROVER, AUDITOR, CASEWORKER, SUPERVISOR } from './support/actors.js';
import { expectError, fieldsOf, get, json, post, type Json } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, bearer, eventually, residentId, useHarness } from './support/harness.js';

// Issue 19: every dependency failure a retry can cure is 503 with Retry-After (never 500), with what
// failed in the log; every wait is bounded by one deadline per request; PostgreSQL that goes away and
// comes back is served again; readiness follows the task queue's pollers; the codec endpoint answers
// a payload it cannot open with a 400.

const h = useHarness('failures');

const dibao = (name: string) => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name, idNumber: residentId('420106', '19610101', String(100 + Math.floor(Math.random() * 899))) },
  household: { size: 1, monthlyIncomeFen: 30_000 },
});

/** A log the test can read: every line the app writes. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { logger: { level: 'warn', stream }, lines, text: () => lines.join('') };
}

async function withApp<T>(deps: Partial<AppDeps> & Pick<AppDeps, 'db' | 'temporal'>, use: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, payloadKeys: TEST_PAYLOAD_KEYS, ...deps.config }, ...deps });
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

/** 503 `unavailable` with a Retry-After a client can act on. */
function expectRetryable(res: LightMyRequestResponse): void {
  expectError(res, 503, 'unavailable');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('Temporal failures a retry can cure are 503 with Retry-After, each logged by its gRPC status', () => {
  /** Every call on this connection ends with `code` before it leaves the process, as a failing server would answer it. */
  const failingWith =
    (code: grpc.status): grpc.Interceptor =>
    (options, nextCall) =>
      new grpc.InterceptingCall(nextCall(options), {
        start: (_metadata, listener) => listener.onReceiveStatus({ code, details: `injected ${grpc.status[code]}`, metadata: new grpc.Metadata() }),
        sendMessage: () => undefined,
        halfClose: () => undefined,
      });

  const temporalFailing = (code: grpc.status): { temporal: Temporal; connection: Connection } => {
    const connection = Connection.lazy({ address: h.env.address, interceptors: [failingWith(code)] });
    const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
    return { connection, temporal: { client, taskQueue: h.taskQueue, callTimeoutMs: 5_000, close: async () => {} } };
  };

  it.each([
    grpc.status.UNAVAILABLE,
    grpc.status.DEADLINE_EXCEEDED,
    grpc.status.RESOURCE_EXHAUSTED,
    grpc.status.ABORTED,
    grpc.status.INTERNAL,
    grpc.status.CANCELLED,
  ])('gRPC status %i: a case start answers 503 with Retry-After, the log names the status and no person', async (code) => {
    const { temporal, connection } = temporalFailing(code);
    const log = capturedLog();
    try {
      await withApp({ db: h.database.db, temporal, logger: log.logger }, async (app) => {
        expectRetryable(await post(app, '/v1/cases', CASEWORKER, dibao('邓秘密')));
      });
    } finally {
      await connection.close();
    }
    expect(log.text()).toContain(`"dependency":"temporal","code":"${grpc.status[code]}"`);
    expect(log.text()).not.toContain('邓秘密');
  });

  it('a Temporal address that resets every connection is 503 with Retry-After', async () => {
    const resetting = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((res) => resetting.listen(0, '127.0.0.1', res));
    // Without the SDK's retrying interceptor: a retry it scheduled would fire after the test closed the connection.
    const connection = Connection.lazy({ address: `127.0.0.1:${(resetting.address() as net.AddressInfo).port}`, connectTimeout: 500, interceptors: [] });
    const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
    try {
      await withApp({ db: h.database.db, temporal: { client, taskQueue: h.taskQueue, callTimeoutMs: 1_000, close: async () => {} } }, async (app) =>
        expectRetryable(await post(app, '/v1/cases', CASEWORKER, dibao('邓某'))),
      );
    } finally {
      await connection.close();
      resetting.close();
    }
  });

  it('a real fault of the call (INVALID_ARGUMENT) stays 500 internal, without Retry-After', async () => {
    const { temporal, connection } = temporalFailing(grpc.status.INVALID_ARGUMENT);
    try {
      await withApp({ db: h.database.db, temporal }, async (app) => {
        const res = await post(app, '/v1/cases', CASEWORKER, dibao('邓某'));
        expectError(res, 500, 'internal');
        expect(res.headers['retry-after']).toBeUndefined();
      });
    } finally {
      await connection.close();
    }
  });
});

// ---- PostgreSQL --------------------------------------------------------------------------------------

/**
 * A TCP proxy to the test PostgreSQL that the test cuts (connections reset, new ones refused), turns
 * into a black hole (connections taken, nothing forwarded) and restores.
 */
async function pgProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let mode: 'open' | 'blackhole' = 'open';
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'blackhole') return;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  const listen = () => new Promise<void>((res) => server.listen(port, '127.0.0.1', res));
  let port = 0;
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  port = (server.address() as net.AddressInfo).port;
  const dropAll = () => sockets.forEach((s) => s.destroy());
  return {
    url: (db: URL) => Object.assign(new URL(db), { host: `127.0.0.1:${port}` }).toString(),
    /** Every connection reset, and nothing listens: connects are refused. */
    cut: async () => {
      await new Promise<void>((res) => {
        server.close(() => res());
        dropAll();
      });
    },
    /** Connections are taken and never answered. */
    blackhole: () => {
      mode = 'blackhole';
      dropAll();
    },
    restore: async () => {
      mode = 'open';
      if (!server.listening) await listen();
    },
    close: async () => {
      dropAll();
      await new Promise<void>((res) => (server.listening ? server.close(() => res()) : res()));
    },
  };
}

describe('PostgreSQL waits are bounded, and each failure is 503 with Retry-After', () => {
  const dbUrl = () => {
    const o = h.database.sql.options;
    return new URL(`postgres://${o.user}@${o.host[0]}:${o.port[0]}/${o.database}`);
  };

  it('answers 503 while the database is cut off or silent, and 200 again once it is back', async () => {
    const proxy = await pgProxy(dbUrl());
    const pool: Database = createDatabase(proxy.url(dbUrl()), { max: 3, connectTimeoutMs: 300, statementTimeoutMs: 2_000 });
    const log = capturedLog();
    try {
      await withApp({ db: pool.db, temporal: h.temporal, logger: log.logger }, async (app) => {
        expect((await get(app, '/v1/cases', SUPERVISOR)).statusCode).toBe(200);

        // Cut: every answer 503 (the first may still meet a connection the proxy just dropped), then connects refused.
        await proxy.cut();
        await eventually(async () => {
          expectRetryable(await get(app, '/v1/cases', SUPERVISOR));
          expect(log.text()).toContain('"dependency":"postgres","code":"ECONNREFUSED"');
        });
        const ready = await get(app, '/readyz', null);
        expect([ready.statusCode, json(ready).postgres]).toEqual([503, 'unreachable']);
        await proxy.restore();
        const restored = Date.now();
        await eventually(async () => expect((await get(app, '/v1/cases', SUPERVISOR)).statusCode).toBe(200));
        expect(json(await get(app, '/readyz', null)).postgres).toBe('ok');
        // A figure for the operator, not an assertion: how long after the database came back the API served again.
        console.log(`failures: served again ${Date.now() - restored} ms after PostgreSQL came back`);

        // Connections taken and never answered: the connect timeout ends the wait (the first request
        // may still meet the connection the proxy just dropped).
        proxy.blackhole();
        await eventually(async () => {
          expectRetryable(await get(app, '/v1/cases', SUPERVISOR));
          expect(log.text()).toContain('"dependency":"postgres","code":"CONNECT_TIMEOUT"');
        });
        await proxy.restore();
        await eventually(async () => expect((await get(app, '/v1/cases', SUPERVISOR)).statusCode).toBe(200));
      });
    } finally {
      await pool.close();
      await proxy.close();
    }
  });

  /** Holds an exclusive lock on the cases table until released: every read of it waits. */
  async function lockCases() {
    const admin = postgres(dbUrl().toString(), { max: 1, onnotice: () => {} });
    const holder = postgres(dbUrl().toString(), { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const tx = holder.begin(async (sql) => {
      await sql`lock table cases in access exclusive mode`;
      locked();
      await released;
    });
    await isLocked;
    let done = false;
    return {
      admin,
      release: async () => {
        if (done) return;
        done = true;
        release();
        await tx;
        await holder.end();
        await admin.end();
      },
    };
  }

  it('a statement past its timeout (57014) and a connection the server ends (57P01) are 503; too many connections (53300) too', async () => {
    const log = capturedLog();
    const lock = await lockCases();
    const timed = createDatabase(dbUrl().toString(), { max: 1, statementTimeoutMs: 200 });
    const untimed = createDatabase(dbUrl().toString(), { max: 1 });
    try {
      await withApp({ db: timed.db, temporal: h.temporal, logger: log.logger }, async (app) => expectRetryable(await get(app, '/v1/cases', SUPERVISOR)));
      await withApp({ db: untimed.db, temporal: h.temporal, logger: log.logger, config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, requestDeadlineMs: 60_000 } }, async (app) => {
        const waiting = get(app, '/v1/cases', SUPERVISOR);
        // The waiting backend is ended by the administrator, as a restart or a failover would.
        await eventually(async () => {
          const [row] = await lock.admin<{ n: number }[]>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike '%cases%'`;
          expect(row!.n).toBeGreaterThan(0);
        });
        expectRetryable(await waiting);
      });
    } finally {
      await lock.release();
      await timed.close();
      await untimed.close();
    }

    const role = `jiuzhu_none_${randomUUID().slice(0, 8)}`;
    await h.database.sql.unsafe(`create role ${role} login connection limit 0`);
    const refused = createDatabase(Object.assign(dbUrl(), { username: role }).toString(), { max: 1 });
    try {
      await withApp({ db: refused.db, temporal: h.temporal, logger: log.logger }, async (app) => expectRetryable(await get(app, '/v1/cases', SUPERVISOR)));
    } finally {
      await refused.close();
      await h.database.sql.unsafe(`drop role ${role}`);
    }
    for (const code of ['57014', '53300']) expect(log.text()).toContain(`"dependency":"postgres","code":"${code}"`);
    // A backend ended under a running query: postgres.js keeps the server's 57P01 until a ReadyForQuery
    // that never comes, and reports the connection closed (or reset, as the socket ends first).
    expect(log.text()).toMatch(/"dependency":"postgres","code":"(57P01|CONNECTION_CLOSED|ECONNRESET)"/);
  });

  it('one deadline per request: a read waiting on a lock and a start waiting for its registration (临时救助: its workflow accepts it) both answer 503 at the request deadline', async () => {
    const lock = await lockCases();
    const untimed = createDatabase(dbUrl().toString(), { max: 2 });
    // Each Temporal call alone may take a minute (longer than this test may run): only the request's deadline can end these.
    const noWorker = { client: h.temporal.client, taskQueue: `tq-none-${randomUUID()}`, callTimeoutMs: 60_000, close: async () => {} };
    const log = capturedLog();
    try {
      await withApp({ db: untimed.db, temporal: noWorker, logger: log.logger, config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, requestDeadlineMs: 1_000 } }, async (app) => {
        expectRetryable(await get(app, '/v1/cases', SUPERVISOR));
        await lock.release();
        expectRetryable(await post(app, '/v1/cases', CASEWORKER, { ...dibao('程某'), type: 'temporary', temporary: { kind: 'emergency', amountFen: 100_000, reason: '火灾' } }));
      });
    } finally {
      await lock.release();
      await untimed.close();
    }
    expect(log.text()).toContain('"dependency":"deadline"');
  });
});

// ---- readiness ----------------------------------------------------------------------------------------

describe('readiness follows the task queue’s pollers as Temporal reports them', () => {
  it('is ready while a worker polls (idle longer than the window), and not ready once the only worker stops', async () => {
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: resolve('.tools/venv/bin/temporal') }, extraArgs: devServerLongPollArgs },
      client: { dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) },
    });
    const taskQueue = `tq-ready-${randomUUID()}`;
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      db: h.database.db,
      payloadKeys: TEST_PAYLOAD_KEYS,
      workflowBundlePath: inject('workflowBundlePath'),
    });
    const running = worker.run();
    const temporal = { client: env.client, taskQueue, callTimeoutMs: 5_000, close: async () => {} };
    const windowMs = 10_000;
    try {
      await withApp({ db: h.database.db, temporal, config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, readinessPollerWindowMs: windowMs } }, async (app) => {
        const readiness = async () => {
          const res = await get(app, '/readyz', null);
          return { http: res.statusCode, ...json(res) } as Json;
        };
        await eventually(async () => expect(await readiness()).toMatchObject({ http: 200, worker: 'polling', temporal: 'ok', postgres: 'ok' }), 60_000);
        // An idle worker is never taken for dead across more than one window (its polls end and begin
        // again). (A loaded machine may let one check run out of its budget: that says nothing of the worker.)
        const idleUntil = Date.now() + windowMs + 3_000;
        while (Date.now() < idleUntil) {
          expect((await readiness()).worker).not.toBe('none');
          await new Promise((r) => setTimeout(r, 1_000));
        }
        worker.shutdown();
        await running;
        await eventually(async () => expect(await readiness()).toMatchObject({ http: 503, status: 'not ready', worker: 'none', temporal: 'ok' }), 60_000);
      });
    } finally {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await env.teardown();
    }
  }, 180_000);
});

// ---- the codec endpoint ---------------------------------------------------------------------------------

describe('the codec endpoint answers what it cannot open with a 400', () => {
  const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
  const wire = (p: { metadata?: Record<string, Uint8Array | null | undefined> | null; data?: Uint8Array | null }) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v ?? new Uint8Array())])),
    data: b64(p.data ?? new Uint8Array()),
  });
  const sealed = async (keys = TEST_PAYLOAD_KEYS) => (await new EncryptionCodec(parsePayloadKeys(keys)).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"秘密"') }]))[0]!;
  const decode = (payloads: unknown[]) => post(h.app, '/v1/codec/decode', AUDITOR, { payloads });

  it('400s an unknown or rotated-out key, a missing key id, tampered and short data, each at its index', async () => {
    const good = wire(await sealed());
    const rotatedOut = wire(await sealed(`old:${randomBytes(32).toString('base64')}`));
    const noKeyId = { ...good, metadata: { encoding: good.metadata.encoding! } };
    const bytes = Buffer.from(good.data, 'base64');
    bytes[20] = bytes[20]! ^ 0xff;
    const tampered = { ...good, data: bytes.toString('base64') };
    const short = { ...good, data: b64('short') };
    const err = expectError(await decode([good, rotatedOut, noKeyId, tampered, short]), 400, 'validation_failed');
    expect(fieldsOf(err)).toEqual(['payloads.1', 'payloads.2', 'payloads.3', 'payloads.4']);
    for (const d of err.details as Array<{ message: string }>) expect(d.message).toMatch(/^无法解密/);
    // The readable one alone still opens.
    expect(Buffer.from(json(await decode([good])).payloads[0].data, 'base64').toString()).toBe('"秘密"');
  });

  it('400s unknown fields in the body and in a payload', async () => {
    expect(fieldsOf(expectError(await post(h.app, '/v1/codec/decode', AUDITOR, { payloads: [], extra: 1 }), 400, 'validation_failed'))).toEqual(['extra']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/codec/encode', AUDITOR, { payloads: [{ data: '', other: 'x' }] }), 400, 'validation_failed'))).toEqual(['payloads.0.other']);
  });

  it('answers a malformed CORS preflight in the error shape, and a proper one from the UI origin', async () => {
    const preflight = (headers: Record<string, string>) => h.app.inject({ method: 'OPTIONS', url: '/v1/codec/decode', headers });
    expect(fieldsOf(expectError(await preflight({}), 400, 'validation_failed'))).toEqual(['headers.origin', 'headers.access-control-request-method']);
    expect(fieldsOf(expectError(await preflight({ origin: 'http://localhost:8233' }), 400, 'validation_failed'))).toEqual(['headers.access-control-request-method']);
    const ok = await preflight({ origin: 'http://localhost:8233', 'access-control-request-method': 'POST' });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:8233');
  });
});

describe('a step that takes no body', () => {
  it('400s a payroll release sent with a body, naming the field', async () => {
    expect(fieldsOf(expectError(await post(h.app, '/v1/payrolls/payroll-x/release', APPROVER, { force: true }), 400, 'validation_failed'))).toEqual(['force']);
    expect(fieldsOf(expectError(await post(h.app, '/v1/payrolls/payroll-x/release', APPROVER, [1]), 400, 'validation_failed'))).toEqual(['body']);
    expectError(await post(h.app, '/v1/payrolls/payroll-x/release', APPROVER, {}), 404, 'not_found');
    // Without one, the release goes on to find the payroll.
    expectError(await h.app.inject({ method: 'POST', url: '/v1/payrolls/payroll-x/release', headers: bearer(APPROVER) }), 404, 'not_found');
  });
});
