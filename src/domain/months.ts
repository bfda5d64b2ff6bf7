import { addCalendarDays, shanghaiDate, startOfShanghaiDay, type IsoDate } from './dates.js';

/** A calendar month, YYYY-MM (Asia/Shanghai): what a monthly benefit pays for. */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (s: string): boolean => MONTH.test(s);

export const monthOf = (date: IsoDate): Month => date.slice(0, 7);

/** The month of an instant in Asia/Shanghai. */
export const shanghaiMonth = (instant: Date | number | string): Month => monthOf(shanghaiDate(instant));

export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const firstDayOf = (month: Month): IsoDate => `${month}-01`;

/** A value effective on any day of a month governs that month (a standard from 2027-01-15 pays January). */
export const lastDayOf = (month: Month): IsoDate => addCalendarDays(firstDayOf(addMonths(month, 1)), -1);

/** The instant a month begins in Asia/Shanghai. */
export const startOfMonth = (month: Month): Date => startOfShanghaiDay(firstDayOf(month));

/** The same day n months later, clamped to the month's end (01-31 + 1 month = 02-28). */
export function addMonthsToDate(date: IsoDate, n: number): IsoDate {
  const month = addMonths(monthOf(date), n);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(Math.min(Number(date.slice(8, 10)), lastDay)).padStart(2, '0')}`;
}

/**
 * The months a county's payroll may be prepared for: none before its first benefit's first month
 * (there was nothing to pay; with no benefit yet, none before this month) and none after next month
 * (a payroll is prepared ahead by a month at most). The reason, in Chinese, or null.
 */
export function payrollMonthProblem(month: Month, firstBenefitMonth: Month | null, thisMonth: Month): string | null {
  const next = addMonths(thisMonth, 1);
  if (month > next) return `不得晚于下月（${next}）：发放名册最多提前一个月编制`;
  if (firstBenefitMonth !== null && firstBenefitMonth < thisMonth) {
    return month < firstBenefitMonth ? `不得早于本县最早待遇的起始月（${firstBenefitMonth}）：此前没有应发放的待遇` : null;
  }
  return month < thisMonth ? `不得早于本月（${thisMonth}）：本县没有更早起始的待遇，此前无可发放` : null;
}
