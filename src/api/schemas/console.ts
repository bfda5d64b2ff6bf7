import { z } from 'zod';
import { says } from '../validation.js';
import { DEPARTMENTS, ROLES } from '../../domain/roles.js';

export const ConsoleConfig = z.object({
  devSignIn: z.boolean().describe('the development token route POST /dev/token is there (never in production)'),
  oidc: z.object({ issuer: z.string(), clientId: z.string(), scope: z.string() }).nullable().describe('sign-in by OpenID Connect (authorization code + PKCE)'),
  temporalUiUrl: z.string().nullable().describe('the Temporal Web UI, for links to a case’s workflow'),
  temporalNamespace: z.string(),
});

export const DevTokenBody = z
  .strictObject({
    role: z.enum(ROLES),
    org: z.string().regex(/^\d{6}(\d{3})?$/, says('field.orgCode')),
    dept: z.enum(DEPARTMENTS).optional(),
    sub: z.string().trim().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(64).optional().describe('the `name` claim: who the person is, for the history and the audit'),
  })
  .refine((b) => (b.role === 'caseworker' ? b.org.length === 9 : b.org.length === 6), {
    message: says('field.roleOrg'),
    path: ['org'],
  });

export const DevToken = z.object({ token: z.string(), expiresAt: z.string() });

export const DevPeople = z.object({
  people: z.array(
    z.object({ sub: z.string(), name: z.string(), role: z.enum(ROLES), org: z.string(), dept: z.enum(DEPARTMENTS).optional() }),
  ),
});
