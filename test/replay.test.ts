import { readdir, readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, inject, it } from 'vitest';
import { dataConverterFor } from '../src/temporal/client.js';
import { TEST_PAYLOAD_KEYS } from './support/harness.js';

// Histories recorded from real runs (RECORD_HISTORY=1 npx vitest run test/dibao-workflow.test.ts).
// A change to workflow code that would not replay them is non-deterministic and must not ship.
// Newer recordings carry encrypted payloads (src/temporal/codec.ts), under the tests' keys.
const DIR = 'test/histories';

describe('replay of committed workflow histories', async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.json'));

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(`${DIR}/${file}`, 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) }, history);
  });
});
