// npm run chaos [-- --cases 60 --kills 6 --pg-restarts 2 --concurrency 6 --dist dist]
//
// Drives emergency 临时救助 payouts through the production build (separate worker and API processes)
// while killing the worker (kill -9) and restarting a private PostgreSQL cluster (pg_ctl restart -m
// immediate), then checks: each case paid exactly once, every ledger balanced, no case stuck before
// `paperwork`, no answer was a 5xx other than 503 with Retry-After; then the county's reconciliation
// (GET /v1/reconciliations: reserve ledgers, payroll files, returns, benefit months, and the workflows of paid
// cases asked through Temporal) must find no difference and every case's audit chain must verify
// (GET /v1/audit/verify); a ledger entry then edited in the database must make the reconciliation fail; and
// /readyz turns not ready within its window once the only worker is killed for good. Everything it starts is
// stopped at the end (and on an error or Ctrl-C); its temp dir removed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import postgres from 'postgres';
import { createDatabase } from '../src/db/client.js';
import { devServerLongPollArgs } from '../src/temporal/long-poll.js';
import { ledgerIsBalanced } from '../src/db/reserve-fund.js';
import { residentIdCheckChar } from '../src/domain/resident-id.js';

// Responses are JSON the script picks apart freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const { values: flags } = parseArgs({
  options: {
    cases: { type: 'string', default: '60' },
    kills: { type: 'string', default: '6' },
    'pg-restarts': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '6' },
    dist: { type: 'string', default: 'dist' },
    'stuck-after': { type: 'string', default: '180', short: 's' },
  },
});
const CASES = Number(flags.cases);
const KILLS = Number(flags.kills);
const PG_RESTARTS = Number(flags['pg-restarts']);
const CONCURRENCY = Number(flags.concurrency);
const DIST = resolve(flags.dist);
const STUCK_AFTER_MS = Number(flags['stuck-after']) * 1000;
const COUNTY = '510121'; // 金堂县: the street approves up to 5,000 元 and pays from its reserve.
const STREETS = ['510121001', '510121002', '510121003'];
const AMOUNT = 100_000;
/** The API's READINESS_POLLER_WINDOW_MS (its default), in seconds. */
const READINESS_WINDOW_S = 10;

const started = Date.now();
const log = (msg: string) => console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- what it starts, and stopping all of it ---------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'jiuzhu-chaos-'));
const children = new Set<ChildProcess>();
let pgCtl: ((...args: string[]) => ReturnType<typeof spawnSync>) | undefined;
let pgData = '';
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) if (c.exitCode === null && c.pid) c.kill('SIGTERM');
  await sleep(1500);
  for (const c of children) if (c.exitCode === null && c.pid) c.kill('SIGKILL');
  if (pgCtl && pgData && existsSync(join(pgData, 'postmaster.pid'))) pgCtl('stop', '-D', pgData, '-m', 'immediate', '-w');
  rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping everything`);
    void cleanup().then(() => process.exit(130));
  });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

function spawnLogged(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const tail: string[] = [];
  const keep = (b: Buffer) => {
    for (const line of b.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    children.delete(child);
    (child as ChildProcess & { tail?: string[] }).tail = tail;
    if (!cleaned && signal !== 'SIGKILL' && signal !== 'SIGTERM') log(`${name} exited by itself (code ${code}, signal ${signal}); last lines:\n  ${tail.slice(-8).join('\n  ')}`);
  });
  return child;
}

// ---- PostgreSQL: a private cluster, owned by the postgres OS user when run as root --------------------

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL installation under /usr/lib/postgresql/*/bin');
  return `/usr/lib/postgresql/${newest}/bin`;
}

async function startPostgres(port: number): Promise<string> {
  const bin = postgresBin();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, ...args: string[]) => {
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args], { encoding: 'utf8' }) : spawnSync(`${bin}/${tool}`, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r;
  };
  pgData = join(tmp, 'pg');
  const sock = join(tmp, 'sock');
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(tmp, uid, gid);
  }
  chmodSync(tmp, 0o755);
  run('initdb', '-D', pgData, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8');
  spawnSync(asRoot ? 'runuser' : 'mkdir', asRoot ? ['-u', 'postgres', '--', 'mkdir', '-p', sock] : ['-p', sock]);
  pgCtl = (...args: string[]) => run('pg_ctl', ...args);
  pgCtl('start', '-D', pgData, '-w', '-l', join(tmp, 'pg.log'), '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`);
  return `postgres://postgres@127.0.0.1:${port}/jiuzhu`;
}

