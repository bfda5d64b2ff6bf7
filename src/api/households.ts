import { recomputeBenefits } from './household-benefits.js';
import { appendHouseholdChange, casesOfHousehold, coverageOf, createHousehold, householdOn, linkCase, type HouseholdCase, type HouseholdState } from '../db/households.js';
import { dibaoStandardFen, eligibilityPolicy, tekunStandard } from '../db/policies.js';
import type { CaseType } from '../domain/cases.js';
import { shanghaiDate, type IsoDate } from '../domain/dates.js';
import type { Coverage } from '../domain/eligibility.js';
import { householdProblems, monthlyIncomeOf, selfIndex, sizeOf, supporterProblems, type HouseholdPayload, type MemberPayload } from '../domain/household.js';
import { declaredStandingOf, standingOf, type DayStandards, type HouseholdStanding } from '../domain/household-eligibility.js';
import type { Problem } from '../domain/fields.js';
import { canReadHousehold, canSee, type Actor, type Department } from '../domain/roles.js';
import type { HouseholdRecord } from '../domain/views.js';
import { memberRecord, personKey, supporterRecord } from './applicant.js';
import type { ApiDeps } from './deps.js';
import { msg, roleName } from '../domain/catalogue.js';
import { ApiError, badRequest, forbidden, notFound, validationFailed } from './errors.js';
import type { HouseholdChangeBody, HouseholdView } from './schemas/households.js';

// The household register over HTTP: every new case's household registered at intake, a household
// read on a day with what it qualifies for, and its dated changes. Who qualifies is the domain's
// (household-eligibility.ts); the register keeps what it is given (src/db/households.ts).

/** One application (or a case started alone) is one household: its id follows from theirs, so a retried intake registers nothing new. */
export const householdIdOf = (applicationOrCaseId: string) => `hh-${applicationOrCaseId}`;

/** What a case keeps of its household: the two numbers (computed from the members when there are any). */
export function householdRecordOf(h: HouseholdPayload): HouseholdRecord {
  const size = h.members ? sizeOf(h.members) : h.size;
  const monthlyIncomeFen = h.members ? monthlyIncomeOf(h.members) : h.monthlyIncomeFen;
  // The schema's check (householdProblems) has refused a household without members and either number.
  if (size === undefined || monthlyIncomeFen === undefined) throw new Error('a household is its members or its two numbers');
  return { size, monthlyIncomeFen, ...(h.assetsFen !== undefined ? { assetsFen: h.assetsFen } : {}), ...(h.address ? { address: h.address } : {}) };
}

/**
 * The household of a new application or case, in the register before its workflow starts: its first
 * change, effective on the acceptance day, holds the members (none in the old two-number form), assets
 * and supporters, the IDs hashed and masked. Idempotent on the household id.
 */
export async function registerHousehold(
  deps: Pick<ApiDeps, 'db' | 'piiHashKey'>,
  actor: Actor,
  r: { householdId: string; orgCode: string; household: HouseholdPayload; acceptedOn: IsoDate },
): Promise<void> {
  const { household: h } = r;
  await createHousehold(deps.db, {
    householdId: r.householdId,
    changeId: `${r.householdId}-intake`,
    orgCode: r.orgCode,
    effectiveOn: r.acceptedOn,
    reason: '受理登记',
    actor,
    at: new Date(),
    members: (h.members ?? []).map((m) => memberRecord(deps.piiHashKey, m)),
    ...(h.assets ? { assets: h.assets } : {}),
    ...(h.supporters ? { supporters: h.supporters.map((s) => supporterRecord(deps.piiHashKey, s)) } : {}),
  });
}

/** Each case names the household it was accepted with (idempotent). */
export async function linkCases(deps: Pick<ApiDeps, 'db'>, householdId: string, cases: readonly { caseId: string; type: CaseType }[]): Promise<void> {
  for (const c of cases) await linkCase(deps.db, { caseId: c.caseId, householdId, type: c.type });
}

interface Household {
  state: HouseholdState;
  cases: HouseholdCase[];
}

