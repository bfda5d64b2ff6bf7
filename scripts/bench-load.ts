/**
 * `npm run bench:load` — "the cost of a case": what the API path costs against Temporal alone,
 * measured in the same run, alternated A/B, on this machine.
 *
 *   P1  POST /v1/cases (a 低保 case)              vs  client.workflow.start of a trivial workflow
 *   P2  POST /v1/cases/:id/actions (补正 on/off)   vs  executeUpdate on a trivial running workflow
 *   P5  CPU-ms per operation per process (driver, API, worker, baseline worker, Temporal, PostgreSQL)
 *   emergency  500 急难型 approvals, 32 in flight, each paid within its answer  vs  as many raw starts
 *
 * It builds dist/ if stale, starts its own Temporal dev server, database, production worker and API
 * (bench/load/stack.ts), runs closed loops at each concurrency (bench/load/closed-loop.ts), samples
 * CPU from /proc (bench/load/cpu.ts), writes bench/reports/load-<date>.md (+ .json) and stops
 * everything, dropping the database, at the end, on Ctrl-C and on errors.
 *
 * Options: --full (the long profile), --concurrency 1,8,32,128, --action-concurrency 1,8,
 * --seconds N, --warmup N, --rounds N, --goals p1,p2,emergency (any of them; `--goals emergency` runs
 * the burst alone; or --only=starts,actions,emergency), --emergency-cases 500, --emergency-concurrency 32,
 * --skip-build, --out FILE. See bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import postgres from 'postgres';
import { Pool } from 'undici';
import { appendUpdate, finishSignal } from '../bench/load/baseline-workflows.js';
import { runClosedLoop, type LoopResult, type Operation } from '../bench/load/closed-loop.js';
import { CpuMeter, loadAverage, PgBackends } from '../bench/load/cpu.js';
import { emergencySection, runEmergency, type EmergencyFigures } from '../bench/load/emergency.js';
import { COUNTY, dibaoBody, STREET, token } from '../bench/load/fixtures.js';
import { mergeHistograms, percentiles, type Percentiles } from '../bench/load/hist.js';
import { profilesIn, summariseProfile, type ProfileSummary } from '../bench/load/profile.js';
import { sleep } from '../bench/load/processes.js';
import { ensureBuilt, gitDescribe, installCleanupHandlers, log, ROOT, startStack, teardown, type Stack } from '../bench/load/stack.js';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'action-concurrency': { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    goals: { type: 'string', default: 'p1,p2,emergency' },
    only: { type: 'string' },
    'emergency-cases': { type: 'string', default: '500' },
    'emergency-concurrency': { type: 'string', default: '32' },
    'skip-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:load -- [--full] [--concurrency 1,8,32,128] [--action-concurrency 1,8] [--seconds 5] [--warmup 2] [--rounds 3] [--goals p1,p2,emergency | --only=starts,actions,emergency] [--emergency-cases 500] [--emergency-concurrency 32] [--skip-build] [--profile] [--out FILE]`);
  process.exit(0);
}

/** `--only` names the scenarios by what they do; `--goals` by the issue's numbering. */
const SCENARIOS: Record<string, string> = { starts: 'p1', actions: 'p2', emergency: 'emergency' };
const list = (s: string) => s.split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n) && n > 0);
const profile = args.full
  ? { concurrency: [1, 8, 32, 128], actionConcurrency: [1, 8, 32, 128], seconds: 10, warmup: 3, rounds: 5 }
  : { concurrency: [1, 8, 32, 128], actionConcurrency: [1, 8], seconds: 5, warmup: 1.5, rounds: 3 };
const opts = {
  concurrency: args.concurrency ? list(args.concurrency) : profile.concurrency,
  actionConcurrency: args['action-concurrency'] ? list(args['action-concurrency']) : args.concurrency ? list(args.concurrency) : profile.actionConcurrency,
  seconds: args.seconds ? Number(args.seconds) : profile.seconds,
  warmup: args.warmup ? Number(args.warmup) : profile.warmup,
  rounds: args.rounds ? Math.max(1, Number(args.rounds)) : profile.rounds,
  goals: new Set((args.only ?? args.goals ?? 'p1,p2,emergency').split(',').map((g) => SCENARIOS[g.trim().toLowerCase()] ?? g.trim().toLowerCase())),
  emergencyCases: Number(args['emergency-cases']),
  emergencyConcurrency: Number(args['emergency-concurrency']),
};
if (opts.concurrency.length === 0 || opts.actionConcurrency.length === 0 || !(opts.seconds > 0) || !(opts.warmup >= 0)) {
  console.error('bad options: see --help');
  process.exit(2);
}
if (!(Number.isInteger(opts.emergencyCases) && opts.emergencyCases > 0 && opts.emergencyCases <= 600) || !(Number.isInteger(opts.emergencyConcurrency) && opts.emergencyConcurrency > 0 && opts.emergencyConcurrency <= 512)) {
  console.error('--emergency-cases 1..600 (the street\'s reserve preset pays 600), --emergency-concurrency 1..512');
  process.exit(2);
}
if (opts.concurrency.some((c) => c > 512) || opts.actionConcurrency.some((c) => c > 512) || opts.seconds > 120) {
  console.error('bounded on purpose: concurrency at most 512, --seconds at most 120');
  process.exit(2);
}

