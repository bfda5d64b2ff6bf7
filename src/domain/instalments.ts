import { addCalendarDays, isIsoDate, type IsoDate } from './dates.js';
import type { installmentsField } from './action-payloads.js';
import type { Infer } from './fields.js';
import { formatFen, isPositiveFen } from './money.js';
import { msg, type Message } from './catalogue.js';

export type ScheduledInstalment = {
  instalment: number;
  dueDate: IsoDate;
  amountFen: number;
};

/** As the window or the approval gives it (domain/action-payloads.ts: installmentsField). */
export type InstalmentSpec = Infer<typeof installmentsField>;

export type ScheduleResult = { ok: true; schedule: ScheduledInstalment[] } | { ok: false; field: string; message: Message };

/**
 * 一次审批、分阶段救助: the total split into instalments whose amounts sum exactly to it.
 * A count splits evenly, the odd fen going to the first instalments; dates step by the interval.
 */
export function buildSchedule(totalFen: number, spec: InstalmentSpec | undefined, today: IsoDate): ScheduleResult {
  if (!isPositiveFen(totalFen)) return { ok: false, field: 'amountFen', message: msg('field.positiveFen') };
  if (spec === undefined) return { ok: true, schedule: [{ instalment: 1, dueDate: today, amountFen: totalFen }] };
  if (Array.isArray(spec)) {
    if (spec.length === 0 || spec.length > 60) return { ok: false, field: 'installments', message: msg('instalments.count') };
    let previous = today;
    for (const [i, item] of spec.entries()) {
      if (!isIsoDate(item.dueDate) || item.dueDate < previous) {
        return { ok: false, field: `installments.${i}.dueDate`, message: msg('instalments.inOrder', { from: previous }) };
      }
      if (!isPositiveFen(item.amountFen)) return { ok: false, field: `installments.${i}.amountFen`, message: msg('field.positiveFen') };
      previous = item.dueDate;
    }
    const sum = spec.reduce((s, i) => s + i.amountFen, 0);
    if (sum !== totalFen) return { ok: false, field: 'installments', message: msg('instalments.sum', { sum: formatFen(sum), total: formatFen(totalFen) }) };
    return { ok: true, schedule: spec.map((s, i) => ({ instalment: i + 1, dueDate: s.dueDate, amountFen: s.amountFen })) };
  }
  const { count, intervalDays } = spec;
  if (!Number.isInteger(count) || count < 1 || count > 60) return { ok: false, field: 'installments.count', message: msg('instalments.countRange') };
  if (!Number.isInteger(intervalDays) || intervalDays < 1 || intervalDays > 366) {
    return { ok: false, field: 'installments.intervalDays', message: msg('instalments.interval') };
  }
  const first = spec.firstDueDate ?? today;
  if (!isIsoDate(first) || first < today) return { ok: false, field: 'installments.firstDueDate', message: msg('instalments.firstDue', { from: today }) };
  if (totalFen < count) return { ok: false, field: 'installments.count', message: msg('instalments.moreThanFen') };
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

