import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findDeliberation, listDeliberations, withCaseNames } from '../../db/deliberations.js';
import { countyOf } from '../../domain/org.js';
import { VOTERS, canRead, type Actor } from '../../domain/roles.js';
import type { DeliberationView } from '../../domain/views.js';
import { voteUpdate } from '../../workflows/messages.js';
import { requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { msg, roleName, statusName } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, forbidden, invalidTransition, notFound } from '../errors.js';
import { ballotUpdateId } from '../idempotency.js';
import { Deliberation, DeliberationList, DeliberationListQuery, DeliberationParams, VoteBody } from '../schemas/deliberations.js';
import { executeUpdate } from '../workflow-calls.js';

export const deliberationRoutes =
  ({ db, temporal }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    async function read(actor: Actor, id: string): Promise<DeliberationView> {
      const row = await findDeliberation(db, id);
      // What the caller may not see does not exist for it.
      if (!row || !canRead(actor, 'deliberation', row.orgCode)) throw notFound(msg('deliberation.notFound', { id }));
      return row.view;
    }

    app.get('/deliberations', {
      schema: {
        tags: ['deliberation'],
        summary: '一事一议 of a county, newest first (status=open: the ballots still to decide)',
        querystring: DeliberationListQuery,
        response: { 200: DeliberationList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const countyCode = request.query.countyCode ?? countyOf(actor.org);
        // The same readers as one deliberation (civil affairs' own); a caseworker reads its own street's.
        const readable = countyOf(actor.org) === countyCode && canRead(actor, 'deliberation', actor.role === 'caseworker' ? actor.org : countyCode);
        if (!readable) throw forbidden(msg('deliberation.mayNotList', { role: roleName(actor.role, actor.dept), county: countyCode }));
        const { status, limit, offset, sortBy, sortOrder } = request.query;
        const { views, total } = await listDeliberations(db, {
          countyCode,
          // A street's caseworker sees its own street's deliberations only.
          ...(actor.role === 'caseworker' ? { orgCode: actor.org } : {}),
          ...(status ? { status } : {}),
          ...(sortBy ? { sortBy, sortOrder } : {}),
          ...(offset !== undefined ? { offset } : {}),
          limit,
        });
        return { items: await withCaseNames(db, views), total };
      },
    });

    app.get('/deliberations/:id', {
      schema: { tags: ['deliberation'], summary: '一事一议: the proposal, the votes so far and the outcome', params: DeliberationParams, response: { 200: Deliberation, ...ERROR_RESPONSES } },
      handler: async (request) => (await withCaseNames(db, [await read(request.actor, request.params.id)]))[0]!,
    });

    app.post('/deliberations/:id/votes', {
      schema: {
        tags: ['deliberation'],
        summary: 'A committee member’s vote; each member votes once',
        params: DeliberationParams,
        body: VoteBody,
        response: { 201: Deliberation, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        requireRole(actor, VOTERS, 'what.vote');
        const current = await read(actor, request.params.id);
        if (current.status !== 'open') throw invalidTransition(msg('deliberation.is', { status: statusName(current.status) }));
        if (current.votes.some((v) => v.sub === actor.sub)) throw invalidTransition(msg('deliberation.voted', { who: actor.sub }));
        const view = await executeUpdate(temporal, current.deliberationId, voteUpdate, { args: [{ actor, ...request.body }], updateId: ballotUpdateId(actor, request.body) });
        return reply.status(201).send((await withCaseNames(db, [view]))[0]!);
      },
    });
  };
