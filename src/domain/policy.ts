import type { CaseType } from './cases.js';

/** Region policy for the deadline clock and the 低保 lifecycle; data in the `policies` table, not constants. */
export interface CasePolicy {
  /** The region row that supplied it and its effective date: the version a case keeps. */
  regionCode: string;
  effectiveFrom: string;
  deadlineWorkingDays: number;
  reminderWorkingDays: number;
  publicityDays: number;
}

/** Policy keys as stored in the `policies` table. */
export const POLICY_KEYS = {
  caseClock: 'case-clock',
  dibao: 'dibao',
  temporary: 'temporary',
  deliberation: 'deliberation',
  dibaoStandard: 'dibao-standard',
} as const;

export interface CaseClockPolicyValue {
  reminderWorkingDays: number;
  deadlines: Partial<Record<CaseType, number>>;
}

export interface DibaoPolicyValue {
  publicityDays: number;
}

/** The national fallback region for a value a county has not set. */
export const NATIONAL_REGION = '000000';
