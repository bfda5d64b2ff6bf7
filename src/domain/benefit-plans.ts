// What a benefit's step decides, as a plan: the new status and last month paid, the basis from a month,
// the payments to hold, cancel or recover, the next review, who is told, and the history entry. Pure:
// the repository gathers the facts, asks for the plan, and applies it in its one transaction.
import {
  type AmountCorrectionStep,
  type HouseholdChangeStep,
  amountsOf,
  basisAt,
  changedBasis,
  frozenBasis,
  incomeLeavesDibao,
  isBasicLiving,
  reviewMonthsFor,
  shownMonthOf,
  totalOf,
  type BenefitStatus,
  type BenefitStep,
  type BenefitType,
  type BenefitsPolicyValue,
  type ChangeFields,
  type PayeeKey,
  type DatedBasis,
  type Standards,
} from './benefits.js';
import { STOP_REASON_NAMES, type StopReason } from './stop-reasons.js';
import { isChildType } from './child.js';
import { correctionEffect } from './corrections.js';
import type { IsoDate } from './dates.js';
import { formatFen } from './money.js';
import { addMonths, addMonthsToDate, monthOf, type Month } from './months.js';
import { countyOf } from './org.js';
import { isPaid } from './recovery.js';
import type { Role } from './roles.js';

/** The benefit as its row holds it. */
export interface BenefitRecord {
  benefitId: string;
  type: BenefitType;
  orgCode: string;
  applicantName: string;
  status: BenefitStatus;
  firstMonth: Month;
  lastMonth: Month | null;
  reviewDueDate: IsoDate;
  reviewDeadline: IsoDate | null;
}

/** A payment of the benefit not cancelled: prepared or held (not yet sent), or sent. */
export interface PaymentFact {
  month: Month;
  payee: string;
  amountFen: number;
  status: 'prepared' | 'held' | 'sent';
}

/** What a plan is decided on, read by the repository under the county lock. */
export interface BenefitFacts {
  benefit: BenefitRecord;
  today: IsoDate;
  /** Every basis of the benefit. */
  bases: readonly DatedBasis[];
  /** Its payments prepared, held or sent. */
  payments: readonly PaymentFact[];
  /** The county's `benefits` policy in force today. */
  policy: BenefitsPolicyValue;
  /** The county's standards for the months `pricedMonths` names. */
  standards: ReadonlyMap<Month, Standards>;
}

/** The row's values a step sets; what is absent stays. */
export interface BenefitChanges {
  status?: BenefitStatus;
  lastMonth?: Month | null;
  stopReason?: StopReason;
  reviewDueDate?: IsoDate;
  reviewDeadline?: IsoDate | null;
  reviewOverdue?: boolean;
}

export interface Notice {
  eventKey: string;
  kind: string;
  message: string;
  recipients: ReadonlyArray<{ role: Role; org: string }>;
}

export interface BenefitPlan {
  set: BenefitChanges;
  /** The basis that governs from its month on: any later one, decided on older facts, gives way. */
  basis?: DatedBasis;
  /** Payments not yet sent from this month follow the basis (each at its month's standards). */
  repriceFrom?: Month;
  /** Payments not yet sent from this month are cancelled: never sent later. */
  cancelFrom?: Month;
  /** Prepared payments from this month are held, and paid with the months suspended once resumed (补发). */
  holdFrom?: Month;
  /** Sent for months after the last month paid: to be recovered (recorded in the history). */
  recovery?: ReadonlyArray<Pick<PaymentFact, 'month' | 'payee' | 'amountFen'>>;
  /** The person's 低保/特困 claim is released, so the other may start. */
  releaseClaim?: boolean;
  /** A new payee (a child's new guardian): unsent payments of `replaces` from `fromMonth` move to it, held until its account is on file. */
  newPayee?: { payee: PayeeKey; name: string; replaces: string; fromMonth: Month };
  notify?: Notice;
  summary: string;
  details: Record<string, unknown>;
}

/** A change and its reason, as the step carries it. */
export interface Change {
  fields: ChangeFields;
  reason: string;
}

/** A change governs from next month, or from the benefit's first month if that is later. */
function changeFromMonth(firstMonth: Month, today: IsoDate): Month {
  const next = addMonths(monthOf(today), 1);
  return next > firstMonth ? next : firstMonth;
}

/** The change a step carries: a recorded change, or a review's. */
function changeIn(step: BenefitStep): Change | undefined {
  // A recorded change keeps the whole request in the history, as it always has.
  if (step.action === 'record-change') return { fields: step, reason: step.reason };
  if (step.action === 'record-review' && step.outcome === 'change') {
    const { outcome: _o, findings, action: _a, ...fields } = step;
    return { fields, reason: findings };
  }
  return undefined;
}

