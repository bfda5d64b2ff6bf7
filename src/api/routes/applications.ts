import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { narrowMask, residentIdBirthDate } from '../../domain/resident-id.js';
import { findApplication } from '../../db/applications.js';
import { casesOfApplication } from '../../db/cases.js';
import type { CASE_STATUSES } from '../../domain/cases.js';
import { canReadCase, canSee, civilAffairs, departmentOf, type Actor, type Department } from '../../domain/roles.js';
import type { ApplicationView } from '../../domain/views.js';
import { applicationRegisteredUpdate, caseRegisteredUpdate, type ApplicationInput } from '../../workflows/messages.js';
import { applicantRecord, childDetails } from '../applicant.js';
import { withResidence } from '../cases.js';
import { shanghaiDate } from '../../domain/dates.js';
import { householdIdOf, householdRecordOf, linkCases, registerHousehold } from '../households.js';
import { authorizeStart } from '../case-access.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, notFound } from '../errors.js';
import { resourceId } from '../idempotency.js';
import { Application, ApplicationBody, ApplicationParams } from '../schemas/applications.js';
import type { AssessmentInput } from '../../domain/assessment.js';
import { bothParentsGone, isMinorOn } from '../../domain/child.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { startOrJoin, whenRegistered } from '../workflow-calls.js';
import { workingDaysLeftOf } from '../working-days.js';

/** The application with each case the caller may see, as its read model stands now. */
async function present(deps: ApiDeps, actor: Actor, view: ApplicationView, registered?: Map<string, { status: string; step: string; dueDate: string | null; dueAt: string | null; overdue: boolean }>) {
  const rows = await casesOfApplication(deps.db, view.applicationId);
  const left = await workingDaysLeftOf(deps.db);
  const byId = new Map(rows.map((r) => [r.caseId, r]));
  const cases = view.cases
    .filter((c) => canSee(actor, { orgCode: view.orgCode, department: c.department as Department }))
    .map((c) => {
      const row = byId.get(c.caseId);
      const fresh = registered?.get(c.caseId);
      return {
        caseId: c.caseId,
        caseNumber: row?.caseNumber ?? null,
        type: c.type,
        department: c.department,
        status: (fresh?.status ?? row?.status ?? 'open') as (typeof CASE_STATUSES)[number],
        step: fresh?.step ?? row?.step ?? 'registering',
        dueDate: fresh?.dueDate ?? row?.dueDate ?? null,
        dueAt: fresh?.dueAt ?? row?.dueAt?.toISOString() ?? null,
        overdue: fresh?.overdue ?? row?.overdue ?? false,
      };
    })
    .map((c) => ({ ...c, workingDaysLeft: left({ ...c, orgCode: view.orgCode }) }));
  // Open until every case is closed; the cases' own read model says so, whatever the workflow is doing.
  // Every case, not only those this caller sees; an application that opened none has nothing pending.
  const status = view.cases.every((c) => (registered?.get(c.caseId)?.step ?? byId.get(c.caseId)?.step) === 'closed') ? ('closed' as const) : ('open' as const);
  // Another department sees its own case and what the assessment proposed, not the household's details.
  const otherDepartment = actor.role === 'approver' && departmentOf(actor) !== 'minzheng';
  // An application accepted before masks were narrowed keeps the old one in its workflow state.
  view = { ...view, applicant: { ...view.applicant, idNumberMasked: narrowMask(view.applicant.idNumberMasked) } };
  if (otherDepartment) {
    const { household: _h, assessment, ...rest } = view;
    return { ...rest, assessment: assessment && { ...assessment, input: { ...(assessment.input.causeOfHardship ? { causeOfHardship: assessment.input.causeOfHardship } : {}) } }, status, cases };
  }
  return { ...view, status, cases };
}

/**
 * What the assessment reads of a child applicant (孤儿 proposal): a minor on acceptance whose parents are
 * both dead or missing, and whether a guardian was named (the case needs one to be opened).
 */
function childFacts(body: ApplicationBody, acceptedOn: string): Pick<AssessmentInput, 'child'> {
  if (!isMinorOn(residentIdBirthDate(body.applicant.idNumber), acceptedOn)) return {};
  return { child: { parentsGone: body.parents !== undefined && bothParentsGone(body.parents), guardianNamed: body.guardian !== undefined } };
}

