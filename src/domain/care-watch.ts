// The daily care watch (001 §六; issue 21): each morning the street's caseworkers hear of every
// discovery whose visit fell overdue and every benefit whose contact did, and the county's supervisors
// hear the counts. Each person is told once per deadline missed — the notification's key names the due
// date it missed — so a second run of the day, a retried activity or a day caught up late tells nobody
// twice, and a new deadline (the next contact after one recorded) is told afresh. Pure.
import { msg, render } from './catalogue.js';
import type { IsoDate } from './dates.js';
import type { NotificationInput } from './views.js';

/** When the day's watch runs: 07:00 Asia/Shanghai, before the street's working day. */
export const CARE_WATCH_HOUR = 7;

export interface OverdueDiscovery {
  discoveryId: string;
  orgCode: string;
  personName: string;
  address: string;
  foundOn: IsoDate;
  visitDueDate: IsoDate;
}

export interface OverdueContact {
  benefitId: string;
  orgCode: string;
  applicantName: string;
  lastOn: IsoDate | null;
  nextDueOn: IsoDate;
}

/** What a county's day found: overdue in all, and newly told. */
export interface CareWatchCounts {
  discoveries: number;
  newDiscoveries: number;
  contacts: number;
  newContacts: number;
}

const VISIT_OVERDUE = 'discovery-visit-overdue';
const CONTACT_OVERDUE = 'contact-overdue';
const CARE_WATCH_SUMMARY = 'care-watch';

const zh = (m: Parameters<typeof render>[0]) => render(m, 'zh');

/** The street's caseworkers, once per discovery (its due date never moves). */
export const visitOverdueNote = (d: OverdueDiscovery, at: string): NotificationInput => ({
  eventKey: `${d.discoveryId}:${VISIT_OVERDUE}:${d.visitDueDate}`,
  caseId: null,
  kind: VISIT_OVERDUE,
  recipientRole: 'caseworker',
  recipientOrg: d.orgCode,
  message: zh(msg('watch.visitOverdue', { name: d.personName, address: d.address, foundOn: d.foundOn, dueDate: d.visitDueDate })),
  createdAt: at,
});

/** The street's caseworkers, once per contact date missed. */
export const contactOverdueNote = (b: OverdueContact, at: string): NotificationInput => ({
  eventKey: `${b.benefitId}:${CONTACT_OVERDUE}:${b.nextDueOn}`,
  caseId: null,
  kind: CONTACT_OVERDUE,
  recipientRole: 'caseworker',
  recipientOrg: b.orgCode,
  message: zh(msg('watch.contactOverdue', { name: b.applicantName, benefitId: b.benefitId, lastOn: b.lastOn ?? msg('watch.neverContacted'), dueDate: b.nextDueOn })),
  createdAt: at,
});

/** The county's supervisors, once a day and only when something is overdue: how many, and how many newly. */
export function countySummaryNote(
  c: CareWatchCounts & { countyCode: string; date: IsoDate },
  at: string,
): NotificationInput | undefined {
  if (c.discoveries === 0 && c.contacts === 0) return undefined;
  return {
    eventKey: `${c.countyCode}:${CARE_WATCH_SUMMARY}:${c.date}`,
    caseId: null,
    kind: CARE_WATCH_SUMMARY,
    recipientRole: 'supervisor',
    recipientOrg: c.countyCode,
    message: zh(msg('watch.countySummary', { date: c.date, discoveries: c.discoveries, newDiscoveries: c.newDiscoveries, contacts: c.contacts, newContacts: c.newContacts })),
    createdAt: at,
  };
}
