// The development runner's parts (scripts/dev/): back-off and restarts, the database choice, a real
// embedded PostgreSQL (first start, a kill -9 and the start after it), leftovers of a killed runner,
// and a Temporal dev server from the project's CLI.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { planDatabase, localServerAnswers } from '../scripts/dev/database.js';
import { hydrateSymlinks, prepareCluster, startCluster } from '../scripts/dev/embedded-postgres.js';
import { clearLeftovers } from '../scripts/dev/state.js';
import { Supervisor } from '../scripts/dev/supervisor.js';
import { startDevServer } from '../scripts/dev/temporal.js';
import { backoffDelay, DevError, freePort, isAlive, sleep, waitForExit } from '../scripts/dev/util.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-dev-runner-'));
chmodSync(tmp, 0o755); // as a checkout is: the server's unprivileged user (when root) can reach it
const relocated: string[] = [];
afterAll(() => {
  for (const dir of relocated) rmSync(dir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('back-off', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1_000, 30_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('restarts a child that keeps dying, waiting longer each time, and stops it on request', async () => {
    const fatal: string[] = [];
    const starts: number[] = [];
    const supervisor = new Supervisor(
      { fatal: (child) => fatal.push(child.spec.name), spawned: () => starts.push(Date.now()) },
      { initialMs: 100, maxMs: 400, stableMs: 60_000 },
    );
    const child = supervisor.start({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      cwd: tmp,
      policy: 'restart',
      output: 'quiet-on-stop',
    });
    while (starts.length < 5) await sleep(20);
    await supervisor.stopAll(() => false, 2_000);
    expect(fatal).toEqual([]);
    expect(child.restarts).toBeGreaterThanOrEqual(4);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    // 100, 200, 400, 400 ms plus the time a node process takes to start and exit.
    expect(gaps[0]!).toBeGreaterThanOrEqual(100);
    expect(gaps[1]!).toBeGreaterThanOrEqual(200);
    expect(gaps[2]!).toBeGreaterThanOrEqual(400);
    expect(gaps[3]!).toBeGreaterThanOrEqual(400);
    const count = starts.length;
    await sleep(600);
    expect(starts.length).toBe(count); // no restart after the stop
  });

  it('reports a fatal child instead of restarting it', async () => {
    const fatal: string[] = [];
    const supervisor = new Supervisor({ fatal: (child, reason) => fatal.push(`${child.spec.name}: ${reason}`) });
    const child = supervisor.start({ name: 'infra', command: process.execPath, args: ['-e', 'process.exit(7)'], cwd: tmp, policy: 'fatal' });
    await child.exited;
    expect(fatal).toEqual(['infra: exited unexpectedly with code 7']);
    expect(child.restarts).toBe(0);
  });
});

describe('database choice', () => {
  it('takes DATABASE_URL first, then 5432 when it answers, else the embedded server', async () => {
    expect(await planDatabase({ DATABASE_URL: 'postgres://u@db.example:5432/x', JIUZHU_EMBEDDED_PG: '1' })).toEqual({
      kind: 'env',
      url: 'postgres://u@db.example:5432/x',
    });
    expect(await planDatabase({ JIUZHU_EMBEDDED_PG: '1' })).toEqual({ kind: 'embedded', reason: 'JIUZHU_EMBEDDED_PG is set' });
    const local = await localServerAnswers();
    const plan = await planDatabase({});
    expect(plan.kind).toBe(local.ok ? 'local' : 'embedded');
  });
});

describe('embedded PostgreSQL', () => {
  it('recreates the library symlinks an install without scripts leaves out', () => {
    const pkg = path.join(tmp, 'fake-platform-package');
    mkdirSync(path.join(pkg, 'native', 'lib'), { recursive: true });
    writeFileSync(path.join(pkg, 'native', 'lib', 'libpq.so.5.18'), '');
    writeFileSync(
      path.join(pkg, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so' },
      ]),
    );
    expect(hydrateSymlinks(path.join(pkg, 'native'))).toBe(2);
    expect(readlinkSync(path.join(pkg, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
    expect(lstatSync(path.join(pkg, 'native', 'lib', 'libpq.so')).isSymbolicLink()).toBe(true);
    expect(hydrateSymlinks(path.join(pkg, 'native'))).toBe(0);
  });

  it('initialises a cluster, serves queries, and starts again after the server was killed with SIGKILL', async () => {
    const dataDir = path.join(tmp, 'pg');
    const logFile = path.join(tmp, 'pg.log');
    const port = await freePort('127.0.0.1');
    const messages: string[] = [];
    const cluster = await prepareCluster({ dataDir, port, logFile, log: (m) => messages.push(m) });
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    if (process.getuid?.() === 0) expect(cluster.runAs?.user).toBeTruthy(); // PostgreSQL refuses root

    const server = await startCluster(cluster);
    const sql = postgres(cluster.url('postgres'), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe('create database jiuzhu_embedded_check');
      const [row] = await sql<{ user: string; encoding: string }[]>`select current_user as user, pg_encoding_to_char(encoding) as encoding from pg_database where datname = 'jiuzhu_embedded_check'`;
      expect(row).toEqual({ user: 'postgres', encoding: 'UTF8' });
    } finally {
      await sql.end({ timeout: 1 });
    }

    // A runner killed with SIGKILL leaves the server's postmaster.pid behind (here: its pid dead).
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    expect(await waitForExit(pid, 10_000)).toBe(true);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);
    await server.stop();

    const again = await prepareCluster({ dataDir, port, logFile, log: (m) => messages.push(m) });
    expect(messages.some((m) => m.includes('stale'))).toBe(true);
    const restarted = await startCluster(again);
    const sql2 = postgres(again.url('jiuzhu_embedded_check'), { max: 1, onnotice: () => {} });
    try {
      expect((await sql2`select 1 as one`)[0]).toEqual({ one: 1 });
    } finally {
      await sql2.end({ timeout: 1 });
      await restarted.stop();
    }
  });

  it.skipIf(process.getuid?.() !== 0)('as root, keeps the cluster where its user can reach it when data/ is private', async () => {
    const privateDir = path.join(tmp, 'private');
    mkdirSync(privateDir, { mode: 0o700 });
    const dataDir = path.join(privateDir, 'pg');
    const messages: string[] = [];
    const cluster = await prepareCluster({ dataDir, port: await freePort('127.0.0.1'), logFile: path.join(tmp, 'pg-private.log'), log: (m) => messages.push(m) });
    relocated.push(cluster.dataDir);
    expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
    expect(realpathSync(dataDir)).toBe(cluster.dataDir);
    expect(messages.join('\n')).toMatch(/cannot reach/);
    const server = await startCluster(cluster);
    await server.stop();
  });

  it('reports a server that cannot start with its log, not `undefined`', async () => {
    const dataDir = path.join(tmp, 'pg');
    const logFile = path.join(tmp, 'pg-fail.log');
    const cluster = await prepareCluster({ dataDir, port: await freePort('127.0.0.1'), logFile, log: () => {} });
    // An unknown setting stops the server at once.
    const broken = { ...cluster, args: [...cluster.args, '-c', 'no_such_setting=1'] };
    const error = await startCluster(broken).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DevError);
    expect(String((error as Error).message)).toMatch(/no_such_setting/);
  });
});

describe('leftovers of a killed runner', () => {
  it('stops the children it recorded, and only those', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'jiuzhu-leftover-child'], { detached: true, stdio: 'ignore' });
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    const stateFile = path.join(tmp, 'dev-state.json');
    try {
      writeFileSync(
        stateFile,
        JSON.stringify({
          runner: { pid: 2 ** 22 + 17, script: 'scripts/dev' }, // not running
          children: {
            worker: { pid: child.pid, commandLine: `${process.execPath} -e setInterval(() => {}, 1000) jiuzhu-leftover-child` },
            // A recorded pid that now runs something else is left alone.
            api: { pid: bystander.pid, commandLine: `${process.execPath} server.ts` },
          },
        }),
      );
      await clearLeftovers(stateFile, 1_000);
      expect(await waitForExit(child.pid!, 5_000)).toBe(true);
      expect(isAlive(bystander.pid!)).toBe(true);
      expect(existsSync(stateFile)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      bystander.kill('SIGKILL');
    }
  });

  it('refuses to start beside a runner of the same checkout that is not stopping', async () => {
    const stateFile = path.join(tmp, 'dev-state-busy.json');
    const runner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'scripts/dev'], { stdio: 'ignore' });
    try {
      await sleep(100);
      writeFileSync(stateFile, JSON.stringify({ runner: { pid: runner.pid, script: 'scripts/dev' }, children: {} }));
      await expect(clearLeftovers(stateFile, 500)).rejects.toThrow(/another `npm start`/);
      writeFileSync(stateFile, JSON.stringify({ runner: { pid: runner.pid, script: 'scripts/dev', stopping: true }, children: {} }));
      setTimeout(() => runner.kill('SIGTERM'), 300);
      await clearLeftovers(stateFile, 10_000); // waits for it to finish stopping
      expect(isAlive(runner.pid!)).toBe(false);
    } finally {
      runner.kill('SIGKILL');
    }
  });
});

describe('Temporal dev server', () => {
  const cli = path.resolve('.tools/venv/bin/temporal');

  it.skipIf(!existsSync(cli))('starts on the given ports and answers for its namespace', async () => {
    const supervisor = new Supervisor({ fatal: () => {} });
    const [port, uiPort] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
    const opts = {
      binary: cli,
      host: '127.0.0.1',
      port,
      uiPort,
      dbFile: path.join(tmp, 'temporal.db'),
      namespace: 'default',
      cwd: tmp,
      env: process.env,
    };
    try {
      const child = await startDevServer(supervisor, opts);
      expect(child.running).toBe(true);
      expect(child.policy).toBe('fatal');
    } finally {
      await supervisor.stopAll(() => false, 10_000);
    }
  });
});
