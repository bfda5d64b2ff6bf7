/**
 * `npm run bench:memory` — P4: the production worker's memory with N open 低保 cases.
 *
 * Starts its own Temporal dev server, a fresh database and the production worker (`node
 * dist/worker.js`, as bench:load does; no API), then opens cases directly through the Temporal client
 * with the input the API would give (src/api/applicant.ts: `applicantRecord`, the `CaseInput` of
 * `startCase`) — start `dibaoWorkflow` and wait on its `caseRegistered` Update, like `POST /v1/cases`.
 * A 低保 case then waits for a caseworker's action, so every case stays open. After each checkpoint
 * (default 1,000, 5,000, 10,000, 20,000 cases) it lets the worker settle (CPU back to idle and RSS
 * steady: V8 collects garbage when idle; the worker cannot be told to GC from outside) and reads its
 * RSS from /proc. Writes bench/reports/memory-<date>.md; stops everything and drops the database.
 *
 * Options: --counts 1000,5000,10000,20000 --concurrency 32 --skip-build --out FILE
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { applicantRecord } from '../src/api/applicant.js';
import { parseConfig } from '../src/config.js';
import { AID } from '../src/domain/aid/index.js';
import { dataConverterFor } from '../src/temporal/client.js';
import type { Actor } from '../src/domain/roles.js';
import { caseRegisteredUpdate, type CaseInput } from '../src/workflows/messages.js';
import { loadAverage, memoryMiB, treeCpuMs } from './load/cpu.js';
import { residentId, STREET } from './load/fixtures.js';
import { sleep } from './load/processes.js';
import { ensureBuilt, gitDescribe, installCleanupHandlers, log, ROOT, startStack, teardown } from './load/stack.js';

const { values: args } = parseArgs({
  options: {
    counts: { type: 'string', default: '1000,5000,10000,20000' },
    concurrency: { type: 'string', default: '32' },
    'skip-build': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const counts = (args.counts ?? '')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const concurrency = Number(args.concurrency);
if (counts.length === 0 || counts.at(-1)! > 100_000 || !(concurrency >= 1 && concurrency <= 256)) {
  console.error('bad options: --counts 1000,5000 (at most 100000) --concurrency 1..256');
  process.exit(2);
}
const MAX_SETTLE_MS = 90_000;
// Bounded: ~4 cases/s on a busy 2-core machine (5–10 on a quiet one), plus settling. The report is
// rewritten after every checkpoint, so a run stopped by the limit or Ctrl-C keeps what it measured.
const estimateS = 60 + counts.at(-1)! / 4 + counts.length * 30;
const hardLimitMs = (estimateS * 2 + 300) * 1000;

const caseworker: Actor = { sub: 'bench-caseworker', role: 'caseworker', org: STREET };

interface Sample {
  cases: number;
  rss: number;
  hwm: number;
  temporalRss: number;
  settleS: number;
  startsPerSec: number;
  running?: number;
}

/** The worker's cache setting (WORKER_MAX_CACHED_WORKFLOWS, src/config.ts) and the SDK 1.24 defaults of the rest. */
function workerSettings(): { line: string; maxCachedWorkflows: number } {
  const { workerMaxCachedWorkflows: maxCachedWorkflows } = parseConfig({ ...process.env, NODE_ENV: 'development' });
  const line =
    `maxCachedWorkflows ${maxCachedWorkflows} (WORKER_MAX_CACHED_WORKFLOWS), ` +
    `reuseV8Context true, workflowThreadPoolSize 1, maxConcurrentWorkflowTaskExecutions 40, maxConcurrentActivityTaskExecutions 100, ` +
    `maxConcurrentLocalActivityExecutions 100, workflow/activity pollers at most 10 each, stickyQueueScheduleToStartTimeout 10 s, nonStickyToStickyPollRatio 0.2 (SDK defaults)`;
  return { line, maxCachedWorkflows };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadStart = loadAverage();
  gitDescribe(); // the commit measured, before any report is written
  log(`P4 worker memory: open 低保 cases up to ${counts.join(', ')} (start concurrency ${concurrency})`);
  log(`estimated run time ≈ ${Math.ceil(estimateS / 60)} min (hard limit ${Math.ceil(hardLimitMs / 60_000)} min); load average ${loadStart}`);
  installCleanupHandlers(hardLimitMs);
  if (!args['skip-build']) ensureBuilt();
  const settings = workerSettings();
  const stack = await startStack({ tag: 'memory', api: false, baselineWorker: false });
  const workerPid = stack.procs.worker.pid;
  const temporalPid = stack.procs.temporal.pid;
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: 'default', dataConverter: dataConverterFor(stack.payloadKeys) });
  const runId = randomUUID().slice(0, 8);
  const workflowType = AID.dibao.workflowType;

  /** Idle CPU and a steady RSS: the worker's heap settles (V8 runs idle-time GC) before we read it. */
  const settle = async (): Promise<number> => {
    const t0 = performance.now();
    let cpu = treeCpuMs(workerPid) ?? 0;
    let rss = memoryMiB(workerPid)?.rss ?? 0;
    let calm = 0;
    while (performance.now() - t0 < MAX_SETTLE_MS) {
      await sleep(1000);
      const cpu2 = treeCpuMs(workerPid) ?? 0;
      const rss2 = memoryMiB(workerPid)?.rss ?? 0;
      calm = cpu2 - cpu <= 30 && Math.abs(rss2 - rss) <= 1 ? calm + 1 : 0;
      cpu = cpu2;
      rss = rss2;
      if (calm >= 5) break;
    }
    return (performance.now() - t0) / 1000;
  };

  const samples: Sample[] = [];
  let failures = 0;
  const dir = path.join(ROOT, 'bench', 'reports');
  mkdirSync(dir, { recursive: true });
  const day = startedAt.toISOString().slice(0, 10);
  let file = args.out ? path.resolve(args.out) : path.join(dir, `memory-${day}.md`);
  if (!args.out && existsSync(file)) file = path.join(dir, `memory-${day}-${startedAt.toISOString().slice(11, 16).replace(':', '')}.md`);
  const report = () => ({ file, startedAt, loadStart, settings, samples, failures });
  const settle0 = await settle();
  const m0 = memoryMiB(workerPid)!;
  samples.push({ cases: 0, rss: m0.rss, hwm: m0.hwm, temporalRss: memoryMiB(temporalPid)?.rss ?? NaN, settleS: settle0, startsPerSec: NaN });
  log(`0 cases: worker RSS ${m0.rss.toFixed(0)} MiB`);

  let started = 0;
  for (const target of counts) {
    const t0 = performance.now();
    const from = started;
    let next = started;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < target) {
          const i = next++;
          const caseId = `case-mem-${runId}-${i}`;
          const input: CaseInput = {
            caseId,
            applicationId: null,
            type: 'dibao',
            orgCode: STREET,
            applicant: applicantRecord(stack.piiHashKey, { name: `申请人${i}`, idNumber: residentId(i) }),
            household: { size: 1 + (i % 4), monthlyIncomeFen: 30_000 },
            intake: {},
            acceptedBy: caseworker,
          };
          try {
            await client.workflow.start(workflowType, { taskQueue: stack.taskQueue, workflowId: caseId, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
            await client.workflow.getHandle(caseId).executeUpdate(caseRegisteredUpdate);
          } catch (err) {
            failures++;
            if (failures <= 5) log(`case ${i} failed: ${err instanceof Error ? err.message : String(err)}`);
            if (failures > 100) throw new Error('more than 100 failed case starts');
          }
          if ((i + 1) % 1000 === 0) log(`  ${i + 1} cases started (worker RSS ${memoryMiB(workerPid)?.rss.toFixed(0)} MiB)`);
        }
      }),
    );
    started = target;
    const startsPerSec = ((target - from) * 1000) / (performance.now() - t0);
    const settleS = await settle();
    const m = memoryMiB(workerPid)!;
    let running: number | undefined;
    try {
      running = (await client.workflow.count(`WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`)).count;
    } catch {
      running = undefined;
    }
    samples.push({ cases: target, rss: m.rss, hwm: m.hwm, temporalRss: memoryMiB(temporalPid)?.rss ?? NaN, settleS, startsPerSec, running });
    writeReport(false, report());
    log(`${target} cases (${running ?? '?'} running): worker RSS ${m.rss.toFixed(0)} MiB (peak ${m.hwm.toFixed(0)}), settled in ${settleS.toFixed(0)} s, ${startsPerSec.toFixed(1)} starts/s`);
  }

  await connection.close();
  await teardown(false);
  writeReport(true, report());
}

