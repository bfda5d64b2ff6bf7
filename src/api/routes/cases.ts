import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { countCases, listCases, listCasesWithView, NO_DUE_DATE, searchCases, type CaseListFilter, type CaseSummaryRow } from '../../db/cases.js';
import { CASE_LISTERS, departmentOf, type Actor } from '../../domain/roles.js';
import { waitingActions } from '../../domain/work-queue.js';
import { personKey } from '../applicant.js';
import { listScope, requireRole } from '../auth.js';
import { readCase } from '../case-access.js';
import { actOnCase, presentCase, startCase } from '../cases.js';
import type { ApiDeps } from '../deps.js';
import { msg, roleName } from '../../domain/catalogue.js';
import { badRequest, ERROR_RESPONSES, forbidden } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { workingDaysLeftOf } from '../working-days.js';
import { CaseActionBody, describeActions } from '../schemas/case-actions.js';
import { CaseIdParams, CaseList, CaseSearchBody, CaseSearchResult, CaseSummary, CaseView, ListCasesQuery, StartCaseBody } from '../schemas/cases.js';
import { IdempotencyHeaders } from '../schemas/common.js';

function summary({ applicantName, applicantIdMasked, ...row }: CaseSummaryRow, left: (c: { dueDate: string | null; step: string; orgCode: string }) => number | null): z.infer<typeof CaseSummary> {
  return { ...isoDates(row), workingDaysLeft: left(row), applicant: { name: applicantName, idNumberMasked: applicantIdMasked } };
}

/** Opaque cursor: the position of the last item of a page, in the order the list was asked for. */
type Position = { sort: 'newest'; acceptedAt: Date; caseId: string } | { sort: 'due'; dueAt: Date; caseId: string };

function encodeCursor(sort: 'newest' | 'due', row: CaseSummaryRow): string {
  const at = sort === 'due' ? (row.dueAt ?? NO_DUE_DATE) : row.acceptedAt;
  return Buffer.from(JSON.stringify([sort, at.toISOString(), row.caseId])).toString('base64url');
}

