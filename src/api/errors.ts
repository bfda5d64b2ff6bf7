import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_transition'
  | 'idempotency_key_reused'
  | 'conflict'
  | 'unavailable'
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
  ) {
    super(message);
  }
}

export const badRequest = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', `${path}: ${message}`, [{ path, message } satisfies FieldProblem]);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const invalidTransition = (message: string) => new ApiError(409, 'invalid_transition', message);

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

/** One error shape for everything; 5xx never echo internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
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
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
