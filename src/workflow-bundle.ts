import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './worker-setup.js';

/** Bundles the workflows once, for production workers (WORKFLOW_BUNDLE) and for the test suite. */
export async function writeWorkflowBundle(outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
}
