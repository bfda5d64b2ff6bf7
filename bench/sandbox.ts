/**
 * `npm run bench:sandbox` — what the worker's workflow sandbox costs per workflow, without a server or a
 * database: every committed history (test/histories) replayed `--rounds` times through
 * `Worker.runReplayHistories`, which creates each workflow afresh in the sandbox and runs all of its
 * activations, with the bundle as production builds it (src/workflow-bundle.ts) against the same bundle
 * without the shared domain modules (src/workflows/shared-modules.ts). Both variants alternate, round by
 * round; CPU is this process's (the replay runs in the SDK's workflow thread inside it).
 *
 * Writes bench/reports/sandbox-<date>.md. Options: --rounds 20 --out FILE
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Runtime, DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
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
const variants = {
  'as built (shared domain modules)': await bundleWorkflowCode({ ...base, preloadModules: SHARED_WORKFLOW_MODULES }),
  'without shared modules': await bundleWorkflowCode(base),
};

/** One round: every history once, each as a new workflow; CPU-ms and wall ms for the round. */
async function round(bundle: (typeof variants)[keyof typeof variants], r: number): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const all = histories.map((history, i) => ({ workflowId: `replay-${r}-${i}`, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) }, all)) {
    if (result.error) throw result.error;
  }
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

const load = { start: loadAverage() };
const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
await round(variants['as built (shared domain modules)'], -1); // warm-up: the SDK's own start-up
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? Object.entries(variants) : Object.entries(variants).reverse();
  for (const [name, bundle] of order) {
    const { cpuMs } = await round(bundle, r);
    results[name]!.push(cpuMs / histories.length);
    console.log(`[sandbox] round ${r + 1}/${rounds} ${name}: ${(cpuMs / histories.length).toFixed(2)} CPU-ms a workflow`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [built, plain] = Object.values(results).map(median) as [number, number];

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
  `**Shared domain modules: ${(plain - built).toFixed(2)} CPU-ms less per workflow (${(((plain - built) / plain) * 100).toFixed(0)} %).** A workflow pays this once per creation in the worker's cache (its start, or its return after an eviction), not per activation.`,
  '',
];
await writeFile(out, `${L.join('\n')}\n`);
console.log(`[sandbox] report: ${out}`);
await Runtime.instance().shutdown();