/** Quiescence after a round: at most this long, not measured. */
const MAX_QUIET_MS = 60_000;
/** P2's pool of cases (not measured): tries per case when the API answers 503. */
const POOL_ATTEMPTS = 5;
/** P2: each loop takes this many actions on one case (a 补正 request and its receipt) before moving on. */
const ACTIONS_PER_TURN = 2;

const p1 = opts.goals.has('p1');
const p2 = opts.goals.has('p2');
const emergency = opts.goals.has('emergency');
const roundSeconds = opts.warmup + opts.seconds + 2; // + drain and quiet, typically
/** The API path's warm-up and drain each last about concurrency ÷ throughput (Little's law); assume ~10 ops/s. */
const apiExtra = (concs: number[]) => concs.reduce((s, c) => s + (2 * c) / 10, 0) * opts.rounds;
const estimateS =
  45 + // build check, stack start
  (p1 ? opts.concurrency.length * opts.rounds * 2 * roundSeconds + apiExtra(opts.concurrency) : 0) +
  (p2 ? opts.actionConcurrency.length * opts.rounds * 2 * roundSeconds + apiExtra(opts.actionConcurrency) + Math.max(32, 4 * Math.max(...opts.actionConcurrency)) / 10 : 0) +
  (emergency ? opts.emergencyCases / 10 + opts.emergencyCases / 5 + opts.emergencyCases / 5 + 60 : 0) + // open the cases, approve them (and again what was not answered), raw bursts and quiet
  15; // teardown
const hardLimitMs = (estimateS * 2 + 300) * 1000;

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

type Variant = 'raw' | 'api';
interface Round {
  goal: 'p1' | 'p2';
  variant: Variant;
  concurrency: number;
  round: number;
  result: LoopResult;
  cpu: Record<string, number>;
  quietMs: number;
}

const rounds: Round[] = [];
const PROC_NAMES = ['driver', 'api', 'worker', 'baseline', 'temporal', 'postgres'] as const;

let stack: Stack;
let meter: CpuMeter;
let idlePerSec: Record<string, number> = {};

/** Waits until the services' CPU falls back to their idle rate (the previous round's tail is done). */
async function quiesce(): Promise<number> {
  const started = Date.now();
  const threshold = Object.entries(idlePerSec)
    .filter(([k]) => k !== 'driver' && k !== 'postgres')
    .reduce((s, [, v]) => s + v, 0) + 60; // ms of CPU per second: idle + 6 % of a core
  meter.peekTrees();
  let quietSamples = 0;
  while (Date.now() - started < MAX_QUIET_MS) {
    await sleep(500);
    const d = meter.peekTrees();
    const busy = Object.values(d).reduce((s, v) => s + v, 0) * 2; // per second
    quietSamples = busy <= threshold ? quietSamples + 1 : 0;
    if (quietSamples >= 2) break;
  }
  return Date.now() - started;
}

async function measure(goal: 'p1' | 'p2', variant: Variant, concurrency: number, round: number, op: Operation): Promise<Round> {
  // CPU from a quiet start to a quiet end: all of it belongs to the operations of this round.
  await meter.begin();
  const result = await runClosedLoop(op, {
    concurrency,
    warmupMs: opts.warmup * 1000,
    durationMs: opts.seconds * 1000,
    maxWarmupMs: 90_000,
    drainTimeoutMs: 120_000,
  });
  const quietMs = await quiesce();
  const cpu = await meter.end();
  const r: Round = { goal, variant, concurrency, round, result, cpu, quietMs };
  rounds.push(r);
  const pc = percentiles(result.histogram);
  log(
    `${goal} ${variant.padEnd(3)} c=${String(concurrency).padEnd(3)} round ${round}: ${result.opsPerSec.toFixed(1)} ops/s, p50 ${pc.p50.toFixed(1)} ms, p99 ${pc.p99.toFixed(1)} ms` +
      `${result.errors ? `, ${result.errors} errors ${JSON.stringify(result.errorKinds)}` : ''} (warm-up ${(result.warmupMs / 1000).toFixed(1)} s, drain ${(result.drainMs / 1000).toFixed(1)} s, quiet after ${(quietMs / 1000).toFixed(1)} s)`,
  );
  return r;
}

