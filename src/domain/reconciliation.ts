// What it means for a county's books to agree (issue 19): each rule once, over facts the repository
// reads (src/db/reconciliation.ts) and, for the Temporal side, the case views its workflows answer.
// Pure: every difference names its ids and figures, and says in Chinese what disagrees.
import { formatFen } from './money.js';
import type { Month } from './months.js';
import { isPaid } from './recovery.js';
import type { InstalmentView } from './views.js';

export const CHECKS = ['reserve-ledgers', 'payroll-files', 'returns', 'benefit-months', 'workflows'] as const;
export type CheckName = (typeof CHECKS)[number];

export type Difference = { kind: string; message: string } & Record<string, string | number | null>;

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  counts: Record<string, number>;
  differences: Difference[];
}

export interface ReconciliationResult {
  countyCode: string;
  date: string;
  checkedAt: string;
  ok: boolean;
  differences: number;
  checks: CheckResult[];
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

const result = (check: CheckName, counts: Record<string, number>, differences: Difference[]): CheckResult => ({ check, ok: differences.length === 0, counts, differences });

export function summarize(r: { countyCode: string; date: string; checkedAt: string }, checks: CheckResult[]): ReconciliationResult {
  const differences = checks.reduce((n, c) => n + c.differences.length, 0);
  return { ...r, ok: differences === 0, differences, checks };
}

// ---- (1) each street's reserve ledger ----

export interface FundFact {
  orgCode: string;
  balanceFen: number;
}
export interface EntryFact {
  id: number;
  orgCode: string;
  kind: string;
  amountFen: number;
  balanceAfterFen: number;
  caseId: string | null;
  instalment: number | null;
}
export interface ReservePaymentFact {
  paymentId: number;
  caseId: string;
  instalment: number;
  payee: string;
  amountFen: number;
  orgCode: string;
  entryId: number | null;
}

/**
 * A fund's balance is the sum of its entries; in ledger order (id: entries are written under the fund's
 * lock) each entry starts from the balance the one before left, and none leaves it below zero; every
 * reserve payment is exactly its payout entry (the same amount, out) and every payout entry is a payment.
 */
export function checkReserveLedgers(funds: readonly FundFact[], entries: readonly EntryFact[], reservePayments: readonly ReservePaymentFact[]): CheckResult {
  const differences: Difference[] = [];
  const byOrg = groupBy([...entries].sort((a, b) => a.id - b.id), (e) => e.orgCode);
  for (const f of funds) {
    const ledger = byOrg.get(f.orgCode) ?? [];
    const sum = ledger.reduce((s, e) => s + e.amountFen, 0);
    if (sum !== f.balanceFen) {
      differences.push({ kind: 'balance_mismatch', orgCode: f.orgCode, balanceFen: f.balanceFen, entriesSumFen: sum, message: `${f.orgCode} 备用金余额 ${formatFen(f.balanceFen)}，账目合计 ${formatFen(sum)}` });
    }
    let before = 0;
    for (const e of ledger) {
      if (e.balanceAfterFen - e.amountFen !== before || e.balanceAfterFen < 0) {
        differences.push({ kind: 'entry_chain_broken', orgCode: f.orgCode, entryId: e.id, expectedBeforeFen: before, beforeFen: e.balanceAfterFen - e.amountFen, message: `${f.orgCode} 账目 ${e.id}：变动前应为 ${formatFen(before)}，记为 ${formatFen(e.balanceAfterFen - e.amountFen)}` });
      }
      before = e.balanceAfterFen;
    }
  }
  for (const org of byOrg.keys()) {
    if (!funds.some((f) => f.orgCode === org)) differences.push({ kind: 'entries_without_fund', orgCode: org, message: `${org} 有账目而无备用金` });
  }
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const paidEntries = new Set<number>();
  for (const p of reservePayments) {
    const e = p.entryId === null ? undefined : entryById.get(p.entryId);
    if (p.entryId !== null) paidEntries.add(p.entryId);
    if (!e || e.kind !== 'payout' || e.amountFen !== -p.amountFen || e.caseId !== p.caseId || e.instalment !== p.instalment || e.orgCode !== p.orgCode) {
      differences.push({ kind: 'payment_entry_mismatch', orgCode: p.orgCode, caseId: p.caseId, instalment: p.instalment, paymentId: p.paymentId, paymentFen: p.amountFen, entryId: p.entryId, entryFen: e ? -e.amountFen : null, message: `案件 ${p.caseId} 第 ${p.instalment} 期备用金支付 ${formatFen(p.amountFen)} 与账目不符` });
    }
  }
  for (const e of entries) {
    if (e.kind === 'payout' && !paidEntries.has(e.id)) differences.push({ kind: 'payout_without_payment', orgCode: e.orgCode, entryId: e.id, amountFen: -e.amountFen, message: `${e.orgCode} 账目 ${e.id} 支出 ${formatFen(-e.amountFen)} 没有对应的支付记录` });
  }
  return result('reserve-ledgers', { funds: funds.length, entries: entries.length, balanceFen: funds.reduce((s, f) => s + f.balanceFen, 0), reservePayments: reservePayments.length }, differences);
}

// ---- (2)–(4) payrolls, returns and benefit months ----

/** One bank-file line of a payroll as sent (an attempt), returned (`failed`) or not. */
export interface TryFact {
  attempt: number;
  payrollId: string;
  status: string;
  amountFen: number;
}
/** One payment (benefit, month, payee) with every attempt the payrolls sent of it. */
export interface PaymentFact {
  benefitId: string;
  month: Month;
  payee: string;
  payrollId: string;
  status: string;
  attempts: number;
  amountFen: number;
  tries: TryFact[];
}
export interface PayrollFact {
  payrollId: string;
  month: Month;
  status: string;
}
export interface BenefitFact {
  benefitId: string;
  personHash: string;
  type: string;
  status: string;
  firstMonth: Month;
  lastMonth: Month | null;
}
/** Months sent after a stop that the stop (or the case's revocation) recorded for recovery. */
export type RecoveredKey = `${string}|${Month}|${string}`;
export const recoveredKey = (benefitId: string, month: Month, payee: string): RecoveredKey => `${benefitId}|${month}|${payee}`;

const ref = (p: Pick<PaymentFact, 'benefitId' | 'month' | 'payee'>) => ({ benefitId: p.benefitId, month: p.month, payee: p.payee });
const name = (p: Pick<PaymentFact, 'benefitId' | 'month' | 'payee'>) => `${p.benefitId} ${p.month}（${p.payee}）`;
const sentTries = (p: PaymentFact) => p.tries.filter((t) => t.status === 'sent');

/**
 * A sent payroll's bank file is its lines as sent (each attempt it carried): every payment the ledger
 * says this payroll sent is a line of it with the same attempt and amount, and every line sent and not
 * returned is a payment sent by it. A payroll not sent has no line and sent nothing; a sent one left nothing prepared.
 */
export function checkPayrollFiles(payrolls: readonly PayrollFact[], payments: readonly PaymentFact[]): CheckResult {
  const differences: Difference[] = [];
  const status = new Map(payrolls.map((p) => [p.payrollId, p.status]));
  let lines = 0;
  let amountFen = 0;
  for (const p of payments) {
    for (const t of p.tries) {
      lines++;
      amountFen += t.amountFen;
      if (status.get(t.payrollId) !== 'sent') {
        differences.push({ kind: 'line_in_unsent_payroll', payrollId: t.payrollId, ...ref(p), attempt: t.attempt, message: `工资单 ${t.payrollId} 未发送，却有 ${name(p)} 的发放行` });
      } else if (t.status === 'sent' && (p.payrollId !== t.payrollId || p.status !== 'sent' || p.attempts !== t.attempt)) {
        differences.push({ kind: 'line_not_sent_in_ledger', payrollId: t.payrollId, ...ref(p), attempt: t.attempt, paymentStatus: p.status, paymentPayrollId: p.payrollId, message: `工资单 ${t.payrollId} 的银行文件有 ${name(p)}，台账记为 ${p.payrollId}（${p.status}）` });
      } else if (t.status === 'sent' && t.amountFen !== p.amountFen) {
        differences.push({ kind: 'amount_mismatch', payrollId: t.payrollId, ...ref(p), fileFen: t.amountFen, paymentFen: p.amountFen, message: `${name(p)}：银行文件 ${formatFen(t.amountFen)}，台账 ${formatFen(p.amountFen)}` });
      }
    }
    const inPayroll = status.get(p.payrollId);
    if (p.status === 'sent' && !p.tries.some((t) => t.status === 'sent' && t.payrollId === p.payrollId && t.attempt === p.attempts)) {
      differences.push({ kind: 'line_missing', payrollId: p.payrollId, ...ref(p), amountFen: p.amountFen, message: `${name(p)} 记为由工资单 ${p.payrollId} 发放 ${formatFen(p.amountFen)}，银行文件中没有这一行` });
    }
    if (p.status === 'prepared' && inPayroll === 'sent') {
      differences.push({ kind: 'unsent_in_sent_payroll', payrollId: p.payrollId, ...ref(p), amountFen: p.amountFen, message: `工资单 ${p.payrollId} 已发送，${name(p)} 仍为待发` });
    }
  }
  return result('payroll-files', { payrolls: payrolls.length, sentPayrolls: payrolls.filter((p) => p.status === 'sent').length, lines, amountFen }, differences);
}

/**
 * A payment the bank returned is repaid once (exactly one later line sent, and the payment says sent) or
 * is still owed (not sent again: failed, held or prepared for a later payroll) — or was cancelled by a stop.
 */
export function checkReturns(payments: readonly PaymentFact[]): CheckResult {
  const differences: Difference[] = [];
  let returned = 0;
  let repaid = 0;
  let owed = 0;
  let owedFen = 0;
  let cancelled = 0;
  for (const p of payments) {
    if (!p.tries.some((t) => t.status === 'failed')) continue;
    returned++;
    const sent = sentTries(p);
    if (sent.length > 1) {
      differences.push({ kind: 'repaid_twice', ...ref(p), sentLines: sent.length, message: `退回的 ${name(p)} 被重发了 ${sent.length} 次` });
    } else if (sent.length === 1) {
      if (p.status === 'sent') repaid++;
      else differences.push({ kind: 'repaid_but_owed', ...ref(p), status: p.status, message: `退回的 ${name(p)} 已重发，台账仍记为 ${p.status}` });
    } else if (p.status === 'cancelled') {
      cancelled++;
    } else if (p.status === 'sent') {
      differences.push({ kind: 'repaid_without_line', ...ref(p), amountFen: p.amountFen, message: `退回的 ${name(p)} 记为已发，却没有重发的银行文件行` });
    } else {
      owed++;
      owedFen += p.amountFen;
    }
  }
  return result('returns', { returned, repaid, owed, owedFen, cancelled }, differences);
}

/** Benefit types whose months one person is paid once (低保 and 特困 exclude each other). */
const paidOnceGroup = (type: string) => (type === 'dibao' || type === 'tekun' ? 'basic-living' : type);

/**
 * No benefit month is paid twice — not one payment sent on two lines, nor one person's month by two
 * benefits of one kind — and nothing is paid for a month after a stop's last month unless the stop (or
 * the revocation) recorded it for recovery.
 */
export function checkBenefitMonths(payments: readonly PaymentFact[], benefits: readonly BenefitFact[], recovered: ReadonlySet<RecoveredKey>): CheckResult {
  const differences: Difference[] = [];
  const benefitOf = new Map(benefits.map((b) => [b.benefitId, b]));
  const personMonths = new Map<string, Set<string>>();
  let sentPayments = 0;
  for (const p of payments) {
    const sent = sentTries(p);
    if (isPaid(p)) sentPayments++;
    if (sent.length > 1) differences.push({ kind: 'paid_twice', ...ref(p), sentLines: sent.length, payrolls: sent.map((t) => t.payrollId).join(','), message: `${name(p)} 发放了 ${sent.length} 次` });
    const b = benefitOf.get(p.benefitId);
    if (!b || sent.length === 0) continue;
    if (b.status === 'stopped' && b.lastMonth !== null && p.month > b.lastMonth && !recovered.has(recoveredKey(p.benefitId, p.month, p.payee))) {
      differences.push({ kind: 'paid_after_stop', ...ref(p), lastMonth: b.lastMonth, amountFen: p.amountFen, message: `${name(p)} 在停发（发至 ${b.lastMonth}）之后发放 ${formatFen(p.amountFen)}，且未记为追回` });
    }
    const key = `${b.personHash}|${paidOnceGroup(b.type)}|${p.month}|${p.payee}`;
    personMonths.set(key, (personMonths.get(key) ?? new Set()).add(p.benefitId));
  }
  for (const [key, ids] of personMonths) {
    if (ids.size < 2) continue;
    const [, group, month] = key.split('|');
    differences.push({ kind: 'person_paid_twice', month: month!, group: group!, benefitIds: [...ids].sort().join(','), message: `同一人 ${month} 由 ${ids.size} 项待遇重复发放（${[...ids].sort().join('、')}）` });
  }
  return result('benefit-months', { benefits: benefits.length, payments: payments.length, sentPayments }, differences);
}

// ---- (5) the Temporal side ----

/** A 临时救助 instalment the ledger shows paid (the payments table). */
export interface PaidInstalment {
  caseId: string;
  instalment: number;
  amountFen: number;
  paidAt: Date;
}

/** A payment this recent may still be on its way to the workflow (the activity has not reported yet). */
const SETTLING_MS = 15 * 60_000;

const instalmentOf = (installments: readonly InstalmentView[] | undefined, n: number) => installments?.find((i) => i.instalment === n);

/**
 * The cases to ask their workflow about: those whose read model does not show every instalment the
 * ledger paid as paid, with that amount. The read model is written by the workflow itself, so a case it
 * shows paid is one its workflow knew paid.
 */
export function casesToAsk(paid: readonly PaidInstalment[], readModel: ReadonlyMap<string, readonly InstalmentView[] | undefined>): string[] {
  const ask = new Set<string>();
  for (const p of paid) {
    const i = instalmentOf(readModel.get(p.caseId), p.instalment);
    if (!i || i.status !== 'paid' || i.amountFen !== p.amountFen) ask.add(p.caseId);
  }
  return [...ask].sort();
}

/**
 * No case is paid in the ledger but open in its workflow: every instalment the ledger paid is paid, with
 * that amount, in the case's workflow — or is being paid right now (`paying`, within SETTLING_MS).
 * `views`: each asked case's instalments as its workflow answers, or null when Temporal has no such workflow.
 */
export function checkWorkflows(paid: readonly PaidInstalment[], asked: readonly string[], views: ReadonlyMap<string, readonly InstalmentView[] | null>, now: Date): CheckResult {
  const differences: Difference[] = [];
  const byCase = groupBy(paid, (p) => p.caseId);
  let inFlight = 0;
  for (const caseId of asked) {
    const view = views.get(caseId);
    if (view === null || view === undefined) {
      differences.push({ kind: 'workflow_missing', caseId, message: `案件 ${caseId} 在台账中已支付，Temporal 中找不到它的流程` });
      continue;
    }
    for (const p of byCase.get(caseId) ?? []) {
      const i = instalmentOf(view, p.instalment);
      if (i?.status === 'paid' && i.amountFen === p.amountFen) continue;
      if (i?.status === 'paying' && now.getTime() - p.paidAt.getTime() < SETTLING_MS) {
        inFlight++;
        continue;
      }
      if (i?.status === 'paid') {
        differences.push({ kind: 'amount_differs', caseId, instalment: p.instalment, ledgerFen: p.amountFen, workflowFen: i.amountFen, message: `案件 ${caseId} 第 ${p.instalment} 期：台账 ${formatFen(p.amountFen)}，流程 ${formatFen(i.amountFen)}` });
      } else {
        differences.push({ kind: 'paid_but_open', caseId, instalment: p.instalment, amountFen: p.amountFen, workflowStatus: i?.status ?? null, message: `案件 ${caseId} 第 ${p.instalment} 期在台账中已支付 ${formatFen(p.amountFen)}，流程仍为 ${i?.status ?? '无此期'}` });
      }
    }
  }
  return result('workflows', { paidCases: byCase.size, paidInstalments: paid.length, askedTemporal: asked.length, inFlight }, differences);
}
