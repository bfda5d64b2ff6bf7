// What was paid for a case, and so what a revocation recovers (000; 004 §四: 告知承诺不实, money recovered).
// Pure: the repository reads the case's payment rows and records what this decides.
import type { Month } from './months.js';

/**
 * A benefit payment has reached its payee once sent. Prepared, held or cancelled it never left;
 * returned by the bank it is `failed` until a later payroll sends it again.
 */
export const isPaid = (p: { status: string }): boolean => p.status === 'sent';

/** A month of a benefit to one payee (the person, a 特困 carer), as the payroll has it. */
export interface BenefitPaymentLine {
  month: Month;
  payee: string;
  amountFen: number;
  status: string;
}

/** A 临时救助 instalment: a row exists only once paid, from the street's reserve or disbursed by the county. */
export interface InstalmentLine {
  instalment: number;
  payee: string;
  source: 'reserve' | 'county';
  amountFen: number;
}

/** What a revoked case recovers: the sum of what was paid, and what that comprises. */
export interface CaseRecovery {
  amountFen: number;
  /** The benefit's months sent, to every payee. */
  payments: Array<{ month: Month; payee: string; amountFen: number }>;
  /** 临时救助 instalments paid. */
  instalments: InstalmentLine[];
  reservePayoutsFen: number;
  countyDisbursementsFen: number;
}

/** What the recovery comprises, kept beside its amount. */
export type RecoveryDetails = Omit<CaseRecovery, 'amountFen'>;

const sum = (xs: ReadonlyArray<{ amountFen: number }>): number => xs.reduce((s, x) => s + x.amountFen, 0);

/** Everything actually paid for the case, never an estimate. */
export function recoveryOf(benefitPayments: readonly BenefitPaymentLine[], instalments: readonly InstalmentLine[]): CaseRecovery {
  const payments = benefitPayments.filter(isPaid).map(({ month, payee, amountFen }) => ({ month, payee, amountFen }));
  const reservePayoutsFen = sum(instalments.filter((i) => i.source === 'reserve'));
  const countyDisbursementsFen = sum(instalments.filter((i) => i.source === 'county'));
  return {
    amountFen: sum(payments) + reservePayoutsFen + countyDisbursementsFen,
    payments,
    instalments: [...instalments],
    reservePayoutsFen,
    countyDisbursementsFen,
  };
}
