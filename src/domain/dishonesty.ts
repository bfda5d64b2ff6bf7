// 失信 (004 §四): who may put a person or an organisation on the county's list, on what grounds, and
// how an entry moves — proposed with its evidence, confirmed for a listing period or rejected by the
// county's 民政 approver, appealed by the street, removed. A listed entry (appealed included: an appeal
// does not lift it) flags the person's next applications for the county's review. Pure.
import { addCalendarDays, type IsoDate } from './dates.js';
import { msg, type Message } from './catalogue.js';
import { countyOf } from './org.js';
import { decidesOwnProposal, departmentOf, isCountyCivilAffairsApprover, type Actor } from './roles.js';

/** The grounds 004 §四 lists: 瞒报收入, 虚假资料, 多报/瞒报家庭成员, a false 告知承诺, and other. */
export const DISHONESTY_KINDS = ['concealed-income', 'false-documents', 'misreported-members', 'false-commitment', 'other'] as const;
export type DishonestyKind = (typeof DISHONESTY_KINDS)[number];

export const DISHONESTY_STATUSES = ['proposed', 'listed', 'rejected', 'appealed', 'removed'] as const;
export type DishonestyStatus = (typeof DISHONESTY_STATUSES)[number];

export const DISHONESTY_ACTIONS = ['confirm', 'reject', 'appeal', 'remove'] as const;
export type DishonestyAction = (typeof DISHONESTY_ACTIONS)[number];

/** One step of an entry's life, kept on the entry: who, when, what, why. */
export interface DishonestyStep {
  action: 'propose' | DishonestyAction;
  at: string;
  by: { sub: string; role: string; name?: string };
  reason?: string;
  listedUntil?: IsoDate;
}

/** Whether an entry keeps its subject listed on a date. */
export const isListedOn = (e: { status: DishonestyStatus; startDate: IsoDate | null; expiresOn: IsoDate | null }, on: IsoDate): boolean =>
  (e.status === 'listed' || e.status === 'appealed') && e.startDate !== null && e.expiresOn !== null && e.startDate <= on && on <= e.expiresOn;


/** Who proposes an entry: any department's approver of the county (医保 finds false bills as 民政 finds hidden income). */
export const mayPropose = (actor: Actor, countyCode: string): boolean => actor.role === 'approver' && actor.org === countyCode;

/** The county's own list: read by its 民政 approvers, supervisors and auditors, and by its streets' caseworkers who appeal. */
export function mayReadEntries(actor: Actor, countyCode: string): boolean {
  if (actor.role === 'caseworker') return countyOf(actor.org) === countyCode;
  if (actor.role === 'approver') return departmentOf(actor) === 'minzheng' && actor.org === countyCode;
  return (actor.role === 'supervisor' || actor.role === 'auditor') && actor.org === countyCode;
}

// The county's 民政 approver decides an entry: confirms, rejects, removes.
const RULES: Record<DishonestyAction, { from: readonly DishonestyStatus[]; to: DishonestyStatus; may: (actor: Actor, countyCode: string) => boolean }> = {
  // An appeal answered against the applicant is a confirmation again: the entry stays listed.
  confirm: { from: ['proposed', 'appealed'], to: 'listed', may: isCountyCivilAffairsApprover },
  reject: { from: ['proposed'], to: 'rejected', may: isCountyCivilAffairsApprover },
  appeal: { from: ['listed'], to: 'appealed', may: (actor, countyCode) => actor.role === 'caseworker' && countyOf(actor.org) === countyCode },
  remove: { from: ['listed', 'appealed'], to: 'removed', may: isCountyCivilAffairsApprover },
};

/** What an action rule reads of an entry: its status, county, and who proposed it. */
export interface EntryFacts {
  status: DishonestyStatus;
  countyCode: string;
  proposedBy: string | undefined;
}

/** Four eyes: whoever proposed an entry does not decide it. */
const DECISIONS: readonly DishonestyAction[] = ['confirm', 'reject'];

/** What stops `actor` taking `action` on an entry: not theirs (403), or not at this step (409). */
export function dishonestyActionProblem(actor: Actor, entry: EntryFacts, action: DishonestyAction): { status: 403 | 409; message: Message } | undefined {
  const rule = RULES[action];
  if (!rule.may(actor, entry.countyCode)) return { status: 403, message: msg('dishonesty.mayNot', { action: msg(`dishonesty.action.${action}`) }) };
  if (DECISIONS.includes(action) && decidesOwnProposal(actor, entry.proposedBy)) return { status: 403, message: msg('dishonesty.ownProposal') };
  if (!rule.from.includes(entry.status)) return { status: 409, message: msg('dishonesty.wrongStatus', { action: msg(`dishonesty.action.${action}`), status: msg(`dishonesty.status.${entry.status}`) }) };
  return undefined;
}

export const statusAfter = (action: DishonestyAction): DishonestyStatus => RULES[action].to;

/** The actions `actor` may take on an entry now (the console offers these). */
export const allowedDishonestyActions = (actor: Actor, entry: EntryFacts): DishonestyAction[] =>
  DISHONESTY_ACTIONS.filter((a) => !dishonestyActionProblem(actor, entry, a));

/**
 * The listing period of a confirmation: until the date the approver names (from today on), else the
 * policy's days from today. A confirmation after an appeal keeps the period already running.
 */
export function listingPeriod(today: IsoDate, days: number, listedUntil: IsoDate | undefined, running?: { startDate: IsoDate; expiresOn: IsoDate }): { startDate: IsoDate; expiresOn: IsoDate } {
  if (listedUntil) return { startDate: running?.startDate ?? today, expiresOn: listedUntil };
  return running ?? { startDate: today, expiresOn: addCalendarDays(today, days) };
}
