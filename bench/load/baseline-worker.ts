// The raw baseline's worker, in its own process (so its CPU is measured apart from the production
// worker's) on its own task queue, running bench/load/baseline-workflows.ts bundled with
// bundleWorkflowCode. Started by scripts/bench-load.ts as
//   node --import tsx bench/load/baseline-worker.ts
// with TEMPORAL_ADDRESS and BASELINE_TASK_QUEUE; prints "baseline worker ready" once polling.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.BASELINE_TASK_QUEUE ?? 'bench-baseline';
const workflowsPath = fileURLToPath(new URL(`./baseline-workflows${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

// Same SDK log settings as the production worker (worker.ts) outside debugging.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
});

const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address });
// SDK defaults, like the production worker (src/worker-setup.ts passes no tuning either).
const worker = await Worker.create({ connection, taskQueue, workflowBundle });
console.log(`baseline worker ready on ${taskQueue}`);
await worker.run();
await connection.close();
