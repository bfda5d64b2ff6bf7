import type { Actor, Role } from './roles.js';
import { canSeeOrg } from './roles.js';

export const CASE_TYPES = ['dibao', 'tekun', 'medical', 'housing', 'education', 'temporary'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
/** Types whose lifecycle is built; the others are refused at intake. */
export const IMPLEMENTED_CASE_TYPES: readonly CaseType[] = ['dibao', 'temporary'];

export const CASE_STATUSES = ['open', 'approved', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DIBAO_STEPS = ['economic-check', 'home-visit', 'publicity', 'decision', 'closed'] as const;
export type DibaoStep = (typeof DIBAO_STEPS)[number];

/** 临时救助: approval (street) → county review (above the street's authority) → deliberation (一事一议) → money. */
export const TEMPORARY_STEPS = ['approval', 'county-review', 'deliberation', 'payment', 'paperwork', 'installments', 'closed'] as const;
export type TemporaryStep = (typeof TEMPORARY_STEPS)[number];

export const CASE_STEPS = [...new Set([...DIBAO_STEPS, ...TEMPORARY_STEPS])] as Array<DibaoStep | TemporaryStep>;
export type CaseStep = DibaoStep | TemporaryStep;

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

export type CaseAction = DibaoAction | TemporaryAction;

/** What the action rules need to know of a case. */
export interface ActionContext {
  type: CaseType;
  orgCode: string;
  step: CaseStep;
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

const DIBAO_OPEN: readonly CaseStep[] = ['economic-check', 'home-visit', 'publicity', 'decision'];
const isOpen = (c: ActionContext) => DIBAO_OPEN.includes(c.step);
const active = (step: CaseStep) => (c: ActionContext) => c.step === step && !c.suspended;

/** The 低保 lifecycle's rules: which role may take which action in which step. */
const DIBAO_RULES: Record<DibaoAction, ActionRule> = {
  'record-economic-check': { when: { caseworker: active('economic-check') } },
  'record-home-visit': { when: { caseworker: active('home-visit') } },
  'record-objection': { when: { caseworker: active('publicity') } },
  'resolve-objection': {
    when: {
      caseworker: (c) => active('publicity')(c) && c.openObjections > 0,
      approver: (c) => active('publicity')(c) && c.openObjections > 0,
    },
  },
  // Street approval of 低保 is delegated in both seeded regions; the county approver may decide too.
  decide: { when: { caseworker: active('decision'), approver: active('decision') } },
  'request-supplement': { when: { caseworker: (c) => isOpen(c) && !c.suspended } },
  'supplement-received': { when: { caseworker: (c) => isOpen(c) && c.suspended } },
  withdraw: { when: { caseworker: isOpen } },
};

const at = (...steps: CaseStep[]) => (c: ActionContext) => steps.includes(c.step);

/** 临时救助: the street decides within its authority, the county above it; both may escalate to 一事一议. */
const TEMPORARY_RULES: Record<TemporaryAction, ActionRule> = {
  approve: { when: { caseworker: at('approval'), approver: at('county-review') } },
  reject: { when: { caseworker: at('approval'), approver: at('county-review') } },
  'forward-to-county': { when: { caseworker: at('approval') } },
  escalate: { when: { caseworker: at('approval'), approver: at('county-review') } },
  'submit-paperwork': { when: { caseworker: at('paperwork') } },
  'confirm-follow-up': { when: { caseworker: (c) => c.step === 'installments' && c.awaitingFollowUp } },
  'stop-installments': { when: { caseworker: at('installments'), approver: at('installments') } },
  withdraw: { when: { caseworker: at('approval', 'county-review') } },
};

const RULES: Partial<Record<CaseType, Partial<Record<CaseAction, ActionRule>>>> = {
  dibao: DIBAO_RULES,
  temporary: TEMPORARY_RULES,
};

export const ACTIONS_OF: Partial<Record<CaseType, readonly CaseAction[]>> = {
  dibao: DIBAO_ACTIONS,
  temporary: TEMPORARY_ACTIONS,
};

export type ActionCheck = { ok: true } | { ok: false; reason: 'forbidden' | 'invalid_transition'; message: string };

/** Role and scope first (403), then the state of the case (409): the same order in the API and the workflow. */
export function checkAction(action: CaseAction, actor: Actor, c: ActionContext): ActionCheck {
  const rule = RULES[c.type]?.[action];
  if (!rule) return { ok: false, reason: 'invalid_transition', message: `${action} is not an action of a ${c.type} case` };
  const when = rule.when[actor.role];
  if (!when) return { ok: false, reason: 'forbidden', message: `role ${actor.role} may not ${action}` };
  if (!canSeeOrg(actor, c.orgCode)) {
    return { ok: false, reason: 'forbidden', message: `case belongs to ${c.orgCode}, outside ${actor.org}` };
  }
  if (!when(c)) {
    const state = c.suspended ? `${c.step} (suspended for supplement)` : c.step;
    return { ok: false, reason: 'invalid_transition', message: `${action} is not allowed in step ${state}` };
  }
  return { ok: true };
}

export function allowedActions(actor: Actor, c: ActionContext): CaseAction[] {
  return (ACTIONS_OF[c.type] ?? []).filter((a) => checkAction(a, actor, c).ok);
}
