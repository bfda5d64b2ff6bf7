import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { ActivityFailure as Permanent } from '../domain/failures.js';
import { takes } from './patches.js';

/**
 * Activities as workflows see them. Database writes retry until they succeed (they are idempotent);
 * a policy or calendar gap is a bug to fix, and retrying lets a fix land without losing the case.
 */
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };
export const acts = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry, localRetryThreshold: '10 seconds' });

/**
 * Acceptance — our records, the policy in force, the deadline, the first read-model write — as local
 * activities since the `local-activities` patch: they run inside the workflow's first task and leave
 * a marker each, instead of three events and a workflow task apiece. Each is idempotent, so a re-run
 * after a worker crash changes nothing. Only acceptance: nothing else runs beside it, whereas later
 * a step's handler and the clock's loop may both await activities, and local activities resolving
 * in one task could let them resume in another order on replay than they did live. After acceptance
 * local activities go through one queue (`LocalQueue`), never two at once.
 */
export const atAcceptance = (): typeof acts => (takes('local-activities') ? local : acts);

/**
 * The case's one line of local activities since the `serial-local-activities` patch: the read-model
 * writes of every step (handlers and the clock's loop enqueue, one write runs at a time, in order)
 * and the deadline's recount on a supplement. With at most one local activity in flight, nothing
 * else awaits a local result beside it, so live and replay resume the coroutines in the same order;
 * each write lands in the step's own workflow task, as a marker, instead of an activity and a
 * second task. Before the patch (histories recorded earlier) these were ordinary activities.
 */
export class LocalQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Whether this workflow takes the queue; false only while replaying a history from before it. */
  static get enabled(): boolean {
    return takes('serial-local-activities');
  }

  /** Runs `work` with the local activities after everything enqueued before it has settled. */
  run<T>(work: (via: typeof acts) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => work(local));
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** An activity that PostgreSQL refused for its data (see activities/failures.ts, DataRejected). */
export const isDataRejected = (err: unknown) =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === Permanent.DataRejected;