/**
 * A household change governs from the month after its effective day — or from the first month not yet
 * sent, when that one was (no back-pay, no recovery) — and never before the benefit's first month.
 */
export function householdChangeFrom(effectiveOn: IsoDate, firstMonth: Month, payments: readonly Pick<PaymentFact, 'month' | 'status'>[]): Month {
  return [addMonths(monthOf(effectiveOn), 1), firstUnsentMonth(firstMonth, payments)].reduce((a, m) => (m > a ? m : a));
}

/** The month after the latest one sent, or the benefit's first month when none was. */
function firstUnsentMonth(firstMonth: Month, payments: readonly Pick<PaymentFact, 'month' | 'status'>[]): Month {
  const sent = payments.filter((p) => p.status === 'sent').map((p) => p.month);
  const afterSent = sent.length > 0 ? addMonths(sent.reduce((a, m) => (m > a ? m : a)), 1) : firstMonth;
  return afterSent > firstMonth ? afterSent : firstMonth;
}

/** The months whose standards a step's plan reads: a change's first month, and the month paid now (a 渐退期 freezes it). */
export function pricedMonths(step: BenefitStep, b: Pick<BenefitRecord, 'firstMonth'>, today: IsoDate, payments: readonly Pick<PaymentFact, 'month' | 'status'>[] = []): Month[] {
  if (step.action === 'correct-amount') return [firstUnsentMonth(b.firstMonth, payments)];
  if (step.action === 'household-change') return [...new Set([householdChangeFrom(step.effectiveOn, b.firstMonth, payments), shownMonthOf(b.firstMonth, today)])];
  if (!changeIn(step)) return [];
  return [...new Set([changeFromMonth(b.firstMonth, today), shownMonthOf(b.firstMonth, today)])];
}

function standardsIn(f: BenefitFacts, month: Month): Standards {
  const s = f.standards.get(month);
  if (!s) throw new Error(`the standards of ${month} were not read`);
  return s;
}

const unsent = (p: PaymentFact) => p.status === 'prepared' || p.status === 'held';

/** The next review: the type's cycle (sooner with members in work) from today, on the basis of next month. */
function nextReviewDate(f: BenefitFacts): IsoDate {
  const basis = basisAt(f.bases, addMonths(monthOf(f.today), 1));
  return addMonthsToDate(f.today, reviewMonthsFor(f.benefit.type, basis, f.policy));
}

/**
 * The plan of one step. `reviewDeadline`: open-review's (or recount-review's) working-day deadline,
 * counted on the calendar by the caller.
 */
export function planStep(step: BenefitStep, f: BenefitFacts, reviewDeadline?: IsoDate): BenefitPlan {
  const b = f.benefit;
  switch (step.action) {
    case 'record-change':
      return planChange(f, changeIn(step)!, changeFromMonth(b.firstMonth, f.today));
    case 'suspend': {
      const holdFrom = monthOf(f.today);
      const held = f.payments.filter((p) => p.status === 'prepared' && p.month >= holdFrom).length;
      return { set: { status: 'suspended' }, holdFrom, summary: `暂停发放：${step.reason}`, details: { reason: step.reason, heldPayments: held } };
    }
    case 'resume': {
      // A benefit suspended during its 渐退期 resumes in it (a child's benefit has a last month from the start).
      const status: BenefitStatus = b.lastMonth && !isChildType(b.type) ? 'phasing-out' : 'active';
      return { set: { status }, summary: `恢复发放，暂停期间待遇随下次发放补发${step.note ? `：${step.note}` : ''}`, details: step.note ? { note: step.note } : {} };
    }
    case 'stop':
      return planStop(f, step.reason, step.note);
    case 'end-phase-out':
      return planStop(f, 'phase-out-ended');
    case 'age-out':
      return planStop(f, 'aged-out');
    case 'change-guardian':
      return planGuardianChange(f, step);
    case 'revoke':
      return planStop(f, 'revoked', step.reason);
    case 'household-change':
      return planHouseholdChange(f, step);
    case 'correct-amount':
      return planAmountCorrection(f, step);
    case 'record-review':
      return planReview(step, f);
    case 'open-review': {
      const deadline = reviewDeadline ?? f.today;
      return { set: { reviewDeadline: deadline }, summary: `复核到期：${deadline} 前完成`, details: { reviewDueDate: b.reviewDueDate, reviewDeadline: deadline } };
    }
    case 'recount-review': {
      // A year's calendar loaded (or corrected) after the review opened: its deadline counted again.
      const deadline = reviewDeadline ?? b.reviewDeadline ?? f.today;
      return {
        set: { reviewDeadline: deadline },
        summary: `节假日安排已更新：复核期限 ${b.reviewDeadline} → ${deadline}`,
        details: { previousReviewDeadline: b.reviewDeadline, reviewDeadline: deadline },
      };
    }
    case 'review-overdue':
      return {
        set: { reviewOverdue: true },
        notify: {
          eventKey: `${b.benefitId}:review-overdue:${b.reviewDueDate}`,
          kind: 'benefit-review-overdue',
          message: `待遇 ${b.benefitId}（${b.applicantName}）复核逾期：应于 ${b.reviewDeadline} 前完成`,
          recipients: [
            { role: 'supervisor', org: countyOf(b.orgCode) },
            { role: 'caseworker', org: b.orgCode },
          ],
        },
        summary: `复核逾期（期限 ${b.reviewDeadline}）`,
        details: { reviewDeadline: b.reviewDeadline },
      };
  }
}

