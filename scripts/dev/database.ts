// Which PostgreSQL the development runner uses: DATABASE_URL when set; else the server on
// 127.0.0.1:5432 when it answers as user postgres without a password; else an embedded one
// (scripts/dev/embedded-postgres.ts) with its data in data/pg. JIUZHU_EMBEDDED_PG=1 skips the 5432 probe.
import path from 'node:path';
import postgres from 'postgres';
import { clearLeftover, prepareCluster, waitUntilReady, type Cluster } from './embedded-postgres.js';
import type { ManagedChild, Supervisor } from './supervisor.js';
import { canConnect, canListen, DevError, freePort, log, portFromEnv, redact } from './util.js';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/jiuzhu';
const EMBEDDED_DEFAULT_PORT = 54329;

export type DatabasePlan =
  | { kind: 'env'; url: string }
  | { kind: 'local'; url: string }
  | { kind: 'embedded'; reason: string };

export interface ChosenDatabase {
  url: string;
  /** For the start-up banner. */
  description: string;
  child?: ManagedChild;
  cluster?: Cluster;
}

/** Whether PostgreSQL on 127.0.0.1:5432 takes user postgres without a password. */
export async function localServerAnswers(): Promise<{ ok: boolean; reason: string }> {
  if (!(await canConnect('127.0.0.1', 5432))) return { ok: false, reason: 'nothing listens on 127.0.0.1:5432' };
  const sql = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return { ok: true, reason: '' };
  } catch (err) {
    return { ok: false, reason: `127.0.0.1:5432 answered but refused user postgres (${err instanceof Error ? err.message : String(err)})` };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export async function planDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabasePlan> {
  if (env.DATABASE_URL) return { kind: 'env', url: env.DATABASE_URL };
  if (env.JIUZHU_EMBEDDED_PG === '1' || env.JIUZHU_EMBEDDED_PG === 'true') {
    return { kind: 'embedded', reason: 'JIUZHU_EMBEDDED_PG is set' };
  }
  const local = await localServerAnswers();
  if (local.ok) return { kind: 'local', url: LOCAL_URL };
  return { kind: 'embedded', reason: local.reason };
}

/** Picks the database and, for the embedded one, starts it under the supervisor. */
export async function provideDatabase(
  supervisor: Supervisor,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChosenDatabase> {
  const plan = await planDatabase(env);
  if (plan.kind === 'env') {
    log(`database: DATABASE_URL (${redact(plan.url)})`);
    return { url: plan.url, description: `${redact(plan.url)} (DATABASE_URL)` };
  }
  if (plan.kind === 'local') {
    log('database: PostgreSQL on 127.0.0.1:5432');
    return { url: plan.url, description: `PostgreSQL on 127.0.0.1:5432, database jiuzhu (${plan.url})` };
  }

  log(`database: embedded PostgreSQL (${plan.reason})`);
  const dataDir = path.join(root, 'data', 'pg');
  await clearLeftover(dataDir, log); // before choosing the port: a leftover server may hold it
  const port = await embeddedPort(env);
  const cluster = await prepareCluster({ dataDir, port, logFile: path.join(root, 'data', 'pg.log'), log, env });
  const child = supervisor.start({
    name: 'postgres',
    command: cluster.command,
    args: cluster.args,
    cwd: '/',
    env: { ...env, LC_ALL: 'C' },
    policy: 'ignore', // until it answers: a failed start is reported below with its log
    stopSignal: 'SIGINT', // fast shutdown
    output: { file: cluster.logFile },
    ...(cluster.runAs ? { uid: cluster.runAs.uid, gid: cluster.runAs.gid } : {}),
  });
  await waitUntilReady(cluster, { timeoutMs: 60_000, exited: () => !child.running, output: () => child.recentOutput });
  child.policy = 'fatal';
  const url = cluster.url('jiuzhu');
  const owner = cluster.runAs ? `, running as ${cluster.runAs.user}` : '';
  log(`embedded PostgreSQL ${cluster.binaries.version} is up on 127.0.0.1:${port} (data in data/pg${owner}, log in data/pg.log)`);
  return {
    url,
    description: `embedded PostgreSQL ${cluster.binaries.version} on 127.0.0.1:${port}, data in data/pg (${url})`,
    child,
    cluster,
  };
}

/** JIUZHU_PG_PORT when set (it must be free); else 54329, or any free port when that one is taken. */
async function embeddedPort(env: NodeJS.ProcessEnv): Promise<number> {
  const explicit = env.JIUZHU_PG_PORT !== undefined && env.JIUZHU_PG_PORT !== '';
  const port = portFromEnv('JIUZHU_PG_PORT', EMBEDDED_DEFAULT_PORT, env);
  if (await canListen('127.0.0.1', port)) return port;
  if (explicit) throw new DevError(`JIUZHU_PG_PORT=${port} is already in use; pick another port`);
  const other = await freePort('127.0.0.1');
  log(`port ${port} is taken; the embedded PostgreSQL uses port ${other} instead (set JIUZHU_PG_PORT to choose)`);
  return other;
}