/** A household the caller may read on a day: 404 if there is none or the caller is not among its readers (which it is not said). */
async function readHousehold(deps: Pick<ApiDeps, 'db'>, actor: Actor, householdId: string, on: IsoDate): Promise<Household> {
  const [state, cases] = await Promise.all([householdOn(deps.db, householdId, on), casesOfHousehold(deps.db, householdId)]);
  if (!state || !canReadHousehold(actor, { orgCode: state.orgCode, departments: cases.map((c) => c.department as Department) })) {
    throw notFound(msg('household.notFound', { id: householdId }));
  }
  return { state, cases };
}

/** The register knows nothing of a household before its first change. */
function requireRegistered(state: HouseholdState, on: IsoDate, path: string): void {
  if (on < state.createdOn) throw badRequest(path, msg('household.beforeRegistered', { on: state.createdOn }));
}

/** What the household qualifies for on a day: by its members, or, without any, by the two numbers its first case recorded. */
async function standingOn(deps: Pick<ApiDeps, 'db'>, { state, cases }: Household, on: IsoDate, standards: DayStandards): Promise<HouseholdStanding> {
  const policy = await eligibilityPolicy(deps.db, state.countyCode, on);
  const { members } = state;
  if (members.length === 0) {
    const declared = cases[0]?.household;
    if (!declared) throw notFound(msg('household.notFound', { id: state.householdId }));
    return declaredStandingOf(declared, standards, policy);
  }
  // What the register finds of the members elsewhere (another household's 低保, a 特困) on that day.
  const found = await coverageOf(deps.db, members.map((m) => m.idHash), on, { householdId: state.householdId });
  const coverage: Coverage[] = found.map((f) => ({ member: members.findIndex((m) => m.idHash === f.idHash), by: f.by }));
  return standingOf({ members, ...(state.assets ? { assets: state.assets } : {}), supporters: state.supporters }, on, standards, policy, coverage);
}

/** The household on a day as GET shows it: its parts, what it qualifies for under that day's policy and standards, its changes. */
async function present(deps: Pick<ApiDeps, 'db'>, actor: Actor, household: Household, on: IsoDate): Promise<HouseholdView> {
  const { state, cases } = household;
  const [dibaoStandard, tekun] = await Promise.all([dibaoStandardFen(deps.db, state.countyCode, on), tekunStandard(deps.db, state.countyCode, on)]);
  const standing = await standingOn(deps, household, on, { dibaoStandardFen: dibaoStandard, tekunBasicFen: tekun.basicFen });
  const { members } = state;
  return {
    householdId: state.householdId,
    orgCode: state.orgCode,
    on,
    version: state.version,
    size: standing.size,
    monthlyIncomeFen: standing.monthlyIncomeFen,
    perCapitaIncomeFen: standing.perCapitaIncomeFen,
    dibaoStandardFen: dibaoStandard,
    members: members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      idNumberMasked: m.idNumberMasked,
      relation: m.relation,
      livesTogether: m.livesTogether,
      workAbility: m.workAbility,
      employed: m.employed,
      disabilityLevel: m.disabilityLevel ?? null,
      incomes: m.incomes,
    })),
    assets: state.assets ?? null,
    supporters: state.supporters.map((s) => ({
      name: s.name,
      idNumberMasked: s.idNumberMasked ?? null,
      relation: s.relation,
      monthlyIncomeFen: s.monthlyIncomeFen,
      ableToSupport: s.ableToSupport,
    })),
    eligibility: standing.eligibility.map((e) => ({
      type: e.type,
      eligible: e.eligible,
      reasons: [...new Set(e.reasons.map((r) => r.code))],
      details: e.reasons,
      monthlyAmountFen: e.monthlyAmountFen ?? null,
    })),
    recognitions: state.recognitions,
    caseIds: cases.filter((c) => canSee(actor, { orgCode: c.orgCode, department: c.department as Department })).map((c) => c.caseId),
    changes: state.changes.map((c) => ({ changeId: c.changeId, effectiveOn: c.effectiveOn, reason: c.reason, actor: c.actor, at: c.at, sets: c.sets })),
  };
}

