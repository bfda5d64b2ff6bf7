import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { InstalmentView } from '../domain/views.js';
import { caseViewQuery } from '../workflows/messages.js';

/** Workflows asked at once: a reconciliation asks a few, the rest of the service keeps its share of Temporal. */
const CONCURRENCY = 8;

/**
 * What each case's workflow says of its 临时救助 instalments (its `caseView` query, answered from its
 * history even after it closed); null for a case Temporal has no workflow of. Any other failure throws.
 */
export async function instalmentsInWorkflows(client: Client, caseIds: readonly string[]): Promise<Map<string, readonly InstalmentView[] | null>> {
  const views = new Map<string, readonly InstalmentView[] | null>();
  const queue = [...caseIds];
  const ask = async () => {
    for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
      try {
        const view = await client.workflow.getHandle(caseId).query(caseViewQuery);
        views.set(caseId, view.temporary?.installments ?? []);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        views.set(caseId, null);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, ask));
  return views;
}
