import { actionContextOf } from '../domain/action-rules.js';
import { narrowMask } from '../domain/resident-id.js';
import { approvalProblems } from '../domain/aid/declaration.js';
import { AID, ASSESSED, allowedActions, checkAction, payloadProblem } from '../domain/aid/index.js';
import type { AcceptanceReading } from '../domain/acceptance.js';
import { acceptedAtWindow, acceptanceRequestOf, type CaseDraft } from '../domain/case-acceptance.js';
import { readAcceptanceFacts } from '../db/acceptance.js';
import { caseSteps, type StepOfCase } from '../domain/case-steps.js';
import type { Actor } from '../domain/roles.js';
import type { CaseView } from '../domain/views.js';
import { caseActionUpdate, caseRegisteredUpdate, type CaseInput, type CaseIntake } from '../workflows/messages.js';
import { caseNumberOf, findCase, recordCaseStep } from '../db/cases.js';
import { appliedCorrections } from '../db/corrections.js';
import { correctedView, type AppliedCorrection } from '../domain/corrections.js';
import { applicantRecord, childDetails } from './applicant.js';
import { recordCheckReport } from './economic-check.js';
import { shanghaiDate } from '../domain/dates.js';
import { msg } from '../domain/catalogue.js';
import { householdIdOf, householdRecordOf, linkCases, registerHousehold } from './households.js';
import { authorizeStart, readCase } from './case-access.js';
import type { ApiDeps } from './deps.js';
import { forbidden, invalidTransition, unavailable, validationFailed } from './errors.js';
import { actionUpdateId, resourceId } from './idempotency.js';
import { outcomeOf } from './metrics.js';
import { actionFormOf, type ActionForm, type CaseActionBody } from './schemas/case-actions.js';
import type { StartCaseBody } from './schemas/cases.js';
import { residenceOf } from './schemas/intake.js';
import type { ResidenceRequest } from '../domain/residence.js';
import { executeUpdate, startOnce, startOrJoin, whenRegistered } from './workflow-calls.js';
import { workingDaysLeftOf } from './working-days.js';

// The case use-cases: start one, act on one, and what the caller may do next.

export type CaseResponse = CaseView & {
  caseNumber: string | null;
  corrections: AppliedCorrection[];
  steps: StepOfCase[];
  allowedActions: string[];
  actionForms: ActionForm[];
  workingDaysLeft: number | null;
};

/**
 * A case as its caller sees it: its 受理编号 (the read model's; null only while the first write is
 * pending), its steps, what the caller may do now, and the working days left to decide.
 */
export async function presentCase(deps: Pick<ApiDeps, 'db'>, actor: Actor, recorded: CaseView, caseNumber: string | null): Promise<CaseResponse> {
  const [left, corrections] = await Promise.all([workingDaysLeftOf(deps.db), appliedCorrections(deps.db, recorded.caseId)]);
  const allowed = allowedActions(actor, actionContextOf(recorded));
  // 容错纠错: the record as corrected, each original kept beside its correction (and in the history).
  const view = correctedView(recorded, corrections);
  // A case accepted before masks were narrowed keeps the old one in its workflow state.
  const applicant = { ...view.applicant, idNumberMasked: narrowMask(view.applicant.idNumberMasked) };
  return {
    ...view,
    applicant,
    caseNumber,
    steps: caseSteps(view),
    householdId: view.householdId ?? null,
    corrections,
    allowedActions: allowed,
    actionForms: allowed.map((a) => actionFormOf(view.type, a)),
    workingDaysLeft: left(view),
  };
}

/** The type's own intake fields; the workflow checks our records (dishonesty list, 低保/特困) itself. */
function intakeOf(body: StartCaseBody): CaseIntake {
  return {
    ...(body.pledgedInsteadOfProof?.length ? { pledgedInsteadOfProof: body.pledgedInsteadOfProof } : {}),
    ...(body.tekun ? { tekun: body.tekun } : {}),
    ...(body.medical ? { medical: body.medical } : {}),
    ...(body.education ? { education: body.education } : {}),
    ...(body.housing ? { housing: body.housing } : {}),
    ...(body.employment ? { employment: body.employment } : {}),
    ...(body.legalAid ? { legalAid: body.legalAid } : {}),
    ...(body.guardian ? { child: childDetails(body.applicant, body.guardian, body.parents) } : {}),
  };
}

/** 居住地申办: the permit and the 户籍 county, for a case accepted away from it. */
export function withResidence(body: Parameters<typeof residenceOf>[0]): { residence?: ResidenceRequest } {
  const residence = residenceOf(body);
  return residence ? { residence } : {};
}

/**
 * What an assessed type's acceptance reads (our records, the policy, the deadline), read here with the
 * request the workflow makes, so its first task need not run an activity for it. A reading that fails
 * (a policy gap) is left to the workflow, which retries it until a fix lands, as without one.
 */
async function acceptanceAtWindow(deps: ApiDeps, input: CaseInput, acceptedAt: string): Promise<AcceptanceReading | undefined> {
  if (input.type === 'temporary') return undefined;
  const request = acceptanceRequestOf(input, ASSESSED[input.type], acceptedAt);
  const facts = await readAcceptanceFacts(deps.db, request).catch(() => undefined);
  return facts ? { request, facts } : undefined;
}

