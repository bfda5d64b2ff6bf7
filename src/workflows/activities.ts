import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { ActivityFailure as Permanent } from '../domain/failures.js';

/**
 * Activities as workflows see them. Database writes retry until they succeed (they are idempotent);
 * a policy or calendar gap is a bug to fix, and retrying lets a fix land without losing the case.
 */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** An activity that PostgreSQL refused for its data (see activities/failures.ts, DataRejected). */
export const isDataRejected = (err: unknown) =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === Permanent.DataRejected;
