import { officialCalendarData } from '../calendar/official-data.js';
import { WorkingCalendar } from '../domain/calendar.js';
import type { Db } from './client.js';
import { calendarOverrides, calendarYears } from './schema.js';

/** The official calendar (chinese-days) with the database's overrides and newly published years on top. */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const [overrides, years] = await Promise.all([
    db.select({ date: calendarOverrides.date, working: calendarOverrides.working }).from(calendarOverrides),
    db.select({ year: calendarYears.year }).from(calendarYears),
  ]);
  return WorkingCalendar.withOverrides(
    officialCalendarData(),
    overrides,
    years.map((y) => y.year),
  );
}

export interface PublishedDay {
  date: string;
  working: boolean;
  note?: string;
}

/** Loads a newly published year (its holidays and make-up days) so its deadlines stop being provisional. */
export async function publishCalendarYear(db: Db, year: number, days: PublishedDay[], source: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const d of days) {
      await tx
        .insert(calendarOverrides)
        .values({ ...d, source })
        .onConflictDoUpdate({ target: calendarOverrides.date, set: { working: d.working, source, note: d.note } });
    }
    await tx.insert(calendarYears).values({ year, source }).onConflictDoUpdate({ target: calendarYears.year, set: { source } });
  });
}
