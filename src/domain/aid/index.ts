// Every aid type's declaration, and the action checks that read them.
import type { CaseAction } from '../action-payloads.js';
import { COMMON_RULES, checkRule, type ActionCheck, type ActionContext, type ActionRules } from '../action-rules.js';
import type { AssessedType, CaseType } from '../cases.js';
import type { Actor } from '../roles.js';
import type { AidDeclaration, AssessedDeclaration } from './declaration.js';
import { dibao } from './dibao.js';
import { education } from './education.js';
import { housing } from './housing.js';
import { medical } from './medical.js';
import { tekun } from './tekun.js';
import { temporary } from './temporary.js';

export const ASSESSED: Record<AssessedType, AssessedDeclaration> = { dibao, tekun, medical, education, housing };
export const AID: Record<CaseType, AidDeclaration> = { ...ASSESSED, temporary };

const RULES = Object.fromEntries(Object.values(AID).map((d) => [d.type, { ...d.actions, ...COMMON_RULES }])) as Record<CaseType, ActionRules>;

/** Every action of a type, in the order `allowedActions` lists them. */
export const actionsOf = (type: CaseType) => Object.keys(RULES[type]) as CaseAction[];

export const checkAction = (action: CaseAction, actor: Actor, c: ActionContext): ActionCheck => checkRule(RULES[c.type], action, actor, c);

export const allowedActions = (actor: Actor, c: ActionContext): CaseAction[] => actionsOf(c.type).filter((a) => checkAction(a, actor, c).ok);
