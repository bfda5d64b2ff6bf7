import { actionName } from '../action-payloads.js';
import { at, reviewed } from '../action-rules.js';
import { msg, type Message } from '../catalogue.js';
import { formatFen } from '../money.js';
import type { PolicyValueOf } from '../policy-values.js';
import type { DeliberationPolicy } from '../votes.js';
import type { CaseStep, TemporaryStep } from '../cases.js';
import type { TemporaryView } from '../views.js';
import type { AidDeclaration } from './declaration.js';

/**
 * 临时救助, 001 §四, 004 §二. Emergency (急难型): "小金额先行救助" — the street approves within its
 * authority and pays from its reserve fund (临时救助备用金, preset per street by policy) within 24 hours
 * of acceptance (policy `temporary`: emergencyPayoutHours); the paperwork follows within the policy's
 * working days. Expense (支出型): one approval, paid in instalments, each after a follow-up check if
 * required, stoppable when needs end. Above the street's authority the county decides
 * (`forward-to-county`); hard cases go to the coordination group's 一事一议 (policy `deliberation`).
 */
export const temporary = {
  type: 'temporary',
  name: '临时救助',
  department: 'minzheng',
  workflowType: 'temporaryWorkflow',
  actions: {
    approve: { caseworker: reviewed('approval'), approver: reviewed('county-review') },
    reject: { caseworker: reviewed('approval'), approver: reviewed('county-review') },
    'forward-to-county': { caseworker: at('approval') },
    escalate: { caseworker: at('approval'), approver: at('county-review') },
    'submit-paperwork': { caseworker: at('paperwork') },
    'confirm-follow-up': { caseworker: (c) => c.step === 'installments' && c.awaitingFollowUp },
    'stop-installments': { caseworker: at('installments'), approver: at('installments') },
    withdraw: { caseworker: at('approval', 'county-review') },
  },
  approval: { requires: [], allows: [] },
  policyKeys: ['case-clock', 'temporary', 'deliberation', 'dibao-standard', 'commitments'],
} satisfies AidDeclaration;

/**
 * The path a 临时救助 case takes, by kind: 急难型 pays at once and the paperwork follows; 支出型 pays in
 * instalments. County review and 一事一议 are steps only of the cases that went there.
 */
const TEMPORARY_PATHS = {
  emergency: ['approval', 'county-review', 'deliberation', 'payment', 'paperwork'],
  expense: ['approval', 'county-review', 'deliberation', 'installments'],
} as const satisfies Record<TemporaryKind, readonly TemporaryStep[]>;

/** The steps of this 临时救助 case: its kind's path, with the county and the committee only where it went. */
export function temporarySteps(step: CaseStep, t: Pick<TemporaryView, 'kind' | 'forwardedToCounty' | 'deliberationId'>): TemporaryStep[] {
  const went = (s: TemporaryStep) => s === step || (s === 'county-review' ? t.forwardedToCounty !== null : s === 'deliberation' ? t.deliberationId !== null : true);
  return TEMPORARY_PATHS[t.kind].filter(went);
}

export const TEMPORARY_KINDS = ['emergency', 'expense'] as const;
/** 急难型 (emergency: pay first, paperwork after) or 支出型 (expense: one approval, staged instalments). */
export type TemporaryKind = (typeof TEMPORARY_KINDS)[number];

/** How a region bounds the street's own approval authority. */
export type StreetLimitRule = TemporaryPolicyValue['streetLimit'];

/** As stored in `policies` under key `temporary`. */
export type TemporaryPolicyValue = PolicyValueOf<'temporary'>;

/** The resolved policy a temporary case keeps from its acceptance date on. */
export interface TemporaryPolicy {
  regionCode: string;
  effectiveFrom: string;
  /** The street may approve up to this amount (inclusive or not, by region). */
  streetLimitFen: number;
  streetLimitInclusive: boolean;
  reservePresetFen: number;
  emergencyPayoutHours: number;
  paperworkWorkingDays: number;
  deliberation: DeliberationPolicy;
  /** The largest amount one transaction may move (policy `money`; absent in cases accepted before it). */
  maxTransactionFen?: number;
}

/** 金堂县: ≤ 5,000 元 is the street's; 武昌区: below 4 × the city 低保 standard. */
export function resolveStreetLimit(rule: StreetLimitRule, dibaoStandardFen: number | undefined): { limitFen: number; inclusive: boolean } {
  if (rule.rule === 'fixed') return { limitFen: rule.maxFen, inclusive: rule.inclusive };
  if (dibaoStandardFen === undefined) throw new Error('the 低保 standard is needed for this street limit');
  return { limitFen: rule.multiple * dibaoStandardFen, inclusive: rule.inclusive };
}

function withinStreetAuthority(amountFen: number, p: Pick<TemporaryPolicy, 'streetLimitFen' | 'streetLimitInclusive'>): boolean {
  return p.streetLimitInclusive ? amountFen <= p.streetLimitFen : amountFen < p.streetLimitFen;
}

/** Why the street may not approve this amount itself, or undefined when it may. */
export function authorityProblem(amountFen: number, p: Pick<TemporaryPolicy, 'streetLimitFen' | 'streetLimitInclusive'>): Message | undefined {
  if (withinStreetAuthority(amountFen, p)) return undefined;
  const limit = msg(p.streetLimitInclusive ? 'temporary.upTo' : 'temporary.below', { amount: formatFen(p.streetLimitFen) });
  return msg('temporary.streetAuthority', { amount: formatFen(amountFen), limit, forward: actionName('forward-to-county') });
}

/** 小金额先行救助: an emergency payout is paid at once, in one sum — never on a schedule. */
export function emergencyScheduleProblem(kind: TemporaryKind, installments: unknown): Message | undefined {
  return kind === 'emergency' && installments !== undefined ? msg('temporary.emergencyAtOnce') : undefined;
}
