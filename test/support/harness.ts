import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createSigner } from 'fast-jwt';
import postgres from 'postgres';
import { inject } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createDatabase, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import type { Actor } from '../../src/domain/roles.js';
import { residentIdCheckChar } from '../../src/domain/resident-id.js';
import type { Temporal } from '../../src/temporal/client.js';
import { createWorker } from '../../src/worker-setup.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough';
export const TEST_PII_HASH_KEY = 'test-pii-hash-key-0123456789';
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
  close(): Promise<void>;
}

/** Real PostgreSQL and a real (time-skipping) Temporal server with a worker running our workflows. */
export async function startHarness(name: string): Promise<Harness> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
    runtimeInstalled = true;
  }
  const { database } = await freshDatabase(name);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  const taskQueue = `tq-${name}-${randomUUID()}`;
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    db: database.db,
    workflowBundlePath: inject('workflowBundlePath'),
  });
  const running = worker.run();
  return {
    env,
    database,
    taskQueue,
    temporal: { client: env.client, taskQueue, close: async () => {} },
    worker,
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.close();
    },
  };
}

export async function buildTestApp(h: Harness) {
  return buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: h.temporal });
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
export async function sleepUntil(h: Harness, instant: string): Promise<void> {
  const ms = Date.parse(instant) - (await h.env.currentTimeMs());
  if (ms < 0) throw new Error(`test clock is already past ${instant}`);
  await h.env.sleep(ms);
}

/**
 * With RECORD_HISTORY=1, saves a workflow's history for the replay test (test/histories): re-record
 * only after an intended, versioned change to a workflow (patched/deprecatePatch).
 */
export async function recordHistory(h: Harness, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORY) return;
  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  // Failure stack traces name this checkout's absolute path; keep the committed file machine-neutral.
  const json = JSON.stringify(JSON.parse(historyToJSON(history)), null, 1).replaceAll(`${process.cwd()}/`, './');
  await writeFile(`test/histories/${name}.json`, `${json}\n`);
}
