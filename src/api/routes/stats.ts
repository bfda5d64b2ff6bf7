import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countyOf } from '../../domain/org.js';
import { slaStats } from '../../db/case-records.js';
import type { Db } from '../../db/client.js';
import { requireRole, requireScope } from '../auth.js';
import { badRequest, ErrorBody } from '../errors.js';
import { IsoDateString, OrgCode } from '../schemas.js';

const SlaItem = z.object({
  orgCode: z.string(),
  type: z.string(),
  open: z.number(),
  decidedOnTime: z.number(),
  decidedLate: z.number(),
  overdueNow: z.number(),
});

export const statsRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/stats/sla', {
      schema: {
        tags: ['stats'],
        summary: 'Per street and type: open, decided on time, decided late, overdue now (cases accepted from..to)',
        querystring: z.strictObject({ orgCode: OrgCode.optional(), from: IsoDateString.optional(), to: IsoDateString.optional() }),
        response: {
          200: z.object({ orgCode: z.string(), from: z.string().nullable(), to: z.string().nullable(), items: z.array(SlaItem) }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, ['supervisor', 'approver', 'auditor', 'caseworker'], 'read SLA statistics');
        const { from, to } = request.query;
        const orgCode = request.query.orgCode ?? (actor.role === 'caseworker' ? actor.org : countyOf(actor.org));
        requireScope(actor, orgCode);
        if (from && to && from > to) throw badRequest('to', 'must not be before from');
        return { orgCode, from: from ?? null, to: to ?? null, items: await slaStats(db, orgCode, from, to) };
      },
    });
  };