function decodeCursor(cursor: string, sort: 'newest' | 'due'): Position {
  try {
    const [kind, at, caseId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    const instant = new Date(at);
    if (kind !== sort || Number.isNaN(instant.getTime()) || typeof caseId !== 'string') throw new Error('bad cursor');
    return sort === 'due' ? { sort, dueAt: instant, caseId } : { sort, acceptedAt: instant, caseId };
  } catch {
    throw badRequest('cursor', msg('field.cursorSort'));
  }
}

const positionFilter = (p: Position | undefined): Pick<CaseListFilter, 'after' | 'afterDue'> =>
  !p ? {} : p.sort === 'due' ? { afterDue: { dueAt: p.dueAt, caseId: p.caseId } } : { after: { acceptedAt: p.acceptedAt, caseId: p.caseId } };

/** A department's approver lists only its department's cases (一门受理、协同办理). */
const approverDepartment = (actor: Actor) => (actor.role === 'approver' ? departmentOf(actor) : undefined);

/** Rows scanned per round when the list keeps only the cases waiting on the caller, and at most this many rounds. */
const SCAN_BATCH = 200;
const SCAN_ROUNDS = 10;

/** Whether a row comes after a cursor's position in the list's order. */
function isAfter(row: CaseSummaryRow, p: Position): boolean {
  if (p.sort === 'due') {
    const due = (row.dueAt ?? NO_DUE_DATE).getTime();
    return due > p.dueAt.getTime() || (due === p.dueAt.getTime() && row.caseId > p.caseId);
  }
  const at = row.acceptedAt.getTime();
  return at < p.acceptedAt.getTime() || (at === p.acceptedAt.getTime() && row.caseId < p.caseId);
}

/**
 * A work queue: the open cases in scope on which the caller has a step to take now. Whose turn it is
 * is the domain's rule (the action table), so the rows are filtered here, scanning in the list's order
 * (at most SCAN_ROUNDS × SCAN_BATCH open cases): all of them, so the queue knows its total.
 */
async function waitingOnCaller(deps: ApiDeps, actor: Actor, f: CaseListFilter, position: Position | undefined): Promise<{ rows: CaseSummaryRow[]; total: number }> {
  const found: CaseSummaryRow[] = [];
  const base: CaseListFilter = { ...f, after: undefined, afterDue: undefined, open: true, limit: SCAN_BATCH };
  for (let round = 0; round < SCAN_ROUNDS; round++) {
    const rows = await listCasesWithView(deps.db, { ...base, offset: round * SCAN_BATCH });
    for (const { view, ...row } of rows) if (waitingActions(actor, view).length > 0) found.push(row);
    if (rows.length < SCAN_BATCH) break;
  }
  const start = position ? found.findIndex((r) => isAfter(r, position)) : (f.offset ?? 0);
  return { rows: start < 0 ? [] : found.slice(start, start + f.limit), total: found.length };
}

export const caseRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
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
        return presentCase(deps, request.actor, row.view, row.caseNumber);
      },
    });

    app.post('/cases/:caseId/actions', {
      schema: {
        tags: ['cases'],
        summary: 'Take a step of the case; `allowedActions` on the case lists what the caller may do now',
        description: describeActions(),
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
        response: { 200: CaseList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const q = request.query;
        const { actor } = request;
        requireRole(actor, CASE_LISTERS, 'what.listCases');
        if (q.cursor && q.offset !== undefined) throw badRequest('offset', msg('field.cursorOrOffset'));
        if (q.cursor && q.sortBy) throw badRequest('cursor', msg('field.cursorWithSort'));
        const position = q.cursor ? decodeCursor(q.cursor, q.sort) : undefined;
        const filter: CaseListFilter = {
          orgCode: listScope(actor, q.orgCode),
          type: q.type,
          department: approverDepartment(actor),
          status: q.status,
          step: q.step,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          dueBefore: q.dueBefore,
          q: q.q,
          sort: q.sort,
          ...(q.sortBy ? { sortBy: q.sortBy, sortOrder: q.sortOrder } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
          ...positionFilter(position),
          limit: q.limit + 1,
        };
        // The page, then its total: one after the other, never side by side, so a page that fails (a lock, a
        // backend ended) leaves no count queued behind it on the pool for the API's close to wait on.
        const { rows, total } =
          q.waitingOn === 'me'
            ? await waitingOnCaller(deps, actor, filter, position)
            : { rows: await listCases(deps.db, filter), total: await countCases(deps.db, filter) };
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const left = await workingDaysLeftOf(deps.db);
        return { items: page.map((r) => summary(r, left)), nextCursor: rows.length > q.limit && last && !q.sortBy ? encodeCursor(q.sort, last) : null, total };
      },
    });

    app.post('/cases/searches', {
      schema: {
        tags: ['cases'],
        summary: 'Find one person’s cases in the caller’s scope by name or by the full resident ID (sent in the body, hashed by the server; never in a URL or a log)',
        body: CaseSearchBody,
        response: { 200: CaseSearchResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, CASE_LISTERS, 'what.listCases');
        if (actor.role === 'system' || actor.role === 'committee') throw forbidden(msg('case.mayNotSearch', { role: roleName(actor.role, actor.dept) }));
        const { name, idNumber, limit } = request.body;
        const rows = await searchCases(deps.db, {
          orgCode: listScope(actor, undefined),
          department: approverDepartment(actor),
          ...(name ? { name } : {}),
          ...(idNumber ? { idHash: personKey(deps.piiHashKey, idNumber) } : {}),
          limit,
        });
        const left = await workingDaysLeftOf(deps.db);
        return { items: rows.map((r) => summary(r, left)) };
      },
    });
  };
