import { ApplicationFailure } from '@temporalio/workflow';
import type { Problem } from '../domain/fields.js';
import { CaseFailure, type CaseFailureType } from './messages.js';

/** A refusal the API maps to its status (see CaseFailure); never retried. */
export const reject = (type: CaseFailureType, message: string, details?: unknown[]) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details } : {}) });

/** A bad payload: the fields at fault travel in the details, so the API names them without parsing text. */
export const invalidPayload = (...problems: Problem[]) =>
  reject(CaseFailure.InvalidPayload, problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