export async function startCase(deps: ApiDeps, actor: Actor, body: StartCaseBody, idempotencyKey?: string): Promise<CaseResponse> {
  await authorizeStart(deps.db, actor, body, [body.type], Date.now());
  const caseId = await resourceId(deps.db, actor, 'case', body, idempotencyKey);
  // The household is in the register, and names the case, before the case starts.
  const householdId = householdIdOf(caseId);
  await registerHousehold(deps, actor, { householdId, orgCode: body.orgCode, household: body.household, acceptedOn: shanghaiDate(body.acceptedAt ?? Date.now()) });
  await linkCases(deps, householdId, [{ caseId, type: body.type }]);
  // The acceptance instant, as the case's workflow keeps it: a system's import may give an earlier one.
  const acceptedAt = new Date(body.acceptedAt ?? (await deps.now())).toISOString();
  const input: CaseInput = {
    caseId,
    applicationId: null,
    type: body.type,
    orgCode: body.orgCode,
    applicant: applicantRecord(deps.piiHashKey, body.applicant),
    household: householdRecordOf(body.household),
    householdId,
    ...(body.temporary ? { temporary: body.temporary } : {}),
    ...(body.commitments ? { commitments: body.commitments } : {}),
    ...withResidence(body),
    intake: intakeOf(body),
    acceptedAt,
    acceptedBy: actor,
  };
  const acceptance = await acceptanceAtWindow(deps, input, acceptedAt);
  if (acceptance) input.acceptance = acceptance;
  const workflowType = AID[body.type].workflowType;
  // Accepted now on facts read here: the API records the acceptance and answers without waiting for the worker.
  const draft = body.acceptedAt === undefined ? acceptedAtWindow({ ...input, acceptedAt }) : undefined;
  const view = draft
    ? await startRecorded(deps, workflowType, { ...input, recordedAtWindow: true }, draft)
    : await startOrJoin(deps.temporal, workflowType, caseId, input, caseRegisteredUpdate, async () => (await findCase(deps.db, caseId))?.view);
  deps.metrics.casesStarted.inc({ type: body.type });
  return presentCase(deps, actor, view, await caseNumberOf(deps.db, caseId));
}

/**
 * Starts the workflow of a case whose acceptance the API has computed, then records that acceptance
 * (snapshot, 受理 entry, notices) itself: the caller reads its write at once, and the workflow's first
 * task, whenever the worker takes it, accepts the same case from the same input and confirms the record.
 * The start comes first, so a record never names a case without a workflow; a write lost after it is
 * made by the workflow's. A request that finds the case started (the same Idempotency-Key again) answers
 * with what the first recorded, or waits for the workflow's registration — never with its own reckoning.
 */
async function startRecorded(deps: ApiDeps, workflowType: string, input: CaseInput, draft: CaseDraft): Promise<CaseView> {
  const { caseId } = input;
  if (await startOnce(deps.temporal, workflowType, caseId, input)) {
    const step = { view: draft.state, applicantIdHash: input.applicant.idHash, entries: draft.entries, notifications: draft.notifications };
    // A write that fails here (the database refusing it, say) is the workflow's first task's to make.
    if (await recordCaseStep(deps.db, step).then(() => true, () => false)) return draft.state;
  }
  const recorded = (await findCase(deps.db, caseId))?.view ?? (await whenRegistered(deps.temporal, caseId, caseRegisteredUpdate));
  if (!recorded) throw unavailable(msg('case.busy'), 1);
  return recorded;
}

export async function actOnCase(deps: ApiDeps, actor: Actor, caseId: string, body: CaseActionBody, idempotencyKey?: string): Promise<CaseResponse> {
  const { view, caseNumber } = await readCase(deps.db, actor, caseId);
  const count = (outcome: string) => deps.metrics.caseActions.inc({ type: view.type, action: body.action, outcome });
  try {
    const next = await takeStep(deps, actor, view, caseNumber, body, idempotencyKey);
    count('done');
    return next;
  } catch (err) {
    count(outcomeOf(err));
    throw err;
  }
}

async function takeStep(deps: ApiDeps, actor: Actor, view: CaseView, caseNumber: string, body: CaseActionBody, idempotencyKey?: string): Promise<CaseResponse> {
  const { caseId } = view;
  // Answer the common refusals from the read model; the workflow's validator is still the authority.
  const check = checkAction(body.action, actor, actionContextOf(view));
  if (!check.ok && (check.reason === 'forbidden' || view.step === 'closed')) {
    throw check.reason === 'forbidden' ? forbidden(check.message) : invalidTransition(check.message);
  }
  // What the action carries in a case of this type: another type's field is unknown here (after 403/409).
  const problem = check.ok ? payloadProblem(view.type, body) : undefined;
  if (problem) throw validationFailed([problem]);
  // A 核对 report goes to the household register; the workflow hears its reference and date.
  const request = check.ok && body.action === 'record-economic-check' ? await recordCheckReport(deps, actor, view, body) : body;
  if (body.action === 'decide' && body.decision === 'approve') {
    const problems = approvalProblems(AID[view.type], body, view);
    if (problems.length > 0) throw validationFailed(problems);
  }
  const next = await executeUpdate(deps.temporal, caseId, caseActionUpdate, {
    args: [{ actor, request }],
    // The same Idempotency-Key on a retried action is one Update, applied once.
    ...(idempotencyKey ? { updateId: await actionUpdateId(deps.db, actor, caseId, body, idempotencyKey) } : {}),
  });
  return presentCase(deps, actor, next, caseNumber);
}