/**
 * The register's change reaches a 低保 benefit from `householdChangeFrom`: income above the standard
 * enters the 渐退期 (a member in work) or stops it (none) as any change does; a household already in its
 * 渐退期 whose income falls back below the standard leaves it — the gap to the standard is paid again
 * on the new facts, the phase-out's end cancelled. 特困 and 公租房 amounts do not follow household income.
 */
function planHouseholdChange(f: BenefitFacts, step: HouseholdChangeStep): BenefitPlan {
  const b = f.benefit;
  const from = householdChangeFrom(step.effectiveOn, b.firstMonth, f.payments);
  const fields = { householdSize: step.householdSize, perCapitaIncomeFen: step.perCapitaIncomeFen, employedMembers: step.employedMembers };
  const reason = `家庭情况变化（${step.effectiveOn} 起）：${step.reason}`;
  if (b.type !== 'dibao') return { set: {}, summary: `${reason}：不影响${TYPE_NAMES[b.type]}金额`, details: { changeId: step.changeId, effectiveOn: step.effectiveOn } };
  if (b.status === 'phasing-out') {
    const standards = standardsIn(f, from);
    // The basis before the 渐退期 froze it: its gap component, on the household's new facts.
    const phaseOutFrom = f.bases.filter((x) => x.basis.payees.every((p) => p.component.kind === 'fixed')).map((x) => x.fromMonth).sort()[0];
    const unfrozen = changedBasis(basisAt(f.bases, phaseOutFrom ? addMonths(phaseOutFrom, -1) : b.firstMonth), fields);
    if (incomeLeavesDibao(unfrozen, standards)) {
      const kept = changedBasis(basisAt(f.bases, from), fields);
      return { set: {}, basis: { fromMonth: from, basis: kept }, summary: `${reason}：仍在渐退期，发至 ${b.lastMonth}`, details: { changeId: step.changeId, effectiveOn: step.effectiveOn, fromMonth: from, change: fields } };
    }
    const now = totalOf(amountsOf(unfrozen, standards));
    return {
      set: { status: 'active', lastMonth: null },
      basis: { fromMonth: from, basis: unfrozen },
      repriceFrom: from,
      summary: `${reason}：收入回落至低保标准以下，退出渐退期，${from} 起每月 ${formatFen(now)}`,
      details: { changeId: step.changeId, effectiveOn: step.effectiveOn, fromMonth: from, change: fields, monthlyAmountFen: now },
    };
  }
  const o = planChange(f, { fields, reason }, from);
  return { ...o, details: { ...o.details, changeId: step.changeId, effectiveOn: step.effectiveOn } };
}

/**
 * 容错纠错 of the decided amount: from the first month not yet sent the decision's payee (the basis's
 * first line) is paid the corrected amount — its adjustment set as an approval sets it, so a later
 * standard moves it as it moves any approved amount — and the months already sent to that payee settle
 * by the corrections rule (补发 or recovery, recorded here). Sent payments stay as they were.
 */
