import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/**
 * Activities as workflows see them. Database writes retry until they succeed (they are idempotent);
 * a policy or calendar gap is a bug to fix, and retrying lets a fix land without losing the case.
 */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
