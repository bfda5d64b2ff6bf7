import { continueAsNew, executeChild, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { addCalendarDays, shanghaiDate, startOfShanghaiDay, type IsoDate } from '../domain/dates.js';

/** A county's books are read whole: minutes, not the 30 seconds of a step's write. */
const reading = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' } });

/** When the day just ended is reconciled: 01:00 Asia/Shanghai, after the day's last writes. */
const RUN_AFTER_MIDNIGHT_MS = 60 * 60_000;
/** Days missed while no worker ran are caught up, the latest this many. */
const MAX_CATCH_UP_DAYS = 7;

export interface CountyReconciliationInput {
  countyCode: string;
  date: IsoDate;
}

/** One county's day: the books reconciled and stored (supervisors told of a difference), then the audit trail anchored. */
export async function countyReconciliationWorkflow(input: CountyReconciliationInput): Promise<{ ok: boolean; differences: number; anchoredHeads: number }> {
  const found = await reading.reconcileCountyDay(input);
  const anchor = await reading.anchorAuditDay(input);
  return { ...found, anchoredHeads: anchor.heads };
}

/**
 * The daily schedule (one per deployment, started by each worker and kept as one by its id): waits for
 * 01:00 after `nextDate`, reconciles every county with money for each day not yet done (a child
 * workflow per county and day), then continues as new with the next day. Deterministic: the clock is
 * the workflow's, every read is an activity.
 */
export async function reconciliationScheduleWorkflow(input: { nextDate?: IsoDate } = {}): Promise<never> {
  const nextDate = input.nextDate ?? shanghaiDate(Date.now());
  const runAt = startOfShanghaiDay(addCalendarDays(nextDate, 1)).getTime() + RUN_AFTER_MIDNIGHT_MS;
  if (runAt > Date.now()) await sleep(runAt - Date.now());
  const today = shanghaiDate(Date.now());
  const days: IsoDate[] = [];
  for (let d = nextDate; d < today; d = addCalendarDays(d, 1)) days.push(d);
  for (const date of days.slice(-MAX_CATCH_UP_DAYS)) {
    for (const countyCode of await reading.countiesToReconcile()) {
      await executeChild(countyReconciliationWorkflow, { workflowId: `reconciliation-${countyCode}-${date}`, args: [{ countyCode, date }] });
    }
  }
  return continueAsNew<typeof reconciliationScheduleWorkflow>({ nextDate: today });
}
