import { ActivityFailure, ApplicationFailure, patched, proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { ActivityFailure as Permanent } from '../domain/failures.js';

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
 * in one task could let them resume in another order on replay than they did live.
 */
export const atAcceptance = (): typeof acts => (patched('local-activities') ? local : acts);

/** An activity that PostgreSQL refused for its data (see activities/failures.ts, DataRejected). */
export const isDataRejected = (err: unknown) =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === Permanent.DataRejected;
