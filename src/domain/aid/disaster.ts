import { msg } from '../catalogue.js';
import { decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { InstalmentSpec } from '../instalments.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['decision'] as const satisfies readonly AssessedStep[];

/** What a household needs after a disaster (001 §二(七)). */
export const DISASTER_NEEDS = ['transition-living', 'house-rebuild', 'winter-spring', 'injury'] as const;
export const DISASTER_KINDS = ['flood', 'earthquake', 'fire', 'storm', 'other'] as const;

/**
 * 受灾人员救助, 001 §二(七): the emergency-management department (应急) opens one case per affected household
 * of a disaster event, at once and in bulk (容缺审批: our records are not checked first), and decides each —
 * one by one or in batches — within the policy's working days (`disaster`). An approval gives an amount,
 * paid at once, or monthly for up to the policy's months as 过渡期生活救助; an insurance payout for the
 * injured or the damaged home is recorded on the case.
 */
export const disaster = {
  type: 'disaster',
  name: '受灾人员救助',
  department: 'yingji',
  workflowType: 'disasterWorkflow',
  steps,
  clockFrom: 'acceptance',
  actions: {
    decide: { approver: decidable },
    'record-insurance-claim': { approver: (c) => c.status === 'open' || c.status === 'approved' },
    ...supplementRules(steps),
  },
  approval: {
    requires: ['amountFen'],
    allows: ['months'],
    check: (r, c) => {
      const max = c.disaster?.maxMonths ?? undefined;
      return r.months !== undefined && max !== undefined && r.months > max ? { path: 'months', message: msg('disaster.tooManyMonths', { max }) } : undefined;
    },
  },
  policyKeys: ['disaster', 'commitments'],
} satisfies AssessedDeclaration;

/** 过渡期生活救助: the approved amount each month for `months` months (every 30 days from today), or once. */
export function disasterSchedule(amountFen: number, months: number | undefined): { totalFen: number; spec: InstalmentSpec | undefined } {
  const m = months ?? 1;
  return { totalFen: amountFen * m, spec: m > 1 ? { count: m, intervalDays: 30 } : undefined };
}
