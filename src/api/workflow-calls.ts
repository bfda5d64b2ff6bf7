import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import type { InstalmentView } from '../domain/views.js';
import { instalmentsInWorkflows } from '../temporal/case-views.js';
import type { Temporal } from '../temporal/client.js';
import { CaseFailure } from '../workflows/messages.js';
import { isMessage, msg, type Param } from '../domain/catalogue.js';
import { GrpcStatus, grpcCode } from '../temporal/faults.js';
import { beyondRequestDeadline, pastDeadline, requestDeadline } from './deadline.js';
import { ApiError, dependencyUnavailable, invalidTransition, unavailable } from './errors.js';

// The only module that talks to the Temporal client: start, update, signal, and what a failure means
// to the caller.

/**
 * Runs one call (or a few that belong together) under the request's deadline, and never longer than
 * the per-call bound. Temporal down, restarting, overloaded or late is the caller's 503 with
 * Retry-After (src/api/errors.ts): the request is safe to repeat — with the same Idempotency-Key it
 * completes the same start or step.
 */
async function withinDeadline<T>(temporal: Temporal, call: () => Promise<T>, ms = temporal.callTimeoutMs): Promise<T> {
  const deadline = Math.min(Date.now() + ms, requestDeadline() ?? Infinity);
  if (deadline <= Date.now()) throw pastDeadline();
  try {
    return await temporal.client.connection.withDeadline(deadline, call);
  } catch (err) {
    throw dependencyUnavailable(err) ?? err;
  }
}

/**
 * Starts a workflow under its business id, once: the id already started (a duplicate request, or one
 * that ran to its end) is not an error, and no second run is started under it. True if this call started it.
 */
export async function startOnce(temporal: Temporal, workflowType: string, workflowId: string, input: unknown): Promise<boolean> {
  try {
    await withinDeadline(temporal, () =>
      temporal.client.workflow.start(workflowType, { taskQueue: temporal.taskQueue, workflowId, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
    );
    return true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return false;
  }
}

/**
 * Starts a workflow under its business id, or joins the one a duplicate request already started, and
 * waits until it is registered: one call (Update-with-Start), so the registration rides in the
 * workflow's first task instead of a second call and a second task. A workflow that has since closed
 * (a key replayed long after) answers from the read model.
 */
export async function startOrJoin<T>(
  temporal: Temporal,
  workflowType: string,
  workflowId: string,
  input: unknown,
  registered: UpdateDefinition<T, []>,
  readModel: () => Promise<T | undefined>,
): Promise<T> {
  const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  try {
    return await withinDeadline(temporal, () => temporal.client.workflow.executeUpdateWithStart(registered, { startWorkflowOperation }));
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
      return unavailable(text, 1);
    case CaseFailure.Conflict:
      return new ApiError(409, 'conflict', text, details[0]);
    case CaseFailure.NotEligible:
      // The household does not qualify: each reason at its path, with its code.
      return new ApiError(409, 'not_eligible', text, details);
    case CaseFailure.CheckExpired:
      return new ApiError(409, 'check_expired', text, details);
    case CaseFailure.AmountMismatch:
      return new ApiError(400, 'amount_mismatch', text, details);
    case CaseFailure.CooperationPending:
      // 居住地申办: the 户籍 county has not answered; the message names it and the due date.
      return new ApiError(409, 'cooperation_pending', text);
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

/**
 * Signals each case in turn; one that cannot be reached is logged with `failure` and the rest still are.
 * The fan-out follows a change already stored, so each signal has its own bound, not what is left of
 * the request's: a request answered 503 at its deadline still reaches every case.
 */
export async function signalCases(
  temporal: Temporal,
  caseIds: readonly string[],
  signal: SignalDefinition<[]>,
  log: { warn: (o: object, m: string) => void },
  failure: string,
): Promise<void> {
  for (const caseId of caseIds) {
    await beyondRequestDeadline(() => withinDeadline(temporal, () => temporal.client.workflow.getHandle(caseId).signal(signal))).catch((err: unknown) => log.warn({ err, caseId }, failure));
  }
}

/**
 * Readiness, answered within its budget: the Temporal frontend answers, and some worker polled the
 * case task queue within `windowMs`, as Temporal reports the queue's pollers — without one every start
 * or step would only wait for the deadline.
 */
export async function temporalReadiness(temporal: Temporal, budgetMs: number, windowMs: number): Promise<{ temporal: 'ok' | 'unreachable'; worker: 'polling' | 'none' | 'unknown' }> {
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
      return at !== undefined && at !== null && Date.now() - Number(at) * 1000 < windowMs;
    });
    return { temporal: 'ok', worker: seen ? 'polling' : 'none' };
  } catch (err) {
    // A server without task-queue descriptions (the time-skipping test server) still answers.
    if (grpcCode(err) === GrpcStatus.UNIMPLEMENTED) return { temporal: 'ok', worker: 'unknown' };
    return { temporal: 'unreachable', worker: 'unknown' };
  }
}

/**
 * Reconciliation's Temporal side: what the workflows of these cases say of their instalments, all asked
 * under one deadline (503 past it). Null for a case Temporal has no workflow of.
 */
export function caseInstalments(temporal: Temporal, caseIds: readonly string[]): Promise<Map<string, readonly InstalmentView[] | null>> {
  return withinDeadline(temporal, () => instalmentsInWorkflows(temporal.client, caseIds));
}
