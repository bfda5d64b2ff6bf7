import type { PolicyKey, PolicyValueOf } from './policy-values.js';

export type { PolicyKey } from './policy-values.js';

/** Region policy for the deadline clock and the 低保 lifecycle; data in the `policies` table, not constants. */
export interface CasePolicy {
  /** The region row that supplied it and its effective date: the version a case keeps. */
  regionCode: string;
  effectiveFrom: string;
  deadlineWorkingDays: number;
  reminderWorkingDays: number;
  publicityDays: number;
  /** 告知承诺: days to verify a commitment that stood in for a proof (ours). */
  verificationDays: number;
  /** How long a false commitment keeps a person on the dishonesty list (ours). */
  dishonestyListDays: number;
  /** How long a decided case stays open to referrals (ours). */
  aftercareDays: number;
}

/** Names for the keys code refers to; the keys themselves, and their values' shapes, are the table in policy-values.ts. */
export const POLICY_KEYS = {
  caseClock: 'case-clock',
  dibao: 'dibao',
  temporary: 'temporary',
  deliberation: 'deliberation',
  dibaoStandard: 'dibao-standard',
  commitments: 'commitments',
  money: 'money',
  benefits: 'benefits',
  tekunStandard: 'tekun-standard',
  dishonesty: 'dishonesty',
  discovery: 'discovery',
  services: 'services',
} as const satisfies Record<string, PolicyKey>;

/** The largest amount one transaction may move (ours). */
export type MoneyPolicyValue = PolicyValueOf<'money'>;
export type CommitmentsPolicyValue = PolicyValueOf<'commitments'>;
export type CaseClockPolicyValue = PolicyValueOf<'case-clock'>;
export type DibaoPolicyValue = PolicyValueOf<'dibao'>;

/** The national fallback region for a value a county has not set. */
export const NATIONAL_REGION = '000000';

/**
 * The row of one key in force on `asOf`: the region's own latest from that date or before, else the
 * national one's. A case, a benefit and the policy listing all resolve a value this way.
 */
export function inForceOf<R extends { regionCode: string; effectiveFrom: string }>(rows: readonly R[], regionCode: string, asOf: string): R | undefined {
  const latest = (region: string) =>
    rows.filter((r) => r.regionCode === region && r.effectiveFrom <= asOf).reduce<R | undefined>((a, r) => (!a || r.effectiveFrom > a.effectiveFrom ? r : a), undefined);
  return latest(regionCode) ?? latest(NATIONAL_REGION);
}
