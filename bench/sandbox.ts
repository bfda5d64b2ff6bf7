/**
 * `npm run bench:sandbox` — what the worker's workflow sandbox costs per workflow, without a server or a
 * database: every committed history (test/histories) replayed `--rounds` times through
 * `Worker.runReplayHistories`, which creates each workflow afresh in the sandbox and runs all of its
 * activations, with the bundle as production builds it (src/workflow-bundle.ts) against the same bundle
 * without the shared domain modules (src/workflows/shared-modules.ts), and — a measurement only, production
 * cannot do it — the built bundle with the SDK's promise hook stopped: the SDK records where every promise
 * in a workflow was created (for its stack-trace query), building an Error and its source-mapped stack for
 * each one (temporalio/sdk-typescript#1587). The variants alternate, round by round; CPU is this process's
 * (a replay runs the sandbox in this thread). It also counts the promises each history's workflow creates.
 *
 * Writes bench/reports/sandbox-<date>.md. Options: --rounds 20 --out FILE
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Runtime, DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
// The SDK's hook into every promise of the sandbox: an internal, reached here only to measure its price.
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { SHARED_WORKFLOW_MODULES, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../src/worker-setup.js';
import { TEST_PAYLOAD_KEYS } from '../test/support/harness.js';
import { loadAverage } from './load/cpu.js';
import { gitDescribe } from './load/stack.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, out: { type: 'string' } } });
const rounds = Number(args.rounds);
Runtime.install({ logger: new DefaultLogger('WARN') });

const DIR = 'test/histories';
const files = (await readdir(DIR)).filter((f) => f.endsWith('.json')).sort();
const histories = await Promise.all(files.map(async (f) => historyFromJSON(JSON.parse(await readFile(`${DIR}/${f}`, 'utf8')))));
const events = histories.reduce((n, h) => n + (h.events?.length ?? 0), 0);
const logger = new DefaultLogger('WARN');
const base = { workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger };
const built = await bundleWorkflowCode({ ...base, preloadModules: SHARED_WORKFLOW_MODULES });
const BUILT = 'as built (shared domain modules)';
const NO_HOOK = 'as built, the SDK’s promise hook stopped (measurement only)';
const variants = {
  [BUILT]: built,
  'without shared modules': await bundleWorkflowCode(base),
  [NO_HOOK]: built,
};
const hooks = globalHandlers as unknown as { stopPromiseHook(): void; setPromiseHook(): void };

/** One round: every history once, each as a new workflow; CPU-ms and wall ms for the round. */
async function round(bundle: (typeof variants)[keyof typeof variants], r: number, promiseHook = true): Promise<{ cpuMs: number; wallMs: number }> {
  if (!promiseHook) hooks.stopPromiseHook();
  try {
    return await replayAll(bundle, r);
  } finally {
    if (!promiseHook) hooks.setPromiseHook();
  }
}

/** Replays these histories, each as a new workflow; the first that does not replay throws. */
async function replay(bundle: (typeof variants)[keyof typeof variants], workflows: { workflowId: string; history: (typeof histories)[number] }[]): Promise<void> {
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) }, workflows)) {
    if (result.error) throw result.error;
  }
}

async function replayAll(bundle: (typeof variants)[keyof typeof variants], r: number): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await replay(bundle, histories.map((history, i) => ({ workflowId: `replay-${r}-${i}`, history })));
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

/** The promises each history's workflow creates in the sandbox (those whose realm has a workflow activator). */
async function promisesPerHistory(): Promise<number[]> {
  let count = 0;
  const counter = v8.promiseHooks.createHook({
    init: (p: Promise<unknown>) => {
      if ((p.constructor.constructor as FunctionConstructor)('return globalThis.__TEMPORAL_ACTIVATOR__')()) count++;
    },
  });
  const counts: number[] = [];
  try {
    for (const [i, history] of histories.entries()) {
      count = 0;
      await replay(built, [{ workflowId: `count-${i}`, history }]);
      counts.push(count);
    }
  } finally {
    counter();
  }
  return counts;
}

const load = { start: loadAverage() };
const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
await round(built, -1); // warm-up: the SDK's own start-up
const promises = await promisesPerHistory();
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? Object.entries(variants) : Object.entries(variants).reverse();
  for (const [name, bundle] of order) {
    const { cpuMs } = await round(bundle, r, name !== NO_HOOK);
    results[name]!.push(cpuMs / histories.length);
    console.log(`[sandbox] round ${r + 1}/${rounds} ${name}: ${(cpuMs / histories.length).toFixed(2)} CPU-ms a workflow`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [asBuilt, plain, unhooked] = [BUILT, 'without shared modules', NO_HOOK].map((k) => median(results[k]!)) as [number, number, number];
const tasks = histories.reduce((n, h) => n + (h.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length, 0);
const allPromises = promises.reduce((a, b) => a + b, 0);
const perPromiseUs = ((asBuilt - unhooked) * histories.length * 1000) / allPromises;
const byName = (name: string) => promises[files.indexOf(`${name}.json`)];

const date = new Date().toISOString().slice(0, 10);
const out = args.out ?? `bench/reports/sandbox-${date}.md`;
const L = [
  `# The workflow sandbox's cost per workflow (${date})`,
  '',
  `Written by \`npm run bench:sandbox\` (bench/sandbox.ts): the ${histories.length} committed histories (${events} events) replayed ${rounds} times per variant, alternating, each as a new workflow in the worker's sandbox; CPU of this process per workflow replayed, median over rounds. Commit ${gitDescribe()}; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}); load average at start ${load.start}, at end ${loadAverage()}.`,
  '',
  '| bundle | CPU-ms per workflow (median) | rounds (min – max) |',
  '| --- | ---: | --- |',
  ...Object.entries(results).map(([name, xs]) => `| ${name} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)} – ${Math.max(...xs).toFixed(2)} |`),
  '',
  `**Shared domain modules: ${(plain - asBuilt).toFixed(2)} CPU-ms less per workflow (${(((plain - asBuilt) / plain) * 100).toFixed(0)} %).** A workflow pays this once per creation in the worker's cache (its start, or its return after an eviction), not per activation.`,
  '',
  `**The SDK's promise hook: ${(asBuilt - unhooked).toFixed(2)} of the ${asBuilt.toFixed(2)} CPU-ms per workflow (${(((asBuilt - unhooked) / asBuilt) * 100).toFixed(0)} %).** The histories' workflows create ${allPromises} promises in the sandbox over ${tasks} workflow tasks (${(allPromises / tasks).toFixed(1)} a task), so each promise costs ~${perPromiseUs.toFixed(0)} µs: for each, the SDK compiles two functions in the workflow's realm, builds an Error and maps every frame of its stack through the bundle's source map, to answer its stack-trace query (temporalio/sdk-typescript#1587, open; unconditional in SDK 1.24 and since). Our workflow code's share is the promises its async functions and awaits create; the SDK's own (an activation, a condition, a timer, a local activity's scheduling) are most of them.${byName('dibao-approved-v9') !== undefined ? ` \`dibao-approved-v9\` (a 低保 case through its steps to a decision): ${byName('dibao-approved-v9')} promises.` : ''}`,
  '',
];
await writeFile(out, `${L.join('\n')}\n`);
console.log(`[sandbox] report: ${out}`);
await Runtime.instance().shutdown();
