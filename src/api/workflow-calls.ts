import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import type { Temporal } from '../temporal/client.js';
import { CaseFailure } from '../workflows/messages.js';
import { isMessage, msg, type Param } from '../domain/catalogue.js';
import { ApiError, invalidTransition, tooManyRequests, unavailable } from './errors.js';

// The only module that talks to the Temporal client: start, update, signal, and what a failure means
// to the caller.

/** gRPC status codes that say something to the caller (grpc/status.h). */
const GrpcStatus = { DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, UNAVAILABLE: 14 } as const;

/** The gRPC status behind a client error, wherever the SDK wrapped it. */
function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * Temporal did not answer in time, is down, or pushes back: 503 or 429 with Retry-After. The request
 * itself is safe to repeat — with the same Idempotency-Key it completes the same start or step.
 */
function dependencyFailure(err: unknown): ApiError | undefined {
  const code = grpcCode(err);
  if (code === GrpcStatus.RESOURCE_EXHAUSTED) return tooManyRequests(msg('service.busy'));
  const timedOut = err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err) || code === GrpcStatus.DEADLINE_EXCEEDED;
  if (timedOut) return unavailable(msg('service.timeout'));
  if (code === GrpcStatus.UNAVAILABLE || (err instanceof ServiceError && code === undefined)) return unavailable(msg('service.down'));
  return undefined;
}

/** Runs one call (or a few that belong together) under the configured deadline. */
async function withinDeadline<T>(temporal: Temporal, call: () => Promise<T>, ms = temporal.callTimeoutMs): Promise<T> {
  try {
    return await temporal.client.connection.withDeadline(Date.now() + ms, call);
  } catch (err) {
    throw dependencyFailure(err) ?? err;
  }
}

/**
 * Starts a workflow under its business id, once: the id already started (a duplicate request, or one
 * that ran to its end) is not an error, and no second run is started under it.
 */
