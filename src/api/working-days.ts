import { calendarFor, loadCalendars, type LoadedCalendars } from '../db/calendar.js';
import type { Db } from '../db/client.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { shanghaiDate } from '../domain/dates.js';
import { workingDaysLeft } from '../domain/deadline.js';
import { provinceOf } from '../domain/org.js';

/**
 * The working calendars for display figures, read at most once a minute: a published year shows in
 * "working days left" within a minute on every replica (deadlines themselves are counted by the
 * workflows from the calendar as it is when they count).
 */
const TTL_MS = 60_000;
/** What was read, and each province's calendar built from it once (building one is most of a request's calendar cost). */
let cached: { at: number; loaded: Promise<LoadedCalendars>; byProvince: Map<string, WorkingCalendar> } | undefined;

function loadedOf(db: Db): NonNullable<typeof cached> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const loaded = loadCalendars(db);
    cached = { at: Date.now(), loaded, byProvince: new Map() };
    loaded.catch(() => (cached = undefined));
  }
  return cached;
}

/** Read again at the next request: the calendar route just loaded a year. */
export function forgetWorkingCalendar(): void {
  cached = undefined;
}

/** A function giving an open case's working days left on its region's calendar (null: no clock yet, or closed). */
export async function workingDaysLeftOf(db: Db): Promise<(c: { dueDate: string | null; step: string; orgCode: string }) => number | null> {
  const calendarOf = await workingCalendarOf(db);
  const today = shanghaiDate(Date.now());
  return (c) => (c.dueDate && c.step !== 'closed' ? workingDaysLeft(calendarOf(c.orgCode), today, c.dueDate) : null);
}

/** Each org's working calendar (its province's), as loaded at most a minute ago: due dates computed at the API. */
export async function workingCalendarOf(db: Db): Promise<(orgCode: string) => WorkingCalendar> {
  const { loaded: reading, byProvince } = loadedOf(db);
  const loaded = await reading;
  return (orgCode) => {
    const province = provinceOf(orgCode);
    if (!byProvince.has(province)) byProvince.set(province, calendarFor(loaded, orgCode));
    return byProvince.get(province)!;
  };
}
