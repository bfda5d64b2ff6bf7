// Working-day arithmetic on the official PRC schedule (holidays + 调休 make-up workdays).
// Pure: safe inside the Temporal workflow sandbox. Data is injected (see calendar/official-data.ts).
import { addCalendarDays, dayOfWeek, isIsoDate, yearOf, type IsoDate } from './dates.js';

export interface CalendarData {
  /** Official days off (normally weekdays, but any listed date is treated as off). */
  holidays: Iterable<IsoDate>;
  /** Make-up working days (调休), e.g. Saturday 2026-10-10. */
  workdays: Iterable<IsoDate>;
  /** Years whose official schedule is known. */
  publishedYears: Iterable<number>;
}

export interface CalendarOverride {
  date: IsoDate;
  working: boolean;
}

function checkDate(date: IsoDate, what = 'date'): void {
  if (!isIsoDate(date)) throw new RangeError(`Invalid ${what}: ${String(date)}`);
}

function checkCount(n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`Working-day count must be an integer >= ${min}: ${n}`);
}

export class WorkingCalendar {
  private readonly holidays: Set<IsoDate>;
  private readonly workdays: Set<IsoDate>;
  private readonly published: Set<number>;

  constructor(data: CalendarData) {
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
    this.published = new Set(data.publishedYears);
    for (const d of this.holidays) checkDate(d, 'holiday');
    for (const d of this.workdays) checkDate(d, 'workday');
    for (const y of this.published) if (!Number.isInteger(y)) throw new RangeError(`Invalid published year: ${y}`);
  }

  /** Base data with local overrides (e.g. a provincial extra day off); an override wins for its date. */
  static withOverrides(base: CalendarData, overrides: CalendarOverride[], extraPublishedYears: number[] = []): WorkingCalendar {
    const holidays = new Set(base.holidays);
    const workdays = new Set(base.workdays);
    for (const { date, working } of overrides) {
      checkDate(date, 'override date');
      // Remove from the opposite set so the override is authoritative whatever base says.
      (working ? holidays : workdays).delete(date);
      (working ? workdays : holidays).add(date);
    }
    return new WorkingCalendar({ holidays, workdays, publishedYears: [...base.publishedYears, ...extraPublishedYears] });
  }

  isWorkingDay(date: IsoDate): boolean {
    checkDate(date);
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  isPublished(year: number): boolean {
    return this.published.has(year);
  }

  /**
   * The n-th working day after `start` (start itself never counts). `provisional` is true when
   * any examined date falls in an unpublished year: the result may move once that schedule is out.
   */
  addWorkingDays(start: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
    checkDate(start, 'start date');
    checkCount(n, 1);
    let date = start;
    let provisional = false;
    for (let left = n; left > 0; ) {
      date = addCalendarDays(date, 1);
      if (!this.isPublished(yearOf(date))) provisional = true;
      if (this.isWorkingDay(date)) left--;
    }
    return { date, provisional };
  }

  /**
   * The n-th working day strictly before `date`. n = 0 gives `date` itself when it is a working
   * day, otherwise the nearest earlier working day.
   */
  subtractWorkingDays(date: IsoDate, n: number): IsoDate {
    checkDate(date);
    checkCount(n, 0);
    let d = date;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addCalendarDays(d, -1);
      return d;
    }
    for (let left = n; left > 0; ) {
      d = addCalendarDays(d, -1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Count of working days d with fromExclusive < d <= toInclusive (0 when to <= from). */
  workingDaysBetween(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    checkDate(fromExclusive);
    checkDate(toInclusive);
    let count = 0;
    // ISO strings with 4-digit years compare correctly as strings.
    for (let d = addCalendarDays(fromExclusive, 1); d <= toInclusive; d = addCalendarDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }
}
