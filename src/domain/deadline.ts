import type { WorkingCalendar } from './calendar.js';
import { endOfShanghaiDay, startOfShanghaiDay, type IsoDate } from './dates.js';

export interface DeadlineTerms {
  /** Counting starts on the first working day after this date. */
  startDate: IsoDate;
  workingDays: number;
  /** The reminder falls on the day this many working days remain (the due day included). */
  reminderWorkingDays: number;
}

export interface ComputedDeadline extends DeadlineTerms {
  dueDate: IsoDate;
  /** The instant the due day ends in Asia/Shanghai. */
  dueAt: string;
  provisional: boolean;
  reminderDate: IsoDate;
  /** The start of the reminder day in Asia/Shanghai. */
  reminderAt: string;
}

export function computeDeadline(calendar: WorkingCalendar, terms: DeadlineTerms): ComputedDeadline {
  const { date: dueDate, provisional } = calendar.addWorkingDays(terms.startDate, terms.workingDays);
  const reminderDate = calendar.subtractWorkingDays(dueDate, Math.max(terms.reminderWorkingDays - 1, 0));
  return {
    ...terms,
    dueDate,
    dueAt: endOfShanghaiDay(dueDate).toISOString(),
    provisional,
    reminderDate,
    reminderAt: startOfShanghaiDay(reminderDate).toISOString(),
  };
}

/**
 * After a suspension (补正) the case gets back the working days it had left when it was suspended,
 * counted from the day the supplement arrived: the due date moves by the suspended working days.
 * The suspension day itself counts as used; at least one working day remains to decide.
 */
export function resumeDeadline(
  calendar: WorkingCalendar,
  dueDate: IsoDate,
  suspendedOn: IsoDate,
  resumedOn: IsoDate,
  reminderWorkingDays: number,
): ComputedDeadline {
  const remaining = Math.max(calendar.workingDaysBetween(suspendedOn, dueDate), 1);
  return computeDeadline(calendar, { startDate: resumedOn, workingDays: remaining, reminderWorkingDays });
}

/**
 * Working days left to decide, counted as the deadline was (the day of acceptance is not one of the
 * 22): the working days after today through the due date — 22 on acceptance day, 0 on the due day
 * itself; once past it, minus the working days since (−1 on the first working day after).
 */
export function workingDaysLeft(calendar: WorkingCalendar, today: IsoDate, dueDate: IsoDate): number {
  return today <= dueDate ? calendar.workingDaysBetween(today, dueDate) : -calendar.workingDaysBetween(dueDate, today);
}
