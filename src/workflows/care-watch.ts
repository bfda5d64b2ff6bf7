import { continueAsNew, executeChild, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { CARE_WATCH_HOUR, type CareWatchCounts } from '../domain/care-watch.js';
import { addCalendarDays, shanghaiDate, startOfShanghaiDay, type IsoDate } from '../domain/dates.js';

/** A county's overdue lists are read whole: minutes, not the 30 seconds of a step's write. */
const reading = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' } });

export interface CountyCareWatchInput {
  countyCode: string;
  date: IsoDate;
}

/** One county's day: its streets told of visits and contacts fallen overdue, its supervisors of the counts. */
export async function countyCareWatchWorkflow(input: CountyCareWatchInput): Promise<CareWatchCounts> {
  return reading.watchCountyCare(input);
}

/**
 * The daily care watch (one per deployment, started by each worker and kept as one by its id): waits
 * for 07:00 Asia/Shanghai on `nextDate`, watches every county for the day it wakes on, then continues
 * as new with the next day. Days a stopped worker missed need no catching up: a deadline missed then
 * is still missed today, and its note is keyed by its due date, not by the day that found it.
 * Deterministic: the clock is the workflow's, every read is an activity.
 */
export async function careWatchScheduleWorkflow(input: { nextDate?: IsoDate } = {}): Promise<never> {
  const nextDate = input.nextDate ?? shanghaiDate(Date.now());
  const runAt = startOfShanghaiDay(nextDate).getTime() + CARE_WATCH_HOUR * 3_600_000;
  if (runAt > Date.now()) await sleep(runAt - Date.now());
  const today = shanghaiDate(Date.now());
  for (const countyCode of await reading.careWatchCounties()) {
    await executeChild(countyCareWatchWorkflow, { workflowId: `care-watch-${countyCode}-${today}`, args: [{ countyCode, date: today }] });
  }
  return continueAsNew<typeof careWatchScheduleWorkflow>({ nextDate: addCalendarDays(today, 1) });
}
