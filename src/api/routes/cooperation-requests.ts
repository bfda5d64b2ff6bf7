import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { findCooperation, listCooperation, type CooperationRow } from '../../db/cooperation.js';
import { msg, roleName } from '../../domain/catalogue.js';
import { countyOf } from '../../domain/org.js';
import { canReadCooperation, mayAnswerCooperation, type CooperationStatus } from '../../domain/residence.js';
import type { Actor } from '../../domain/roles.js';
import { cooperationAnswerUpdate } from '../../workflows/messages.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES, forbidden, invalidTransition, notFound } from '../errors.js';
import { CooperationAnswerBody, CooperationList, CooperationListQuery, CooperationParams, CooperationRequest } from '../schemas/cooperation.js';
import { executeUpdate } from '../workflow-calls.js';

type RequestOut = z.infer<typeof CooperationRequest>;

function present(actor: Actor, r: CooperationRow): RequestOut {
  return {
    requestId: r.requestId,
    caseId: r.caseId,
    orgCode: r.orgCode,
    fromCounty: r.fromCounty,
    toCounty: r.toCounty,
    status: r.status as CooperationStatus,
    requestedAt: r.requestedAt.toISOString(),
    dueDate: r.dueDate,
    dueAt: r.dueAt.toISOString(),
    permitNumber: r.permitNumber,
    applicant: { name: r.applicantName, idNumberMasked: r.applicantIdMasked },
    findings: r.findings,
    householdSituation: r.householdSituation,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    mayAnswer: r.status !== 'answered' && mayAnswerCooperation(actor, r),
  };
}

/**
 * 居住地申办: the cooperation requests (协查) between the county where an applicant lives and the
 * 户籍 county. The 户籍 county reads what it must answer — the request, the applicant's name and
 * masked ID, never the case — and its caseworkers answer; the answer enters the case's timeline.
 */
export const cooperationRoutes =
  ({ db, temporal }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/cooperation-requests', {
      schema: {
        tags: ['cases'],
        summary: '居住地申办: the cooperation requests the caller’s county must answer (or, direction=outgoing, those its cases sent), soonest due first',
        querystring: CooperationListQuery,
        response: { 200: CooperationList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, query } = request;
        const county = countyOf(actor.org);
        if (!canReadCooperation(actor, county)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.readCooperation') }));
        const rows = await listCooperation(db, { county, direction: query.direction, ...(query.status ? { status: query.status } : {}), limit: query.limit });
        return { items: rows.map((r) => present(actor, r)) };
      },
    });

    app.post('/cooperation-requests/:requestId/answers', {
      schema: {
        tags: ['cases'],
        summary: '居住地申办: the 户籍 county’s caseworker answers a cooperation request (once); the case may then be decided',
        params: CooperationParams,
        body: CooperationAnswerBody,
        response: { 201: CooperationRequest, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        const { requestId } = request.params;
        const row = await findCooperation(db, requestId);
        // Either county's readers know of it; anyone else is told nothing.
        if (!row || !(canReadCooperation(actor, row.toCounty) || canReadCooperation(actor, row.fromCounty))) throw notFound(msg('cooperation.notFound', { id: requestId }));
        if (!mayAnswerCooperation(actor, row)) throw forbidden(msg('cooperation.onlyHukouCaseworker', { county: row.toCounty }));
        if (row.status === 'answered') throw invalidTransition(msg('cooperation.answered', { id: requestId }));
        const view = await executeUpdate(temporal, row.caseId, cooperationAnswerUpdate, {
          args: [{ actor, findings: body.findings, ...(body.householdSituation ? { householdSituation: body.householdSituation } : {}) }],
        });
        const c = view.cooperation!;
        const answered: CooperationRow = {
          ...row,
          status: c.status,
          findings: c.findings,
          householdSituation: c.householdSituation,
          answeredAt: c.answeredAt ? new Date(c.answeredAt) : null,
        };
        return reply.status(201).send(present(actor, answered));
      },
    });
  };
