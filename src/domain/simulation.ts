// Policy what-if (issue 17): a proposed 低保 standard or eligibility policy run over the households on
// record, per street and type — who is covered now, who would be, who enters, leaves or phases out, and
// the monthly cost before and after. It decides nothing and changes nothing: the rules are the ones a
// decision applies (eligibility.ts), read here against a value that is not (yet) in force. Pure.
import type { IsoDate } from './dates.js';
import { dibaoEligibility, entersPhaseOut, lowIncomeEligibility, type Coverage, type EligibilityPolicyValue } from './eligibility.js';
import { sizeOf, type HouseholdFacts } from './household.js';
import { inForceOf } from './policy.js';
import type { PolicyKey, PolicyValueOf } from './policy-values.js';

/** The keys a simulation can run: the two a household's 低保 and 低收入 are computed from. */
export const SIMULATED_KEYS = ['dibao-standard', 'eligibility'] as const satisfies readonly PolicyKey[];
export type SimulatedKey = (typeof SIMULATED_KEYS)[number];

/**
 * The rows' types: 低保 (its benefit and amount) and 低收入 (a recognition, no money). 特困 is not
 * simulated: its amount follows `tekun-standard` and a self-care level the register does not hold.
 */
export const SIMULATED_TYPES = ['dibao', 'low-income'] as const;
export type SimulatedType = (typeof SIMULATED_TYPES)[number];

/** What the simulation reads of one household with a 低保 case. */
export interface SimulatedHousehold {
  householdId: string;
  orgCode: string;
  countyCode: string;
  /** Members, assets and supporters on the day; no members on record: the household cannot be assessed. */
  facts: HouseholdFacts;
  /** Members the register finds covered elsewhere (another household's 低保, an active 特困). */
  coverage: readonly Coverage[];
  /**
   * Its 低保 benefit in the month: paying (`active`, `phasing-out` at its frozen amount) or `suspended`,
   * with what it pays a month under the standards in force. Absent: none (never approved, or stopped).
   */
  dibao?: { status: 'active' | 'phasing-out' | 'suspended'; monthlyAmountFen: number };
  /** Recognised 低收入 (低保边缘) on the day. */
  lowIncome: boolean;
}

/** The values a county's households are judged by after the proposal (the proposal where it governs). */
export interface SimulationPolicy {
  standardFen: number;
  eligibility: EligibilityPolicyValue;
}

export interface SimulationCounts {
  coveredBefore: number;
  coveredAfter: number;
  entering: number;
  leaving: number;
  phasingOut: number;
  /** 低保 suspended: paid neither before nor after (a policy does not lift a suspension). */
  suspended: number;
  /** No members on record: left as they are (paid before → paid after, at the same amount). */
  unassessed: number;
  monthlyCostBeforeFen: number;
  monthlyCostAfterFen: number;
}
export type SimulationRow = SimulationCounts & { orgCode: string; type: SimulatedType };

/** One household's place in a row: what it counts towards, and its cost before and after. */
export type Outcome = { [K in keyof SimulationCounts]?: number };

/**
 * 低保 before and after. Before: what the benefit pays (active or 渐退期). After:
 * - a household in 渐退期 stays there at its frozen amount until its end ("不超过一年的渐退期", 001
 *   §二(一); benefits.ts frozenBasis: no standard moves it) — `phasingOut`, still covered;
 * - an active one still eligible is paid the computed amount (dibaoEligibility: 补差 or 分档);
 * - an active one no longer eligible on income alone, with its per capita strictly above the standard
 *   and a member in work, enters 渐退期 at the amount it is paid now (entersPhaseOut; API.md "enters
 *   渐退期 … or stops") — `phasingOut`, still covered, not `leaving`;
 * - any other active one no longer eligible stops — `leaving`;
 * - a household not paid before and eligible after — `entering`.
 * So coveredAfter = coveredBefore − leaving + entering, and phasingOut ⊆ coveredAfter.
 */
export function dibaoOutcome(h: SimulatedHousehold, p: SimulationPolicy): Outcome {
  const b = h.dibao;
  if (b?.status === 'suspended') return { suspended: 1 };
  const paid = b ? { coveredBefore: 1, monthlyCostBeforeFen: b.monthlyAmountFen } : {};
  const stays = b ? { coveredAfter: 1, monthlyCostAfterFen: b.monthlyAmountFen } : {};
  if (sizeOf(h.facts.members) === 0) return { ...paid, ...stays, unassessed: 1 };
  if (b?.status === 'phasing-out') return { ...paid, ...stays, phasingOut: 1 };
  const e = dibaoEligibility(h.facts, p.standardFen, p.eligibility, h.coverage);
  if (e.eligible) return { ...paid, ...(b ? {} : { entering: 1 }), coveredAfter: 1, monthlyCostAfterFen: e.monthlyAmountFen! };
  if (!b) return {};
  const onIncomeAlone = e.reasons.every((r) => r.code === 'income_above_standard');
  if (onIncomeAlone && entersPhaseOut(e.perCapitaIncomeFen, p.standardFen, h.facts)) return { ...paid, ...stays, phasingOut: 1 };
  return { ...paid, leaving: 1 };
}

