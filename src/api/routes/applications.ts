import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES } from '../../domain/cases.js';
import { DEPARTMENTS, canSeeCase, type Actor, type Department } from '../../domain/roles.js';
import { casesOfApplication, findApplication } from '../../db/eligibility.js';
import { applicationRegisteredUpdate, caseRegisteredUpdate, type ApplicationInput, type ApplicationView } from '../../workflows/messages.js';
import { requireScope } from '../auth.js';
import { applicantRecord, authorizeStart, claimIdempotencyKey, startOrJoin, type CaseServiceDeps } from '../case-service.js';
import { ERROR_RESPONSES, notFound } from '../errors.js';
import { ApplicationBody, IdempotencyHeaders } from '../schemas.js';


const ChildCase = z.object({
  caseId: z.string(),
  type: z.enum(CASE_TYPES),
  department: z.enum(DEPARTMENTS),
  status: z.enum(CASE_STATUSES),
  step: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
});

const Application = z
  .looseObject({
    applicationId: z.string(),
    orgCode: z.string(),
    status: z.enum(['open', 'closed']).describe('open until every case is closed'),
    flagged: z.boolean().describe('on the dishonesty list at intake: each case needs the county’s review before its decision'),
    assessment: z.looseObject({ measures: z.array(z.looseObject({ kind: z.string(), source: z.string(), reason: z.string(), opensCase: z.boolean() })) }).nullable(),
    cases: z.array(ChildCase),
  })
  .meta({ id: 'Application' });

/** The application with each case the caller may see, as its read model stands now. */
async function present(deps: CaseServiceDeps, actor: Actor, view: ApplicationView, registered?: Map<string, { status: string; step: string; dueDate: string | null; dueAt: string | null; overdue: boolean }>) {
  const rows = await casesOfApplication(deps.db, view.applicationId);
  const byId = new Map(rows.map((r) => [r.caseId, r]));
  const cases = view.cases
    .filter((c) => canSeeCase(actor, { orgCode: view.orgCode, department: c.department as Department }))
    .map((c) => {
      const row = byId.get(c.caseId);
      const fresh = registered?.get(c.caseId);
      return {
        caseId: c.caseId,
        type: c.type,
        department: c.department,
        status: (fresh?.status ?? row?.status ?? 'open') as (typeof CASE_STATUSES)[number],
        step: fresh?.step ?? row?.step ?? 'registering',
        dueDate: fresh?.dueDate ?? row?.dueDate ?? null,
        dueAt: fresh?.dueAt ?? row?.dueAt?.toISOString() ?? null,
        overdue: fresh?.overdue ?? row?.overdue ?? false,
      };
    });
  // Open until every case is closed; the cases' own read model says so, whatever the workflow is doing.
  // Every case, not only those this caller sees; an application that opened none has nothing pending.
  const status = view.cases.every((c) => (registered?.get(c.caseId)?.step ?? byId.get(c.caseId)?.step) === 'closed') ? ('closed' as const) : ('open' as const);
  // Another department sees its own case and what the assessment proposed, not the household's details.
  const otherDepartment = actor.role === 'approver' && (actor.dept ?? 'minzheng') !== 'minzheng';
  if (otherDepartment) {
    const { household: _h, assessment, ...rest } = view;
    return { ...rest, assessment: assessment && { ...assessment, input: { ...(assessment.input.causeOfHardship ? { causeOfHardship: assessment.input.causeOfHardship } : {}) } }, status, cases };
  }
  return { ...view, status, cases };
}

export const applicationRoutes =
  (deps: CaseServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/applications', {
      schema: {
        tags: ['applications'],
        summary: '一门受理: one application, one case per requested or proposed aid type, each routed to its department',
        headers: IdempotencyHeaders,
        body: ApplicationBody,
        response: { 201: Application, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        authorizeStart(actor, body, Date.now());
        const key = request.headers['idempotency-key'];
        const applicationId = key
          ? await claimIdempotencyKey(deps.db, actor, `application:${key}`, body, 'app')
          : `app-${randomUUID().replace(/-/g, '')}`;
        const { temporary, tekun, medical, education, housing } = body;
        const input: ApplicationInput = {
          applicationId,
          orgCode: body.orgCode,
          applicant: applicantRecord(deps.piiHashKey, body.applicant),
          household: body.household,
          requested: body.requested,
          commitments: body.commitments,
          pledgedInsteadOfProof: body.pledgedInsteadOfProof ?? [],
          assessment: body.assessment ?? {},
          ...(temporary ? { temporary } : {}),
          ...(tekun ? { tekun } : {}),
          ...(medical ? { medical } : {}),
          ...(education ? { education } : {}),
          ...(housing ? { housing } : {}),
          ...(body.acceptedAt ? { acceptedAt: new Date(body.acceptedAt).toISOString() } : {}),
          acceptedBy: actor,
        };
        const view = await startOrJoin(deps.temporal, 'applicationWorkflow', applicationId, input, applicationRegisteredUpdate, async () => {
          const row = await findApplication(deps.db, applicationId);
          return row?.view as ApplicationView | undefined;
        });
        const { client } = deps.temporal;
        // Each case answers once it has its department, its deadline and its read-model row.
        const registered = new Map(
          await Promise.all(
            view.cases.map(async (c) => {
              const v = await client.workflow
                .getHandle(c.caseId)
                .executeUpdate(caseRegisteredUpdate)
                .catch(() => undefined);
              return [c.caseId, v ? { status: v.status, step: v.step, dueDate: v.dueDate, dueAt: v.dueAt, overdue: v.overdue } : undefined] as const;
            }),
          ).then((entries) => entries.filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined)),
        );
        return reply.status(201).send(await present(deps, actor, view, registered));
      },
    });

    app.get('/applications/:applicationId', {
      schema: {
        tags: ['applications'],
        summary: 'The application: assessment, each case with its status and due date, and the overall status',
        params: z.strictObject({ applicationId: z.string().min(1).max(100) }),
        response: { 200: Application, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const row = await findApplication(deps.db, request.params.applicationId);
        if (!row) throw notFound(`application ${request.params.applicationId} not found`);
        requireScope(request.actor, row.orgCode);
        return present(deps, request.actor, row.view as ApplicationView);
      },
    });
  };
