// Who may take an action in which state of a case: the pieces each aid type's declaration is made of,
// and the check the API and the workflow validator both run.
import type { CaseAction } from './action-payloads.js';
import type { CaseStatus, CaseStep, CaseType } from './cases.js';
import { canSeeCase, type Actor, type Department, type Role } from './roles.js';
import type { CaseView } from './views.js';

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
  /** Objections raised in publicity and not yet resolved. */
  openObjections: number;
  /** 临时救助 支出型: an instalment is waiting for its follow-up check. */
  awaitingFollowUp: boolean;
}

/** For each role that may take an action, the states of the case in which it may. */
export type ActionRule = Partial<Record<Role, (c: ActionContext) => boolean>>;
export type ActionRules = Partial<Record<CaseAction, ActionRule>>;

/** In this step and not paused for a supplement. */
export const active = (step: CaseStep) => (c: ActionContext) => c.step === step && !c.suspended;
/** A flagged applicant's case may not be decided before the county's review. */
export const decidable = (c: ActionContext) => active('decision')(c) && !c.needsReview;
/** In one of these steps, paused or not. */
export const at = (...steps: CaseStep[]) => (c: ActionContext) => steps.includes(c.step);
/** In this step, and the county has reviewed a flagged applicant. */
export const reviewed = (step: CaseStep) => (c: ActionContext) => c.step === step && !c.needsReview;

const objectionOpen = (c: ActionContext) => active('publicity')(c) && c.openObjections > 0;
/** 公示: the street records objections; the street or the county resolves them. */
export const PUBLICITY_RULES = {
  'record-objection': { caseworker: active('publicity') },
  'resolve-objection': { caseworker: objectionOpen, approver: objectionOpen },
} satisfies ActionRules;

/** 补正 pauses the clock at any of the type's open steps (those it declares); the street may withdraw an open case. */
export function supplementRules(steps: readonly CaseStep[]) {
  const isOpen = (c: ActionContext) => steps.includes(c.step);
  return {
    'request-supplement': { caseworker: (c: ActionContext) => isOpen(c) && !c.suspended },
    'supplement-received': { caseworker: (c: ActionContext) => isOpen(c) && c.suspended },
    withdraw: { caseworker: isOpen },
  } satisfies ActionRules;
}

const ended = (c: ActionContext) => c.status === 'withdrawn' || c.status === 'revoked';

/** Actions every case has: the 失信 review gate, post-verification of commitments, referrals. */
export const COMMON_RULES = {
  'review-flag': { approver: (c) => c.needsReview && c.step !== 'closed' },
  'record-verification': { caseworker: (c) => c.verificationPending && !ended(c) },
  'refer-to-employment': { caseworker: (c) => !ended(c) },
  // 慈善衔接: after a decision, a household still in serious hardship is referred for charity aid.
  'refer-to-charity': { caseworker: (c) => c.status === 'approved' || c.status === 'rejected' },
} satisfies ActionRules;

/** The actions the shared case entity handles for every type (withdraw included: each type says when). */
export type CommonAction = keyof typeof COMMON_RULES | 'withdraw';

export type ActionCheck = { ok: true } | { ok: false; reason: 'forbidden' | 'invalid_transition'; message: string };

/** Role and scope first (403), then the state of the case (409): the same order in the API and the workflow. */
export function checkRule(rules: ActionRules, action: CaseAction, actor: Actor, c: ActionContext): ActionCheck {
  const rule = rules[action];
  if (!rule) return { ok: false, reason: 'invalid_transition', message: `${action} is not an action of a ${c.type} case` };
  const when = rule[actor.role];
  if (!when) return { ok: false, reason: 'forbidden', message: `role ${actor.role} may not ${action}` };
  if (!canSeeCase(actor, c)) return { ok: false, reason: 'forbidden', message: 'the case is outside your scope' };
  if (c.archived) return { ok: false, reason: 'invalid_transition', message: 'the case is archived' };
  if (!when(c)) {
    const state = c.suspended ? `${c.step} (suspended for supplement)` : c.needsReview ? `${c.step} (awaiting the county's 失信 review)` : c.step;
    return { ok: false, reason: 'invalid_transition', message: `${action} is not allowed in step ${state}` };
  }
  return { ok: true };
}

/** The facts the action rules read, from a case view (workflow state or read model). */
export function actionContextOf(v: CaseView): ActionContext {
  return {
    type: v.type,
    orgCode: v.orgCode,
    department: v.department,
    status: v.status,
    step: v.step,
    needsReview: v.dishonesty !== null && v.dishonesty.flagged && v.dishonesty.review === null,
    verificationPending: v.pledges !== null && v.pledges.verifiedAt === null,
    archived: v.archivedAt != null,
    suspended: v.suspended,
    openObjections: v.publicity?.objections.filter((o) => !o.resolution).length ?? 0,
    awaitingFollowUp: v.temporary?.installments.some((i) => i.status === 'awaiting-follow-up') ?? false,
  };
}