/** Alternates A/B per round, swapping which goes first each round (ABBA…), to cancel drift. */
async function alternate(goal: 'p1' | 'p2', concurrency: number, ops: Record<Variant, Operation>): Promise<void> {
  for (let round = 1; round <= opts.rounds; round++) {
    const order: Variant[] = round % 2 === 1 ? ['raw', 'api'] : ['api', 'raw'];
    for (const v of order) await measure(goal, v, concurrency, round, ops[v]);
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadStart = loadAverage();
  gitDescribe(); // the commit measured, before any report is written
  log(
    `profile: ${args.full ? 'full' : 'quick'}; goals ${[...opts.goals].join(',')}; starts at c=${opts.concurrency.join(',')}; actions at c=${opts.actionConcurrency.join(',')}; ` +
      `${opts.rounds} rounds × (${opts.warmup} s warm-up + ${opts.seconds} s) per variant`,
  );
  log(`estimated total run time ≈ ${Math.ceil(estimateS / 60)} min (hard limit ${Math.ceil(hardLimitMs / 60_000)} min); machine: ${os.cpus().length} cores, load average ${loadStart}`);
  installCleanupHandlers(hardLimitMs);

  if (!args['skip-build']) ensureBuilt();
  const cpuProfileDir = args.profile ? mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-bench-prof-')) : undefined;
  stack = await startStack({ tag: 'load', api: true, baselineWorker: true, cpuProfileDir });

  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const http = new Pool(stack.apiUrl!, { connections: 512, pipelining: 1, keepAliveTimeout: 60_000 });
  const monitor = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const pg = new PgBackends(monitor, stack.dbName);
  meter = new CpuMeter(
    () => ({ api: stack.procs.api?.pid, worker: stack.procs.worker.pid, baseline: stack.procs.baseline?.pid, temporal: stack.procs.temporal.pid }),
    pg,
  );
  const caseworker = `Bearer ${token(stack.jwtSecret, { sub: 'bench-caseworker', role: 'caseworker', org: STREET })}`;
  const runId = randomUUID().slice(0, 8);

  const post = async (pathname: string, body: string, expect: number, idempotencyKey?: string): Promise<unknown> => {
    const headers = { authorization: caseworker, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) };
    const res = await http.request({ path: pathname, method: 'POST', headers, body });
    if (res.statusCode !== expect) {
      const text = await res.body.text();
      throw new Error(`HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    }
    return res.body.json();
  };

  // Smoke: one case through the API and one raw start, so a broken setup fails before the clock runs.
  let n = 0;
  const created = (await post('/v1/cases', dibaoBody(n++), 201)) as { caseId: string; step: string; dueDate: string };
  log(`smoke: case ${created.caseId} at ${created.step}, due ${created.dueDate}`);
  await client.workflow.execute('trivialWorkflow', { taskQueue: stack.baselineTaskQueue, workflowId: `raw-smoke-${runId}`, args: [1] });

  // What one operation asks of Temporal: the histories of a started case and of two actions on it.
  const caseHandle = client.workflow.getHandle(created.caseId);
  // The start answers before the workflow's first task has run: its shape once that task is done.
  let afterStart = await historyShape(caseHandle);
  for (let i = 0; afterStart.workflowTasks === 0 && i < 100; i++) {
    await sleep(100);
    afterStart = await historyShape(caseHandle);
  }
  await post(`/v1/cases/${created.caseId}/actions`, JSON.stringify({ action: 'request-supplement', items: ['收入证明'] }), 200);
  await post(`/v1/cases/${created.caseId}/actions`, JSON.stringify({ action: 'supplement-received' }), 200);
  const afterActions = await historyShape(caseHandle);
  const rawStart = await historyShape(client.workflow.getHandle(`raw-smoke-${runId}`));
  const appendHandle = await client.workflow.start('appendWorkflow', { taskQueue: stack.baselineTaskQueue, workflowId: `raw-smoke-append-${runId}`, args: [] });
  await appendHandle.executeUpdate(appendUpdate, { args: [0] });
  const appendBefore = await historyShape(appendHandle);
  await appendHandle.executeUpdate(appendUpdate, { args: [1] });
  await appendHandle.executeUpdate(appendUpdate, { args: [2] });
  const appendAfter = await historyShape(appendHandle);
  await appendHandle.signal(finishSignal);
  histories = { afterStart, perAction: diffShape(afterActions, afterStart, 2), rawStart, rawUpdate: diffShape(appendAfter, appendBefore, 2) };
  log(`a case start: ${describeShape(afterStart)}; an action: ${describeShape(histories.perAction)}`);

  // Idle CPU of each process, for reading small numbers and for the quiescence threshold.
  await sleep(2000);
  await meter.begin();
  await sleep(3000);
  const idle = await meter.end();
  idlePerSec = Object.fromEntries(Object.entries(idle).map(([k, v]) => [k, v / 3]));
  log(`idle CPU ms/s: ${Object.entries(idlePerSec).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);

  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  const loadFrom = monotonicUs();
  // ---- P1: starts ----
  if (p1) {
    let rawSeq = 0;
    const ops: Record<Variant, Operation> = {
      raw: async () => {
        const i = rawSeq++;
        await client.workflow.start('trivialWorkflow', { taskQueue: stack.baselineTaskQueue, workflowId: `raw-start-${runId}-${i}`, args: [i] });
      },
      api: async () => {
        const v = (await post('/v1/cases', dibaoBody(n++), 201)) as { caseId: string };
        startedCases.push(v.caseId);
      },
    };
    for (const c of opts.concurrency) {
      startedCases = [];
      await alternate('p1', c, ops);
      // What the load did to the cases' histories: a sample of this level's cases.
      troubles.push({ goal: 'p1', concurrency: c, ...(await historyTroubles(client, sample(startedCases, 30))) });
      await quiesce();
    }
  }

  // ---- P2: actions ----
  let actionsPerCase = { api: 0, raw: 0 };
  if (p2) {
    const poolSize = Math.max(32, 4 * Math.max(...opts.actionConcurrency));
    log(`P2: creating ${poolSize} cases through the API and starting ${poolSize} baseline workflows (not measured)`);
    const cases: { id: string; suspended: boolean; busy: boolean; actions: number }[] = [];
    // Not measured: a 503 (a loaded machine past the API's Temporal deadline) is retried as the API asks, with the same key.
    const createOne = async () => {
      const i = n++;
      const key = `bench-pool-${runId}-${i}`;
      for (let attempt = 1; ; attempt++) {
        try {
          const v = (await post('/v1/cases', dibaoBody(i), 201, key)) as { caseId: string; suspended: boolean };
          cases.push({ id: v.caseId, suspended: v.suspended, busy: false, actions: 0 });
          return;
        } catch (err) {
          if (attempt >= POOL_ATTEMPTS || !(err instanceof Error) || !err.message.startsWith('HTTP 503')) throw err;
          await sleep(1000 * attempt);
        }
      }
    };
    await runBatch(poolSize, 16, createOne);
    const raws: { handle: WorkflowHandle; busy: boolean; actions: number }[] = [];
    await runBatch(poolSize, 16, async () => {
      const handle = await client.workflow.start('appendWorkflow', { taskQueue: stack.baselineTaskQueue, workflowId: `raw-update-${runId}-${raws.length}-${randomUUID().slice(0, 6)}`, args: [] });
      raws.push({ handle, busy: false, actions: 0 });
    });
    await quiesce();
    // Each loop holds one entity for ACTIONS_PER_TURN operations, then takes the next free one.
    const rotation = <T extends { busy: boolean; actions: number }>(pool: T[]) => {
      let cursor = 0;
      const held = new Map<number, { item: T; left: number }>();
      return (loop: number): T => {
        let h = held.get(loop);
        if (!h || h.left <= 0) {
          if (h) h.item.busy = false;
          let item = pool[cursor++ % pool.length]!;
          for (let tries = 0; item.busy && tries < pool.length; tries++) item = pool[cursor++ % pool.length]!;
          item.busy = true;
          h = { item, left: ACTIONS_PER_TURN };
          held.set(loop, h);
        }
        h.left--;
        h.item.actions++;
        return h.item;
      };
    };
    const nextCase = rotation(cases);
    const nextRaw = rotation(raws);
    let seq = 0;
    const ops: Record<Variant, Operation> = {
      raw: async (loop) => {
        await nextRaw(loop).handle.executeUpdate(appendUpdate, { args: [seq++] });
      },
      api: async (loop) => {
        const c = nextCase(loop);
        const body = c.suspended
          ? { action: 'supplement-received', note: '材料已补齐' }
          : { action: 'request-supplement', items: ['户口簿复印件', '收入证明'] };
        try {
          const v = (await post(`/v1/cases/${c.id}/actions`, JSON.stringify(body), 200)) as { suspended: boolean };
          c.suspended = v.suspended;
        } catch (err) {
          // Re-read the state so the next action on this case is the right one.
          const res = await http.request({ path: `/v1/cases/${c.id}`, method: 'GET', headers: { authorization: caseworker } });
          if (res.statusCode === 200) c.suspended = ((await res.body.json()) as { suspended: boolean }).suspended;
          else await res.body.dump();
          throw err;
        }
      },
    };
    for (const c of opts.actionConcurrency) {
      await alternate('p2', c, ops);
      troubles.push({ goal: 'p2', concurrency: c, ...(await historyTroubles(client, sample(cases.map((x) => x.id), 30))) });
      await quiesce();
    }
    actionsPerCase = { api: Math.max(...cases.map((c) => c.actions)), raw: Math.max(...raws.map((r) => r.actions)) };
    await Promise.all(raws.map((r) => r.handle.signal(finishSignal).catch(() => {})));
  }

  // ---- Emergency burst (issue 22) ----
  if (emergency) {
    const request = async (pathname: string, body: string, idempotencyKey?: string) => {
      const t = performance.now();
      const res = await http.request({
        path: pathname,
        method: 'POST',
        headers: { authorization: caseworker, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        body,
      });
      const text = await res.body.text();
      const ms = performance.now() - t;
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: kept as text for the error kinds
      }
      return { status: res.statusCode, ms, body: parsed };
    };
    await quiesce();
    emergencyFigures = await runEmergency(
      {
        client,
        baselineTaskQueue: stack.baselineTaskQueue,
        databaseUrl: stack.databaseUrl,
        runId,
        request,
        log,
        cpu: { begin: () => meter.begin(), quiesce, end: () => meter.end() },
      },
      opts.emergencyCases,
      opts.emergencyConcurrency,
    );
    emergencyHistory = await historyShape(client.workflow.getHandle(emergencyFigures.sampleCaseId));
  }

  const loadTo = monotonicUs();
  const loadEnd = loadAverage();
  const finishedAt = new Date();
  await http.close();
  await monitor.end({ timeout: 5 });
  await connection.close();
  await teardown(false);

  let profiles: ProfileSummary[] = [];
  if (cpuProfileDir) {
    for (const name of ['api', 'worker', 'baseline']) profiles.push(...profilesIn(path.join(cpuProfileDir, name)).map((f) => summariseProfile(f, ROOT, [loadFrom, loadTo])));
    profiles = profiles.filter((p) => p.totalMs > 50);
    rmSync(cpuProfileDir, { recursive: true, force: true });
  }

  const { file, jsonFile } = writeReport({ startedAt, finishedAt, loadStart, loadEnd, actionsPerCase, profiles });
  log(`report: ${path.relative(ROOT, file)} (data: ${path.relative(ROOT, jsonFile)})`);
  log(`total run time ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s`);
}

interface HistoryShape {
  events: number;
  workflowTasks: number;
  activities: Record<string, number>;
  updates: number;
  timers: number;
}
/** Timeouts, failures and retries found in a sample of the cases' histories after each level. */
interface Troubles {
  cases: number;
  events: number;
  workflowTaskTimeouts: Record<string, number>;
  workflowTaskFailures: number;
  activityTimeouts: number;
  activityFailures: number;
  activityRetries: number;
}
let startedCases: string[] = [];
let emergencyFigures: EmergencyFigures | undefined;
let emergencyHistory: HistoryShape | undefined;
const troubles: ({ goal: 'p1' | 'p2'; concurrency: number } & Troubles)[] = [];

function sample<T>(xs: T[], k: number): T[] {
  if (xs.length <= k) return [...xs];
  const step = xs.length / k;
  return Array.from({ length: k }, (_, i) => xs[Math.floor(i * step)]!);
}

const TIMEOUT_TYPES: Record<number, string> = { 1: 'start-to-close', 2: 'schedule-to-start', 3: 'schedule-to-close', 4: 'heartbeat' };

async function historyTroubles(client: Client, ids: string[]): Promise<Troubles> {
  const t: Troubles = { cases: 0, events: 0, workflowTaskTimeouts: {}, workflowTaskFailures: 0, activityTimeouts: 0, activityFailures: 0, activityRetries: 0 };
  for (const id of ids) {
    let events;
    try {
      events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
    } catch {
      continue;
    }
    t.cases++;
    t.events += events.length;
    for (const e of events) {
      const wto = e.workflowTaskTimedOutEventAttributes;
      if (wto) {
        const k = TIMEOUT_TYPES[Number(wto.timeoutType)] ?? String(wto.timeoutType);
        t.workflowTaskTimeouts[k] = (t.workflowTaskTimeouts[k] ?? 0) + 1;
      }
      if (e.workflowTaskFailedEventAttributes) t.workflowTaskFailures++;
      if (e.activityTaskTimedOutEventAttributes) t.activityTimeouts++;
      if (e.activityTaskFailedEventAttributes) t.activityFailures++;
      const attempt = e.activityTaskStartedEventAttributes?.attempt ?? 1;
      if (attempt > 1) t.activityRetries += attempt - 1;
    }
  }
  return t;
}

let histories: { afterStart: HistoryShape; perAction: HistoryShape; rawStart: HistoryShape; rawUpdate: HistoryShape } | undefined;

async function historyShape(handle: WorkflowHandle): Promise<HistoryShape> {
  const events = (await handle.fetchHistory()).events ?? [];
  const shape: HistoryShape = { events: events.length, workflowTasks: 0, activities: {}, updates: 0, timers: 0 };
  for (const e of events) {
    if (e.workflowTaskCompletedEventAttributes) shape.workflowTasks++;
    const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) shape.activities[activity] = (shape.activities[activity] ?? 0) + 1;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) shape.updates++;
    if (e.timerStartedEventAttributes) shape.timers++;
  }
  return shape;
}

function diffShape(after: HistoryShape, before: HistoryShape, n: number): HistoryShape {
  const activities: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.activities)) {
    const d = (v - (before.activities[k] ?? 0)) / n;
    if (d > 0) activities[k] = d;
  }
  return {
    events: (after.events - before.events) / n,
    workflowTasks: (after.workflowTasks - before.workflowTasks) / n,
    activities,
    updates: (after.updates - before.updates) / n,
    timers: (after.timers - before.timers) / n,
  };
}

