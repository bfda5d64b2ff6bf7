import { loadWorkingCalendar } from '../db/calendar.js';
import type { Db } from '../db/client.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { shanghaiDate } from '../domain/dates.js';
import { workingDaysLeft } from '../domain/deadline.js';

/**
 * The working calendar for display figures, read at most once a minute: a published year shows in
 * "working days left" within a minute on every replica (deadlines themselves are counted by the
 * workflows from the calendar as it is when they count).
 */
const TTL_MS = 60_000;
let cached: { at: number; calendar: Promise<WorkingCalendar> } | undefined;

function calendarOf(db: Db): Promise<WorkingCalendar> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const calendar = loadWorkingCalendar(db);
    cached = { at: Date.now(), calendar };
    calendar.catch(() => (cached = undefined));
  }
  return cached.calendar;
}

/** Read again at the next request: the calendar route just loaded a year. */
export function forgetWorkingCalendar(): void {
  cached = undefined;
}

/** A function giving an open case's working days left (null: no clock yet, or closed). */
export async function workingDaysLeftOf(db: Db): Promise<(c: { dueDate: string | null; step: string }) => number | null> {
  const calendar = await calendarOf(db);
  const today = shanghaiDate(Date.now());
  return (c) => (c.dueDate && c.step !== 'closed' ? workingDaysLeft(calendar, today, c.dueDate) : null);
}
