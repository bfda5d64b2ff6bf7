import { ApplicationFailure } from '@temporalio/workflow';
import type { CaseFailureType } from './messages.js';

/** A refusal the API maps to its status (see CaseFailure); never retried. */
export const reject = (type: CaseFailureType, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });
