// Keeping in touch with the people a benefit pays (主动发现、定期探访): each benefit is contacted — a visit
// or a call — at least every so many days, sooner for 特困 people living alone. The policy key `contact`
// says how often; a contact's date and what it found are the caseworker's. Pure; safe in the workflow sandbox.
import type { BenefitType } from './benefits.js';
import { msg } from './catalogue.js';
import { addCalendarDays, type IsoDate } from './dates.js';
import { date, object, oneOf, text, titled, type Problem } from './fields.js';
import type { PolicyValueOf } from './policy-values.js';
import type { Role } from './roles.js';

export const CONTACT_KINDS = ['visit', 'call'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
const CONTACT_KIND_NAMES: Record<ContactKind, string> = { visit: '入户走访', call: '电话联系' };

/** What a recorded contact carries (POST /v1/benefits/:id/contacts): the API's schema and the console's form. */
export const CONTACT_FIELDS = object({
  on: titled(date(), '联系日期'),
  kind: titled(oneOf(CONTACT_KINDS, CONTACT_KIND_NAMES), '联系方式'),
  findings: titled(text(4000), '联系情况'),
});

/** Who records contacts: the street's own caseworker (another street's does not see the benefit). */
export const CONTACT_RECORDERS: readonly Role[] = ['caseworker'];

/** Region policy `contact`: days between contacts, and for 特困 people living alone. */
export type ContactPolicyValue = PolicyValueOf<'contact'>;

/** How often a benefit's person is contacted: 特困 people living alone sooner. */
export const contactEveryDays = (type: BenefitType, livesAlone: boolean, p: ContactPolicyValue): number => (type === 'tekun' && livesAlone ? p.tekunLivingAloneDays : p.everyDays);

export interface ContactStanding {
  everyDays: number;
  /** The last contact's date; null before the first. */
  lastOn: IsoDate | null;
  /** The last contact (before the first: the benefit's opening) plus the interval. */
  nextDueOn: IsoDate;
  /** The next contact's date has passed; a stopped benefit is owed none. */
  overdue: boolean;
}

export function contactStanding(f: { everyDays: number; lastOn: IsoDate | null; openedOn: IsoDate; stopped: boolean; today: IsoDate }): ContactStanding {
  const nextDueOn = addCalendarDays(f.lastOn ?? f.openedOn, f.everyDays);
  return { everyDays: f.everyDays, lastOn: f.lastOn, nextDueOn, overdue: !f.stopped && nextDueOn < f.today };
}

/** A contact is recorded after it happened: never dated after today. */
export const contactDateProblem = (on: IsoDate, today: IsoDate): Problem | undefined => (on > today ? { path: 'on', message: msg('contact.future', { today }) } : undefined);
