import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { abilitiesOf } from '../../domain/capabilities.js';
import { ERROR_RESPONSES } from '../errors.js';
import { Me } from '../schemas/me.js';

/** Who is signed in, and what the API's own rules let them do (the console builds its menus from it). */
export const meRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get('/me', {
    schema: { tags: ['console'], summary: 'The signed-in person: who, and what they may do (capabilities, the console’s menus, its home page)', response: { 200: Me, ...ERROR_RESPONSES } },
    handler: async (request) => {
      const { sub, name, role, org, dept } = request.actor;
      return { sub, name: name ?? null, role, org, ...(dept ? { dept } : {}), ...abilitiesOf(request.actor) };
    },
  });
};
