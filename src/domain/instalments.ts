import { addCalendarDays, isIsoDate, type IsoDate } from './dates.js';
import type { installmentsField } from './action-payloads.js';
import type { Infer } from './fields.js';
import { isPositiveFen } from './money.js';

export type ScheduledInstalment = {
  instalment: number;
  dueDate: IsoDate;
  amountFen: number;
};

/** As the window or the approval gives it (domain/action-payloads.ts: installmentsField). */
export type InstalmentSpec = Infer<typeof installmentsField>;

export type ScheduleResult = { ok: true; schedule: ScheduledInstalment[] } | { ok: false; field: string; message: string };

/**
 * 一次审批、分阶段救助: the total split into instalments whose amounts sum exactly to it.
 * A count splits evenly, the odd fen going to the first instalments; dates step by the interval.
 */
export function buildSchedule(totalFen: number, spec: InstalmentSpec | undefined, today: IsoDate): ScheduleResult {
  if (!isPositiveFen(totalFen)) return { ok: false, field: 'amountFen', message: 'must be a positive amount in fen' };
  if (spec === undefined) return { ok: true, schedule: [{ instalment: 1, dueDate: today, amountFen: totalFen }] };
  if (Array.isArray(spec)) {
    if (spec.length === 0 || spec.length > 60) return { ok: false, field: 'installments', message: 'must list 1 to 60 instalments' };
    let previous = today;
    for (const [i, item] of spec.entries()) {
      if (!isIsoDate(item.dueDate) || item.dueDate < previous) {
        return { ok: false, field: `installments.${i}.dueDate`, message: `must be a date from ${previous} on, in order` };
      }
      if (!isPositiveFen(item.amountFen)) return { ok: false, field: `installments.${i}.amountFen`, message: 'must be a positive amount in fen' };
      previous = item.dueDate;
    }
    const sum = spec.reduce((s, i) => s + i.amountFen, 0);
    if (sum !== totalFen) return { ok: false, field: 'installments', message: `amounts sum to ${sum} fen, not the approved ${totalFen}` };
    return { ok: true, schedule: spec.map((s, i) => ({ instalment: i + 1, dueDate: s.dueDate, amountFen: s.amountFen })) };
  }
  const { count, intervalDays } = spec;
  if (!Number.isInteger(count) || count < 1 || count > 60) return { ok: false, field: 'installments.count', message: 'must be 1 to 60' };
  if (!Number.isInteger(intervalDays) || intervalDays < 1 || intervalDays > 366) {
    return { ok: false, field: 'installments.intervalDays', message: 'must be 1 to 366 days' };
  }
  const first = spec.firstDueDate ?? today;
  if (!isIsoDate(first) || first < today) return { ok: false, field: 'installments.firstDueDate', message: `must be a date from ${today} on` };
  if (totalFen < count) return { ok: false, field: 'installments.count', message: 'more instalments than fen' };
  const base = Math.floor(totalFen / count);
  const odd = totalFen - base * count;
  return {
    ok: true,
    schedule: Array.from({ length: count }, (_, i) => ({
      instalment: i + 1,
      dueDate: addCalendarDays(first, i * intervalDays),
      amountFen: base + (i < odd ? 1 : 0),
    })),
  };
}

