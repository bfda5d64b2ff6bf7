// Every aid type's declaration, and the action checks that read them.
import { msg } from '../catalogue.js';
import { ACTION_PAYLOADS, decidePayload, payloadProblemIn, type CaseAction } from '../action-payloads.js';
import type { Field, Problem } from '../fields.js';
import { COMMON_RULES, checkRule, type ActionCheck, type ActionContext, type ActionRules, type CommonAction } from '../action-rules.js';
import type { AssessedType, CaseType } from '../cases.js';
import type { Actor } from '../roles.js';
import type { AidDeclaration, AssessedDeclaration } from './declaration.js';
import { dibao } from './dibao.js';
import { education } from './education.js';
import { employment } from './employment.js';
import { housing } from './housing.js';
import { legalAid } from './legal-aid.js';
import { medical } from './medical.js';
import { defactoOrphan, orphan } from './orphan.js';
import { tekun } from './tekun.js';
import { temporary } from './temporary.js';
import { disaster } from './disaster.js';

const DECLARED = { dibao, tekun, medical, education, housing, temporary, disaster, 'defacto-orphan': defactoOrphan, employment, 'legal-aid': legalAid, orphan };
export const ASSESSED: Record<AssessedType, AssessedDeclaration> = { dibao, tekun, medical, education, housing, disaster, 'defacto-orphan': defactoOrphan, employment, 'legal-aid': legalAid, orphan };
export const AID: Record<CaseType, AidDeclaration> = { ...ASSESSED, temporary };

/**
 * The actions a type's own lifecycle handles, as its declaration states them: the workflows' handler
 * maps are keyed by these, so an action declared without a handler does not compile.
 */
export type OwnAction<T extends CaseType> = Exclude<{ [K in T]: keyof (typeof DECLARED)[K]['actions'] }[T], CommonAction>;

const RULES = Object.fromEntries(Object.values(AID).map((d) => [d.type, { ...d.actions, ...COMMON_RULES }])) as Record<CaseType, ActionRules>;

/** Every action of a type, in the order `allowedActions` lists them. */
export const actionsOf = (type: CaseType) => Object.keys(RULES[type]) as CaseAction[];

export const checkAction = (action: CaseAction, actor: Actor, c: ActionContext): ActionCheck => checkRule(RULES[c.type], action, actor, c);

export const allowedActions = (actor: Actor, c: ActionContext): CaseAction[] => actionsOf(c.type).filter((a) => checkAction(a, actor, c).ok);

/** What an action carries in a case of this type: `decide` carries the type's own approval fields. */
export function payloadOf(type: CaseType, action: CaseAction): Field {
  return action === 'decide' ? DECIDE_PAYLOADS[type] : ACTION_PAYLOADS[action].payload;
}
const DECIDE_PAYLOADS = Object.fromEntries(Object.values(AID).map((d) => [d.type, decidePayload(d.approval)])) as Record<CaseType, Field>;

/** The first problem with an action's payload for a case of this type: a field of another type's is unknown here. */
export function payloadProblem(type: CaseType, request: { action: string }): Problem | undefined {
  if (!(request.action in ACTION_PAYLOADS)) return { path: 'action', message: msg('action.unknown', { action: request.action }) };
  return payloadProblemIn(payloadOf(type, request.action as CaseAction), request);
}
