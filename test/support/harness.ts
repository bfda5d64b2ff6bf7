import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Logger, type Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createSigner } from 'fast-jwt';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createDatabase, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import type { Actor } from '../../src/domain/roles.js';
import { residentIdCheckChar } from '../../src/domain/resident-id.js';
import { dataConverterFor, type Temporal } from '../../src/temporal/client.js';
import { createWorkerMetrics, type WorkerMetrics } from '../../src/activities/metrics.js';
import { createWorker } from '../../src/worker-setup.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough';
export const TEST_PII_HASH_KEY = 'test-pii-hash-key-0123456789';
/** Tests encrypt Temporal payloads as production does (src/temporal/codec.ts). */
export const TEST_PAYLOAD_KEYS = `test:${Buffer.from('test-payload-key-32-bytes-long!!').toString('base64')}`;
/** Payees' bank accounts, under keys of their own (src/api/bank-accounts.ts). */
export const TEST_ACCOUNT_KEYS = `acct:${Buffer.from('test-account-key-32-bytes-long!!').toString('base64')}`;
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let runtimeInstalled = false;

/** A fresh database of its own for one test file, migrated. */
export async function freshDatabase(name: string): Promise<{ url: string; database: Database }> {
  // The pid keeps two runs of the same file (two terminals, or CI beside a developer) apart.
  const dbName = `jiuzhu_test_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${dbName}`;
  await migrateDatabase(url.toString());
  const database = createDatabase(url.toString(), { max: 5 });
  return {
    url: url.toString(),
    database: {
      ...database,
      // Dropped on close: test databases do not pile up.
      async close() {
        await database.close();
        const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
        await admin.end();
      },
    },
  };
}

export interface Harness {
  env: TestWorkflowEnvironment;
  database: Database;
  taskQueue: string;
  temporal: Temporal;
  worker: Worker;
  /** The worker's counters, as its /metrics would serve them. */
  workerMetrics: WorkerMetrics;
  close(): Promise<void>;
}

/** The SDK's log level for this process (once, before any worker): test output shows failures, not chatter. */
export function installRuntime(level: 'WARN' | 'ERROR' = 'WARN', logger: Logger = new DefaultLogger(level)): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger, telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
  runtimeInstalled = true;
}

/** A time-skipping Temporal test server of its own, from the binary global-setup checked. */
export function startTestServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
    client: { dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) },
  });
}

/** Real PostgreSQL and a real (time-skipping) Temporal server with a worker running our workflows. */
export async function startHarness(name: string): Promise<Harness> {
  installRuntime();
  const { database } = await freshDatabase(name);
  const env = await startTestServer();
  const taskQueue = `tq-${name}-${randomUUID()}`;
  const workerMetrics = createWorkerMetrics();
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    db: database.db,
    payloadKeys: TEST_PAYLOAD_KEYS,
    workflowBundlePath: inject('workflowBundlePath'),
    metrics: workerMetrics,
  });
  const running = worker.run();
  return {
    env,
    database,
    taskQueue,
    temporal: { client: env.client, taskQueue, callTimeoutMs: 30_000, close: async () => {} },
    worker,
    workerMetrics,
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.close();
    },
  };
}

export async function buildTestApp(h: Pick<Harness, 'database' | 'temporal' | 'env'>) {
  return buildApp({
    config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, payloadKeys: TEST_PAYLOAD_KEYS, accountKeys: TEST_ACCOUNT_KEYS },
    db: h.database.db,
    temporal: h.temporal,
    // The window accepts a case when the workflows' clock says, which the tests skip ahead.
    now: () => h.env.currentTimeMs(),
  });
}

/** A test file's harness: `useHarness` closes it, so a file has no `close` to call. */
export interface TestHarness extends Omit<Harness, 'close'> {
  /** The API built on this harness. */
  readonly app: FastifyInstance;
}

function notReady(what: string): never {
  throw new Error(`${what} is not started yet: use it inside a test or a hook, not while the file is being collected`);
}

/**
 * One line of set-up for a test file: starts a harness (and, unless `{ app: false }`, the API on it)
 * in `beforeAll` and closes both in `afterAll`. Its properties are read inside tests and hooks; read
 * any earlier, they throw rather than hand back undefined.
 */
export function useHarness(name: string, options: { app?: boolean } = {}): TestHarness {
  const withApp = options.app ?? true;
  let harness: Harness | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    harness = await startHarness(name);
    if (withApp) app = await buildTestApp(harness);
  });
  afterAll(async () => {
    await app?.close();
    await harness?.close();
  });
  const started = () => harness ?? notReady(`useHarness('${name}')`);
  return {
    get env() {
      return started().env;
    },
    get database() {
      return started().database;
    },
    get taskQueue() {
      return started().taskQueue;
    },
    get temporal() {
      return started().temporal;
    },
    get worker() {
      return started().worker;
    },
    get workerMetrics() {
      return started().workerMetrics;
    },
    get app() {
      if (!withApp) throw new Error(`useHarness('${name}', { app: false }) builds no API`);
      return app ?? notReady(`useHarness('${name}').app`);
    },
  };
}

/** `useHarness` for a file that needs only its own database (no Temporal): dropped after the file's tests. */
export function useDatabase(name: string): Pick<Database, 'db' | 'sql'> {
  let database: Database | undefined;
  beforeAll(async () => {
    ({ database } = await freshDatabase(name));
  });
  afterAll(async () => {
    await database?.close();
  });
  const open = () => database ?? notReady(`useDatabase('${name}')`);
  return {
    get db() {
      return open().db;
    },
    get sql() {
      return open().sql;
    },
  };
}

const sign = createSigner({ key: TEST_JWT_SECRET, algorithm: 'HS256', expiresIn: 3_600_000 });

export function tokenFor(actor: Partial<Actor> & Pick<Actor, 'role' | 'org'>): string {
  return sign({ sub: actor.sub ?? `${actor.role}-${actor.org}`, ...actor });
}

export const bearer = (actor: Partial<Actor> & Pick<Actor, 'role' | 'org'>) => ({ authorization: `Bearer ${tokenFor(actor)}` });

/** A valid resident ID for a birth date and sequence (GB 11643 checksum). */
export function residentId(region = '420106', birth = '19800101', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

/** Durations in ms, for the time-skipping server's sleeps. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Polls until `check` stops throwing: a timer fired by the test server is handled by the worker a moment later. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Advances the time-skipping server's clock to an instant. */
export async function sleepUntil(h: Pick<Harness, 'env'>, instant: string): Promise<void> {
  const ms = Date.parse(instant) - (await h.env.currentTimeMs());
  if (ms < 0) throw new Error(`test clock is already past ${instant}`);
  await h.env.sleep(ms);
}

/**
 * With RECORD_HISTORY=1, saves a workflow's history for the replay test (test/histories): re-record
 * only after an intended, versioned change to a workflow (patched/deprecatePatch).
 */
export async function recordHistory(h: Pick<Harness, 'env'>, workflowId: string, name: string, runId?: string): Promise<void> {
  if (!process.env.RECORD_HISTORY) return;
  const history = await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  // Failure stack traces name this checkout's absolute path; keep the committed file machine-neutral.
  const json = JSON.stringify(JSON.parse(historyToJSON(history)), null, 1).replaceAll(`${process.cwd()}/`, './');
  await writeFile(`test/histories/${name}.json`, `${json}\n`);
}
