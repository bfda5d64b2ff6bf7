import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { DEPARTMENTS, ROLES, canSeeOrg, type Actor, type Role } from '../domain/roles.js';
import { ApiError, forbidden } from './errors.js';

/** The claims every token must carry; a caseworker's org is a street, everyone else's a county. */
const ClaimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    org: z.string().regex(/^\d{6}(\d{3})?$/),
    dept: z.enum(DEPARTMENTS).optional(),
  })
  .refine((c) => (c.role === 'caseworker' ? c.org.length === 9 : c.org.length === 6), {
    message: 'org must be a 9-digit street for a caseworker and a 6-digit county otherwise',
  });

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Actor;
    user: Actor;
  }
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { secret: string }) => {
  await app.register(fastifyJwt, { secret: opts.secret, verify: { algorithms: ['HS256'] } });
  app.decorateRequest('actor', null as unknown as Actor);
});

/** onRequest hook for protected routes: a missing, bad or expired token is 401. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  if (!request.headers.authorization) throw new ApiError(401, 'unauthorized', 'missing bearer token');
  let payload: unknown;
  try {
    payload = await request.jwtVerify();
  } catch {
    throw new ApiError(401, 'unauthorized', 'invalid or expired token');
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) throw new ApiError(401, 'unauthorized', `token claims invalid: ${claims.error.issues[0]?.message}`);
  const { sub, role, org, dept } = claims.data;
  request.actor = { sub, role, org, ...(dept ? { dept } : {}) };
}

export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw forbidden(`role ${actor.role} may not ${what}`);
}

export function requireScope(actor: Actor, orgCode: string): void {
  if (!canSeeOrg(actor, orgCode)) throw forbidden(`${orgCode} is outside ${actor.org}`);
}