/** 低收入 before (recognised) and after (lowIncomeEligibility under the proposal); no money either way. */
export function lowIncomeOutcome(h: SimulatedHousehold, p: SimulationPolicy): Outcome {
  const before = h.lowIncome ? { coveredBefore: 1 } : {};
  if (sizeOf(h.facts.members) === 0) return { ...before, ...(h.lowIncome ? { coveredAfter: 1 } : {}), unassessed: 1 };
  const after = lowIncomeEligibility(h.facts, p.standardFen, p.eligibility).eligible;
  return { ...before, ...(after ? { coveredAfter: 1 } : {}), ...(after && !h.lowIncome ? { entering: 1 } : {}), ...(h.lowIncome && !after ? { leaving: 1 } : {}) };
}

const OUTCOMES: Record<SimulatedType, (h: SimulatedHousehold, p: SimulationPolicy) => Outcome> = { dibao: dibaoOutcome, 'low-income': lowIncomeOutcome };

const zero = (): SimulationCounts => ({
  coveredBefore: 0,
  coveredAfter: 0,
  entering: 0,
  leaving: 0,
  phasingOut: 0,
  suspended: 0,
  unassessed: 0,
  monthlyCostBeforeFen: 0,
  monthlyCostAfterFen: 0,
});

function addInto(into: SimulationCounts, o: Outcome): void {
  for (const k of Object.keys(o) as (keyof SimulationCounts)[]) into[k] += o[k]!;
}

export interface SimulationResult {
  rows: SimulationRow[];
  totals: SimulationCounts & { households: number };
}

/**
 * The tally, fed household by household (a caller may stream the caseload through it), per street and
 * type in code order. `policyOf` gives each county's values after the proposal.
 */
export class SimulationTally {
  private readonly rows = new Map<string, SimulationRow>();
  private households = 0;

  constructor(private readonly policyOf: (countyCode: string) => SimulationPolicy) {}

  add(h: SimulatedHousehold): void {
    this.households++;
    const policy = this.policyOf(h.countyCode);
    for (const type of SIMULATED_TYPES) {
      const key = `${h.orgCode}|${type}`;
      let row = this.rows.get(key);
      if (!row) this.rows.set(key, (row = { orgCode: h.orgCode, type, ...zero() }));
      addInto(row, OUTCOMES[type](h, policy));
    }
  }

  result(): SimulationResult {
    const rows = [...this.rows.values()].sort((a, b) => (a.orgCode === b.orgCode ? SIMULATED_TYPES.indexOf(a.type) - SIMULATED_TYPES.indexOf(b.type) : a.orgCode < b.orgCode ? -1 : 1));
    const totals = { households: this.households, ...zero() };
    for (const { orgCode: _o, type: _t, ...counts } of rows) addInto(totals, counts);
    return { rows, totals };
  }
}

/** The simulation in one call, for a caseload held in memory. */
export function simulate(households: Iterable<SimulatedHousehold>, policyOf: (countyCode: string) => SimulationPolicy): SimulationResult {
  const tally = new SimulationTally(policyOf);
  for (const h of households) tally.add(h);
  return tally.result();
}

/**
 * Whether the proposal would be the value in force for a county on its day: proposed for the county, or
 * nationally where the county has no value of its own then (inForceOf, as every reader resolves a
 * value). A value already loaded for the same region and day is the one the proposal would replace.
 */
export function proposalGoverns(rows: readonly { regionCode: string; effectiveFrom: string }[], proposal: { regionCode: string; effectiveFrom: IsoDate }, countyCode: string): boolean {
  const others = rows.filter((r) => !(r.regionCode === proposal.regionCode && r.effectiveFrom === proposal.effectiveFrom));
  return inForceOf([...others, proposal], countyCode, proposal.effectiveFrom) === proposal;
}

/** A stored value of a key, dated, for one region (000000: national). */
export interface DatedValue<V> {
  regionCode: string;
  effectiveFrom: IsoDate;
  value: V;
}
export type SimulatedRows = { [K in SimulatedKey]: DatedValue<PolicyValueOf<K>>[] };

/** A proposed value of a simulated key for a region from a day. */
export type Proposal = { [K in SimulatedKey]: { key: K; regionCode: string; effectiveFrom: IsoDate; value: PolicyValueOf<K> } }[SimulatedKey];

/** One key's value for a county on the proposal's day: the proposal where it governs, else the value in force. */
function valueAfter<K extends SimulatedKey>(key: K, rows: readonly DatedValue<PolicyValueOf<K>>[], proposal: Proposal, countyCode: string): PolicyValueOf<K> {
  if (proposal.key === key && proposalGoverns(rows, proposal, countyCode)) return proposal.value as PolicyValueOf<K>;
  const row = inForceOf(rows, countyCode, proposal.effectiveFrom);
  if (!row) throw new RangeError(`no policy ${key} in force for ${countyCode} on ${proposal.effectiveFrom}`);
  return row.value;
}

/** The values a county's households are judged by after the proposal. */
export function policyAfter(rows: SimulatedRows, proposal: Proposal, countyCode: string): SimulationPolicy {
  return {
    standardFen: valueAfter('dibao-standard', rows['dibao-standard'], proposal, countyCode).monthlyFen,
    eligibility: valueAfter('eligibility', rows.eligibility, proposal, countyCode),
  };
}
