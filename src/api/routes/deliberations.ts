import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { findDeliberation } from '../../db/deliberations.js';
import type { Temporal } from '../../temporal/client.js';
import { voteUpdate, type DeliberationView } from '../../workflows/messages.js';
import { requireRole, requireScope } from '../auth.js';
import { updateFailure } from '../case-service.js';
import { ERROR_RESPONSES, forbidden, invalidTransition, notFound } from '../errors.js';
import { PositiveFen } from '../schemas.js';


const Deliberation = z
  .looseObject({
    deliberationId: z.string(),
    caseId: z.string(),
    orgCode: z.string(),
    status: z.enum(['open', 'approved', 'rejected']),
    reason: z.string(),
    proposedAmountFen: z.number(),
    dueDate: z.string().nullable(),
    dueAt: z.string().nullable(),
    members: z.number(),
    quorum: z.number(),
    majority: z.enum(['of-members', 'of-votes-cast']).optional().describe('whose majority approves (policy): of all members, or of the votes cast'),
    needed: z.number().describe('approvals that carry it outright: more than half of all members'),
    votes: z.array(z.object({ sub: z.string(), vote: z.enum(['approve', 'reject']), amountFen: z.number().optional(), reason: z.string(), at: z.string() })),
    outcome: z
      .object({ approved: z.boolean(), amountFen: z.number().nullable(), decidedAt: z.string(), approvals: z.number(), rejections: z.number() })
      .nullable(),
  })
  .meta({ id: 'Deliberation' });

const Params = z.strictObject({ id: z.string().min(1).max(200) });

export const deliberationRoutes =
  ({ db, temporal }: { db: Db; temporal: Temporal }): FastifyPluginAsyncZod =>
  async (app) => {
    async function read(actor: Parameters<typeof requireScope>[0], id: string): Promise<DeliberationView> {
      const row = await findDeliberation(db, id);
      if (!row) throw notFound(`deliberation ${id} not found`);
      requireScope(actor, row.orgCode);
      return row.view as DeliberationView;
    }

    app.get('/deliberations/:id', {
      schema: { tags: ['deliberation'], summary: '一事一议: the proposal, the votes so far and the outcome', params: Params, response: { 200: Deliberation, ...ERROR_RESPONSES } },
      handler: async (request) => read(request.actor, request.params.id),
    });

    app.post('/deliberations/:id/votes', {
      schema: {
        tags: ['deliberation'],
        summary: 'A committee member’s vote; each member votes once',
        params: Params,
        body: z.strictObject({
          vote: z.enum(['approve', 'reject']),
          amountFen: PositiveFen.optional().describe('approve: the amount this member supports'),
          reason: z.string().trim().min(1).max(2000),
        }),
        response: { 201: Deliberation, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        requireRole(actor, ['committee'], 'vote');
        const current = await read(actor, request.params.id);
        if (current.status !== 'open') throw invalidTransition(`the deliberation is ${current.status}`);
        if (current.votes.some((v) => v.sub === actor.sub)) throw invalidTransition(`${actor.sub} has already voted`);
        try {
          const view = await temporal.client.workflow
            .getHandle(current.deliberationId)
            .executeUpdate(voteUpdate, { args: [{ actor, ...request.body }], updateId: `vote:${actor.sub}` });
          return reply.status(201).send(view);
        } catch (err) {
          const mapped = updateFailure(err);
          if (mapped?.statusCode === 403) throw forbidden(mapped.message);
          throw mapped ?? err;
        }
      },
    });
  };
