import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { SHARED_WORKFLOW_MODULES, TRACING_WORKFLOW_MODULE, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './worker-setup.js';

/**
 * Bundles the workflows once, for production workers (WORKFLOW_BUNDLE) and for the test suite; the
 * traced bundle adds the OpenTelemetry workflow interceptors, for workers with tracing on.
 */
export async function writeWorkflowBundle(outFile: string, { traced = false } = {}): Promise<void> {
  const modules = traced ? [...WORKFLOW_INTERCEPTOR_MODULES, TRACING_WORKFLOW_MODULE] : WORKFLOW_INTERCEPTOR_MODULES;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: modules,
    preloadModules: SHARED_WORKFLOW_MODULES,
  });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
}