// ---- the driver ------------------------------------------------------------------------------------

interface Figures {
  created: number;
  approved: number;
  retries: number;
  kills: number;
  pgRestarts: number;
  workerCrashes: number;
  apiCrashes: number;
  /** Answers a retry could not cure and a client cannot act on: any 5xx but 503, and a 503 or 429 without Retry-After. */
  serverErrors: number;
}
const figures: Figures = { created: 0, approved: 0, retries: 0, kills: 0, pgRestarts: 0, workerCrashes: 0, apiCrashes: 0, serverErrors: 0 };
const serverErrorSamples: string[] = [];

function residentId(i: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${COUNTY}${birth}${String(100 + (i % 900))}`;
  return first17 + residentIdCheckChar(first17);
}

async function main(): Promise<void> {
  for (const f of ['worker.js', 'server.js', 'workflow-bundle.js', 'src/db/migrate.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`${join(DIST, f)} is missing: run \`npm run build\` (or pass --dist)`);
  }
  const [pgPort, temporalPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const databaseUrl = await startPostgres(pgPort);
  log(`PostgreSQL (private cluster) on ${pgPort}`);

  const temporalBin = resolve('.tools/venv/bin/temporal');
  if (!existsSync(temporalBin)) throw new Error(`${temporalBin} is missing: npm run install-tools`);
  spawnLogged('temporal', temporalBin, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(temporalPort), '--http-port', String(await freePort()), '--metrics-port', String(await freePort()), '--db-filename', join(tmp, 'temporal.db'), '--log-level', 'error', ...devServerLongPollArgs], process.env);
  await waitFor('Temporal', () =>
    new Promise<boolean>((res) => {
      const c = connect(temporalPort, '127.0.0.1', () => {
        c.end();
        res(true);
      });
      c.on('error', () => res(false));
    }),
  );
  log(`Temporal dev server on ${temporalPort}`);

  const jwtSecret = randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: jwtSecret,
    PII_HASH_KEY: randomBytes(24).toString('hex'),
    PAYLOAD_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
    ACCOUNT_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TASK_QUEUE: 'jiuzhu-chaos',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKFLOW_BUNDLE: join(DIST, 'workflow-bundle.js'),
  };
  const migrated = spawnSync('node', [join(DIST, 'src/db/migrate.js')], { env, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stderr}`);

  let worker = spawnLogged('worker', 'node', [join(DIST, 'worker.js')], env);
  let api = spawnLogged('api', 'node', [join(DIST, 'server.js')], env);
  let stopping = false;
  // A worker or API that dies by itself (not by our kill) is counted and restarted, as production's restart policy would.
  const watch = (child: ChildProcess, which: 'worker' | 'api') =>
    child.on('exit', (_code, signal) => {
      if (stopping || cleaned || signal === 'SIGKILL') return;
      if (which === 'worker') {
        figures.workerCrashes++;
        worker = watch(spawnLogged('worker', 'node', [join(DIST, 'worker.js')], env), 'worker');
      } else {
        figures.apiCrashes++;
        api = watch(spawnLogged('api', 'node', [join(DIST, 'server.js')], env), 'api');
      }
    });
  watch(worker, 'worker');
  watch(api, 'api');
  const base = `http://127.0.0.1:${apiPort}`;
  await waitFor('the API (/readyz)', async () => (await fetch(`${base}/readyz`)).status === 200, 120_000);
  log('worker and API up (production build)');

  const sign = createSigner({ key: jwtSecret, algorithm: 'HS256', expiresIn: 2 * 3600_000 });
  const token = (claims: Record<string, string>) => `Bearer ${sign(claims)}`;
  const approverToken = token({ sub: 'chaos-approver', role: 'approver', org: COUNTY });
  const cwToken = (street: string) => token({ sub: `chaos-cw-${street}`, role: 'caseworker', org: street });

  /** One request, retried with the same Idempotency-Key on 503/429/5xx or a dropped connection. */
  async function call(method: string, path: string, auth: string, body?: unknown, key?: string): Promise<{ status: number; json: Json }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const json = (await res.json().catch(() => ({}))) as Json;
        // A dependency failure is 503 with Retry-After; a 500 (or a 503 that says nothing of when) is a defect, counted, then retried.
        const honest = (res.status === 503 || res.status === 429) && res.headers.get('retry-after') !== null;
        if (res.status >= 500 && !honest) {
          figures.serverErrors++;
          if (serverErrorSamples.length < 10) serverErrorSamples.push(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
        }
        if (res.status === 429 || res.status >= 500) throw new Error(`${res.status} ${JSON.stringify(json).slice(0, 200)}`);
        return { status: res.status, json };
      } catch (err) {
        if (attempt > 200) throw err;
        figures.retries++;
        await sleep(Math.min(500 * 2 ** Math.min(attempt, 3), 4000));
      }
    }
  }

  // Money enough for every case, in two replenishments per street: one now, one halfway.
  const replenish = async (street: string, n: number) => {
    const r = await call('POST', `/v1/reserve-funds/${street}/replenishments`, approverToken, { amountFen: Math.ceil(CASES / STREETS.length / 2) * AMOUNT, note: `chaos ${n}` }, `chaos-replenish-${street}-${n}`);
    if (r.status !== 201) throw new Error(`replenishment ${street}: ${r.status} ${JSON.stringify(r.json)}`);
  };
  for (const s of STREETS) await replenish(s, 1);

  const caseIds: Array<{ caseId: string; street: string }> = [];
  const refusals: string[] = [];
  let next = 0;
  let replenishedTwice = false;
  async function driveOne(i: number): Promise<void> {
    const street = STREETS[i % STREETS.length] as string;
    const created = await call('POST', '/v1/cases', cwToken(street), {
      type: 'temporary',
      orgCode: street,
      applicant: { name: `申请人${i}`, idNumber: residentId(i) },
      household: { size: 3, monthlyIncomeFen: 60_000 },
      temporary: { kind: 'emergency', amountFen: AMOUNT, reason: '突发火灾，生活无着' },
    }, `chaos-case-${i}`);
    if (created.status !== 201) throw new Error(`case ${i}: ${created.status} ${JSON.stringify(created.json)}`);
    figures.created++;
    const caseId = created.json.caseId as string;
    caseIds.push({ caseId, street });
    const approved = await call('POST', `/v1/cases/${caseId}/actions`, cwToken(street), { action: 'approve', amountFen: AMOUNT }, `chaos-approve-${i}`);
    if (approved.status === 200) {
      figures.approved++;
      return;
    }
    // Anything else is written down: the case is then checked like every other (paid once, not stuck).
    refusals.push(`approve ${caseId} (Idempotency-Key chaos-approve-${i}) → ${approved.status} ${JSON.stringify(approved.json).slice(0, 300)}`);
    log(`refused: ${refusals.at(-1)}`);
  }
  const driver = Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < CASES; i = next++) {
        await driveOne(i);
        if (!replenishedTwice && figures.approved >= CASES / 2) {
          replenishedTwice = true;
          for (const s of STREETS) await replenish(s, 2);
        }
      }
    }),
  );

  // Chaos while the cases run: the worker killed (-9) and restarted, PostgreSQL restarted (immediate).
  const events: Array<'kill' | 'pg'> = [...Array<'kill'>(KILLS).fill('kill'), ...Array<'pg'>(PG_RESTARTS).fill('pg')];
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [events[i], events[j]] = [events[j] as 'kill' | 'pg', events[i] as 'kill' | 'pg'];
  }
  // Spread over the run: the k-th event once about k/(n+1) of the cases are approved (and a few seconds apart).
  let driven = false;
  void driver.finally(() => (driven = true)).catch(() => undefined);
  const chaos = (async () => {
    for (const [k, e] of events.entries()) {
      await sleep(2000 + Math.random() * 2000);
      while (!driven && figures.approved + refusals.length < ((k + 1) * CASES) / (events.length + 1)) await sleep(250);
      if (e === 'kill') {
        worker.kill('SIGKILL');
        figures.kills++;
        log(`kill -9 worker (${figures.kills}/${KILLS})`);
        await sleep(500 + Math.random() * 2000);
        worker = watch(spawnLogged('worker', 'node', [join(DIST, 'worker.js')], env), 'worker');
      } else {
        // -l again: without it the restarted server would hold this process's pipe open.
        pgCtl?.('restart', '-D', pgData, '-m', 'immediate', '-w', '-l', join(tmp, 'pg.log'));
        figures.pgRestarts++;
        log(`PostgreSQL restarted -m immediate (${figures.pgRestarts}/${PG_RESTARTS})`);
      }
    }
  })();
  await Promise.all([driver, chaos]);
  log(`driven: ${figures.created} cases created, ${figures.approved} approved; waiting for each to reach paperwork`);

  // Nothing stuck: every approved emergency case reaches step `paperwork` within the bound.
  const reachedAt = new Map<string, number>();
  const deadline = Date.now() + STUCK_AFTER_MS;
  while (reachedAt.size < caseIds.length && Date.now() < deadline) {
    for (const { caseId, street } of caseIds) {
      if (reachedAt.has(caseId)) continue;
      const r = await call('GET', `/v1/cases/${caseId}`, cwToken(street));
      if (r.status === 200 && r.json.step === 'paperwork') reachedAt.set(caseId, Date.now());
    }
    if (reachedAt.size < caseIds.length) await sleep(1000);
  }
  const stuck = caseIds.filter((c) => !reachedAt.has(c.caseId));

  // The money, read from the database itself.
  const database = createDatabase(databaseUrl, { max: 2 });
  const sql = database.sql;
  const dupPayments = await sql<{ case_id: string; n: number }[]>`select case_id, count(*)::int as n from payments group by case_id, instalment, payee having count(*) > 1`;
  const dupLedger = await sql<{ case_id: string; n: number }[]>`select case_id, count(*)::int as n from reserve_entries where kind = 'payout' group by case_id, instalment having count(*) > 1`;
  const ids = caseIds.map((c) => c.caseId);
  const paid = await sql<{ case_id: string; fen: string }[]>`select case_id, sum(amount_fen)::bigint as fen from payments where case_id in ${sql(ids)} group by case_id`;
  const paidBy = new Map(paid.map((p) => [p.case_id, Number(p.fen)]));
  const lost = ids.filter((id) => paidBy.get(id) !== AMOUNT);
  const payouts = await sql<{ n: number; fen: string }[]>`select count(*)::int as n, coalesce(-sum(amount_fen), 0)::bigint as fen from reserve_entries where kind = 'payout'`;
  const unbalanced: string[] = [];
  for (const s of STREETS) if (!(await ledgerIsBalanced(database.db, s))) unbalanced.push(s);
  await database.close();
  await postgres(databaseUrl, { max: 1 }).end();

  // After the faults: the books reconciled as an operator would read them, and every case's trail verified.
  const supervisorToken = token({ sub: 'chaos-supervisor', role: 'supervisor', org: COUNTY });
  const reconciliation = await call('GET', `/v1/reconciliations?countyCode=${COUNTY}`, supervisorToken);
  const differences = reconciliation.status === 200 ? (reconciliation.json.differences as number) : -1;
  const brokenTrails: string[] = [];
  for (const { caseId } of caseIds) {
    const v = await call('GET', `/v1/audit/verify?caseId=${encodeURIComponent(caseId)}`, supervisorToken);
    if (v.status !== 200 || v.json.ok !== true) brokenTrails.push(caseId);
  }
  // And the reconciliation is no rubber stamp: one ledger entry edited behind the service's back must show.
  const plant = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await plant`update reserve_entries set amount_fen = amount_fen - 1 where id = (select max(id) from reserve_entries where kind = 'payout')`;
  await plant.end();
  const replanted = await call('GET', `/v1/reconciliations?countyCode=${COUNTY}`, supervisorToken);
  const plantedFound = replanted.status === 200 ? (replanted.json.checks as Json[]).find((c) => c.check === 'reserve-ledgers')?.differences.length ?? 0 : 0;

  // Readiness after the only worker dies: /readyz must say so within its poller window (10 s), not a minute later.
  stopping = true;
  worker.kill('SIGKILL');
  const killedAt = Date.now();
  let readyzFalseAfter = Number.NaN;
  while (Date.now() - killedAt < 60_000) {
    const r = await fetch(`${base}/readyz`).then(async (res) => ({ status: res.status, json: (await res.json()) as Json }), () => undefined);
    if (r?.status === 503 && r.json.worker === 'none') {
      readyzFalseAfter = (Date.now() - killedAt) / 1000;
      break;
    }
    await sleep(250);
  }
  log(`worker killed for good: /readyz not ready after ${readyzFalseAfter.toFixed(1)} s`);

  const wall = (Date.now() - started) / 1000;
  const report = {
    cases: caseIds.length,
    approved: figures.approved,
    approvalsRefused: refusals.length,
    payments: paid.length,
    reservePayouts: payouts[0]?.n ?? 0,
    paidFen: Number(payouts[0]?.fen ?? 0),
    workerKills: figures.kills,
    pgRestarts: figures.pgRestarts,
    workerCrashesUnplanned: figures.workerCrashes,
    apiCrashesUnplanned: figures.apiCrashes,
    clientRetries: figures.retries,
    serverErrors: figures.serverErrors,
    duplicates: dupPayments.length + dupLedger.length,
    lost: lost.length,
    stuck: stuck.length,
    unbalancedLedgers: unbalanced.length,
    readyzFalseAfterSeconds: Number(readyzFalseAfter.toFixed(1)),
    reconciliationDifferences: differences,
    brokenAuditTrails: brokenTrails.length,
    plantedDifferenceFound: plantedFound > 0 ? 'yes' : 'no',
    wallTimeSeconds: Math.round(wall),
  };
  console.log('\nchaos figures');
  for (const [k, v] of Object.entries(report)) console.log(`  ${k.padEnd(24)} ${v}`);
  const ok =
    readyzFalseAfter <= READINESS_WINDOW_S + 5 &&
    report.serverErrors === 0 &&
    report.duplicates === 0 &&
    report.lost === 0 &&
    report.stuck === 0 &&
    report.unbalancedLedgers === 0 &&
    report.cases === CASES &&
    report.reconciliationDifferences === 0 &&
    report.brokenAuditTrails === 0 &&
    plantedFound > 0;
  if (!ok) {
    for (const r of refusals) console.log(`  ${r}`);
    for (const e of serverErrorSamples) console.log(`  not 503 with Retry-After: ${e}`);
    if (dupPayments.length) console.log(`  duplicate payments: ${JSON.stringify(dupPayments)}`);
    if (dupLedger.length) console.log(`  duplicate ledger payouts: ${JSON.stringify(dupLedger)}`);
    if (lost.length) console.log(`  not paid exactly once: ${lost.slice(0, 10).join(', ')}`);
    if (stuck.length) console.log(`  stuck before paperwork: ${stuck.slice(0, 10).map((c) => c.caseId).join(', ')}`);
    if (unbalanced.length) console.log(`  unbalanced ledgers: ${unbalanced.join(', ')}`);
    if (!(readyzFalseAfter <= READINESS_WINDOW_S + 5)) console.log(`  /readyz still ready ${READINESS_WINDOW_S + 5} s after the only worker died`);
    if (differences !== 0) console.log(`  reconciliation (${reconciliation.status}): ${JSON.stringify(reconciliation.json).slice(0, 2000)}`);
    if (brokenTrails.length) console.log(`  audit trails that do not verify: ${brokenTrails.slice(0, 10).join(', ')}`);
    if (plantedFound === 0) console.log(`  a planted ledger edit was not found (${replanted.status})`);
  }
  console.log(ok ? '\nOK: paid exactly once, ledgers balanced, nothing stuck, no 500, the books reconciled, every audit trail whole' : '\nFAILED');
  process.exitCode = ok ? 0 : 1;
}

try {
  await main();
} catch (err) {
  console.error(`chaos: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
