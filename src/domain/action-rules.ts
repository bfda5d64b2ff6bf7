// Who may take an action in which state: the language of every resource's rules (per action, per
// role, a predicate over the resource's state), the pieces each aid type's declaration is made of, and
// the one check the API and the workflow validators run, for cases and benefits alike.
import { actionName, type CaseAction } from './action-payloads.js';
import { msg, roleName, typeName, type Message } from './catalogue.js';
import { stepName, type CaseStatus, type CaseStep, type CaseType } from './cases.js';
import { canSee, type Actor, type Department, type Role, type Scoped } from './roles.js';
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

/** For each role that may take an action, the states of the resource (a case by default) in which it may. */
export type ActionRule<C = ActionContext> = Partial<Record<Role, (c: C) => boolean>>;
export type ActionRules<A extends string = CaseAction, C = ActionContext> = Partial<Record<A, ActionRule<C>>>;

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

export type ActionCheck = { ok: true } | { ok: false; reason: 'forbidden' | 'invalid_transition'; message: Message };

/** How a refusal names the resource and its state. */
export interface Refusals<C> {
  /** The case, the benefit: "the … is outside your scope". */
  noun: Message;
  /** Why nothing at all may be done any more (an archived case), checked before the action's own states. */
  closed?: (c: C) => Message | undefined;
  /** Why the resource's state does not allow the action. */
  state: (action: string, c: C) => Message;
}

/**
 * The one check, for every resource with rules: the role takes the action (403), the resource is in its
 * scope (`canSee`, 403), then its state allows it (409) — the same order in the API and the workflow.
 */
export function checkScoped<C extends Scoped>(rule: ActionRule<C>, action: string, actor: Actor, c: C, says: Refusals<C>): ActionCheck {
  const when = rule[actor.role];
  if (!when) return { ok: false, reason: 'forbidden', message: msg('action.roleMayNot', { role: roleName(actor.role, actor.dept), action: actionName(action) }) };
  if (!canSee(actor, c)) return { ok: false, reason: 'forbidden', message: msg('action.outsideScope', { noun: says.noun }) };
  const closed = says.closed?.(c);
  if (closed) return { ok: false, reason: 'invalid_transition', message: closed };
  if (!when(c)) return { ok: false, reason: 'invalid_transition', message: says.state(action, c) };
  return { ok: true };
}

const CASE_REFUSALS: Refusals<ActionContext> = {
  noun: msg('noun.case'),
  closed: (c) => (c.archived ? msg('case.archived') : undefined),
  state: (action, c) => {
    const key = c.suspended ? 'action.notInStepSuspended' : c.needsReview ? 'action.notInStepReview' : 'action.notInStep';
    return msg(key, { action: actionName(action), step: stepName(c.step) });
  },
};

/** A case's action: one its type has (else 409), then `checkScoped`. */
export function checkRule(rules: ActionRules, action: CaseAction, actor: Actor, c: ActionContext): ActionCheck {
  const rule = rules[action];
  if (!rule) return { ok: false, reason: 'invalid_transition', message: msg('action.notOfType', { action: actionName(action), type: typeName(c.type) }) };
  return checkScoped(rule, action, actor, c, CASE_REFUSALS);
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
