import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';

// What a failed call to Temporal says about Temporal: a retry can cure it (the server is down,
// restarting, overloaded or slow), or it is a real fault of the call (a bug: 500).

/** gRPC status codes (grpc/status.h) that a caller needs to tell apart. */
export const GrpcStatus = { UNIMPLEMENTED: 12 } as const;

/** Statuses a retry of the same call can cure, by name for the operator's log. */
const RETRYABLE: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  4: 'DEADLINE_EXCEEDED',
  8: 'RESOURCE_EXHAUSTED',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};

/** The gRPC status behind a client error, wherever the SDK wrapped it. */
export function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * The name of a failure a retry can cure (`UNAVAILABLE`, `DEADLINE_EXCEEDED`, …), or undefined for a
 * real fault. A service error without a status failed before the server answered: the connection.
 */
export function temporalUnavailable(err: unknown): string | undefined {
  const code = grpcCode(err);
  // An Update's call (a start's too, since Update-with-Start) wraps CANCELLED and DEADLINE_EXCEEDED alike: name the one it was.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return (code !== undefined && RETRYABLE[code]) || 'DEADLINE_EXCEEDED';
  if (code !== undefined) return RETRYABLE[code];
  return err instanceof ServiceError ? 'CONNECTION' : undefined;
}
