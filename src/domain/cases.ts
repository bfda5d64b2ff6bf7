import type { Actor, Role } from './roles.js';
import { canSeeOrg } from './roles.js';

export const CASE_TYPES = ['dibao', 'tekun', 'medical', 'housing', 'education', 'temporary'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
/** Types whose lifecycle is built; the others are refused at intake. */
export const IMPLEMENTED_CASE_TYPES: readonly CaseType[] = ['dibao'];

export const CASE_STATUSES = ['open', 'approved', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DIBAO_STEPS = ['economic-check', 'home-visit', 'publicity', 'decision', 'closed'] as const;
export type DibaoStep = (typeof DIBAO_STEPS)[number];

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

/** What the action rules need to know of a case. */
export interface ActionContext {
  orgCode: string;
  step: DibaoStep;
  suspended: boolean;
  openObjections: number;
}

interface ActionRule {
  roles: readonly Role[];
  /** Whether the case is in a state where the action applies. */
  when: (c: ActionContext) => boolean;
}

const OPEN_STEPS: readonly DibaoStep[] = ['economic-check', 'home-visit', 'publicity', 'decision'];
const isOpen = (c: ActionContext) => OPEN_STEPS.includes(c.step);
const active = (step: DibaoStep) => (c: ActionContext) => c.step === step && !c.suspended;

/** The 低保 lifecycle's rules: which role may take which action in which step. */
export const DIBAO_ACTION_RULES: Record<DibaoAction, ActionRule> = {
  'record-economic-check': { roles: ['caseworker'], when: active('economic-check') },
  'record-home-visit': { roles: ['caseworker'], when: active('home-visit') },
  'record-objection': { roles: ['caseworker'], when: active('publicity') },
  'resolve-objection': {
    roles: ['caseworker', 'approver'],
    when: (c) => active('publicity')(c) && c.openObjections > 0,
  },
  // Street approval of 低保 is delegated in both seeded regions; the county approver may decide too.
  decide: { roles: ['caseworker', 'approver'], when: active('decision') },
  'request-supplement': { roles: ['caseworker'], when: (c) => isOpen(c) && !c.suspended },
  'supplement-received': { roles: ['caseworker'], when: (c) => isOpen(c) && c.suspended },
  withdraw: { roles: ['caseworker'], when: isOpen },
};

export type ActionCheck = { ok: true } | { ok: false; reason: 'forbidden' | 'invalid_transition'; message: string };

/** Role and scope first (403), then the step (409): the same order the API and the workflow use. */
export function checkDibaoAction(action: DibaoAction, actor: Actor, c: ActionContext): ActionCheck {
  const rule = DIBAO_ACTION_RULES[action];
  if (!rule.roles.includes(actor.role)) {
    return { ok: false, reason: 'forbidden', message: `role ${actor.role} may not ${action}` };
  }
  if (!canSeeOrg(actor, c.orgCode)) {
    return { ok: false, reason: 'forbidden', message: `case belongs to ${c.orgCode}, outside ${actor.org}` };
  }
  if (!rule.when(c)) {
    const state = c.suspended ? `${c.step} (suspended for supplement)` : c.step;
    return { ok: false, reason: 'invalid_transition', message: `${action} is not allowed in step ${state}` };
  }
  return { ok: true };
}

export function allowedDibaoActions(actor: Actor, c: ActionContext): DibaoAction[] {
  return DIBAO_ACTIONS.filter((a) => checkDibaoAction(a, actor, c).ok);
}
