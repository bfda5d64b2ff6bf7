// What a household qualifies for on a day, as the register shows it (GET /v1/households/:id): 低保,
// 特困 and 低收入 by the rules of eligibility.ts under the region's policy and standards of that day.
// A household declared without members (the old two-number form) says only what its numbers can.
// Pure.
import type { IsoDate } from './dates.js';
import {
  declaredDibaoEligibility,
  declaredLowIncomeEligibility,
  dibaoEligibility,
  lowIncomeEligibility,
  tekunEligibility,
  type Coverage,
  type EligibilityPolicyValue,
  type Reason,
} from './eligibility.js';
import { monthlyIncomeOf, selfIndex, sizeOf, type HouseholdFacts } from './household.js';

export type EligibilityType = 'dibao' | 'tekun' | 'low-income';

export interface EligibilityFinding {
  type: EligibilityType;
  eligible: boolean;
  reasons: Reason[];
  /** 低保: the computed 补差 or tier amount; 特困: the basic support standard (care is set with the self-care level at approval). */
  monthlyAmountFen?: number;
}

/** The standards of the day the findings are computed for. */
export interface DayStandards {
  dibaoStandardFen: number;
  tekunBasicFen: number;
}

export interface HouseholdStanding {
  size: number;
  /** Every income of the members living together, before exclusions and deductions. */
  monthlyIncomeFen: number;
  /** Countable, after the policy's exclusions and deductions, ÷ size, rounded down. */
  perCapitaIncomeFen: number;
  eligibility: EligibilityFinding[];
}

/** A household with members: each type's own rule, 特困 of its `self` member. */
export function standingOf(h: HouseholdFacts, on: IsoDate, s: DayStandards, p: EligibilityPolicyValue, coverage: readonly Coverage[]): HouseholdStanding {
  const dibao = dibaoEligibility(h, s.dibaoStandardFen, p, coverage);
  const lowIncome = lowIncomeEligibility(h, s.dibaoStandardFen, p);
  const findings: EligibilityFinding[] = [
    { type: 'dibao', eligible: dibao.eligible, reasons: dibao.reasons, ...(dibao.monthlyAmountFen !== undefined ? { monthlyAmountFen: dibao.monthlyAmountFen } : {}) },
  ];
  if (selfIndex(h.members) >= 0) {
    const tekun = tekunEligibility(h, on, p, coverage);
    findings.push({ type: 'tekun', eligible: tekun.eligible, reasons: tekun.reasons, ...(tekun.eligible ? { monthlyAmountFen: s.tekunBasicFen } : {}) });
  }
  findings.push({ type: 'low-income', eligible: lowIncome.eligible, reasons: lowIncome.reasons });
  return { size: sizeOf(h.members), monthlyIncomeFen: monthlyIncomeOf(h.members), perCapitaIncomeFen: dibao.perCapitaIncomeFen, eligibility: findings };
}

/**
 * The old two-number form: per capita = the declared income ÷ size, rounded down (nobody is declared
 * employed, so nothing is deducted). 低保 and 低收入 on income alone — no assets were declared to test;
 * 特困's conditions are a person's (work ability, supporters) and are not said at all.
 */
export function declaredStandingOf(d: { size: number; monthlyIncomeFen: number }, s: DayStandards, p: EligibilityPolicyValue): HouseholdStanding {
  const figures = { size: d.size, perCapitaIncomeFen: Math.floor(d.monthlyIncomeFen / d.size), assetsWithinLimits: true };
  const paths = { income: 'monthlyIncomeFen', assets: 'assets' };
  const dibao = declaredDibaoEligibility(figures, s.dibaoStandardFen, p, paths);
  const lowIncome = declaredLowIncomeEligibility(figures, s.dibaoStandardFen, p, paths);
  return {
    size: d.size,
    monthlyIncomeFen: d.monthlyIncomeFen,
    perCapitaIncomeFen: figures.perCapitaIncomeFen,
    eligibility: [
      { type: 'dibao', eligible: dibao.eligible, reasons: dibao.reasons, ...(dibao.monthlyAmountFen !== undefined ? { monthlyAmountFen: dibao.monthlyAmountFen } : {}) },
      { type: 'low-income', eligible: lowIncome.eligible, reasons: lowIncome.reasons },
    ],
  };
}
