// The raw baseline's workflows: as little as Temporal allows, so that the API path's cost can be read
// as a ratio against "Temporal alone" measured in the same run. Bundled by baseline-worker.ts.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** P1 baseline: started and completed in one workflow task. */
export async function trivialWorkflow(n: number): Promise<number> {
  return n;
}

/** P2 baseline: an update that appends to the workflow's array and returns the array. */
export const appendUpdate = defineUpdate<number[], [number]>('append');
export const finishSignal = defineSignal<[]>('finish');

/** Runs until `finish`; each `append` Update is one workflow task, no activity. */
export async function appendWorkflow(): Promise<number> {
  const items: number[] = [];
  let finished = false;
  setHandler(appendUpdate, (n: number) => {
    items.push(n);
    return items;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return items.length;
}