/** GET /v1/households/:id?on= */
export async function showHousehold(deps: Pick<ApiDeps, 'db'>, actor: Actor, householdId: string, on: IsoDate): Promise<HouseholdView> {
  const household = await readHousehold(deps, actor, householdId, on);
  requireRegistered(household.state, on, 'on');
  return present(deps, actor, household, on);
}

/**
 * A change's members by the intake's rules (householdProblems): one `self`, the household's applicant
 * (compared by the keyed hash: the register never held the number), IDs valid and once; supporters' IDs.
 */
function changeProblems(piiHashKey: string, applicant: { name: string; idHash: string }, c: HouseholdChangeBody, today: IsoDate): Problem[] {
  if (!c.members) {
    const problems: Problem[] = [];
    supporterProblems(c, problems, today);
    return problems;
  }
  const self = c.members[selfIndex(c.members)] as MemberPayload | undefined;
  // The applicant's number is the self member's when their hashes agree; otherwise none matches it.
  const idNumber = self && personKey(piiHashKey, self.idNumber) === applicant.idHash ? self.idNumber : '';
  return householdProblems({ name: applicant.name, idNumber }, { members: c.members, ...(c.supporters ? { supporters: c.supporters } : {}) }, today);
}

/**
 * POST /v1/households/:id/changes: the street's caseworker records a dated change (each part given
 * replaces that part whole), appended at the version read — a change or decision recorded meanwhile
 * wins, and this one is 409. The same change id (an Idempotency-Key retried) answers as the first did.
 */
export async function changeHousehold(
  deps: Pick<ApiDeps, 'db' | 'piiHashKey' | 'temporal'>,
  actor: Actor,
  householdId: string,
  body: HouseholdChangeBody,
  changeId: string,
  today: IsoDate,
): Promise<HouseholdView> {
  const household = await readHousehold(deps, actor, householdId, body.effectiveOn);
  const { state, cases } = household;
  if (actor.role !== 'caseworker') throw forbidden(msg('household.mayNotChange', { role: roleName(actor.role, actor.dept) }));
  const first = cases[0];
  if (!first) throw notFound(msg('household.notFound', { id: householdId }));
  const acceptedOn = shanghaiDate(first.acceptedAt);
  if (body.effectiveOn < acceptedOn) throw badRequest('effectiveOn', msg('household.beforeFirstCase', { on: acceptedOn }));
  requireRegistered(state, body.effectiveOn, 'effectiveOn');
  const problems = changeProblems(deps.piiHashKey, { name: first.applicantName, idHash: first.applicantIdHash }, body, today);
  if (problems.length > 0) throw validationFailed(problems);

  const appended = await appendHouseholdChange(deps.db, {
    householdId,
    changeId,
    effectiveOn: body.effectiveOn,
    reason: body.reason,
    actor,
    at: new Date(),
    ...(body.members ? { members: body.members.map((m) => memberRecord(deps.piiHashKey, m)) } : {}),
    ...(body.assets ? { assets: body.assets } : {}),
    ...(body.supporters ? { supporters: body.supporters.map((s) => supporterRecord(deps.piiHashKey, s)) } : {}),
    ifVersion: state.version,
  });
  if (!appended.ok) {
    if (appended.reason === 'not-found') throw notFound(msg('household.notFound', { id: householdId }));
    throw new ApiError(409, 'conflict', msg('household.changedMeanwhile', { version: appended.version }), { version: appended.version });
  }
  // Its 低保 benefits recompute from the month after the change (a retried request signals again: heard once).
  await recomputeBenefits(deps, householdId, { changeId, effectiveOn: body.effectiveOn, reason: body.reason });
  // Shown as GET shows it on the later of today and the change's day, so the change is in it.
  const on = body.effectiveOn > today ? body.effectiveOn : today;
  return present(deps, actor, await readHousehold(deps, actor, householdId, on), on);
}
