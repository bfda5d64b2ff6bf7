// The gate before a 低保 or 特困 decision: the household and the standard decide, not the figure an
// approver types. Pure: the activity gathers the household, the policy in force and what the register
// finds elsewhere; this says whether the decision may stand and for how much.
import type { IsoDate } from './dates.js';
import {
  benefitFactsOf,
  declaredDibaoEligibility,
  declaredLowIncomeEligibility,
  dibaoEligibility,
  economicCheckExpired,
  lowIncomeEligibility,
  tekunEligibility,
  type Coverage,
  type DeclaredFigures,
  type EligibilityPolicyValue,
  type Reason,
} from './eligibility.js';
import { sizeOf, type HouseholdFacts } from './household.js';

/**
 * What the case itself recorded of a household registered without members (the old two-number form):
 * the economic check's per-capita figure, else the declared income ÷ size; its word on assets, true
 * when it has none (nothing found against them).
 */
export type DeclaredHousehold = DeclaredFigures;

export interface GateInput {
  type: 'dibao' | 'tekun';
  decision: 'approve' | 'low-income';
  on: IsoDate;
  /** The 低保 standard in force on the decision day (monthly, per person). */
  standardFen: number;
  policy: EligibilityPolicyValue;
  /** The register's household with its members (a report applied), or the case's declared figures. */
  household: { members: HouseholdFacts } | { declared: DeclaredHousehold };
  coverage: readonly Coverage[];
  /** The day the 核对 system checked, when the economic check carried a report. */
  checkedOn?: IsoDate;
  /** The amount the approver named, if any. */
  requestedAmountFen?: number;
}

/** What a benefit's basis keeps of the household (per capita before work costs: the benefit deducts them). */
export type BasisFacts = ReturnType<typeof benefitFactsOf>;

export type GateOutcome =
  | { ok: true; monthlyAmountFen: number | null; perCapitaIncomeFen: number; size: number; basis?: BasisFacts; taken?: { householdId: string; version: number } }
  | { ok: false; code: 'not_eligible'; reasons: Reason[] }
  | { ok: false; code: 'check_expired'; checkedOn: IsoDate; validDays: number }
  | { ok: false; code: 'amount_mismatch'; computedFen: number };

/** Where a refusal on the case's own figures points: the declared income, the economic check's word on assets. */
const DECLARED_PATHS = { income: 'household.monthlyIncomeFen', assets: 'economicCheck.assetsWithinLimits' };

/**
 * Whether a decision may stand: the 核对 report still valid on the decision day (001 §十二: 核对率100%
 * on current figures), then the household qualifying under the standard and the policy (001 §二(一)),
 * then the amount: computed, and a different figure named by the approver refused. 特困's amount stays
 * the approver's (its standards are applied by the benefit); only its conditions are gated here.
 */
export function gateDecision(g: GateInput): GateOutcome {
  if (g.checkedOn && economicCheckExpired(g.checkedOn, g.on, g.policy.economicCheckValidDays)) {
    return { ok: false, code: 'check_expired', checkedOn: g.checkedOn, validDays: g.policy.economicCheckValidDays };
  }
  const h = g.household;
  if (g.type === 'tekun') {
    if (!('members' in h)) return { ok: true, monthlyAmountFen: g.requestedAmountFen ?? null, perCapitaIncomeFen: h.declared.perCapitaIncomeFen, size: h.declared.size };
    const t = tekunEligibility(h.members, g.on, g.policy, g.coverage);
    if (!t.eligible) return { ok: false, code: 'not_eligible', reasons: t.reasons };
    return { ok: true, monthlyAmountFen: g.requestedAmountFen ?? null, perCapitaIncomeFen: 0, size: sizeOf(h.members.members) };
  }
  if (g.decision === 'low-income') {
    const e = 'members' in h ? lowIncomeEligibility(h.members, g.standardFen, g.policy) : declaredLowIncomeEligibility(h.declared, g.standardFen, g.policy, DECLARED_PATHS);
    return e.eligible ? { ok: true, monthlyAmountFen: null, perCapitaIncomeFen: e.perCapitaIncomeFen, size: e.size } : { ok: false, code: 'not_eligible', reasons: e.reasons };
  }
  const e = 'members' in h ? dibaoEligibility(h.members, g.standardFen, g.policy, g.coverage) : declaredDibaoEligibility(h.declared, g.standardFen, g.policy, DECLARED_PATHS);
  if (!e.eligible) return { ok: false, code: 'not_eligible', reasons: e.reasons };
  const computed = e.monthlyAmountFen!;
  if (g.requestedAmountFen !== undefined && g.requestedAmountFen !== computed) return { ok: false, code: 'amount_mismatch', computedFen: computed };
  return { ok: true, monthlyAmountFen: computed, perCapitaIncomeFen: e.perCapitaIncomeFen, size: e.size, ...('members' in h ? { basis: benefitFactsOf(h.members, g.policy) } : {}) };
}
