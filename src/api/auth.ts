import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { countyOf } from '../domain/org.js';
import { DEPARTMENTS, READERS, ROLES, canRead, canSeeOrg, type Actor, type Role } from '../domain/roles.js';
import { msg, roleName, type Message, type WhatKey } from '../domain/catalogue.js';
import { ApiError, forbidden } from './errors.js';
import { OrgCode } from './schemas/common.js';
import { says } from './validation.js';
import { isOidcToken, oidcVerifier, type OidcOptions } from './oidc.js';

/** The claims every token must carry; a caseworker's org is a street, everyone else's a county. */
const ClaimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    org: OrgCode,
    dept: z.enum(DEPARTMENTS).optional(),
    // The person's name (OIDC standard claim): the history and the audit name who took a step.
    name: z.string().trim().min(1).max(50).optional().catch(undefined),
  })
  .refine((c) => (c.role === 'caseworker' ? c.org.length === 9 : c.org.length === 6), {
    message: says('field.roleOrg'),
  });

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    /** Verifies an OpenID Connect token of the configured issuer; null without one. */
    verifyOidcToken: ((token: string) => Promise<unknown>) | null;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Actor;
    user: Actor;
  }
}

export interface TokenRules {
  /** The longest a token may live, from its `iat` (or from now, without one). */
  maxLifetimeSeconds: number;
  /** Tolerated difference between the issuer's clock and ours. */
  clockSkewSeconds: number;
}

export const DEFAULT_TOKEN_RULES: TokenRules = { maxLifetimeSeconds: 12 * 3600, clockSkewSeconds: 60 };

declare module 'fastify' {
  interface FastifyInstance {
    tokenRules: TokenRules;
  }
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { secret: string; rules: TokenRules; oidc?: OidcOptions }) => {
  await app.register(fastifyJwt, { secret: opts.secret, verify: { algorithms: ['HS256'], clockTolerance: opts.rules.clockSkewSeconds * 1000 } });
  app.decorate('tokenRules', opts.rules);
  app.decorateRequest('actor', null as unknown as Actor);
  // Beside our HS256 service tokens: the identity service's RS256/ES256 tokens, when an issuer is configured.
  app.decorate('verifyOidcToken', opts.oidc ? oidcVerifier(opts.oidc) : null);
});

/** A token must say when it expires, may not be issued in the future, and may not live past the cap. */
function lifetimeProblem(payload: { exp?: unknown; iat?: unknown }, rules: TokenRules, nowSeconds: number): Message | undefined {
  if (typeof payload.exp !== 'number') return msg('auth.noExpiry');
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > nowSeconds + rules.clockSkewSeconds)) return msg('auth.future');
  const from = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (payload.exp - from > rules.maxLifetimeSeconds + rules.clockSkewSeconds) return msg('auth.tooLong', { seconds: rules.maxLifetimeSeconds });
  return undefined;
}

/** onRequest hook for protected routes: a missing, bad or expired token is 401. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  if (!request.headers.authorization) throw new ApiError(401, 'unauthorized', msg('auth.missing'));
  let payload: unknown;
  const token = request.headers.authorization.replace(/^Bearer\s+/i, '');
  const oidc = request.server.verifyOidcToken;
  try {
    payload = oidc && isOidcToken(token) ? await oidc(token) : await request.jwtVerify();
  } catch {
    throw new ApiError(401, 'unauthorized', msg('auth.invalid'));
  }
  const tooLong = lifetimeProblem(payload as { exp?: unknown; iat?: unknown }, request.server.tokenRules, Math.floor(Date.now() / 1000));
  if (tooLong) throw new ApiError(401, 'unauthorized', tooLong);
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) throw new ApiError(401, 'unauthorized', msg('auth.claims'));
  const { sub, role, org, dept, name } = claims.data;
  request.actor = { sub, role, org, ...(dept ? { dept } : {}), ...(name ? { name } : {}) };
}

export function requireRole(actor: Actor, roles: readonly Role[], what: WhatKey): void {
  if (!roles.includes(actor.role)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg(what) }));
}

export function requireScope(actor: Actor, orgCode: string): void {
  if (!canSeeOrg(actor, orgCode)) throw forbidden(msg('auth.outsideScope', { org: orgCode }));
}

/** A civil-affairs resource of this org the caller must be entitled to read (domain READERS). */
export function requireReader(actor: Actor, resource: keyof typeof READERS, orgCode: string): void {
  if (!canRead(actor, resource, orgCode)) throw forbidden(msg('auth.mayNotRead', { role: roleName(actor.role, actor.dept), resource: msg(`noun.${resource}`), org: orgCode }));
}

/** A role in `roles` acting within its scope. */
export function requireAccess(actor: Actor, roles: readonly Role[], what: WhatKey, orgCode: string): void {
  requireRole(actor, roles, what);
  requireScope(actor, orgCode);
}

/** Which org a list covers: the one asked for if the caller may see it; else a caseworker's own street, others' county. */
export function listScope(actor: Actor, orgCode: string | undefined): string {
  if (!orgCode) return actor.role === 'caseworker' ? actor.org : countyOf(actor.org);
  requireScope(actor, orgCode);
  return orgCode;
}
