/**
 * Local development runner (`npm start`):
 *   1. installs the project-local Temporal tooling (scripts/install-tools.sh);
 *   2. unless TEMPORAL_ADDRESS is set, starts `temporal server start-dev` on 127.0.0.1:7233;
 *   3. runs the database migrations;
 *   4. starts the worker (`tsx worker.ts`) and the API (`tsx server.ts`);
 *   5. prints the URLs once the API answers /healthz.
 * Ctrl+C / SIGTERM stops every child (SIGTERM, then SIGKILL after 10 s). If any child dies
 * unexpectedly, the others are stopped and this process exits non-zero.
 *
 * Children run in their own process groups so that a terminal Ctrl+C reaches only this
 * process, which then stops the API and worker first and the Temporal server last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig } from '../src/config.js';

const TEMPORAL_HOST = '127.0.0.1';
const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const TEMPORAL_START_TIMEOUT_MS = 60_000;
const API_READY_WARN_MS = 120_000;
const KILL_GRACE_MS = 10_000;

/** The project root: the nearest ancestor of this file holding package.json (works from scripts/ and dist/scripts/). */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const ROOT = findRoot();

function log(message: string): void {
  process.stdout.write(`[dev] ${message}\n`);
}

function logError(message: string): void {
  process.stderr.write(`[dev] ERROR: ${message}\n`);
}

class DevError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Child process management
// ---------------------------------------------------------------------------

interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<void>;
  done: boolean;
  /** Set once we have asked it to stop. */
  stopping: boolean;
}

/** Started children, in start order. Stopped in reverse order (API, worker, then Temporal). */
const children: Child[] = [];
let shuttingDown = false;

function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { quietOnShutdown?: boolean } = {},
): Child {
  const proc = spawn(command, args, {
    cwd: ROOT,
    env,
    // quietOnShutdown: forward the output ourselves and drop it once we have asked the child to
    // stop (the Temporal dev server logs a burst of harmless connection warnings while it shuts
    // down). An unexpected death is still reported in full.
    stdio: opts.quietOnShutdown ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    detached: true, // own process group: see the header comment
  });
  let resolveExited!: () => void;
  const child: Child = {
    name,
    proc,
    done: false,
    stopping: false,
    exited: new Promise<void>((resolve) => (resolveExited = resolve)),
  };
  if (opts.quietOnShutdown) {
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (!child.stopping) process.stdout.write(chunk);
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      if (!child.stopping) process.stderr.write(chunk);
    });
  }
  const finish = (reason: string) => {
    if (child.done) return;
    child.done = true;
    resolveExited();
    if (!shuttingDown) {
      logError(`${name} ${reason}; stopping everything.`);
      void shutdown(1);
    }
  };
  proc.once('error', (err) => finish(`could not be started (${err.message})`));
  proc.once('exit', (code, signal) =>
    finish(signal ? `was killed by ${signal}` : `exited unexpectedly with code ${code ?? '?'}`),
  );
  children.push(child);
  return child;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  const pid = child.proc.pid;
  if (pid === undefined) return;
  try {
    // Whole process group (tsx runs the program in a grandchild process).
    process.kill(-pid, signal);
  } catch {
    try {
      child.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function stopChild(child: Child): Promise<void> {
  if (child.done) return;
  child.stopping = true;
  // SIGTERM to the direct child only: tsx relays it to the program, which would otherwise get it twice.
  try {
    child.proc.kill('SIGTERM');
  } catch {
    // already gone
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    child.exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), KILL_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    log(`${child.name} did not stop within ${KILL_GRACE_MS / 1000} s; sending SIGKILL.`);
  }
  // Also clears any leftover grandchildren (harmless when the group is already gone).
  signalGroup(child, 'SIGKILL');
  await child.exited;
}

let shutdownPromise: Promise<never> | undefined;

function shutdown(exitCode: number): Promise<never> {
  shutdownPromise ??= (async () => {
    shuttingDown = true;
    const running = children.filter((c) => !c.done);
    if (running.length > 0) log(`stopping ${[...running].reverse().map((c) => c.name).join(', ')}...`);
    const temporal = running.filter((c) => c.name === 'temporal');
    const apps = running.filter((c) => c.name !== 'temporal');
    // The worker and API first (the worker drains against a live server), then Temporal.
    await Promise.all(apps.map(stopChild));
    await Promise.all(temporal.map(stopChild));
    process.exit(exitCode);
  })();
  return shutdownPromise;
}

let signalCount = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signalCount += 1;
    if (signalCount === 1) {
      log(`received ${signal}`);
      void shutdown(0);
    } else {
      log('received a second signal; killing everything now.');
      for (const child of children) if (!child.done) signalGroup(child, 'SIGKILL');
      process.exit(1);
    }
  });
}

