// The system under test, started from scratch for one bench run and torn down after it:
// a Temporal dev server (own port, own SQLite file), a fresh migrated database, the production
// worker and API from dist/ (as README's "Production" runs them), and optionally the raw baseline's
// worker. Everything is stopped, the database dropped and the temporary directory removed at the
// end, on Ctrl-C/SIGTERM, on a child's unexpected death and on a thrown error.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { canConnect } from '../../scripts/dev/util.js';
import { freePort, killAllNow, setUnexpectedExitHandler, sleep, startProcess, stopAll, type Proc } from './processes.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..').replace(/\/dist$/, '');
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** What the production processes run: dist/ is stale if any of its sources is newer than any output. */
export function distIsStale(): boolean {
  const outputs = ['dist/worker.js', 'dist/server.js', 'dist/src/db/migrate.js', 'dist/workflow-bundle.js'].map((f) => path.join(ROOT, f));
  if (outputs.some((f) => !existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = ['src', 'drizzle', 'worker.ts', 'server.ts', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
  return sources.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

export function ensureBuilt(force = false): void {
  if (!force && !distIsStale()) {
    log('dist/ is up to date');
    return;
  }
  log('dist/ is stale: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

let described: string | undefined;
/** The checkout a run measured: read once, at the first call (each bench calls it at start-up). */
export function gitDescribe(): string {
  described ??= describeNow();
  return described;
}

function describeNow(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${commit} (${branch}${dirty ? ', with uncommitted changes' : ''})`;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// Stack
// ---------------------------------------------------------------------------------------------

export interface StackOptions {
  /** Short tag for names: jiuzhu_bench_<tag>_<pid>. */
  tag: string;
  api: boolean;
  baselineWorker: boolean;
  /** Run the worker, API and baseline worker under `node --cpu-prof`, profiles in <dir>/<name>/. */
  cpuProfileDir?: string;
}

export interface Stack {
  runDir: string;
  dbName: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  baselineTaskQueue: string;
  apiUrl?: string;
  jwtSecret: string;
  piiHashKey: string;
  /** The worker's and the API's payload keys: a client talking to the case workflows needs them too. */
  payloadKeys: string;
  procs: { temporal: Proc; worker: Proc; api?: Proc; baseline?: Proc };
}

let current: { runDir: string; dbName?: string } | undefined;
let tearingDown: Promise<void> | undefined;

/** Stops everything this run started, drops its database, removes its directory (keeps logs on failure). */
export function teardown(failed: boolean): Promise<void> {
  tearingDown ??= (async () => {
    await stopAll(['api', 'worker', 'baseline-worker', 'temporal']).catch(() => {});
    if (current?.dbName) {
      await dropDatabase(current.dbName).catch((err: unknown) => log(`could not drop ${current?.dbName}: ${String(err)}`));
      log(`dropped database ${current.dbName}`);
    }
    if (current) {
      if (failed) {
        rmSync(path.join(current.runDir, 'temporal.db'), { force: true });
        log(`logs kept in ${current.runDir}`);
      } else {
        rmSync(current.runDir, { recursive: true, force: true });
      }
    }
  })();
  return tearingDown;
}

let handlersInstalled = false;
/** Ctrl-C, SIGTERM, a child's unexpected death and a hard time limit all end in teardown. */
export function installCleanupHandlers(hardLimitMs: number): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      signals++;
      if (signals > 1) {
        killAllNow();
        process.exit(130);
      }
      log(`${signal}: stopping everything`);
      void teardown(true).finally(() => process.exit(130));
    });
  }
  setUnexpectedExitHandler((p, reason) => {
    log(`${p.name} ${reason}; last output:\n${p.tail.slice(-30).join('\n')}`);
    void teardown(true).finally(() => process.exit(1));
  });
  const limit = setTimeout(() => {
    log(`hard time limit of ${Math.round(hardLimitMs / 1000)} s reached: stopping everything`);
    void teardown(true).finally(() => process.exit(1));
  }, hardLimitMs);
  limit.unref();
  process.on('exit', () => killAllNow());
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), `jiuzhu-bench-${o.tag}-`));
  current = { runDir };
  const dbName = `jiuzhu_bench_${o.tag}_${process.pid}`;
  const jwtSecret = randomBytes(24).toString('hex');
  const piiHashKey = randomBytes(24).toString('hex');
  const payloadKeys = `bench:${randomBytes(32).toString('base64')}`;
  const taskQueue = 'jiuzhu-bench';
  const baselineTaskQueue = 'bench-baseline';

  // Temporal dev server: own port, own SQLite file, no UI.
  const temporalPort = await freePort();
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const temporalBin = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal');
  if (!existsSync(temporalBin)) throw new Error(`${temporalBin} not found: npm run install-tools`);
  log(`starting Temporal dev server on ${temporalAddress}`);
  const temporal = startProcess(
    'temporal',
    temporalBin,
    [
      'server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(temporalPort), '--log-level', 'warn',
      '--db-filename', path.join(runDir, 'temporal.db'),
      // SQLite's default (a rollback journal, fsync at every commit) makes every Temporal write wait
      // on the disk: ~60 ms per start here, which measures this VM's fsync, not Temporal. A
      // production Temporal persists to PostgreSQL/Cassandra with group commit; these pragmas bring
      // the dev server to its in-memory speed while keeping the state in a file.
      '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off',
    ],
    { env: process.env, cwd: ROOT, logFile: path.join(runDir, 'temporal.log') },
  );
  await waitForTemporal(temporalAddress, temporal);

  // A fresh database, migrated by the release's migration step.
  current.dbName = dbName;
  await dropDatabase(dbName);
  const dbUrl = databaseUrl(dbName);
  log(`creating and migrating database ${dbName}`);
  const migrate = spawnSync(process.execPath, ['dist/src/db/migrate.js'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migration failed: ${migrate.stderr || migrate.stdout}`);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: dbUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TASK_QUEUE: taskQueue,
    JWT_SECRET: jwtSecret,
    PII_HASH_KEY: piiHashKey,
    PAYLOAD_KEYS: payloadKeys,
    ACCOUNT_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
  };

  const prof = (name: string) => {
    if (!o.cpuProfileDir) return [];
    const dir = path.join(o.cpuProfileDir, name);
    mkdirSync(dir, { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  };

  log('starting the production worker (node dist/worker.js)');
  const worker = startProcess('worker', process.execPath, [...prof('worker'), 'dist/worker.js'], { env: appEnv, cwd: ROOT, logFile: path.join(runDir, 'worker.log') });

  let baseline: Proc | undefined;
  if (o.baselineWorker) {
    log('starting the baseline worker (bench/load/baseline-worker.ts)');
    baseline = startProcess('baseline-worker', process.execPath, [...prof('baseline'), '--import', 'tsx', 'bench/load/baseline-worker.ts'], {
      env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, BASELINE_TASK_QUEUE: baselineTaskQueue },
      cwd: ROOT,
      logFile: path.join(runDir, 'baseline-worker.log'),
    });
  }

  let api: Proc | undefined;
  let apiUrl: string | undefined;
  if (o.api) {
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    log(`starting the API (node dist/server.js) on ${apiUrl}`);
    api = startProcess('api', process.execPath, [...prof('api'), 'dist/server.js'], { env: { ...appEnv, PORT: String(port), HOST: '127.0.0.1' }, cwd: ROOT, logFile: path.join(runDir, 'api.log') });
  }

  await worker.waitForLine(/worker polling task queue/, 120_000);
  if (baseline) await baseline.waitForLine(/baseline worker ready/, 120_000);
  if (apiUrl) await waitForReady(`${apiUrl}/readyz`, 60_000);
  log('stack is up');
  return {
    runDir,
    dbName,
    databaseUrl: dbUrl,
    temporalAddress,
    taskQueue,
    baselineTaskQueue,
    apiUrl,
    jwtSecret,
    piiHashKey,
    payloadKeys,
    procs: { temporal, worker, ...(api ? { api } : {}), ...(baseline ? { baseline } : {}) },
  };
}

async function waitForTemporal(address: string, proc: Proc): Promise<void> {
  const [host, port] = address.split(':') as [string, string];
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(host, Number(port)))) {
    if (proc.done) throw new Error(`Temporal exited: ${proc.tail.slice(-10).join('\n')}`);
    if (Date.now() > deadline) throw new Error('Temporal did not open its port within 60 s');
    await sleep(250);
  }
  // The port opens before the default namespace is ready.
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    for (;;) {
      try {
        await client.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(250);
      }
    }
  } finally {
    await connection.close();
  }
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = `${res.status} ${await res.text()}`;
      if (res.ok) return;
    } catch (err) {
      last = String(err);
    }
    await sleep(250);
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s (last: ${last})`);
}
