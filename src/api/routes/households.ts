import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiDate } from '../../domain/dates.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES } from '../errors.js';
import { changeHousehold, showHousehold } from '../households.js';
import { resourceId } from '../idempotency.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { HouseholdChangeBody, HouseholdParams, HouseholdQuery, HouseholdView } from '../schemas/households.js';

export const householdRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/households/:householdId', {
      schema: {
        tags: ['households'],
        summary: 'A household on a day (default today): members with masked IDs, assets, supporters, what it qualifies for under that day’s policy, its changes',
        params: HouseholdParams,
        querystring: HouseholdQuery,
        response: { 200: HouseholdView, ...ERROR_RESPONSES },
      },
      handler: async (request) => showHousehold(deps, request.actor, request.params.householdId, request.query.on ?? shanghaiDate(Date.now())),
    });

    app.post('/households/:householdId/changes', {
      schema: {
        tags: ['households'],
        summary: 'A dated change of a household (its street’s caseworker): each part given replaces that part whole; kept, never overwritten',
        params: HouseholdParams,
        headers: IdempotencyHeaders,
        body: HouseholdChangeBody,
        response: { 201: HouseholdView, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body, params } = request;
        const key = request.headers['idempotency-key'];
        // The same key and body is the same change (recorded once); the key with another body is 409.
        const changeId = await resourceId(deps.db, actor, 'hhc', { householdId: params.householdId, ...body }, key && `household-change:${params.householdId}:${key}`);
        const view = await changeHousehold(deps, actor, params.householdId, body, changeId, shanghaiDate(Date.now()));
        return reply.status(201).send(view);
      },
    });
  };