function planAmountCorrection(f: BenefitFacts, step: AmountCorrectionStep): BenefitPlan {
  const from = firstUnsentMonth(f.benefit.firstMonth, f.payments);
  const before = basisAt(f.bases, from);
  const standards = standardsIn(f, from);
  const line = before.payees[0];
  if (!line) throw new Error(`benefit ${f.benefit.benefitId} has no payee`);
  const was = amountsOf(before, standards)[0]!.monthlyAmountFen;
  // Components are never negative: the line's amount without its adjustment is the component itself.
  const component = amountsOf({ ...before, payees: [{ ...line, adjustmentFen: 0 }] }, standards)[0]!.monthlyAmountFen;
  const after = { ...before, payees: before.payees.map((p, i) => (i === 0 ? { ...p, adjustmentFen: step.monthlyAmountFen - component } : p)) };
  const sent = f.payments.filter((p) => p.status === 'sent' && p.month < from && p.payee === basisAt(f.bases, p.month).payees[0]?.payee);
  const effect = correctionEffect(step.monthlyAmountFen, sent.map(({ month, payee, amountFen }) => ({ month, payee, amountFen })));
  const settles = effect.backPayFen ? `；已发月份应补发 ${formatFen(effect.backPayFen)}` : effect.recoveryFen ? `；已发月份须追回 ${formatFen(effect.recoveryFen)}` : '';
  return {
    set: {},
    basis: { fromMonth: from, basis: after },
    repriceFrom: from,
    summary: `金额更正：${from} 起每月 ${formatFen(was)} → ${formatFen(step.monthlyAmountFen)}（${step.reason}）${settles}`,
    details: { correctionId: step.correctionId, reason: step.reason, fromMonth: from, previousMonthlyAmountFen: was, monthlyAmountFen: step.monthlyAmountFen, effect },
  };
}

const TYPE_NAMES: Record<BenefitType, string> = { dibao: '低保', tekun: '特困供养', housing: '租赁补贴', orphan: '孤儿基本生活费', 'defacto-orphan': '事实无人抚养儿童基本生活补贴' };

/**
 * 变更监护人: the new guardian is paid from next month (or the first month, if later): the basis names
 * them as the payee from then, and the months not yet sent move to them — held until their account is on file.
 */
function planGuardianChange(f: BenefitFacts, step: Extract<BenefitStep, { action: 'change-guardian' }>): BenefitPlan {
  const from = changeFromMonth(f.benefit.firstMonth, f.today);
  const before = basisAt(f.bases, from);
  const current = before.payees.find((p) => p.component.kind === 'child');
  if (!current) throw new Error(`benefit ${f.benefit.benefitId} has no child's payee`);
  const guardians = new Set(f.bases.flatMap((x) => x.basis.payees.map((p) => p.payee)).filter((p) => p.startsWith('guardian')));
  const payee: PayeeKey = `guardian-${guardians.size + 1}`;
  const g = step.guardian;
  return {
    set: {},
    basis: { fromMonth: from, basis: { ...before, payees: before.payees.map((p) => (p === current ? { ...p, payee, name: g.name } : p)) } },
    newPayee: { payee, name: g.name, replaces: current.payee, fromMonth: from },
    summary: `变更监护人：${from} 起由 ${g.name}（${g.relation}）领取，原监护人 ${current.name}${step.reason ? `（${step.reason}）` : ''}`,
    details: { fromMonth: from, payee, previousPayee: current.payee, guardian: { name: g.name, relation: g.relation, idNumberMasked: g.idNumber, ...(g.phone ? { phone: g.phone } : {}) }, ...(step.reason ? { reason: step.reason } : {}) },
  };
}

/** A review continues, changes or stops the benefit, and sets the next review (on the facts before the change). */
function planReview(step: Extract<BenefitStep, { action: 'record-review' }>, f: BenefitFacts): BenefitPlan {
  const next = nextReviewDate(f);
  const reviewed = { reviewDueDate: next, reviewDeadline: null, reviewOverdue: false };
  if (step.outcome === 'stop') {
    const o = planStop(f, step.reason, step.findings);
    return { ...o, set: { ...o.set, ...reviewed }, summary: `复核：${o.summary}` };
  }
  if (step.outcome === 'change') {
    const o = planChange(f, changeIn(step)!, changeFromMonth(f.benefit.firstMonth, f.today));
    return { ...o, set: { ...reviewed, ...o.set }, summary: `复核：${o.summary}`, details: { ...o.details, findings: step.findings, nextReviewDueDate: next } };
  }
  return { set: reviewed, summary: `复核：继续享受，下次复核 ${next}`, details: { findings: step.findings, nextReviewDueDate: next } };
}

/**
 * A change governing from `from` (its standards among the facts). A 低保 household whose countable
 * income leaves 低保 goes: through the 渐退期 at the amount paid now if a member is in work, else it
 * stops. Anything else sets the changed basis from `from`.
 */
