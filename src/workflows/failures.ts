import { ApplicationFailure } from '@temporalio/workflow';
import { msg, problemSummary, render, type Message } from '../domain/catalogue.js';
import type { Problem } from '../domain/fields.js';
import { CaseFailure, type CaseFailureType } from './messages.js';

/**
 * A refusal the API maps to its status (see CaseFailure); never retried. Its message travels as the
 * catalogue's key and params in the first detail (the API renders it in the caller's language; the
 * failure's own message is the English, for logs and the Temporal UI), the rest of the details after it.
 */
export const reject = (type: CaseFailureType, message: Message, details?: unknown[]) =>
  ApplicationFailure.create({ type, message: render(message, 'en'), nonRetryable: true, details: [message, ...(details ?? [])] });

/** A bad payload: the fields at fault travel in the details, so the API names them without parsing text. */
export const invalidPayload = (...problems: Problem[]) =>
  reject(CaseFailure.InvalidPayload, msg('request.invalid', { problem: problemSummary(problems) }), problems);
