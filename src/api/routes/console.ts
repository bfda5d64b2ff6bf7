import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { createSigner } from 'fast-jwt';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleOptions } from '../deps.js';
import { ERROR_RESPONSES } from '../errors.js';
import { DEV_PEOPLE } from '../dev-people.js';
import { ConsoleConfig, DevPeople, DevToken, DevTokenBody } from '../schemas/console.js';

/** A development token lives for a working day. */
const DEV_TOKEN_TTL_MS = 8 * 3600 * 1000;

/** Paths the console never answers: the API and its documents keep their own 404s. */
const NOT_CONSOLE = /^\/(v1|docs|dev|healthz|readyz|console-config)(\/|$|\?)/;

/**
 * The console (web/, built by Vite) at `/`, its configuration, and in development a token route for its
 * sign-in picker. Unknown paths that are not the API's get index.html, so the console's own routes load.
 */
export const consoleRoutes =
  (opts: ConsoleOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/console-config', {
      schema: { tags: ['console'], summary: 'How the console signs in, and where the Temporal Web UI is', security: [], response: { 200: ConsoleConfig } },
      handler: async () => ({
        devSignIn: opts.devTokens,
        oidc: opts.oidc ?? null,
        temporalUiUrl: opts.temporalUiUrl ?? null,
        temporalNamespace: opts.temporalNamespace ?? 'default',
      }),
    });

    // Absent in production: there the console signs in with the configured OpenID Connect issuer.
    if (opts.devTokens) {
      const sign = createSigner({ key: opts.jwtSecret, algorithm: 'HS256', expiresIn: DEV_TOKEN_TTL_MS });
      app.post('/dev/token', {
        schema: {
          tags: ['console'],
          summary: 'Development only: a token for a role and org (the console’s sign-in picker); absent when NODE_ENV=production',
          security: [],
          body: DevTokenBody,
          response: { 201: DevToken, ...ERROR_RESPONSES },
        },
        handler: async (request, reply) => {
          const { role, org, dept, sub, name } = request.body;
          const token = sign({ sub: sub ?? `${role}-${org}${dept ? `-${dept}` : ''}`, role, org, ...(dept ? { dept } : {}), ...(name ? { name } : {}) });
          return reply.status(201).send({ token, expiresAt: new Date(Date.now() + DEV_TOKEN_TTL_MS).toISOString() });
        },
      });
      app.get('/dev/people', {
        schema: {
          tags: ['console'],
          summary: 'Development only: the named people the sign-in page offers (several committee members per county, two caseworkers per street, …)',
          security: [],
          response: { 200: DevPeople },
        },
        handler: async () => ({ people: [...DEV_PEOPLE] }),
      });
    }

    const root = opts.dir;
    if (!root || !existsSync(join(root, 'index.html'))) return;
    await app.register(fastifyStatic, { root, wildcard: false, index: false, decorateReply: true, maxAge: '1y', immutable: true });
    const sendIndex = (reply: import('fastify').FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', root, { maxAge: 0, immutable: false });
    app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (NOT_CONSOLE.test(request.url) || /\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '')) return reply.callNotFound();
      return sendIndex(reply);
    });
  };
