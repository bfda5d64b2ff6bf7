// 主动发现 (001 §六; 004): a person in hardship found before they apply — by a grid worker, a
// department's data match, the 12349 hotline, a visit, themselves, the police or a volunteer — is
// visited by the street within the policy's working days; the visit ends in an invitation to apply
// (a one-door application the caseworker fills in with them), a closure with its reason, or a
// referral elsewhere. The county's yearly 摸底排查 counts every street's discoveries, visits and
// invitations. Pure.
import { msg, type Message } from './catalogue.js';
import { computeDeadline } from './deadline.js';
import type { WorkingCalendar } from './calendar.js';
import type { IsoDate } from './dates.js';
import { countyOf } from './org.js';
import { departmentOf, type Actor } from './roles.js';

export const DISCOVERY_SOURCES = ['grid', 'department-match', 'hotline', 'visit', 'self', 'police', 'volunteer'] as const;
export type DiscoverySource = (typeof DISCOVERY_SOURCES)[number];

export const DISCOVERY_STATUSES = ['open', 'visited', 'invited', 'closed', 'referred'] as const;
export type DiscoveryStatus = (typeof DISCOVERY_STATUSES)[number];

export const DISCOVERY_ACTIONS = ['visit', 'invite', 'close', 'refer'] as const;
export type DiscoveryAction = (typeof DISCOVERY_ACTIONS)[number];

/** Still waiting on the street: the states a second report of the same person from the same source joins. */
export const PENDING_DISCOVERY: readonly DiscoveryStatus[] = ['open', 'visited'];

/** One step of a discovery, kept on it. */
export interface DiscoveryStep {
  action: 'report' | DiscoveryAction;
  at: string;
  by: { sub: string; role: string; name?: string };
  note?: string;
}

/**
 * The visit is due the policy's working days after the day the person was found (that day not
 * counted), on the street's calendar: a report on the eve of a holiday waits for the holiday to end.
 */
export const visitDueDate = (calendar: WorkingCalendar, foundOn: IsoDate, visitDays: number): IsoDate =>
  computeDeadline(calendar, { startDate: foundOn, workingDays: visitDays, reminderWorkingDays: 1 }).dueDate;

/** Overdue: not yet visited (nor closed or referred unvisited) after its due date. */
export const isDiscoveryOverdue = (d: { status: DiscoveryStatus; visitDueDate: IsoDate }, today: IsoDate): boolean => d.status === 'open' && d.visitDueDate < today;

/** Who reports a discovery at a street: its caseworker, or an importing system of its county. */
export const mayReport = (actor: Actor, street: string): boolean =>
  (actor.role === 'caseworker' && actor.org === street) || (actor.role === 'system' && actor.org === countyOf(street));

/** Who reads a street's discoveries (people and their hardship): its caseworkers; the county's 民政 approvers, supervisors, auditors. */
export function mayReadDiscoveries(actor: Actor, street: string): boolean {
  if (actor.role === 'caseworker') return actor.org === street;
  if (actor.role === 'approver') return departmentOf(actor) === 'minzheng' && actor.org === countyOf(street);
  return (actor.role === 'supervisor' || actor.role === 'auditor') && actor.org === countyOf(street);
}

const RULES: Record<DiscoveryAction, { from: readonly DiscoveryStatus[]; to: DiscoveryStatus }> = {
  visit: { from: ['open'], to: 'visited' },
  // An invitation follows a visit: the caseworker has met the person and fills the application with them.
  invite: { from: ['visited'], to: 'invited' },
  close: { from: ['open', 'visited'], to: 'closed' },
  refer: { from: ['open', 'visited'], to: 'referred' },
};

/** What stops `actor` taking `action`: not the street's caseworker (403), or not at this step (409). */
export function discoveryActionProblem(actor: Actor, d: { status: DiscoveryStatus; orgCode: string }, action: DiscoveryAction): { status: 403 | 409; message: Message } | undefined {
  const name = msg(`discovery.action.${action}`);
  if (actor.role !== 'caseworker' || actor.org !== d.orgCode) return { status: 403, message: msg('discovery.mayNot', { action: name }) };
  if (!RULES[action].from.includes(d.status)) return { status: 409, message: msg('discovery.wrongStatus', { action: name, status: msg(`discovery.status.${d.status}`) }) };
  return undefined;
}

export const discoveryStatusAfter = (action: DiscoveryAction): DiscoveryStatus => RULES[action].to;

export const allowedDiscoveryActions = (actor: Actor, d: { status: DiscoveryStatus; orgCode: string }): DiscoveryAction[] =>
  DISCOVERY_ACTIONS.filter((a) => !discoveryActionProblem(actor, d, a));

/** Who opens a county's yearly 摸底排查: its 民政 approver or supervisor. */
export const mayOpenCampaign = (actor: Actor, countyCode: string): boolean =>
  actor.org === countyCode && (actor.role === 'supervisor' || (actor.role === 'approver' && departmentOf(actor) === 'minzheng'));

/** Who pushes a street's list of the year to the county (向县级部门推送名单): a caseworker of one of its streets. */
export const mayPushCampaignList = (actor: Actor, countyCode: string): boolean => actor.role === 'caseworker' && actor.org.length === 9 && countyOf(actor.org) === countyCode;

/** Who reads a campaign's ledger: the county's 民政 approvers, supervisors and auditors. */
export const mayReadCampaign = (actor: Actor, countyCode: string): boolean =>
  actor.org === countyCode && (actor.role === 'supervisor' || actor.role === 'auditor' || (actor.role === 'approver' && departmentOf(actor) === 'minzheng'));
