import { msg } from '../catalogue.js';
import { formatFen } from '../money.js';
import { active, decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['economic-check', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 医疗救助 (一般住院 / 大病住院), 004: decided by the medical-insurance department within 25 working days.
 * Recipients of 低保/特困 skip the economic check (our records show their status). The approval gives
 * the amount reimbursed, never more than the bill, and its share of the bill.
 */
export const medical = {
  type: 'medical',
  name: '医疗救助',
  department: 'yibao',
  workflowType: 'medicalWorkflow',
  steps,
  clockFrom: 'acceptance',
  skippedForRecipients: ['economic-check'],
  actions: {
    'record-economic-check': { caseworker: active('economic-check') },
    ...supplementRules(steps),
    // Other departments' aid is decided by that department's approver (the token's dept), not at the street.
    decide: { approver: decidable },
  },
  approval: {
    requires: ['approvedAmountFen'],
    allows: ['reimbursementPercent'],
    check: (r, c) => {
      const bill = c.medical?.billFen;
      return bill !== undefined && r.approvedAmountFen! > bill ? { path: 'approvedAmountFen', message: msg('medical.moreThanBill', { bill: formatFen(bill) }) } : undefined;
    },
  },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;
