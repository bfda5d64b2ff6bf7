import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { BenefitCatchUp, BenefitState } from './domain/benefits.js';
import type { BenefitInput } from './workflows/messages.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities/index.js';
import type { WorkerMetrics } from './activities/metrics.js';
import type { Db } from './db/client.js';
import { instalmentsInWorkflows } from './temporal/case-views.js';
import { dataConverterFor } from './temporal/client.js';
import { requestIdActivityInterceptors } from './temporal/request-id.js';
import { tracingWorkerOptions, type Tracing } from './tracing.js';

// src/workflows/index.ts under tsx, dist/src/workflows/index.js when built.
const SOURCE = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
export const WORKFLOWS_PATH = fileURLToPath(new URL(`./workflows/index${SOURCE}`, import.meta.url));
/** Workflow interceptors, bundled with the workflows: the request id rides on to activities and logs. */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL(`./workflows/request-context${SOURCE}`, import.meta.url))];
/** Pure domain modules every workflow uses, evaluated once per sandbox and shared (src/workflows/shared-modules.ts). */
export const SHARED_WORKFLOW_MODULES = [fileURLToPath(new URL(`./workflows/shared-modules${SOURCE}`, import.meta.url))];
/** OpenTelemetry's workflow interceptors: only in the traced bundle (dist/workflow-bundle-traced.js). */
export const TRACING_WORKFLOW_MODULE = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** The traced sibling of a prebuilt bundle: workflow-bundle.js → workflow-bundle-traced.js. */
export const tracedBundle = (path: string) => path.replace(/\.js$/, '-traced.js');

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
  /** Tracing on: activity spans, the workflows' spans through a sink; the bundle must be the traced one. */
  tracing?: Tracing;
}

export function createWorker({ connection, namespace, taskQueue, db, payloadKeys, workflowBundlePath, extra, metrics, tracing }: WorkerSetup): Promise<Worker> {
  const traced = tracing && tracingWorkerOptions(tracing);
  // The worker's own client, on its connection: benefits it starts, case workflows reconciliation asks.
  const client = new Client({ connection, namespace, dataConverter: dataConverterFor(payloadKeys) });
  const workflowModules = tracing ? [...WORKFLOW_INTERCEPTOR_MODULES, TRACING_WORKFLOW_MODULE] : WORKFLOW_INTERCEPTOR_MODULES;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities({
      db,
      startBenefit: benefitStarter(client, taskQueue),
      caseInstalments: (caseIds) => instalmentsInWorkflows(client, caseIds),
      ...(metrics ? { metrics } : {}),
    }),
    dataConverter: dataConverterFor(payloadKeys),
    // A prebuilt bundle has the workflow interceptors in it (src/workflow-bundle.ts).
    interceptors: { activity: [requestIdActivityInterceptors, ...(traced?.activity ?? [])], ...(workflowBundlePath ? {} : { workflowModules }) },
    ...(traced ? { sinks: traced.sinks } : {}),
    ...(workflowBundlePath
      ? { workflowBundle: { codePath: workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: SHARED_WORKFLOW_MODULES } }),
    ...extra,
  });
}

/**
 * Starts a benefit's workflow from the approval's activity, on the worker's own connection: a benefit
 * outlives its case by years, so it is a workflow of its own rather than the case's child.
 */
function benefitStarter(client: Client, taskQueue: string) {
  return async (state: BenefitState, catchUp?: BenefitCatchUp): Promise<void> => {
    try {
      const input: BenefitInput = { state, ...(catchUp ? { catchUp } : {}) };
      await client.workflow.start('benefitWorkflow', { taskQueue, workflowId: state.benefitId, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    } catch (err) {
      // Started already (a retried activity): the benefit is there.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
}

/** The daily reconciliation's schedule (src/workflows/reconciliation.ts): started once per deployment, kept by its id. */
export const RECONCILIATION_SCHEDULE_ID = 'reconciliation-schedule';
/** The daily care watch's schedule (src/workflows/care-watch.ts): likewise. */
export const CARE_WATCH_SCHEDULE_ID = 'care-watch-schedule';

const DAILY_SCHEDULES = [
  { workflowType: 'reconciliationScheduleWorkflow', workflowId: RECONCILIATION_SCHEDULE_ID },
  { workflowType: 'careWatchScheduleWorkflow', workflowId: CARE_WATCH_SCHEDULE_ID },
] as const;

/** Starts each daily schedule unless it runs already (every worker asks at start; the first one starts it). */
export async function ensureDailySchedules(connection: NativeConnection, namespace: string, taskQueue: string, payloadKeys: string): Promise<void> {
  const client = new Client({ connection, namespace, dataConverter: dataConverterFor(payloadKeys) });
  for (const { workflowType, workflowId } of DAILY_SCHEDULES) {
    try {
      await client.workflow.start(workflowType, { taskQueue, workflowId, args: [{}], workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
