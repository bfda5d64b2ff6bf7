import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDataError, postgresUnavailable } from '../db/errors.js';
import { temporalUnavailable } from '../temporal/faults.js';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_transition'
  | 'idempotency_key_reused'
  | 'conflict'
  | 'not_eligible'
  | 'check_expired'
  | 'amount_mismatch'
  | 'unavailable'
  | 'too_many_requests'
  | 'internal';

export interface FieldProblem {
  path: string;
  message: string;
}

/** An error meant for the caller: its code and message are safe to show. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Response headers that belong to the error (Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', `${path}: ${message}`, [{ path, message } satisfies FieldProblem]);
/** Every problem of a request at once: 400, each at its field path. */
export const validationFailed = (problems: readonly FieldProblem[]) =>
  new ApiError(400, 'validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
/**
 * A step that takes no body accepts none, `null` or `{}`; anything else is a 400 naming each field.
 * (Checked in the handler, not as a body schema: a schema would make the body required in the OpenAPI.)
 */
export function refuseBody(body: unknown): void {
  if (body === undefined || body === null) return;
  const keys = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : undefined;
  if (keys === undefined) throw badRequest('body', '此操作不接受请求体');
  if (keys.length > 0) throw validationFailed(keys.map((path) => ({ path, message: 'unknown field' })));
}
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const invalidTransition = (message: string) => new ApiError(409, 'invalid_transition', message);
/** A dependency (Temporal, PostgreSQL) did not answer in time: the same request, retried later, completes. */
export const unavailable = (message: string, retryAfterSeconds = 5) =>
  new ApiError(503, 'unavailable', message, undefined, { 'retry-after': String(retryAfterSeconds) });

/** Which dependency failed and how (a gRPC status name, an SQLSTATE, a socket error code): logged, never shown. */
export interface DependencyFault {
  dependency: 'temporal' | 'postgres' | 'deadline';
  code: string;
}

/** A dependency failed in a way a retry can cure: 503 with Retry-After, and what failed for the operator's log. */
export class DependencyUnavailable extends ApiError {
  constructor(
    readonly fault: DependencyFault,
    message: string,
    retryAfterSeconds = 5,
  ) {
    super(503, 'unavailable', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses a route declares, for the OpenAPI document. */
export const ERROR_RESPONSES = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const body = (code: string, message: string, details?: unknown) => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

/** `/applicant/idNumber` (AJV style) or a zod path array → `applicant.idNumber`. */
function fieldPath(instancePath: string, context?: string): string {
  const p = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return p || (context ?? 'body');
}

/**
 * Errors raised before a route runs (Fastify's router, Node's HTTP parser) in the same shape:
 * a bad percent-encoding, an over-long parameter, headers too large.
 */
export function frameworkError(err: FastifyError): { status: number; body: ReturnType<typeof body> } {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return { status, body: body('validation_failed', err.message, [{ path: 'url', message: err.message }]) };
}

/** Node answers a malformed request itself (431 and the like): in our shape, then the socket closes. */
export function clientErrorResponse(status: number, message: string): string {
  const json = JSON.stringify(body('validation_failed', message, [{ path: status === 431 ? 'headers' : 'request', message }]));
  return `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`;
}

/** A PostgreSQL or Temporal failure a retry can cure, wherever it was thrown; undefined for anything else. */
export function dependencyUnavailable(err: unknown): DependencyUnavailable | undefined {
  const pg = postgresUnavailable(err);
  if (pg) return new DependencyUnavailable({ dependency: 'postgres', code: pg }, '数据库暂不可用，请稍后重试');
  const temporal = temporalUnavailable(err);
  if (temporal) return new DependencyUnavailable({ dependency: 'temporal', code: temporal }, '工作流服务暂不可用，请稍后用同一 Idempotency-Key 重试');
  return undefined;
}

/** One error shape for everything; 5xx never echo internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // A dependency that is down is the service's state, not a bug: 503, and which one (never its
    // message: PostgreSQL's carries the query's parameters).
    const failure = err instanceof DependencyUnavailable ? err : dependencyUnavailable(err);
    if (failure) {
      request.log.warn({ dependency: failure.fault.dependency, code: failure.fault.code }, 'dependency unavailable: answered 503');
      return reply.status(503).headers(failure.headers ?? {}).send(body(failure.code, failure.message));
    }
    if (err instanceof ApiError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.status(err.statusCode).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: FieldProblem[] = err.validation.flatMap((v) => {
        // An unknown field is reported at its own path, not its parent's.
        const keys = v.keyword === 'unrecognized_keys' ? ((v.params as { keys?: string[] }).keys ?? []) : [];
        if (keys.length > 0) {
          const parent = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
          return keys.map((k) => ({ path: parent ? `${parent}.${k}` : k, message: 'unknown field' }));
        }
        return [{ path: fieldPath(v.instancePath, err.validationContext), message: v.message ?? 'invalid' }];
      });
      const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
      return reply.status(400).send(body('validation_failed', `invalid ${err.validationContext ?? 'request'}: ${summary}`, details));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return reply.status(500).send(body('internal', 'internal error'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      const code = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'validation_failed';
      return reply.status(status).send(body(code, err.message, code === 'validation_failed' ? [{ path: 'body', message: err.message }] : undefined));
    }
    if (isDataError(err)) return reply.status(400).send(body('validation_failed', 'a value in the request cannot be stored or compared', [{ path: 'request', message: 'invalid value' }]));
    request.log.error({ err: { type: err.name, code: err.code, stack: err.stack?.split('\n').slice(1, 6).join('\n') } }, 'unhandled error');
    return reply.status(500).send(body('internal', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
