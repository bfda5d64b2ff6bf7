import type { Actor, Department, Role } from './roles.js';
import { canSeeCase } from './roles.js';

export const CASE_TYPES = ['dibao', 'tekun', 'medical', 'housing', 'education', 'temporary'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** `revoked`: a commitment (告知承诺) proved false after the fact. */
export const CASE_STATUSES = ['open', 'approved', 'rejected', 'withdrawn', 'revoked'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DIBAO_STEPS = ['economic-check', 'home-visit', 'publicity', 'decision', 'closed'] as const;
export type DibaoStep = (typeof DIBAO_STEPS)[number];

/** Steps of the assessed lifecycles (低保, 特困, 医疗, 教育, 公租房): which a type goes through is in its lifecycle. */
export const ASSESSED_STEPS = ['economic-check', 'school-investigation', 'street-review', 'home-visit', 'publicity', 'decision', 'closed'] as const;
export type AssessedStep = (typeof ASSESSED_STEPS)[number];

/** 临时救助: approval (street) → county review (above the street's authority) → deliberation (一事一议) → money. */
export const TEMPORARY_STEPS = ['approval', 'county-review', 'deliberation', 'payment', 'paperwork', 'installments', 'closed'] as const;
export type TemporaryStep = (typeof TEMPORARY_STEPS)[number];

export const CASE_STEPS = [...new Set([...ASSESSED_STEPS, ...TEMPORARY_STEPS])] as Array<AssessedStep | TemporaryStep>;
export type CaseStep = AssessedStep | TemporaryStep;

export const DIBAO_ACTIONS = [
  'record-economic-check',
  'record-home-visit',
  'record-objection',
  'resolve-objection',
  'decide',
  'request-supplement',
  'supplement-received',
  'withdraw',
] as const;
export type DibaoAction = (typeof DIBAO_ACTIONS)[number];

export const ASSESSED_ACTIONS = [...DIBAO_ACTIONS, 'record-school-investigation', 'record-street-review'] as const;
export type AssessedAction = (typeof ASSESSED_ACTIONS)[number];

/** Actions every case has: the 失信 review gate, post-verification of commitments, referrals. */
export const COMMON_ACTIONS = ['review-flag', 'record-verification', 'refer-to-employment', 'refer-to-charity'] as const;
export type CommonAction = (typeof COMMON_ACTIONS)[number];

export const TEMPORARY_ACTIONS = [
  'approve',
  'reject',
  'forward-to-county',
  'escalate',
  'submit-paperwork',
  'confirm-follow-up',
  'stop-installments',
  'withdraw',
] as const;
export type TemporaryAction = (typeof TEMPORARY_ACTIONS)[number];

export type CaseAction = AssessedAction | TemporaryAction | CommonAction;

/** What the action rules need to know of a case. */
export interface ActionContext {
  type: CaseType;
  orgCode: string;
  department: Department;
  status: CaseStatus;
  step: CaseStep;
  /** On the dishonesty list at intake and not yet reviewed by the county: no decision until it is. */
  needsReview: boolean;
  /** A commitment stood in for a proof (告知承诺) and has not been verified yet. */
  verificationPending: boolean;
  /** The case's workflow has ended: nothing can be done any more. */
  archived: boolean;
  suspended: boolean;
  /** 低保: objections raised in publicity and not yet resolved. */
  openObjections: number;
  /** 临时救助 支出型: an instalment is waiting for its follow-up check. */
  awaitingFollowUp: boolean;
}

interface ActionRule {
  /** Which roles may take the action, and in which state of the case each may. */
  when: Partial<Record<Role, (c: ActionContext) => boolean>>;
}

const OPEN_STEPS: readonly CaseStep[] = ['economic-check', 'school-investigation', 'street-review', 'home-visit', 'publicity', 'decision'];
const isOpen = (c: ActionContext) => OPEN_STEPS.includes(c.step);
const active = (step: CaseStep) => (c: ActionContext) => c.step === step && !c.suspended;
/** A flagged applicant's case may not be decided before the county's review. */
const decidable = (c: ActionContext) => active('decision')(c) && !c.needsReview;

/** The assessed lifecycles' rules: which role may take which action in which step. */
const ASSESSED_RULES: Record<AssessedAction, ActionRule> = {
  'record-economic-check': { when: { caseworker: active('economic-check') } },
  'record-school-investigation': { when: { caseworker: active('school-investigation'), approver: active('school-investigation') } },
  'record-street-review': { when: { caseworker: active('street-review') } },
  'record-home-visit': { when: { caseworker: active('home-visit') } },
  'record-objection': { when: { caseworker: active('publicity') } },
  'resolve-objection': {
    when: {
      caseworker: (c) => active('publicity')(c) && c.openObjections > 0,
      approver: (c) => active('publicity')(c) && c.openObjections > 0,
    },
  },
  // Street approval of 低保/特困 is delegated in both seeded regions; the county approver may decide too.
  decide: { when: { caseworker: decidable, approver: decidable } },
  'request-supplement': { when: { caseworker: (c) => isOpen(c) && !c.suspended } },
  'supplement-received': { when: { caseworker: (c) => isOpen(c) && c.suspended } },
  withdraw: { when: { caseworker: isOpen } },
};

/** Other departments' aid is decided by that department's approver (the token's dept), not at the street. */
const DEPARTMENT_DECIDES: ActionRule = { when: { approver: decidable } };

const ended = (c: ActionContext) => c.status === 'withdrawn' || c.status === 'revoked';

const COMMON_RULES: Record<CommonAction, ActionRule> = {
  'review-flag': { when: { approver: (c) => c.needsReview && c.step !== 'closed' } },
  'record-verification': { when: { caseworker: (c) => c.verificationPending && !ended(c) } },
  'refer-to-employment': { when: { caseworker: (c) => !ended(c) } },
  // 慈善衔接: after a decision, a household still in serious hardship is referred for charity aid.
  'refer-to-charity': { when: { caseworker: (c) => c.status === 'approved' || c.status === 'rejected' } },
};

const at = (...steps: CaseStep[]) => (c: ActionContext) => steps.includes(c.step);

/** 临时救助: the street decides within its authority, the county above it; both may escalate to 一事一议. */
const reviewed = (step: CaseStep) => (c: ActionContext) => c.step === step && !c.needsReview;

const TEMPORARY_RULES: Record<TemporaryAction, ActionRule> = {
  approve: { when: { caseworker: reviewed('approval'), approver: reviewed('county-review') } },
  reject: { when: { caseworker: reviewed('approval'), approver: reviewed('county-review') } },
  'forward-to-county': { when: { caseworker: at('approval') } },
  escalate: { when: { caseworker: at('approval'), approver: at('county-review') } },
  'submit-paperwork': { when: { caseworker: at('paperwork') } },
  'confirm-follow-up': { when: { caseworker: (c) => c.step === 'installments' && c.awaitingFollowUp } },
  'stop-installments': { when: { caseworker: at('installments'), approver: at('installments') } },
  withdraw: { when: { caseworker: at('approval', 'county-review') } },
};

const pick = (actions: readonly AssessedAction[], overrides: Partial<Record<AssessedAction, ActionRule>> = {}) => ({
  ...Object.fromEntries(actions.map((a) => [a, ASSESSED_RULES[a]])),
  ...overrides,
  ...COMMON_RULES,
});

const SUPPLEMENT = ['request-supplement', 'supplement-received', 'withdraw'] as const;
const PUBLICITY = ['record-objection', 'resolve-objection'] as const;

const RULES: Record<CaseType, Partial<Record<CaseAction, ActionRule>>> = {
  dibao: pick(['record-economic-check', 'record-home-visit', ...PUBLICITY, 'decide', ...SUPPLEMENT]),
  tekun: pick(['record-economic-check', 'record-home-visit', ...PUBLICITY, 'decide', ...SUPPLEMENT]),
  medical: pick(['record-economic-check', ...SUPPLEMENT], { decide: DEPARTMENT_DECIDES }),
  education: pick(['record-school-investigation', ...SUPPLEMENT], { decide: DEPARTMENT_DECIDES }),
  housing: pick(['record-street-review', ...PUBLICITY, ...SUPPLEMENT], { decide: DEPARTMENT_DECIDES }),
  temporary: { ...TEMPORARY_RULES, ...COMMON_RULES },
};

/** Every action of a type, in the order `allowedActions` lists them. */
export const ACTIONS_OF = Object.fromEntries(
  Object.entries(RULES).map(([type, rules]) => [type, Object.keys(rules) as CaseAction[]]),
) as Record<CaseType, CaseAction[]>;

export type ActionCheck = { ok: true } | { ok: false; reason: 'forbidden' | 'invalid_transition'; message: string };

/** Role and scope first (403), then the state of the case (409): the same order in the API and the workflow. */
export function checkAction(action: CaseAction, actor: Actor, c: ActionContext): ActionCheck {
  const rule = RULES[c.type]?.[action];
  if (!rule) return { ok: false, reason: 'invalid_transition', message: `${action} is not an action of a ${c.type} case` };
  const when = rule.when[actor.role];
  if (!when) return { ok: false, reason: 'forbidden', message: `role ${actor.role} may not ${action}` };
  if (!canSeeCase(actor, c)) {
    return { ok: false, reason: 'forbidden', message: `case of ${c.orgCode} (${c.department}) is outside ${actor.org}${actor.dept ? ` (${actor.dept})` : ''}` };
  }
  if (c.archived) return { ok: false, reason: 'invalid_transition', message: 'the case is archived' };
  if (!when(c)) {
    const state = c.suspended ? `${c.step} (suspended for supplement)` : c.needsReview ? `${c.step} (awaiting the county's 失信 review)` : c.step;
    return { ok: false, reason: 'invalid_transition', message: `${action} is not allowed in step ${state}` };
  }
  return { ok: true };
}

export function allowedActions(actor: Actor, c: ActionContext): CaseAction[] {
  return ACTIONS_OF[c.type].filter((a) => checkAction(a, actor, c).ok);
}