function writeReport(done: boolean, r: { file: string; startedAt: Date; loadStart: string; settings: ReturnType<typeof workerSettings>; samples: Sample[]; failures: number }): void {
  const { file, startedAt, loadStart, settings, samples, failures } = r;
  const loadEnd = loadAverage();
  const finishedAt = new Date();
  const first = samples.find((s) => s.cases === 1000) ?? samples[1] ?? samples[0]!;
  const last = samples.at(-1)!;
  const L: string[] = [];
  L.push(`# Worker-memory bench (P4): open 低保 cases (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`, '');
  L.push('Written by `npm run bench:memory` (bench/memory.ts). Cases are started through the Temporal client with the API\'s input (`applicantRecord`, `CaseInput`) and registered (`caseRegistered` Update) like `POST /v1/cases`; each waits for a caseworker action, so all stay open. RSS is `VmRSS` of `node dist/worker.js` from /proc after the worker settled (CPU idle and RSS steady for 5 s, at most 90 s).', '');
  L.push('| | |', '| --- | --- |');
  L.push(`| commit | ${gitDescribe()} |`);
  L.push(`| machine | ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} |`);
  L.push(`| load average (1/5/15 min) | start ${loadStart}; end ${loadEnd} |`);
  L.push(`| run time | ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s; ${failures} failed starts${done ? '' : `; **partial: written after the ${last.cases} checkpoint, the run was still going**`} |`);
  L.push(`| worker options in force | ${settings.line} |`, '');
  L.push('| open cases | running (visibility) | worker RSS MiB | Δ RSS MiB | KiB per added case | worker peak RSS MiB | Temporal RSS MiB | starts/s | settled after s |');
  L.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  samples.forEach((s, i) => {
    const prev = samples[i - 1];
    const d = prev ? s.rss - prev.rss : NaN;
    const perCase = prev ? (d * 1024) / (s.cases - prev.cases) : NaN;
    L.push(
      `| ${s.cases} | ${s.running ?? (s.cases === 0 ? 0 : '?')} | ${s.rss.toFixed(0)} | ${Number.isFinite(d) ? d.toFixed(0) : ''} | ${Number.isFinite(perCase) ? perCase.toFixed(1) : ''} | ${s.hwm.toFixed(0)} | ${s.temporalRss.toFixed(0)} | ${Number.isFinite(s.startsPerSec) ? s.startsPerSec.toFixed(1) : ''} | ${s.settleS.toFixed(0)} |`,
    );
  });
  L.push('');
  L.push(`RSS at ${last.cases.toLocaleString('en')} cases ÷ RSS at ${first.cases.toLocaleString('en')} cases: **${(last.rss / first.rss).toFixed(2)}×** (${last.rss.toFixed(0)} / ${first.rss.toFixed(0)} MiB).`, '');
  L.push(
    `Reading: the worker keeps at most maxCachedWorkflows = ${settings.maxCachedWorkflows} workflows in its sticky cache. With reuseV8Context (the default) they share one V8 context, but each cached run has its own instance of every module of the workflow bundle (the SDK routes webpack's module cache per workflow, reusable-vm.js) and its own copy of the context's global properties, besides its state and pending timers: the per-case cost below the cache size is mostly that. Open cases beyond the cache are evicted and replayed from history when they next get a task (a caseworker's action, a timer), so RSS flattens once the open cases exceed the cache, and the cost moves to replay CPU and Temporal history reads.`,
    '',
  );
  writeFileSync(file, L.join('\n'));
  if (done) log(`report: ${path.relative(ROOT, file)}`);
}

main().catch(async (err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await teardown(true);
  process.exit(1);
});
