import { and, between, eq } from 'drizzle-orm';
import { officialCalendarData } from '../calendar/official-data.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { NATIONAL, provinceOf } from '../domain/org.js';
import type { Db } from './client.js';
import { calendarOverrides, calendarYears } from './schema.js';

/** Everything loaded, of every region: each province's calendar is built from it (`calendarFor`). */
export interface LoadedCalendars {
  overrides: Array<{ region: string; date: string; working: boolean }>;
  years: Array<{ region: string; year: number }>;
}

export async function loadCalendars(db: Db): Promise<LoadedCalendars> {
  const [overrides, years] = await Promise.all([
    db.select({ region: calendarOverrides.region, date: calendarOverrides.date, working: calendarOverrides.working }).from(calendarOverrides),
    db.select({ region: calendarYears.region, year: calendarYears.year }).from(calendarYears),
  ]);
  return { overrides, years };
}

/**
 * The calendar a case of `orgCode` counts on: the official data (chinese-days), the State Council's
 * loaded years on top, then its own province's (a provincial extra day off wins for that province only).
 * Without an org: the national calendar.
 */
export function calendarFor(loaded: LoadedCalendars, orgCode?: string): WorkingCalendar {
  const regions = orgCode === undefined ? [NATIONAL] : [NATIONAL, provinceOf(orgCode)];
  const rank = (region: string) => regions.indexOf(region);
  const overrides = loaded.overrides.filter((o) => rank(o.region) >= 0).sort((a, b) => rank(a.region) - rank(b.region));
  const years = loaded.years.filter((y) => rank(y.region) >= 0).map((y) => y.year);
  // Read every time, built once per content: building (every official date checked) costs more than the read.
  const key = JSON.stringify([overrides.map((o) => [o.date, o.working]), years]);
  let calendar = built.get(key);
  if (!calendar) {
    calendar = WorkingCalendar.withOverrides(officialCalendarData(), overrides, years);
    if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
    built.set(key, calendar);
  }
  return calendar;
}

/** Calendars built, by what they were built from (immutable, so shared); the oldest goes first. */
const built = new Map<string, WorkingCalendar>();
const BUILT_MAX = 64;

/** The calendar of one case's region (national when no org is given), read now. */
export async function loadWorkingCalendar(db: Db, orgCode?: string): Promise<WorkingCalendar> {
  return calendarFor(await loadCalendars(db), orgCode);
}

export interface PublishedDay {
  date: string;
  working: boolean;
  note?: string;
}

/**
 * Loads a region's published year (its holidays and make-up days) so its deadlines stop being
 * provisional. The year is replaced for that region: a day a corrected notice no longer lists goes.
 */
export async function publishCalendarYear(db: Db, region: string, year: number, days: PublishedDay[], source: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(calendarOverrides).where(and(eq(calendarOverrides.region, region), between(calendarOverrides.date, `${year}-01-01`, `${year}-12-31`)));
    if (days.length > 0) await tx.insert(calendarOverrides).values(days.map((d) => ({ region, date: d.date, working: d.working, source, note: d.note })));
    await tx
      .insert(calendarYears)
      .values({ region, year, source })
      .onConflictDoUpdate({ target: [calendarYears.region, calendarYears.year], set: { source, publishedAt: new Date() } });
  });
}
