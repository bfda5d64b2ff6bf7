import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countyOf } from '../../domain/org.js';
import type { Actor } from '../../domain/roles.js';
import { listCases, type CaseRow } from '../../db/case-records.js';
import type { CaseView as CaseViewType } from '../../workflows/messages.js';
import { requireScope } from '../auth.js';
import { actOnCase, readCase, startCase, withAllowedActions, type CaseServiceDeps } from '../case-service.js';
import { badRequest, ERROR_RESPONSES } from '../errors.js';
import { CaseActionBody, CaseIdParams, CaseSummary, CaseView, IdempotencyHeaders, ListCasesQuery, StartCaseBody } from '../schemas.js';


const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summary(row: CaseRow): z.infer<typeof CaseSummary> {
  return {
    caseId: row.caseId,
    applicationId: row.applicationId,
    type: row.type,
    orgCode: row.orgCode,
    department: row.department,
    status: row.status,
    step: row.step,
    applicant: { name: row.applicantName, idNumberMasked: row.applicantIdMasked },
    acceptedAt: row.acceptedAt.toISOString(),
    dueDate: row.dueDate,
    dueAt: iso(row.dueAt),
    dueProvisional: row.dueProvisional,
    suspended: row.suspended,
    overdue: row.overdue,
    overdueSince: iso(row.overdueSince),
    decidedAt: iso(row.decidedAt),
    decidedLate: row.decidedLate,
    amountFen: row.amountFen,
  };
}

/** Opaque cursor: the position of the last item of a page in the newest-first order. */
const encodeCursor = (row: CaseRow) => Buffer.from(JSON.stringify([row.acceptedAt.toISOString(), row.caseId])).toString('base64url');
function decodeCursor(cursor: string): { acceptedAt: Date; caseId: string } {
  try {
    const [at, caseId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const acceptedAt = new Date(at);
    if (Number.isNaN(acceptedAt.getTime()) || typeof caseId !== 'string') throw new Error('bad cursor');
    return { acceptedAt, caseId };
  } catch {
    throw badRequest('cursor', 'is not a cursor this API issued');
  }
}

/** Which org a list covers: a caseworker's own street; others their county or a street in it. */
function listScope(actor: Actor, orgCode: string | undefined): string {
  if (!orgCode) return actor.role === 'caseworker' ? actor.org : countyOf(actor.org);
  requireScope(actor, orgCode);
  return orgCode;
}

export const caseRoutes =
  (deps: CaseServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/cases', {
      schema: {
        tags: ['cases'],
        summary: 'Start one case of one type (other systems, or a window)',
        headers: IdempotencyHeaders,
        body: StartCaseBody,
        response: { 201: CaseView, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const view = await startCase(deps, request.actor, request.body, request.headers['idempotency-key']);
        return reply.status(201).send(view);
      },
    });

    app.get('/cases/:caseId', {
      schema: { tags: ['cases'], summary: 'A case with its history and the actions the caller may take', params: CaseIdParams, response: { 200: CaseView, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const row = await readCase(deps.db, request.actor, request.params.caseId);
        return withAllowedActions(request.actor, row.view as CaseViewType);
      },
    });

    app.post('/cases/:caseId/actions', {
      schema: {
        tags: ['cases'],
        summary: 'Take a step of the case; `allowedActions` on the case lists what the caller may do now',
        description: [
          '低保 (dibao): record-economic-check, record-home-visit, record-objection, resolve-objection, decide, request-supplement, supplement-received, withdraw.',
          '临时救助 (temporary): approve {amountFen, installments?, followUpRequired?} (street within its authority, county after forward-to-county),',
          'reject {reason}, forward-to-county {reason?}, escalate {reason, proposedAmountFen} (一事一议), submit-paperwork {documents},',
          'confirm-follow-up {instalment, needsContinue, findings}, stop-installments {reason}, withdraw {reason}.',
          'Wrong role or street: 403. Wrong step: 409 invalid_transition. Bad payload: 400 naming the field.',
        ].join(' '),
        params: CaseIdParams,
        headers: IdempotencyHeaders,
        body: CaseActionBody,
        response: { 200: CaseView, ...ERROR_RESPONSES },
      },
      handler: async (request) =>
        actOnCase(deps, request.actor, request.params.caseId, request.body, request.headers['idempotency-key']),
    });

    app.get('/cases', {
      schema: {
        tags: ['cases'],
        summary: 'Cases in the caller’s scope, newest first (e.g. ?overdue=true for a supervisor’s overdue list)',
        querystring: ListCasesQuery,
        response: { 200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }), ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const q = request.query;
        const orgCode = listScope(request.actor, q.orgCode);
        const rows = await listCases(deps.db, {
          orgCode,
          type: q.type,
          // A department's approver lists only its department's cases (一门受理、协同办理).
          department: request.actor.role === 'approver' ? (request.actor.dept ?? 'minzheng') : undefined,
          status: q.status,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          dueBefore: q.dueBefore,
          after: q.cursor ? decodeCursor(q.cursor) : undefined,
          limit: q.limit + 1,
        });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return { items: page.map(summary), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
      },
    });
  };