function describeShape(h: HistoryShape): string {
  const acts = Object.values(h.activities).reduce((s, v) => s + v, 0);
  return `${h.events} history events, ${h.workflowTasks} workflow tasks, ${acts} activities`;
}

async function runBatch(count: number, concurrency: number, fn: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) {
        next++;
        await fn();
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

interface Summary {
  opsPerSec: number;
  /** Median over rounds of the per-round throughput. */
  medianOpsPerSec: number;
  lat: Percentiles;
  errors: number;
  totalErrors: number;
  ops: number;
  cpuPerOp: Record<string, number>;
  rounds: number;
}

function summarise(goal: 'p1' | 'p2', variant: Variant, concurrency: number): Summary | undefined {
  const rs = rounds.filter((r) => r.goal === goal && r.variant === variant && r.concurrency === concurrency);
  if (rs.length === 0) return undefined;
  const ops = rs.reduce((s, r) => s + r.result.ops, 0);
  const windowMs = rs.reduce((s, r) => s + r.result.windowMs, 0);
  // CPU from each round's quiet start to its quiet end, over every operation the round completed.
  const cpuOps = rs.reduce((s, r) => s + r.result.totalOps, 0);
  const cpuPerOp: Record<string, number> = {};
  for (const name of PROC_NAMES) {
    const total = rs.reduce((s, r) => s + (r.cpu[name] ?? 0), 0);
    cpuPerOp[name] = cpuOps > 0 ? total / cpuOps : NaN;
  }
  cpuPerOp.total = PROC_NAMES.reduce((s, k) => s + (cpuPerOp[k] ?? 0), 0);
  const per = rs.map((r) => r.result.opsPerSec).sort((a, b) => a - b);
  return {
    opsPerSec: (ops * 1000) / windowMs,
    medianOpsPerSec: per[Math.floor((per.length - 1) / 2)]!,
    lat: percentiles(mergeHistograms(rs.map((r) => r.result.histogram))),
    errors: rs.reduce((s, r) => s + r.result.errors, 0),
    totalErrors: rs.reduce((s, r) => s + r.result.totalErrors, 0),
    ops,
    cpuPerOp,
    rounds: rs.length,
  };
}

/** Median over rounds of API/raw throughput, pairing round i of each (measured back to back). */
function pairedRatio(goal: 'p1' | 'p2', concurrency: number): number {
  const a = rounds.filter((r) => r.goal === goal && r.concurrency === concurrency && r.variant === 'api');
  const b = rounds.filter((r) => r.goal === goal && r.concurrency === concurrency && r.variant === 'raw');
  const ratios = a.map((r, i) => r.result.opsPerSec / (b[i]?.result.opsPerSec ?? NaN)).filter(Number.isFinite).sort((x, y) => x - y);
  return ratios.length ? ratios[Math.floor((ratios.length - 1) / 2)]! : NaN;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const fx = (x: number) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(0) : x.toFixed(1)) + '×' : 'n/a');
