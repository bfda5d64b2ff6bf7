import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { bearer } from './harness.js';

export type Who = Parameters<typeof bearer>[0];
// Responses are JSON the tests pick apart freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

// Requests go through app.inject with the caller's token (none for null) and answer the response itself:
// a test reads its status and body, json(res), or hands it to expectError.

export const post = (app: FastifyInstance, url: string, who: Who | null, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? bearer(who) : {}), ...headers } });

export const put = (app: FastifyInstance, url: string, who: Who | null, payload: unknown) =>
  app.inject({ method: 'PUT', url, payload: payload as object, headers: who ? bearer(who) : {} });

export const get = (app: FastifyInstance, url: string, who: Who | null) => app.inject({ method: 'GET', url, headers: who ? bearer(who) : {} });

export const json = (res: LightMyRequestResponse) => res.json() as Json;

/** One action on a case, answered as it comes (a refusal included). */
export const act = (app: FastifyInstance, who: Who | null, caseId: string, body: Json) => post(app, `/v1/cases/${caseId}/actions`, who, body);

/** One action on a case that must succeed: the case after it. */
export const actOk = async (app: FastifyInstance, who: Who | null, caseId: string, body: Json): Promise<Json> =>
  expectStatus(await act(app, who, caseId, body), 200);

/** A case as `who` sees it (the caller's allowed actions included). */
export const getCase = async (app: FastifyInstance, who: Who | null, caseId: string): Promise<Json> => json(await get(app, `/v1/cases/${caseId}`, who));

/** The actions in a case's history, oldest first. */
export const actionsOf = (v: Json) => (v.history as Json[]).map((e) => e.action as string);

/** Asserts a status (the body says why when it is another) and returns the body. */
export function expectStatus(res: LightMyRequestResponse, status: number): Json {
  expect(res.statusCode, res.body).toBe(status);
  return json(res);
}

/** Asserts the one error shape and returns its `error` object. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): Json {
  const body = expectStatus(res, status);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error as Json;
}

export const fieldsOf = (error: Json) => (error.details as Array<{ path: string }>).map((d) => d.path);