export async function startOnce(temporal: Temporal, workflowType: string, workflowId: string, input: unknown): Promise<void> {
  try {
    await withinDeadline(temporal, () =>
      temporal.client.workflow.start(workflowType, { taskQueue: temporal.taskQueue, workflowId, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Starts a workflow under its business id, or joins the one a duplicate request already started, and
 * waits until it is registered. A workflow that has since closed (a key replayed long after) answers
 * from the read model.
 */
export async function startOrJoin<T>(
  temporal: Temporal,
  workflowType: string,
  workflowId: string,
  input: unknown,
  registered: UpdateDefinition<T, []>,
  readModel: () => Promise<T | undefined>,
): Promise<T> {
  await startOnce(temporal, workflowType, workflowId, input);
  try {
    return await withinDeadline(temporal, () => temporal.client.workflow.getHandle(workflowId).executeUpdate(registered));
  } catch (err) {
    const stored = await readModel();
    if (stored) return stored;
    throw err;
  }
}

/** Waits until a workflow is registered; undefined if it cannot say (closed, or not there). */
export async function whenRegistered<T>(temporal: Temporal, workflowId: string, registered: UpdateDefinition<T, []>): Promise<T | undefined> {
  return withinDeadline(temporal, () => temporal.client.workflow.getHandle(workflowId).executeUpdate(registered)).catch(() => undefined);
}

/**
 * What a workflow's refusal says: the catalogue message its first detail carries (see `reject` in
 * src/workflows/failures.ts) and the details after it; a failure without one (an older worker's) as it came.
 */
function refusal(cause: ApplicationFailure): { text: Param; details: unknown[] } {
  const [first, ...rest] = cause.details ?? [];
  return isMessage(first) ? { text: first, details: rest } : { text: cause.message, details: cause.details ? [...cause.details] : [] };
}

/** Maps a rejected Update to the caller's status: the validator's failure type says which. */
function updateFailure(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) return invalidTransition(msg('case.closed'));
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const { text, details } = refusal(cause);
  switch (cause.type) {
    case CaseFailure.Forbidden:
      return new ApiError(403, 'forbidden', text);
    case CaseFailure.InvalidTransition:
      return new ApiError(409, 'invalid_transition', text);
    case CaseFailure.InvalidPayload:
      // The workflow names the fields at fault in the failure's details.
      return new ApiError(400, 'validation_failed', text, details.length ? details : undefined);
    case CaseFailure.Busy:
      // Transient: not a refusal of the step, so never a 409 a client would take as final.
      return new ApiError(503, 'unavailable', text, undefined, { 'retry-after': '1' });
    case CaseFailure.Conflict:
      return new ApiError(409, 'conflict', text, details[0]);
    case CaseFailure.NotEligible:
      // The household does not qualify: each reason at its path, with its code.
      return new ApiError(409, 'not_eligible', text, details);
    case CaseFailure.CheckExpired:
      return new ApiError(409, 'check_expired', text, details);
    case CaseFailure.AmountMismatch:
      return new ApiError(400, 'amount_mismatch', text, details);
    default:
      return undefined;
  }
}

/** Executes an Update; a rejection the workflow explains becomes the caller's 400, 403 or 409. */
export async function executeUpdate<T, A extends [unknown, ...unknown[]]>(
  temporal: Temporal,
  workflowId: string,
  update: UpdateDefinition<T, A>,
  options: { args: A; updateId?: string },
): Promise<T> {
  try {
    return await withinDeadline(temporal, () => temporal.client.workflow.getHandle(workflowId).executeUpdate(update, options));
  } catch (err) {
    throw updateFailure(err) ?? err;
  }
}

/** Signals one workflow that must hear it: a failure is the caller's 503 (retried, the signal is idempotent). */
export async function signalWorkflow<A>(temporal: Temporal, workflowId: string, signal: SignalDefinition<[A]>, arg: A): Promise<void> {
  try {
    await withinDeadline(temporal, () => temporal.client.workflow.getHandle(workflowId).signal(signal, arg));
  } catch (err) {
    throw updateFailure(err) ?? err;
  }
}

/** Signals each case in turn; one that cannot be reached is logged with `failure` and the rest still are. */
export async function signalCases(
  temporal: Temporal,
  caseIds: readonly string[],
  signal: SignalDefinition<[]>,
  log: { warn: (o: object, m: string) => void },
  failure: string,
): Promise<void> {
  for (const caseId of caseIds) {
    await withinDeadline(temporal, () => temporal.client.workflow.getHandle(caseId).signal(signal)).catch((err: unknown) => log.warn({ err, caseId }, failure));
  }
}

/** A poller seen this recently is a live worker (a long poll lasts about a minute). */
const POLLER_FRESH_MS = 90_000;

/**
 * Readiness, answered within its budget: the Temporal frontend answers, and some worker polls the
 * case task queue — without one every start or step would only wait for the deadline.
 */
export async function temporalReadiness(temporal: Temporal, budgetMs: number): Promise<{ temporal: 'ok' | 'unreachable'; worker: 'polling' | 'none' | 'unknown' }> {
  try {
    const { client } = temporal;
    const queue = await withinDeadline(
      temporal,
      () =>
        client.connection.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: temporal.taskQueue },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        }),
      budgetMs,
    );
    const seen = (queue.pollers ?? []).some((p) => {
      const at = p.lastAccessTime?.seconds;
      return at !== undefined && at !== null && Date.now() - Number(at) * 1000 < POLLER_FRESH_MS;
    });
    return { temporal: 'ok', worker: seen ? 'polling' : 'none' };
  } catch (err) {
    // A server without task-queue descriptions (the time-skipping test server) still answers.
    if (grpcCode(err) === GrpcStatus.UNIMPLEMENTED) return { temporal: 'ok', worker: 'unknown' };
    return { temporal: 'unreachable', worker: 'unknown' };
  }
}
