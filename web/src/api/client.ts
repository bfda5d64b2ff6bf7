import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../clients/typescript/schema';
import { currentToken, signOut } from '../auth';

export type Schemas = components['schemas'];
export type CaseView = Schemas['Case'];
export type CaseSummary = Schemas['CaseSummary'];
export type Deliberation = Schemas['Deliberation'];
/** One item of a list endpoint's `items`, as its GET answers it. */
export type ListItem<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': { items: Array<infer T> } } } } } } ? T : never;

/** One problem at one field, as the API reports a 400. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The API's one error shape, thrown by `call`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** The 400's field problems, or none. */
  get fields(): FieldProblem[] {
    return Array.isArray(this.details) ? (this.details as FieldProblem[]).filter((d) => typeof d?.path === 'string') : [];
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token: back to the sign-in page.
    if (response.status === 401 && currentToken()) signOut();
    return response;
  },
};

/** The API, typed from its own OpenAPI document (npm run openapi regenerates schema.d.ts). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiFailure with the API's code, message and details. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (response.ok && data !== undefined) return data;
  const e = (error as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  throw new ApiFailure(response.status, e?.code ?? 'internal', e?.message ?? `HTTP ${response.status}`, e?.details);
}
