import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities/index.js';
import type { WorkerMetrics } from './activities/metrics.js';
import type { Db } from './db/client.js';
import { dataConverterFor } from './temporal/client.js';

// src/workflows/index.ts under tsx, dist/src/workflows/index.js when built.
export const WORKFLOWS_PATH = fileURLToPath(new URL(`./workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  /** Encrypts every payload the worker writes (see src/temporal/codec.ts). */
  payloadKeys: string;
  /** A prebuilt bundle (production); without it the worker bundles src/workflows at start. */
  workflowBundlePath?: string;
  extra?: Partial<WorkerOptions>;
  metrics?: WorkerMetrics;
}

export function createWorker({ connection, namespace, taskQueue, db, payloadKeys, workflowBundlePath, extra, metrics }: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities({ db, ...(metrics ? { metrics } : {}) }),
    dataConverter: dataConverterFor(payloadKeys),
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    ...extra,
  });
}
