import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { loadConfig } from './src/config.js';
import { createDatabase, surviveDriverSocketRace } from './src/db/client.js';
import { createWorkerMetrics } from './src/activities/metrics.js';
import { serveWorkerMetrics } from './src/metrics-server.js';
import { createWorker, ensureDailySchedules, tracedBundle } from './src/worker-setup.js';
import { startTracing } from './src/tracing.js';

const config = loadConfig();
// The SDK's own INFO lines (the webpack report among them) only matter when debugging.
const sdkLevel: LogLevel = config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN';
Runtime.install({
  logger: new DefaultLogger(sdkLevel),
  telemetryOptions: {
    logging: { filter: makeTelemetryFilterString({ core: sdkLevel === 'DEBUG' ? 'INFO' : 'WARN' }) },
    ...(config.workerMetrics ? { metrics: { prometheus: { bindAddress: config.workerMetrics.sdkBind } } } : {}),
  },
});
if (config.env === 'production' && !config.workflowBundle) {
  console.warn('WORKFLOW_BUNDLE is not set: bundling workflows at start-up (slow; build with `npm run build`).');
}
surviveDriverSocketRace();
// Connecting is bounded; statements are not: an activity has its own timeout, and a payroll's
// preparation is one long transaction.
const db = createDatabase(config.databaseUrl, { connectTimeoutMs: config.postgres.connectTimeoutMs });
const tracing = startTracing('jiuzhu-worker');
const metrics = createWorkerMetrics();
const metricsServer = config.workerMetrics ? await serveWorkerMetrics(config.workerMetrics.bind, metrics.registry, config.workerMetrics.sdkBind) : undefined;
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  db: db.db,
  payloadKeys: config.payloadKeys,
  workflowBundlePath: config.workflowBundle && (tracing ? tracedBundle(config.workflowBundle) : config.workflowBundle),
  extra: { maxCachedWorkflows: config.workerMaxCachedWorkflows },
  metrics,
  ...(tracing ? { tracing } : {}),
});
await ensureDailySchedules(connection, config.temporal.namespace, config.temporal.taskQueue, config.payloadKeys);
console.log(`worker polling task queue ${config.temporal.taskQueue} on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
// worker.run() resolves once a SIGINT/SIGTERM (handled by the SDK) has drained the worker.
await worker.run();
metricsServer?.close();
await tracing?.shutdown();
await connection.close();
await db.close();
