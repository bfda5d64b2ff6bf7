import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { bearer } from './harness.js';

export type Who = Parameters<typeof bearer>[0];
// Responses are JSON the tests pick apart freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** app.inject with a caller's token, for one test file's app. */
export function client(app: () => FastifyInstance) {
  return {
    post: (url: string, who: Who | null, payload: unknown, headers: Record<string, string> = {}) =>
      app().inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? bearer(who) : {}), ...headers } }),
    get: (url: string, who: Who | null) => app().inject({ method: 'GET', url, headers: who ? bearer(who) : {} }),
  };
}

export const json = (res: LightMyRequestResponse) => res.json() as Json;

/** Asserts the one error shape and returns its `error` object. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): Json {
  expect(res.statusCode, res.body).toBe(status);
  const body = json(res);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error as Json;
}

export const fieldsOf = (error: Json) => (error.details as Array<{ path: string }>).map((d) => d.path);
