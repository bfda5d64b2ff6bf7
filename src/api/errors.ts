import type { FastifyError, FastifyInstance } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { msg, problemSummary, render, say, type Bilingual, type Lang, type Message, type Param } from '../domain/catalogue.js';
import { isDataError, postgresUnavailable } from '../db/errors.js';
import { temporalUnavailable } from '../temporal/faults.js';
import { languageOf } from './language.js';
import { isLocalizedIssue } from './validation.js';

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
  | 'cap_exceeded'
  | 'nothing_to_settle'
  | 'already_settled'
  | 'cooperation_pending'
  | 'unavailable'
  | 'too_many_requests'
  | 'internal';

/** A field at fault: its message is rendered in the caller's language when the error is sent. */
export interface FieldProblem {
  path: string;
  message: Message | Bilingual;
}

/**
 * An error meant for the caller: its code and message are safe to show. The message is the
 * catalogue's (src/domain/catalogue.ts), rendered in the caller's language by the error handler;
 * `Error.message` is its English text, for logs.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly text: Param,
    readonly details?: unknown,
    /** Response headers that belong to the error (Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(say(text, 'en'));
  }
}


/** Every problem of a request at once: 400, each at its field path. */
export const validationFailed = (problems: readonly FieldProblem[]) =>
  new ApiError(400, 'validation_failed', msg('request.invalid', { problem: problemSummary(problems) }), problems);
export const badRequest = (path: string, message: Message) => validationFailed([{ path, message }]);
/**
 * A step that takes no body accepts none, `null` or `{}`; anything else is a 400 naming each field.
 * (Checked in the handler, not as a body schema: a schema would make the body required in the OpenAPI.)
 */
export function refuseBody(body: unknown): void {
  if (body === undefined || body === null) return;
  const keys = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : undefined;
  if (keys === undefined) throw badRequest('body', msg('request.noBody'));
  if (keys.length > 0) throw validationFailed(keys.map((path) => ({ path, message: msg('field.unknown') })));
}
export const forbidden = (message: Message) => new ApiError(403, 'forbidden', message);
export const notFound = (message: Message) => new ApiError(404, 'not_found', message);
export const invalidTransition = (message: Message) => new ApiError(409, 'invalid_transition', message);
/** A dependency (Temporal, PostgreSQL) did not answer in time: the same request, retried later, completes. */
export const unavailable = (message: Param, retryAfterSeconds = 5) =>
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
    message: Message,
    retryAfterSeconds = 5,
  ) {
    super(503, 'unavailable', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** Details in a language: each entry's `message` (a catalogue message or a pair) rendered, the rest as is. */
function detailsIn(details: unknown, lang: Lang): unknown {
  const one = (d: unknown) =>
    typeof d === 'object' && d !== null && 'message' in d && typeof (d as { message: unknown }).message === 'object' && (d as { message: unknown }).message !== null
      ? { ...d, message: say((d as { message: Message | Bilingual }).message, lang) }
      : d;
  return Array.isArray(details) ? details.map(one) : one(details);
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

/** Fastify's own client errors by code (malformed JSON, wrong content type, body too large). */
const FRAMEWORK_MESSAGES: Record<string, Message> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: msg('request.emptyJson'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: msg('request.mediaType'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: msg('request.contentLength'),
  FST_ERR_CTP_BODY_TOO_LARGE: msg('request.tooLarge'),
  FST_ERR_CTP_INVALID_JSON_BODY: msg('request.badJson'),
};

/**
 * Errors raised before a route runs (Fastify's router, Node's HTTP parser) in the same shape:
 * a bad percent-encoding, an over-long parameter, headers too large.
 */
export function frameworkError(err: FastifyError, lang: Lang): { status: number; body: ReturnType<typeof body> } {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const problem = msg('request.badUrl');
  return { status, body: body('validation_failed', say(problem, lang), [{ path: 'url', message: say(problem, lang) }]) };
}

/** Node answers a malformed request itself (431 and the like): in our shape (Chinese: no headers were read), then the socket closes. */
export function clientErrorResponse(status: number): string {
  const message = render(msg(status === 431 ? 'request.headersTooLarge' : 'request.malformed'), 'zh');
  const json = JSON.stringify(body('validation_failed', message, [{ path: status === 431 ? 'headers' : 'request', message }]));
  return `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`;
}

/** A PostgreSQL or Temporal failure a retry can cure, wherever it was thrown; undefined for anything else. */
export function dependencyUnavailable(err: unknown): DependencyUnavailable | undefined {
  const pg = postgresUnavailable(err);
  if (pg) return new DependencyUnavailable({ dependency: 'postgres', code: pg }, msg('service.dbDown'));
  const temporal = temporalUnavailable(err);
  if (temporal) return new DependencyUnavailable({ dependency: 'temporal', code: temporal }, msg('service.down'));
  return undefined;
}

/** One error shape for everything, in the caller's language; 5xx never echo internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const send = (status: number, code: string, text: Param, details?: unknown) => reply.status(status).send(body(code, say(text, lang), detailsIn(details, lang)));
    // A dependency that is down is the service's state, not a bug: 503, and which one (never its
    // message: PostgreSQL's carries the query's parameters).
    const failure = err instanceof DependencyUnavailable ? err : dependencyUnavailable(err);
    if (failure) {
      request.log.warn({ dependency: failure.fault.dependency, code: failure.fault.code }, 'dependency unavailable: answered 503');
      void reply.headers(failure.headers ?? {});
      return send(503, failure.code, failure.text);
    }
    if (err instanceof ApiError) {
      if (err.headers) void reply.headers(err.headers);
      return send(err.statusCode, err.code, err.text, err.details);
    }
    const validation = (err as { validation?: Array<{ params?: unknown }> }).validation;
    if (Array.isArray(validation) && validation.length > 0 && validation.every((v) => isLocalizedIssue(v.params))) {
      const details: FieldProblem[] = validation.map((v) => (v.params as { problem: FieldProblem }).problem);
      return send(400, 'validation_failed', msg('request.invalid', { problem: problemSummary(details) }), details);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return send(500, 'internal', msg('service.internal'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'validation_failed';
      const text = status === 401 ? msg('auth.invalid') : status === 404 ? msg('request.notFound') : (FRAMEWORK_MESSAGES[err.code] ?? msg('request.malformed'));
      return send(status, code, text, code === 'validation_failed' ? [{ path: 'body', message: text }] : undefined);
    }
    if (isDataError(err)) return send(400, 'validation_failed', msg('field.notStorable'), [{ path: 'request', message: msg('field.invalid') }]);
    request.log.error({ err: { type: err.name, code: err.code, stack: err.stack?.split('\n').slice(1, 6).join('\n') } }, 'unhandled error');
    return send(500, 'internal', msg('service.internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    const text = msg('route.none', { method: request.method, url: request.url.split('?')[0] ?? '' });
    reply.status(404).send(body('not_found', say(text, languageOf(request.headers['accept-language']))));
  });
}
