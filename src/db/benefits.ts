import { and, asc, desc, eq, gt, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  STOP_REASON_NAMES,
  aboveStandard,
  amountsOf,
  changedBasis,
  firstMonthOf,
  frozenBasis,
  openingBasis,
  reviewMonthsFor,
  totalOf,
  type BenefitBasis,
  type BenefitOpening,
  type BenefitState,
  type BenefitStatus,
  type BenefitStep,
  type BenefitType,
  type ChangeFields,
  type PayeeAmount,
  type Standards,
  type StopReason,
} from '../domain/benefits.js';
import { shanghaiDate, type IsoDate } from '../domain/dates.js';
import { formatFen } from '../domain/money.js';
import { addMonths, addMonthsToDate, monthOf, shanghaiMonth, type Month } from '../domain/months.js';
import { countyOf } from '../domain/org.js';
import type { Actor } from '../domain/roles.js';
import type { DbOrTx } from './client.js';
import { insertNotifications } from './notifications.js';
import { benefitsPolicy, standardsFor } from './policies.js';
import { benefitBases, benefitClaims, benefitEvents, benefitPayees, benefitPayments, benefits } from './schema.js';

type BenefitRow = typeof benefits.$inferSelect;

/** Benefit writes and payroll preparation of one county exclude each other (shared / exclusive). */
export function countyLock(tx: DbOrTx, countyCode: string, mode: 'shared' | 'exclusive') {
  const key = `payroll:${countyCode}`;
  return tx.execute(mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(hashtext(${key}))` : sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Benefits still paying in `month` or later (a stop's last month not before it). */
const inForceFrom = (month: Month) => or(sql`${benefits.lastMonth} is null`, gte(benefits.lastMonth, month));

/** The month a benefit's amounts are shown for: this month, or its first if it has not begun. */
const shownMonthOf = (b: Pick<BenefitRow, 'firstMonth'>, today: IsoDate): Month => (monthOf(today) < b.firstMonth ? b.firstMonth : monthOf(today));

const stateOf = (r: BenefitRow): BenefitState => ({
  benefitId: r.benefitId,
  caseId: r.caseId,
  type: r.type as BenefitType,
  orgCode: r.orgCode,
  status: r.status as BenefitStatus,
  lastMonth: r.lastMonth,
  reviewDueDate: r.reviewDueDate,
  reviewDeadline: r.reviewDeadline,
  reviewOverdue: r.reviewOverdue,
  version: r.version,
});

/** The basis in force for a month: the latest change from that month or before. */
async function basisAt(tx: DbOrTx, benefitId: string, month: Month): Promise<BenefitBasis> {
  const [row] = await tx
    .select({ basis: benefitBases.basis })
    .from(benefitBases)
    .where(and(eq(benefitBases.benefitId, benefitId), lte(benefitBases.fromMonth, month)))
    .orderBy(desc(benefitBases.fromMonth))
    .limit(1);
  if (row) return row.basis as BenefitBasis;
  // Before its first month a benefit's first basis is the one it will pay.
  const [first] = await tx.select({ basis: benefitBases.basis }).from(benefitBases).where(eq(benefitBases.benefitId, benefitId)).orderBy(asc(benefitBases.fromMonth)).limit(1);
  return first!.basis as BenefitBasis;
}

async function setBasis(tx: DbOrTx, benefitId: string, fromMonth: Month, basis: BenefitBasis): Promise<void> {
  await tx.insert(benefitBases).values({ benefitId, fromMonth, basis }).onConflictDoUpdate({ target: [benefitBases.benefitId, benefitBases.fromMonth], set: { basis } });
  // A later change was made on the old facts; this one governs from its month on.
  await tx.delete(benefitBases).where(and(eq(benefitBases.benefitId, benefitId), gt(benefitBases.fromMonth, fromMonth)));
}

/** The amounts a benefit pays for a month, under that month's standards (looked up once per month with a cache). */
async function amountsFor(tx: DbOrTx, b: Pick<BenefitRow, 'benefitId' | 'countyCode'>, month: Month, cache?: Map<Month, Promise<Standards>>): Promise<PayeeAmount[]> {
  let standards = cache?.get(month);
  if (!standards) {
    standards = standardsFor(tx, b.countyCode, month);
    cache?.set(month, standards);
  }
  const [basis, s] = await Promise.all([basisAt(tx, b.benefitId, month), standards]);
  return amountsOf(basis, s);
}

/** What a benefit pays in its shown month; null once it pays nothing then (stopped, or past its last month). */
async function shownAmounts(tx: DbOrTx, b: BenefitRow, shown: Month, cache?: Map<Month, Promise<Standards>>): Promise<PayeeAmount[] | null> {
  if (b.status === 'stopped' || (b.lastMonth && b.lastMonth < shown)) return null;
  return amountsFor(tx, b, shown, cache);
}

/**
 * Payments prepared but not yet sent for these months follow a change or a new standard: a payroll
 * prepared early for next month pays next month's amount.
 */
async function repriceUnsent(tx: DbOrTx, countyCode: string, fromMonth: Month, benefitIds?: string[]): Promise<number> {
  const rows = await tx
    .select({ benefitId: benefitPayments.benefitId, month: benefitPayments.month, payee: benefitPayments.payee, amountFen: benefitPayments.amountFen })
    .from(benefitPayments)
    .where(and(eq(benefitPayments.countyCode, countyCode), gte(benefitPayments.month, fromMonth), inArray(benefitPayments.status, ['prepared', 'held']), benefitIds ? inArray(benefitPayments.benefitId, benefitIds) : undefined));
  let changed = 0;
  const standards = new Map<Month, Promise<Standards>>();
  for (const r of rows) {
    const amount = (await amountsFor(tx, { benefitId: r.benefitId, countyCode }, r.month, standards)).find((a) => a.payee === r.payee)?.monthlyAmountFen ?? 0;
    if (amount === r.amountFen) continue;
    await tx
      .update(benefitPayments)
      .set({ amountFen: amount, updatedAt: new Date() })
      .where(and(eq(benefitPayments.benefitId, r.benefitId), eq(benefitPayments.month, r.month), eq(benefitPayments.payee, r.payee)));
    changed++;
  }
  return changed;
}

/** Payments not yet sent for months from `fromMonth` are cancelled (a stop, a suspension): never sent later. */
async function cancelUnsent(tx: DbOrTx, benefitId: string, fromMonth: Month, at: Date): Promise<number> {
  const rows = await tx
    .update(benefitPayments)
    .set({ status: 'cancelled', updatedAt: at })
    .where(and(eq(benefitPayments.benefitId, benefitId), gte(benefitPayments.month, fromMonth), inArray(benefitPayments.status, ['prepared', 'held'])))
    .returning({ month: benefitPayments.month });
  return rows.length;
}

const BASIC_LIVING: readonly BenefitType[] = ['dibao', 'tekun'];

/**
 * A benefit starts from its case's approval (idempotent on its id): first month by policy and never
 * one another 低保/特困 of the person paid, the basis at approval, the payees, the first review.
 */
export async function openBenefit(db: DbOrTx, o: BenefitOpening): Promise<BenefitState> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(benefits).where(eq(benefits.benefitId, o.benefitId));
    if (existing) return stateOf(existing);
    const countyCode = countyOf(o.orgCode);
    const approvedOn = shanghaiDate(o.approvedAt);
    const policy = await benefitsPolicy(tx, countyCode, approvedOn);
    const [earlier] = BASIC_LIVING.includes(o.type)
      ? await tx
          .select({ last: sql<string | null>`max(${benefits.lastMonth})` })
          .from(benefits)
          .where(and(eq(benefits.applicantIdHash, o.applicantIdHash), inArray(benefits.type, [...BASIC_LIVING])))
      : [];
    const firstMonth = firstMonthOf(monthOf(approvedOn), policy, earlier?.last ?? null);
    const standards = await standardsFor(tx, countyCode, firstMonth);
    const basis = openingBasis(o, standards);
    const reviewDueDate = addMonthsToDate(approvedOn, reviewMonthsFor(o.type, basis, policy));
    const at = new Date(o.approvedAt);
    const [row] = await tx
      .insert(benefits)
      .values({
        benefitId: o.benefitId,
        caseId: o.caseId,
        type: o.type,
        orgCode: o.orgCode,
        countyCode,
        applicantIdHash: o.applicantIdHash,
        applicantName: o.applicantName,
        status: 'active',
        firstMonth,
        reviewDueDate,
        reviewOverdue: false,
        version: 1,
        openedAt: at,
        updatedAt: at,
      })
      .returning();
    await tx.insert(benefitBases).values({ benefitId: o.benefitId, fromMonth: firstMonth, basis });
    await tx.insert(benefitPayees).values(basis.payees.map((p) => ({ benefitId: o.benefitId, payee: p.payee, name: p.name })));
    const amounts = amountsOf(basis, standards);
    await appendEvent(tx, o.benefitId, 'v1', o.approvedBy, at, 'open', `待遇开始：${firstMonth} 起每月 ${formatFen(totalOf(amounts))}，${reviewDueDate} 前复核`, {
      firstMonth,
      payees: amounts,
      reviewDueDate,
      basis,
    });
    return stateOf(row!);
  });
}

async function appendEvent(tx: DbOrTx, benefitId: string, eventKey: string, actor: Pick<Actor, 'sub' | 'role'>, at: Date, action: string, summary: string, details: object): Promise<void> {
  await tx.insert(benefitEvents).values({ benefitId, eventKey, at, actorSub: actor.sub, actorRole: actor.role, action, summary, details }).onConflictDoNothing();
}

export interface StepInput {
  benefitId: string;
  /** The version the workflow holds: the step makes it version + 1, once. */
  version: number;
  actor: Actor;
  step: BenefitStep;
  at: string;
  /** open-review: the review's working-day deadline, computed on the calendar. */
  reviewDeadline?: IsoDate;
}

interface Outcome {
  set: Partial<BenefitRow>;
  summary: string;
  details: object;
}

/**
 * One step of a benefit, in one transaction beside the county's payroll preparation: the new state,
 * the basis from next month, cancelled payments, the released 低保/特困 claim, and the history entry.
 * A retry of a step already written returns the state it wrote.
 */
export async function applyBenefitStep(db: DbOrTx, input: StepInput): Promise<BenefitState> {
  return db.transaction(async (tx) => {
    // The county lock first, then the row (no key update: payments referencing it may still be written).
    const [where] = await tx.select({ countyCode: benefits.countyCode }).from(benefits).where(eq(benefits.benefitId, input.benefitId));
    if (!where) throw new Error(`benefit ${input.benefitId} not found`);
    await countyLock(tx, where.countyCode, 'shared');
    const [current] = await tx.select().from(benefits).where(eq(benefits.benefitId, input.benefitId)).for('no key update');
    if (current!.version !== input.version) {
      if (current!.version > input.version) return stateOf(current!);
      throw new Error(`benefit ${input.benefitId} is at version ${current!.version}, not ${input.version}`);
    }
    const at = new Date(input.at);
    const outcome = await stepOutcome(tx, current!, input, at);
    const version = current!.version + 1;
    const [row] = await tx
      .update(benefits)
      .set({ ...outcome.set, version, updatedAt: at })
      .where(eq(benefits.benefitId, input.benefitId))
      .returning();
    const { action } = input.step;
    await appendEvent(tx, input.benefitId, `v${version}`, input.actor, at, action, outcome.summary, outcome.details);
    return stateOf(row!);
  });
}

async function stepOutcome(tx: DbOrTx, b: BenefitRow, input: StepInput, at: Date): Promise<Outcome> {
  const { step } = input;
  const today = shanghaiDate(at);
  const month = monthOf(today);
  switch (step.action) {
    case 'record-change':
      return change(tx, b, step, at, step.reason);
    case 'suspend': {
      // Not yet sent: held, and paid once resumed; the months suspended are paid then too (补发).
      const held = await tx
        .update(benefitPayments)
        .set({ status: 'held', updatedAt: at })
        .where(and(eq(benefitPayments.benefitId, b.benefitId), gte(benefitPayments.month, month), eq(benefitPayments.status, 'prepared')))
        .returning({ month: benefitPayments.month });
      return { set: { status: 'suspended' }, summary: `暂停发放：${step.reason}`, details: { reason: step.reason, heldPayments: held.length } };
    }
    case 'resume': {
      // A benefit suspended during its 渐退期 resumes in it.
      const status: BenefitStatus = b.lastMonth ? 'phasing-out' : 'active';
      return { set: { status }, summary: `恢复发放，暂停期间待遇随下次发放补发${step.note ? `：${step.note}` : ''}`, details: step.note ? { note: step.note } : {} };
    }
    case 'stop':
      return stop(tx, b, step.reason, at, step.note);
    case 'end-phase-out':
      return stop(tx, b, 'phase-out-ended', at);
    case 'revoke':
      return stop(tx, b, 'revoked', at, step.reason);
    case 'record-review': {
      const next = await nextReview(tx, b, today);
      const reviewed = { reviewDueDate: next, reviewDeadline: null, reviewOverdue: false };
      if (step.outcome === 'stop') {
        const o = await stop(tx, b, step.reason, at, step.findings);
        return { ...o, set: { ...o.set, ...reviewed }, summary: `复核：${o.summary}` };
      }
      if (step.outcome === 'change') {
        const { outcome: _o, findings, action: _a, ...fields } = step;
        const o = await change(tx, b, fields, at, findings);
        return { ...o, set: { ...reviewed, ...o.set }, summary: `复核：${o.summary}`, details: { ...o.details, findings, nextReviewDueDate: next } };
      }
      return { set: reviewed, summary: `复核：继续享受，下次复核 ${next}`, details: { findings: step.findings, nextReviewDueDate: next } };
    }
    case 'open-review':
      return {
        set: { reviewDeadline: input.reviewDeadline ?? today },
        summary: `复核到期：${input.reviewDeadline} 前完成`,
        details: { reviewDueDate: b.reviewDueDate, reviewDeadline: input.reviewDeadline },
      };
    case 'review-overdue': {
      const message = `待遇 ${b.benefitId}（${b.applicantName}）复核逾期：应于 ${b.reviewDeadline} 前完成`;
      await insertNotifications(
        tx,
        (['supervisor', 'caseworker'] as const).map((role) => ({
          eventKey: `${b.benefitId}:review-overdue:${b.reviewDueDate}`,
          caseId: b.caseId,
          kind: 'benefit-review-overdue',
          recipientRole: role,
          recipientOrg: role === 'caseworker' ? b.orgCode : b.countyCode,
          message,
          createdAt: at.toISOString(),
        })),
      );
      return { set: { reviewOverdue: true }, summary: `复核逾期（期限 ${b.reviewDeadline}）`, details: { reviewDeadline: b.reviewDeadline } };
    }
  }
}

async function nextReview(tx: DbOrTx, b: BenefitRow, today: IsoDate): Promise<IsoDate> {
  const policy = await benefitsPolicy(tx, b.countyCode, today);
  const basis = await basisAt(tx, b.benefitId, addMonths(monthOf(today), 1));
  return addMonthsToDate(today, reviewMonthsFor(b.type as BenefitType, basis, policy));
}

/**
 * A change governs from next month. A 低保 household whose countable income reaches the standard
 * leaves: through the 渐退期 at the amount paid now if a member is in work, else it stops.
 */
async function change(tx: DbOrTx, b: BenefitRow, fields: ChangeFields, at: Date, reason: string): Promise<Outcome> {
  const month = shanghaiMonth(at);
  const from = addMonths(month, 1) > b.firstMonth ? addMonths(month, 1) : b.firstMonth;
  const before = await basisAt(tx, b.benefitId, from);
  const after = changedBasis(before, fields);
  const standards = await standardsFor(tx, b.countyCode, from);
  const was = totalOf(amountsOf(before, standards));
  if (b.type === 'dibao' && aboveStandard(after, standards)) {
    if (after.employedMembers === 0) {
      const o = await stop(tx, b, 'no-longer-eligible', at, reason);
      return { ...o, details: { ...o.details, change: fields } };
    }
    const policy = await benefitsPolicy(tx, b.countyCode, shanghaiDate(at));
    const lastMonth = addMonths(from, policy.phaseOutMonths - 1);
    // The amount paid this month, frozen: no later standard moves it.
    const paidNow = shownMonthOf(b, shanghaiDate(at));
    const frozen = frozenBasis(await basisAt(tx, b.benefitId, paidNow), await standardsFor(tx, b.countyCode, paidNow));
    const frozenFen = totalOf(amountsOf(frozen, standards));
    await setBasis(tx, b.benefitId, from, { ...frozen, householdSize: after.householdSize, perCapitaIncomeFen: after.perCapitaIncomeFen, employedMembers: after.employedMembers });
    await repriceUnsent(tx, b.countyCode, from, [b.benefitId]);
    await cancelUnsent(tx, b.benefitId, addMonths(lastMonth, 1), at);
    return {
      set: { status: 'phasing-out', lastMonth },
      summary: `收入超过低保标准，进入渐退期：每月 ${formatFen(frozenFen)} 发至 ${lastMonth}`,
      details: { change: fields, reason, phaseOutFrom: from, lastMonth, monthlyAmountFen: frozenFen },
    };
  }
  await setBasis(tx, b.benefitId, from, after);
  await repriceUnsent(tx, b.countyCode, from, [b.benefitId]);
  const now = totalOf(amountsOf(after, standards));
  return {
    set: {},
    summary: `情况变化：${from} 起每月 ${formatFen(was)} → ${formatFen(now)}（${reason}）`,
    details: { change: fields, reason, fromMonth: from, previousMonthlyAmountFen: was, monthlyAmountFen: now },
  };
}

/**
 * A stop pays through the month it is recorded in (or the 渐退期's end, if sooner) and nothing after:
 * later payments not yet sent are cancelled, any already sent are marked for recovery in the history,
 * and a 低保/特困 stop releases the person for the other.
 */
async function stop(tx: DbOrTx, b: BenefitRow, reason: StopReason, at: Date, note?: string): Promise<Outcome> {
  // An active benefit is owed through the month of its stop; a suspended one only what it was paid.
  const month = b.status === 'suspended' ? await lastSentMonth(tx, b) : shanghaiMonth(at);
  const byStop = month < b.firstMonth ? addMonths(b.firstMonth, -1) : month;
  const lastMonth = b.lastMonth && b.lastMonth < byStop ? b.lastMonth : byStop;
  const cancelled = await cancelUnsent(tx, b.benefitId, addMonths(lastMonth, 1), at);
  const overpaid = await tx
    .select({ month: benefitPayments.month, payee: benefitPayments.payee, amountFen: benefitPayments.amountFen })
    .from(benefitPayments)
    .where(and(eq(benefitPayments.benefitId, b.benefitId), gt(benefitPayments.month, lastMonth), eq(benefitPayments.status, 'sent')));
  if (BASIC_LIVING.includes(b.type as BenefitType)) await tx.delete(benefitClaims).where(and(eq(benefitClaims.applicantIdHash, b.applicantIdHash), eq(benefitClaims.caseId, b.caseId)));
  const recovery = overpaid.reduce((s, p) => s + p.amountFen, 0);
  return {
    set: { status: 'stopped', lastMonth, stopReason: reason, reviewDeadline: null, reviewOverdue: false },
    summary: `停止发放（${STOP_REASON_NAMES[reason]}）：发放至 ${lastMonth}${recovery > 0 ? `；已发 ${formatFen(recovery)} 须追回` : ''}`,
    details: { reason, lastMonth, cancelledPayments: cancelled, ...(note ? { note } : {}), ...(recovery > 0 ? { recoveryFen: recovery, overpaid } : {}) },
  };
}

async function lastSentMonth(tx: DbOrTx, b: BenefitRow): Promise<Month> {
  const [row] = await tx
    .select({ month: sql<string | null>`max(${benefitPayments.month})` })
    .from(benefitPayments)
    .where(and(eq(benefitPayments.benefitId, b.benefitId), eq(benefitPayments.status, 'sent')));
  return row?.month ?? addMonths(b.firstMonth, -1);
}

// ---- Reads ----------------------------------------------------------------------------------------

export async function findBenefit(db: DbOrTx, benefitId: string): Promise<BenefitRow | undefined> {
  const [row] = await db.select().from(benefits).where(eq(benefits.benefitId, benefitId));
  return row;
}

/** A benefit as GET /v1/benefits/:id shows it: amounts this month, payees (accounts masked), payments, history. */
export async function benefitDetail(db: DbOrTx, row: BenefitRow, today: IsoDate) {
  const shownMonth = shownMonthOf(row, today);
  const [amounts, payees, payments, history, basis] = await Promise.all([
    shownAmounts(db, row, shownMonth),
    db.select().from(benefitPayees).where(eq(benefitPayees.benefitId, row.benefitId)),
    db.select().from(benefitPayments).where(eq(benefitPayments.benefitId, row.benefitId)).orderBy(benefitPayments.month, benefitPayments.payee),
    db.select().from(benefitEvents).where(eq(benefitEvents.benefitId, row.benefitId)).orderBy(benefitEvents.id),
    basisAt(db, row.benefitId, shownMonth),
  ]);
  return { row, amounts, payees, payments, history, basis, shownMonth };
}

export interface BenefitFilter {
  /** A street (9 digits) or a county (6). */
  orgCode: string;
  status?: BenefitStatus;
  reviewDueBefore?: IsoDate;
  after?: string;
  limit: number;
  /** An approver sees only its department's types. */
  types?: readonly BenefitType[];
}

export async function listBenefits(db: DbOrTx, f: BenefitFilter): Promise<BenefitRow[]> {
  const scope: SQL = f.orgCode.length === 6 ? eq(benefits.countyCode, f.orgCode) : eq(benefits.orgCode, f.orgCode);
  return db
    .select()
    .from(benefits)
    .where(
      and(
        scope,
        f.status ? eq(benefits.status, f.status) : undefined,
        f.reviewDueBefore ? and(lte(benefits.reviewDueDate, f.reviewDueBefore), ne(benefits.status, 'stopped')) : undefined,
        f.after ? gt(benefits.benefitId, f.after) : undefined,
        f.types ? inArray(benefits.type, [...f.types]) : undefined,
      ),
    )
    .orderBy(benefits.benefitId)
    .limit(f.limit);
}

/** The current amounts of a page of benefits (null: paying nothing now), standards looked up once per county and month. */
export async function currentAmounts(db: DbOrTx, rows: BenefitRow[], today: IsoDate): Promise<Map<string, PayeeAmount[] | null>> {
  const out = new Map<string, PayeeAmount[] | null>();
  const standards = new Map<string, Map<Month, Promise<Standards>>>();
  for (const r of rows) {
    const county = standards.get(r.countyCode) ?? new Map<Month, Promise<Standards>>();
    standards.set(r.countyCode, county);
    out.set(r.benefitId, await shownAmounts(db, r, shownMonthOf(r, today), county));
  }
  return out;
}

/** The payee's bank account, stored encrypted; the caller encrypts and masks. */
export async function setPayeeAccount(db: DbOrTx, a: { benefitId: string; payee: string; bankName: string; accountEncrypted: string; accountMasked: string; actor: Actor; at: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(benefitPayees)
      .set({ bankName: a.bankName, accountEncrypted: a.accountEncrypted, accountMasked: a.accountMasked })
      .where(and(eq(benefitPayees.benefitId, a.benefitId), eq(benefitPayees.payee, a.payee)))
      .returning({ payee: benefitPayees.payee });
    if (updated.length === 0) return false;
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(benefitEvents).where(eq(benefitEvents.benefitId, a.benefitId));
    await appendEvent(tx, a.benefitId, `account:${n + 1}`, a.actor, a.at, 'set-account', `收款账户（${a.payee}）：${a.bankName} ${a.accountMasked}`, {
      payee: a.payee,
      bankName: a.bankName,
      accountMasked: a.accountMasked,
    });
    return true;
  });
}

/**
 * A new standard from `month`: each benefit in force then whose amount it moves gets a
 * `benefit-adjusted` entry; prepared payments not yet sent follow. Amounts themselves are computed
 * from basis and standards, so nothing else needs rewriting.
 */
export async function noteAdjustments(
  tx: DbOrTx,
  changeKey: string,
  counties: ReadonlyArray<{ countyCode: string; before: Standards; after: Standards }>,
  month: Month,
  actor: Actor,
  at: Date,
): Promise<number> {
  let adjusted = 0;
  for (const { countyCode, before, after } of counties) {
    const inForce = await tx
      .select({ benefitId: benefits.benefitId })
      .from(benefits)
      .where(and(eq(benefits.countyCode, countyCode), inForceFrom(month)));
    const ids: string[] = [];
    for (const { benefitId } of inForce) {
      const basis = await basisAt(tx, benefitId, month);
      const was = totalOf(amountsOf(basis, before));
      const now = totalOf(amountsOf(basis, after));
      if (was === now) continue;
      ids.push(benefitId);
      await appendEvent(tx, benefitId, changeKey, actor, at, 'benefit-adjusted', `标准调整：${month} 起每月 ${formatFen(was)} → ${formatFen(now)}`, {
        fromMonth: month,
        previousMonthlyAmountFen: was,
        monthlyAmountFen: now,
      });
    }
    if (ids.length > 0) await repriceUnsent(tx, countyCode, month, ids);
    adjusted += ids.length;
  }
  return adjusted;
}

/** Counties with benefits in force from a month: those a national standard may move. */
export async function countiesWithBenefits(tx: DbOrTx, month: Month): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ countyCode: benefits.countyCode })
    .from(benefits)
    .where(inForceFrom(month));
  return rows.map((r) => r.countyCode);
}
