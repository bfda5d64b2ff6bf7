import type { IsoDate } from '../domain/dates.js';
import { benefitFactsOf, type Coverage, type EligibilityPolicyValue } from '../domain/eligibility.js';
import type { HouseholdChangeStep } from '../domain/benefits.js';
import type { HouseholdFacts } from '../domain/household.js';
import type { Db, DbOrTx } from './client.js';
import { changesSince, coverageOf, householdOfCase, householdOn, lockHousehold, recogniseLowIncome, takeHousehold } from './households.js';
import { dibaoStandardFen, eligibilityPolicy } from './policies.js';

/** What a 低保/特困 decision is gated on: the standard and policy in force that day, and the case's household as registered. */
export interface DecisionFacts {
  standardFen: number;
  policy: EligibilityPolicyValue;
  /** The register's household on the day, when it has members (a case of the two-number form has none). */
  household?: HouseholdFacts;
  /** Members the register finds covered elsewhere (another household's 低保, an active 特困). */
  coverage: Coverage[];
}

/**
 * Read under the household's row lock, and the household taken: its version moves on, so a change
 * that read the household before the decision is refused (409), and one after it is on record for the
 * benefit to catch up with. Of a decision and a change that race, one goes first.
 */
export async function decideOnFacts<R extends { ok: boolean }>(db: Db, c: { caseId: string; countyCode: string; on: IsoDate }, decide: (f: DecisionFacts) => R): Promise<R & { taken?: { householdId: string; version: number } }> {
  const [standardFen, policy] = await Promise.all([dibaoStandardFen(db, c.countyCode, c.on), eligibilityPolicy(db, c.countyCode, c.on)]);
  const householdId = await householdOfCase(db, c.caseId);
  if (!householdId) return decide({ standardFen, policy, coverage: [] });
  return db.transaction(async (tx) => {
    const current = await lockHousehold(tx, householdId);
    const outcome = decide({ standardFen, policy, ...(await registeredFacts(tx, householdId, c)) });
    // A refusal leaves the household as it was; a decision that stands takes it.
    if (!outcome.ok || current === undefined) return outcome;
    return { ...outcome, taken: { householdId, version: await takeHousehold(tx, householdId, current) } };
  });
}

async function registeredFacts(db: DbOrTx, householdId: string, c: { caseId: string; on: IsoDate }): Promise<Pick<DecisionFacts, 'household' | 'coverage'>> {
  const state = await householdOn(db, householdId, c.on);
  if (!state || state.members.length === 0) return { coverage: [] };
  const found = await coverageOf(
    db,
    state.members.map((m) => m.idHash),
    c.on,
    { householdId: state.householdId, caseId: c.caseId },
  );
  const coverage = found.flatMap((f) => {
    const member = state.members.findIndex((m) => m.idHash === f.idHash);
    return member < 0 ? [] : [{ member, by: f.by }];
  });
  return { household: { members: state.members, ...(state.assets ? { assets: state.assets } : {}), supporters: state.supporters }, coverage };
}

/** 低收入 recognised on the case's household (idempotent on the case); none for a case without one. */
export async function recogniseLowIncomeOfCase(db: DbOrTx, c: { caseId: string; since: IsoDate }): Promise<void> {
  const householdId = await householdOfCase(db, c.caseId);
  if (householdId) await recogniseLowIncome(db, { householdId, caseId: c.caseId, since: c.since });
}

/**
 * A change of the register as a 低保 benefit hears it: the household's facts from the change's day
 * (`benefitFactsOf` under the eligibility policy then). None for a household without members that day.
 */
export async function householdChangeStep(db: DbOrTx, householdId: string, change: { changeId: string; effectiveOn: IsoDate; reason: string }): Promise<HouseholdChangeStep | undefined> {
  const state = await householdOn(db, householdId, change.effectiveOn);
  if (!state || state.members.length === 0) return undefined;
  const policy = await eligibilityPolicy(db, state.countyCode, change.effectiveOn);
  return { action: 'household-change', changeId: change.changeId, effectiveOn: change.effectiveOn, reason: change.reason, ...benefitFactsOf(state, policy) };
}

/** The changes a decision taken at `version` did not see, as its benefit hears them. */
export async function changeStepsSince(db: DbOrTx, householdId: string, version: number): Promise<HouseholdChangeStep[]> {
  const steps = await Promise.all((await changesSince(db, householdId, version)).map((c) => householdChangeStep(db, householdId, c)));
  return steps.filter((s): s is HouseholdChangeStep => s !== undefined);
}