const fr = (x: number) => (Number.isFinite(x) ? (x < 0.1 ? x.toFixed(3) : x.toFixed(2)) : 'n/a');

function writeReport(meta: {
  startedAt: Date;
  finishedAt: Date;
  loadStart: string;
  loadEnd: string;
  actionsPerCase: { api: number; raw: number };
  profiles: ProfileSummary[];
}): { file: string; jsonFile: string } {
  const dir = path.join(ROOT, 'bench', 'reports');
  mkdirSync(dir, { recursive: true });
  const day = meta.startedAt.toISOString().slice(0, 10);
  let file = args.out ? path.resolve(args.out) : path.join(dir, `load-${day}.md`);
  if (!args.out && existsSync(file)) file = path.join(dir, `load-${day}-${meta.startedAt.toISOString().slice(11, 16).replace(':', '')}.md`);
  const jsonFile = file.replace(/\.md$/, '') + '.json';

  const L: string[] = [];
  L.push(`# Load bench: the cost of a case (${meta.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`, '');
  L.push(`Written by \`npm run bench:load${process.argv.slice(2).length ? ' -- ' + process.argv.slice(2).join(' ') : ''}\` (scripts/bench-load.ts). Ratios compare the API path with the raw Temporal baseline measured in the same run, alternated A/B per round (the order swaps every round).`, '');
  L.push('| | |', '| --- | --- |');
  L.push(`| commit | ${gitDescribe()} |`);
  L.push(`| profile | ${args.full ? 'full' : 'quick'}: ${opts.rounds} rounds × (${opts.warmup} s warm-up + ${opts.seconds} s measured) per variant and concurrency |`);
  L.push(`| machine | ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} |`);
  L.push(`| load average (1/5/15 min) | start ${meta.loadStart}; end ${meta.loadEnd} |`);
  L.push(`| run time | ${((meta.finishedAt.getTime() - meta.startedAt.getTime()) / 1000).toFixed(0)} s |`);
  L.push(`| services | Temporal dev server (\`temporal server start-dev\`, SQLite file in WAL mode with synchronous=off), PostgreSQL 127.0.0.1:5432 (shared with other work on this machine), production worker \`node dist/worker.js\` (SDK default worker options), API \`node dist/server.js\` (NODE_ENV=production, LOG_LEVEL=warn) |`);
  L.push(`| idle CPU (ms per s) | ${Object.entries(idlePerSec).map(([k, v]) => `${k} ${f1(v)}`).join(', ')} |`);
  L.push('');

  const goalTable = (goal: 'p1' | 'p2', concs: number[], rawName: string, apiName: string) => {
    L.push(`| concurrency | raw ${rawName}/s | API ${apiName}/s | throughput API/raw | raw p50 ms | raw p99 ms | API p50 ms | API p99 ms | p99 API/raw | errors raw/API (all phases) |`);
    L.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of concs) {
      const raw = summarise(goal, 'raw', c);
      const api = summarise(goal, 'api', c);
      if (!raw || !api) continue;
      L.push(
        `| ${c} | ${f1(raw.opsPerSec)} | ${f1(api.opsPerSec)} | ${fr(pairedRatio(goal, c))} | ${f2(raw.lat.p50)} | ${f2(raw.lat.p99)} | ${f2(api.lat.p50)} | ${f2(api.lat.p99)} | ${fx(api.lat.p99 / raw.lat.p99)} | ${raw.totalErrors}/${api.totalErrors} |`,
      );
    }
    L.push('');
    L.push('<details><summary>per round (ops/s)</summary>', '');
    L.push('| concurrency | round | raw | API | API/raw |', '| ---: | ---: | ---: | ---: | ---: |');
    for (const c of concs) {
      for (let i = 1; i <= opts.rounds; i++) {
        const raw = rounds.find((r) => r.goal === goal && r.variant === 'raw' && r.concurrency === c && r.round === i);
        const api = rounds.find((r) => r.goal === goal && r.variant === 'api' && r.concurrency === c && r.round === i);
        if (raw && api) L.push(`| ${c} | ${i} | ${f1(raw.result.opsPerSec)} | ${f1(api.result.opsPerSec)} | ${fr(api.result.opsPerSec / raw.result.opsPerSec)} |`);
      }
    }
    L.push('', '</details>', '');
  };

  if (p1) {
    L.push('## P1 — case starts', '');
    L.push('API: `POST /v1/cases` with a valid 低保 body (fresh resident ID, no Idempotency-Key): the API reads acceptance’s facts, starts `dibaoWorkflow` and records the accepted case (its deadline, its 受理 entry and number) in the read model itself, then answers; the workflow’s first task, run by the worker meanwhile or after, accepts the same case and confirms the record (its CPU is counted: each round’s CPU runs until the services are quiet again). Raw: `client.workflow.start` of `trivialWorkflow` (bench/load/baseline-workflows.ts) on its own task queue and worker; the call returns once Temporal has accepted the start. Throughput ratio: median over rounds of API/raw of the paired rounds. Latency percentiles: all measured operations of all rounds (HDR).', '');
    goalTable('p1', opts.concurrency, 'starts', 'starts');
  }
  if (p2) {
    L.push('## P2 — a caseworker action', '');
    L.push(`API: \`POST /v1/cases/:id/actions\`, \`request-supplement\` then \`supplement-received\`, alternating, on cases created before (each loop takes ${ACTIONS_PER_TURN} actions on a case, then the next free case of the pool; at most ${meta.actionsPerCase.api} actions on one case by the end). Raw: \`executeUpdate\` of \`append\` on a running \`appendWorkflow\` (appends a number to an array and returns the array; at most ${meta.actionsPerCase.raw} per workflow).`, '');
    goalTable('p2', opts.actionConcurrency, 'updates', 'actions');
  }

  L.push('## P5 — CPU-ms per operation, per process', '');
  L.push('Each round\'s CPU is read from a quiet start (the previous round\'s work done) to a quiet end (the services back at their idle CPU rate, at most 60 s after the last answer), and divided by every operation the round completed (warm-up, window and drain), so asynchronous work (the trivial workflow\'s completion task, a backlog the raw starts left the baseline worker) belongs to the operations that caused it. `driver` is this bench process (the HTTP client for the API path; the Temporal client itself for the raw path). `worker` is the production worker, `baseline` the raw baseline\'s worker; each idles in the other variant. Method: `/proc/<pid>/stat` utime+stime (+cutime+cstime) of each process tree; `postgres` sums the backends connected to the bench database (pids from `pg_stat_activity`, sampled every second), not the server\'s shared background processes. `total` sums the columns.', '');
  L.push(`| goal | concurrency | variant | ${PROC_NAMES.join(' | ')} | total | total API/raw |`);
  L.push(`| --- | ---: | --- | ${PROC_NAMES.map(() => '---:').join(' | ')} | ---: | ---: |`);
  const cpuRows = (goal: 'p1' | 'p2', concs: number[]) => {
    for (const c of concs) {
      const raw = summarise(goal, 'raw', c);
      const api = summarise(goal, 'api', c);
      if (!raw || !api) continue;
      for (const [v, s] of [['raw', raw], ['API', api]] as const) {
        L.push(`| ${goal.toUpperCase()} | ${c} | ${v} | ${PROC_NAMES.map((k) => f2(s.cpuPerOp[k]!)).join(' | ')} | ${f2(s.cpuPerOp.total!)} | ${v === 'API' ? fx(api.cpuPerOp.total! / raw.cpuPerOp.total!) : ''} |`);
      }
    }
  };
  if (p1) cpuRows('p1', opts.concurrency);
  if (p2) cpuRows('p2', opts.actionConcurrency);
  L.push('');
  if (emergencyFigures) L.push(...emergencySection(emergencyFigures, PROC_NAMES));

  // Where the CPU goes on the API path, in shares of its total.
  L.push('### Where the API path\'s CPU goes', '');
  const shares = (goal: 'p1' | 'p2', concs: number[], what: string) => {
    for (const c of concs) {
      const api = summarise(goal, 'api', c);
      const raw = summarise(goal, 'raw', c);
      if (!api || !raw) continue;
      const total = api.cpuPerOp.total!;
      const parts = PROC_NAMES.map((k) => [k, api.cpuPerOp[k]!] as const)
        .filter(([, v]) => v / total >= 0.02)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)} %`);
      L.push(`- ${what}, c=${c}: ${f2(total)} CPU-ms per op (raw ${f2(raw.cpuPerOp.total!)}): ${parts.join(', ')}.`);
    }
  };
  if (p1) shares('p1', opts.concurrency, 'P1 start');
  if (p2) shares('p2', opts.actionConcurrency, 'P2 action');
  L.push('');
  L.push('Absolute numbers are noisy on a shared 2-core machine (see the load average); read the ratios, and compare reports of the same profile.', '');

  if (histories) {
    L.push('## What one operation asks of Temporal', '');
    L.push('From the histories of the smoke case (started through the API, then `request-supplement` and `supplement-received`) and of the baseline workflows. Each workflow task is a poll, an activation in the worker\'s sandbox and a completion; each activity a schedule, a poll, a run and a completion, each persisted by the Temporal server.', '');
    L.push('| operation | history events | workflow tasks | activities | Updates | timers started |', '| --- | ---: | ---: | --- | ---: | ---: |');
    const row = (name: string, h: HistoryShape) =>
      L.push(`| ${name} | ${f1(h.events)} | ${f1(h.workflowTasks)} | ${Object.entries(h.activities).map(([k, v]) => `${k} ×${f1(v)}`).join(', ') || '—'} | ${f1(h.updates)} | ${f1(h.timers)} |`);
    row('API case start (whole history after its first workflow task)', histories.afterStart);
    row('API action (per action, mean of two)', histories.perAction);
    row('raw start (trivialWorkflow, to completion)', histories.rawStart);
    row('raw Update (per Update, mean of two)', histories.rawUpdate);
    if (emergencyHistory) row('emergency case, accepted and approved (paid, paperwork due)', emergencyHistory);
    L.push('');
  }

  if (troubles.length > 0) {
    L.push('## Timeouts and retries in the cases\' histories', '');
    L.push('After each concurrency level, a sample of the API path\'s cases (P1: cases started at that level; P2: the pool) is read back from Temporal. A workflow task that times out is done again (schedule-to-start: its sticky worker did not take it within 10 s, so another poll replays the whole history); an activity retry runs the activity again.', '');
    L.push('| goal | concurrency | cases | events per case | workflow-task timeouts | workflow-task failures | activity timeouts | activity failures | activity retries |');
    L.push('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
    for (const t of troubles) {
      const wto = Object.entries(t.workflowTaskTimeouts).map(([k, v]) => `${v} ${k}`).join(', ') || '0';
      L.push(`| ${t.goal.toUpperCase()} | ${t.concurrency} | ${t.cases} | ${f1(t.events / Math.max(1, t.cases))} | ${wto} | ${t.workflowTaskFailures} | ${t.activityTimeouts} | ${t.activityFailures} | ${t.activityRetries} |`);
    }
    L.push('');
  }

  if (meta.profiles.length > 0) {
    L.push('## CPU profiles (`--profile`)', '');
    L.push('V8 CPU profiles (`node --cpu-prof`, one per thread; the production worker\'s workflow sandbox runs in its own thread), counting only the samples taken while the goals ran (not start-up, the smoke test or shutdown). Self time by place and the top functions. Native work outside V8 (the Temporal core\'s Rust threads in a worker) is not in them: compare a profile\'s total with that process\'s CPU above. The profiler itself adds some overhead to this run\'s numbers.', '');
    for (const p of meta.profiles) {
      const who = path.basename(path.dirname(p.file));
      L.push(`### ${who}: ${path.basename(p.file)} — ${(p.totalMs / 1000).toFixed(1)} s sampled CPU over ${(p.wallMs / 1000).toFixed(0)} s`, '');
      L.push('| place | ms | share |', '| --- | ---: | ---: |');
      for (const [k, v] of p.byPlace) L.push(`| ${k} | ${v.toFixed(0)} | ${((100 * v) / p.totalMs).toFixed(1)} % |`);
      L.push('', '| function | ms | share |', '| --- | ---: | ---: |');
      for (const [k, v] of p.byFunction) L.push(`| \`${k.replace(/\|/g, '\\|')}\` | ${v.toFixed(0)} | ${((100 * v) / p.totalMs).toFixed(1)} % |`);
      L.push('');
    }
  }

  writeFileSync(file, L.join('\n'));
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        startedAt: meta.startedAt,
        finishedAt: meta.finishedAt,
        commit: gitDescribe(),
        options: opts,
        goals: [...opts.goals],
        loadAverage: { start: meta.loadStart, end: meta.loadEnd },
        cores: os.cpus().length,
        idleCpuMsPerSec: idlePerSec,
        county: COUNTY,
        histories,
        troubles,
        emergency: emergencyFigures,
        emergencyHistory,
        profiles: meta.profiles,
        rounds: rounds.map((r) => ({ goal: r.goal, variant: r.variant, concurrency: r.concurrency, round: r.round, ops: r.result.ops, errors: r.result.errors, totalOps: r.result.totalOps, totalErrors: r.result.totalErrors, errorKinds: r.result.errorKinds, opsPerSec: r.result.opsPerSec, warmupMs: r.result.warmupMs, drainMs: r.result.drainMs, latencyMs: percentiles(r.result.histogram), cpuMs: r.cpu, quietMs: r.quietMs })),
      },
      null,
      2,
    ) + '\n',
  );
  return { file, jsonFile };
}

main().catch(async (err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await teardown(true);
  process.exit(1);
});