// Last resort: never leave children behind if this process dies on an unexpected error.
process.on('exit', () => {
  for (const child of children) if (!child.done) signalGroup(child, 'SIGKILL');
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Runs a command to completion with inherited stdio; rejects on failure. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    proc.once('error', (err) => reject(new DevError(`${command} could not be started: ${err.message}`)));
    proc.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new DevError(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(host: string, port: number, timeoutMs: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.done) throw new DevError(`${child.name} exited before ${host}:${port} became reachable`);
    if (await canConnect(host, port)) return;
    await sleep(250);
  }
  throw new DevError(
    `${child.name} did not accept connections on ${host}:${port} within ${timeoutMs / 1000} s`,
  );
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  // A bad setting stops everything before anything starts (ConfigError, reported below).
  parseConfig();

  // (a) Tooling.
  await run('bash', [path.join(ROOT, 'scripts', 'install-tools.sh')]);

  // (b) Temporal dev server, unless an external one is configured.
  let startedTemporal = false;
  if (!process.env.TEMPORAL_ADDRESS) {
    if (await canConnect(TEMPORAL_HOST, TEMPORAL_PORT)) {
      throw new DevError(
        `port ${TEMPORAL_PORT} is already in use. If a Temporal server is already running there, ` +
          `run with TEMPORAL_ADDRESS=${TEMPORAL_HOST}:${TEMPORAL_PORT}; otherwise stop whatever holds the port.`,
      );
    }
    mkdirSync(path.join(ROOT, 'data'), { recursive: true });
    const temporalBin = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal');
    log(`starting Temporal dev server on ${TEMPORAL_HOST}:${TEMPORAL_PORT} (state in data/temporal.db)`);
    const temporal = startChild(
      'temporal',
      temporalBin,
      [
        'server', 'start-dev',
        '--ip', TEMPORAL_HOST,
        '--port', String(TEMPORAL_PORT),
        '--ui-port', String(TEMPORAL_UI_PORT),
        '--db-filename', path.join('data', 'temporal.db'),
        '--namespace', 'default',
        '--log-level', 'warn',
      ],
      process.env,
      { quietOnShutdown: true },
    );
    await waitForPort(TEMPORAL_HOST, TEMPORAL_PORT, TEMPORAL_START_TIMEOUT_MS, temporal);
    process.env.TEMPORAL_ADDRESS = `${TEMPORAL_HOST}:${TEMPORAL_PORT}`;
    startedTemporal = true;
    log(`Temporal dev server is up at ${process.env.TEMPORAL_ADDRESS}`);
  } else {
    log(`using Temporal at ${process.env.TEMPORAL_ADDRESS}`);
  }

  // (c) Migrations. The config is read again now that TEMPORAL_ADDRESS is set.
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

  if (shuttingDown) return;

  // (d) Worker and API.
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  if (!existsSync(tsx)) throw new DevError(`${tsx} not found; run npm install first`);
  const env = { ...process.env };
  startChild('worker', tsx, ['worker.ts'], env);
  startChild('api', tsx, ['server.ts'], env);

  // (e) URLs, once the API answers /healthz.
  const probeHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const probeUrl = new URL(`http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${config.port}/healthz`);
  const started = Date.now();
  let warned = false;
  while (!shuttingDown && !(await isHealthy(probeUrl.href))) {
    if (!warned && Date.now() - started > API_READY_WARN_MS) {
      warned = true;
      log(`the API has not answered ${probeUrl.href} after ${API_READY_WARN_MS / 1000} s; still waiting...`);
    }
    await sleep(500);
  }
  if (shuttingDown) return;

  const base = `http://localhost:${config.port}`;
  const lines = [
    '',
    'jiuzhu is running:',
    `  API:              ${base}/v1`,
    `  API docs:         ${base}/docs`,
  ];
  if (startedTemporal) lines.push(`  Temporal Web UI:  http://localhost:${TEMPORAL_UI_PORT}`);
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}

main().catch((err: unknown) => {
  if (shuttingDown) return; // already reported (a child died or a signal arrived)
  if (err instanceof DevError || err instanceof ConfigError) logError(err.message);
  else logError(err instanceof Error ? (err.stack ?? err.message) : String(err));
  void shutdown(1);
});
