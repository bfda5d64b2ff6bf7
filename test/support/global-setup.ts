import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writeWorkflowBundle } from '../../src/workflow-bundle.js';

export const TEST_SERVER = resolve('.tools/venv/bin/temporal-test-server');

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
    testServerPath: string;
    /** Names this run: browser test files build the console once per run (test/support/console.ts). */
    testRunId: string;
  }
}

/** Bundles the workflows once for every test file, and checks the Temporal test server is installed. */
export default async function setup(project: TestProject): Promise<void> {
  if (!existsSync(TEST_SERVER)) {
    throw new Error(`${TEST_SERVER} is missing: run \`npm run install-tools\` (or .ci/run) first`);
  }
  const bundle = resolve('node_modules/.cache/jiuzhu/workflow-bundle.js');
  await writeWorkflowBundle(bundle);
  project.provide('workflowBundlePath', bundle);
  project.provide('testServerPath', TEST_SERVER);
  project.provide('testRunId', `${process.pid}-${Date.now()}`);
}