/**
 * 一门受理: one application, one case per requested or proposed aid type — at the window, or for a person
 * a street found (主动发现's invitation). The same key again is the same application.
 */
export async function openApplication(deps: ApiDeps, actor: Actor, body: ApplicationBody, key: string | undefined) {
  await authorizeStart(deps.db, actor, body, body.requested, Date.now());
  const applicationId = await resourceId(deps.db, actor, 'app', body, key && `application:${key}`);
  // One application is one household, in the register before the application starts.
  const householdId = householdIdOf(applicationId);
  await registerHousehold(deps, actor, { householdId, orgCode: body.orgCode, household: body.household, acceptedOn: shanghaiDate(body.acceptedAt ?? Date.now()) });
  const { temporary, tekun, medical, education, housing, employment, legalAid } = body;
  const acceptedOn = shanghaiDate(body.acceptedAt ?? Date.now());
  const input: ApplicationInput = {
    applicationId,
    orgCode: body.orgCode,
    applicant: applicantRecord(deps.piiHashKey, body.applicant),
    household: householdRecordOf(body.household),
    householdId,
    requested: body.requested,
    commitments: body.commitments,
    pledgedInsteadOfProof: body.pledgedInsteadOfProof ?? [],
    assessment: { ...body.assessment, ...childFacts(body, acceptedOn) },
    ...(temporary ? { temporary } : {}),
    ...(tekun ? { tekun } : {}),
    ...(medical ? { medical } : {}),
    ...(education ? { education } : {}),
    ...(housing ? { housing } : {}),
    ...(employment ? { employment } : {}),
    ...(legalAid ? { legalAid } : {}),
    ...(body.guardian ? { child: childDetails(body.applicant, body.guardian, body.parents) } : {}),
    ...(body.acceptedAt ? { acceptedAt: new Date(body.acceptedAt).toISOString() } : {}),
    ...withResidence(body),
    acceptedBy: actor,
  };
  const view = await startOrJoin(deps.temporal, 'applicationWorkflow', applicationId, input, applicationRegisteredUpdate, async () => (await findApplication(deps.db, applicationId))?.view);
  for (const c of view.cases) deps.metrics.casesStarted.inc({ type: c.type });
  // Which cases the application opens is the assessment's: each names the household once opened.
  await linkCases(deps, householdId, view.cases);
  // Each case answers once it has its department, its deadline and its read-model row.
  const registered = new Map(
    await Promise.all(
      view.cases.map(async (c) => {
        const v = await whenRegistered(deps.temporal, c.caseId, caseRegisteredUpdate);
        return [c.caseId, v ? { status: v.status, step: v.step, dueDate: v.dueDate, dueAt: v.dueAt, overdue: v.overdue } : undefined] as const;
      }),
    ).then((entries) => entries.filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined)),
  );
  return present(deps, actor, view, registered);
}

export const applicationRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/applications', {
      schema: {
        tags: ['applications'],
        summary: '一门受理: one application, one case per requested or proposed aid type, each routed to its department',
        headers: IdempotencyHeaders,
        body: ApplicationBody,
        response: { 201: Application, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => reply.status(201).send(await openApplication(deps, request.actor, request.body, request.headers['idempotency-key'])),
    });

    app.get('/applications/:applicationId', {
      schema: {
        tags: ['applications'],
        summary: 'The application: assessment, each case with its status and due date, and the overall status',
        params: ApplicationParams,
        response: { 200: Application, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const row = await findApplication(deps.db, request.params.applicationId);
        // Need to know (canReadCase) as for its cases; another department reads it only through a case of its own in it.
        const { actor } = request;
        const scopes = !row ? [] : actor.role === 'approver' ? row.view.cases.map((c) => ({ orgCode: row.orgCode, department: c.department })) : [civilAffairs(row.orgCode)];
        const visible = scopes.some((scope) => canReadCase(actor, { ...scope, startedBy: row!.view.acceptedBy, onOpenBallot: false }));
        if (!row || !visible) throw notFound(msg('application.notFound', { id: request.params.applicationId }));
        return present(deps, request.actor, row.view);
      },
    });
  };
