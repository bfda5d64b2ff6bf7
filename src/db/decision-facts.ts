import type { IsoDate } from '../domain/dates.js';
import type { Coverage, EligibilityPolicyValue } from '../domain/eligibility.js';
import type { HouseholdFacts } from '../domain/household.js';
import type { DbOrTx } from './client.js';
import { coverageOf, householdOfCase, householdOn, recogniseLowIncome } from './households.js';
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

export async function decisionFacts(db: DbOrTx, c: { caseId: string; countyCode: string; on: IsoDate }): Promise<DecisionFacts> {
  const [standardFen, policy] = await Promise.all([dibaoStandardFen(db, c.countyCode, c.on), eligibilityPolicy(db, c.countyCode, c.on)]);
  const householdId = await householdOfCase(db, c.caseId);
  const state = householdId ? await householdOn(db, householdId, c.on) : undefined;
  if (!state || state.members.length === 0) return { standardFen, policy, coverage: [] };
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
  return { standardFen, policy, household: { members: state.members, ...(state.assets ? { assets: state.assets } : {}), supporters: state.supporters }, coverage };
}

/** 低收入 recognised on the case's household (idempotent on the case); none for a case without one. */
export async function recogniseLowIncomeOfCase(db: DbOrTx, c: { caseId: string; since: IsoDate }): Promise<void> {
  const householdId = await householdOfCase(db, c.caseId);
  if (householdId) await recogniseLowIncome(db, { householdId, caseId: c.caseId, since: c.since });
}
