import type { IsoDate } from '../dates.js';
import { formatFen } from '../money.js';
import { SERVICE_ACTOR, type Actor } from '../roles.js';
import type { CaseView, HistoryEntry, InstalmentView } from '../views.js';

/** Appends an entry to a case's history and bumps the version the read model orders snapshots by. */
export function appendHistory(state: CaseView, actor: Actor, action: string, summary: string, details: Record<string, unknown>, at: string): HistoryEntry {
  const entry: HistoryEntry = {
    seq: state.history.length + 1,
    at,
    actor: { sub: actor.sub, role: actor.role, org: actor.org, ...(actor.name ? { name: actor.name } : {}) },
    action,
    summary,
    ...details,
  };
  state.history.push(entry);
  state.version++;
  return entry;
}

/**
 * Where an instalment's money came from, as the case's history says it. A payout paid and recorded in
 * one transaction does not name the fund's balance after it: the case is written before the debit, so
 * that the fund's lock is held for the debit alone (the balance is in the fund's ledger).
 */
export const paidFrom = (source: 'reserve' | 'county', balanceAfterFen?: number) =>
  source === 'county' ? '县级资金拨付' : balanceAfterFen === undefined ? '从备用金支付' : `从备用金支付（余额 ${formatFen(balanceAfterFen)}）`;

export const instalmentPaidSummary = (inst: InstalmentView, from: string) => `第 ${inst.instalment} 期已发放 ${formatFen(inst.amountFen)}，${from}`;

export const paperworkDueSummary = (dueDate: IsoDate, paidLate: boolean) => `事后补办材料须于 ${dueDate} 前提交${paidLate ? '（发放已超过急难时限）' : ''}`;

export interface ReservePayout {
  paidAt: string;
  /** 事后补办材料: due so many working days after the payout. */
  paperwork: { dueDate: IsoDate; dueAt: string };
  /** Paid after the emergency's hours had run out. */
  late: boolean;
}

/**
 * An emergency's instalment paid from the street's reserve, and the paperwork then due. The payout's
 * activity applies it to the snapshot it writes in the payout's own transaction, and the workflow to its
 * state once the activity answers: the same change to the same case, so the two agree to the entry.
 */
export function settleReservePayout(s: CaseView, o: ReservePayout): HistoryEntry[] {
  const t = s.temporary;
  const inst = t?.installments[0];
  if (!t || !inst) throw new Error(`case ${s.caseId} has no instalment to settle`);
  inst.status = 'paid';
  inst.source = 'reserve';
  inst.paidAt = o.paidAt;
  t.paidFen += inst.amountFen;
  t.awaitingFunds = false;
  const paid = appendHistory(s, SERVICE_ACTOR, 'instalment-paid', instalmentPaidSummary(inst, paidFrom('reserve')), {
    instalment: inst.instalment,
    amountFen: inst.amountFen,
    source: 'reserve',
    paidAt: o.paidAt,
  }, o.paidAt);
  t.paidAt = o.paidAt;
  t.paidLate = o.late;
  s.overdue = false;
  t.paperwork = { dueDate: o.paperwork.dueDate, dueAt: o.paperwork.dueAt, overdue: false, submittedAt: null, documents: [] };
  s.step = 'paperwork';
  const due = appendHistory(s, SERVICE_ACTOR, 'paperwork-due', paperworkDueSummary(o.paperwork.dueDate, o.late), { dueDate: o.paperwork.dueDate, paidLate: o.late }, o.paidAt);
  return [paid, due];
}