export function planChange(f: BenefitFacts, { fields, reason }: Change, from: Month): BenefitPlan {
  const b = f.benefit;
  const before = basisAt(f.bases, from);
  const after = changedBasis(before, fields);
  const standards = standardsIn(f, from);
  const was = totalOf(amountsOf(before, standards));
  if (b.type === 'dibao' && incomeLeavesDibao(after, standards)) {
    if (after.employedMembers === 0) {
      const o = planStop(f, 'no-longer-eligible', reason);
      return { ...o, details: { ...o.details, change: fields } };
    }
    const lastMonth = addMonths(from, f.policy.phaseOutMonths - 1);
    // The amount paid this month, frozen: no later standard moves it.
    const paidNow = shownMonthOf(b.firstMonth, f.today);
    const frozen = frozenBasis(basisAt(f.bases, paidNow), standardsIn(f, paidNow));
    const frozenFen = totalOf(amountsOf(frozen, standards));
    return {
      set: { status: 'phasing-out', lastMonth },
      basis: { fromMonth: from, basis: { ...frozen, householdSize: after.householdSize, perCapitaIncomeFen: after.perCapitaIncomeFen, employedMembers: after.employedMembers } },
      repriceFrom: from,
      cancelFrom: addMonths(lastMonth, 1),
      summary: `收入超过低保标准，进入渐退期：每月 ${formatFen(frozenFen)} 发至 ${lastMonth}`,
      details: { change: fields, reason, phaseOutFrom: from, lastMonth, monthlyAmountFen: frozenFen },
    };
  }
  const now = totalOf(amountsOf(after, standards));
  return {
    set: {},
    basis: { fromMonth: from, basis: after },
    repriceFrom: from,
    summary: `情况变化：${from} 起每月 ${formatFen(was)} → ${formatFen(now)}（${reason}）`,
    details: { change: fields, reason, fromMonth: from, previousMonthlyAmountFen: was, monthlyAmountFen: now },
  };
}

/** The last month a suspended (or revoked) benefit was paid: its latest sent month, or the month before its first. */
function lastSentMonth(f: BenefitFacts): Month {
  const sent = f.payments.filter(isPaid).map((p) => p.month);
  return sent.length > 0 ? sent.reduce((a, m) => (m > a ? m : a)) : addMonths(f.benefit.firstMonth, -1);
}

/**
 * A stop pays through the month it is recorded in (or the 渐退期's end, if sooner) and nothing after:
 * later payments not yet sent are cancelled, any already sent are to be recovered, and a 低保/特困
 * stop releases the person for the other. A suspended benefit is owed only what it was paid. A revoked
 * case's benefit is owed nothing more either, and what it was paid is the case's recovery (recorded
 * there, every month of it), so none is recorded again here.
 */
function planStop(f: BenefitFacts, reason: StopReason, note?: string): BenefitPlan {
  const b = f.benefit;
  const revoked = reason === 'revoked';
  const month = b.status === 'suspended' || revoked ? lastSentMonth(f) : monthOf(f.today);
  const byStop = month < b.firstMonth ? addMonths(b.firstMonth, -1) : month;
  const lastMonth = b.lastMonth && b.lastMonth < byStop ? b.lastMonth : byStop;
  const cancelFrom = addMonths(lastMonth, 1);
  const cancelled = f.payments.filter((p) => unsent(p) && p.month >= cancelFrom).length;
  const overpaid = revoked ? [] : f.payments.filter((p) => isPaid(p) && p.month > lastMonth).map(({ month: m, payee, amountFen }) => ({ month: m, payee, amountFen }));
  const recoveryFen = overpaid.reduce((s, p) => s + p.amountFen, 0);
  const recoveredWithCase = revoked && f.payments.some(isPaid);
  return {
    set: { status: 'stopped', lastMonth, stopReason: reason, reviewDeadline: null, reviewOverdue: false },
    cancelFrom,
    ...(overpaid.length > 0 ? { recovery: overpaid } : {}),
    releaseClaim: isBasicLiving(b.type),
    summary: `停止发放（${STOP_REASON_NAMES[reason]}）：发放至 ${lastMonth}${recoveryFen > 0 ? `；已发 ${formatFen(recoveryFen)} 须追回` : ''}${recoveredWithCase ? '；已发待遇计入案件追回' : ''}`,
    details: {
      reason,
      lastMonth,
      cancelledPayments: cancelled,
      ...(note ? { note } : {}),
      ...(recoveryFen > 0 ? { recoveryFen, overpaid } : {}),
      ...(recoveredWithCase ? { recoveredWithCase: true } : {}),
    },
  };
}
