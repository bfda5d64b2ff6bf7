import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { planStep, pricedMonths, type BenefitFacts, type BenefitPlan, type BenefitRecord, type PaymentFact } from '../domain/benefit-plans.js';
import {
  BASIC_LIVING_TYPES,
  amountsOf,
  basisAt,
  firstMonthOf,
  isBasicLiving,
  openingBasis,
  reviewMonthsFor,
  shownMonthOf,
  totalOf,
  type BenefitBasis,
  type BenefitOpening,
  type BenefitState,
  type BenefitStatus,
  type BenefitStep,
  type BenefitType,
  type DatedBasis,
  type PayeeAmount,
  type Standards,
} from '../domain/benefits.js';
import { shanghaiDate, type IsoDate } from '../domain/dates.js';
import { formatFen } from '../domain/money.js';
import { addMonthsToDate, monthOf, type Month } from '../domain/months.js';
import { countyOf } from '../domain/org.js';
import type { Actor } from '../domain/roles.js';
import type { DbOrTx } from './client.js';
import { insertNotifications } from './notifications.js';
import { inRegion } from './regions.js';
import { benefitsPolicy, standardsFor } from './policies.js';
import { householdCases, benefitBases, benefitClaims, benefitEvents, benefitPayees, benefitPayments, benefits } from './schema.js';
import { inOrg } from './org-scope.js';

type BenefitRow = typeof benefits.$inferSelect;

/** Benefit writes and payroll preparation of one county exclude each other (shared / exclusive). */
export function countyLock(tx: DbOrTx, countyCode: string, mode: 'shared' | 'exclusive') {
  const key = `payroll:${countyCode}`;
  return tx.execute(mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(hashtext(${key}))` : sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Benefits still paying in `month` or later (a stop's last month not before it). */
const inForceFrom = (month: Month) => or(sql`${benefits.lastMonth} is null`, gte(benefits.lastMonth, month));

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

/** Every basis of a benefit, one per change. */
async function basesOf(tx: DbOrTx, benefitId: string): Promise<DatedBasis[]> {
  const rows = await tx.select({ fromMonth: benefitBases.fromMonth, basis: benefitBases.basis }).from(benefitBases).where(eq(benefitBases.benefitId, benefitId)).orderBy(benefitBases.fromMonth);
  return rows.map((r) => ({ fromMonth: r.fromMonth, basis: r.basis as BenefitBasis }));
}

const basisIn = async (tx: DbOrTx, benefitId: string, month: Month): Promise<BenefitBasis> => basisAt(await basesOf(tx, benefitId), month);

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
  const [basis, s] = await Promise.all([basisIn(tx, b.benefitId, month), standards]);
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
async function cancelUnsent(tx: DbOrTx, benefitId: string, fromMonth: Month, at: Date): Promise<void> {
  await tx
    .update(benefitPayments)
    .set({ status: 'cancelled', updatedAt: at })
    .where(and(eq(benefitPayments.benefitId, benefitId), gte(benefitPayments.month, fromMonth), inArray(benefitPayments.status, ['prepared', 'held'])));
}

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
    const [earlier] = isBasicLiving(o.type)
      ? await tx
          .select({ last: sql<string | null>`max(${benefits.lastMonth})` })
          .from(benefits)
          .where(and(eq(benefits.applicantIdHash, o.applicantIdHash), inArray(benefits.type, [...BASIC_LIVING_TYPES])))
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
        // A child's benefit pays through the month it ends after, and stops by itself then.
        ...(o.endsAfterMonth ? { lastMonth: o.endsAfterMonth, endsAfterMonth: o.endsAfterMonth } : {}),
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
    const ends = o.endsAfterMonth ? `，发至 ${o.endsAfterMonth}` : '';
    await appendEvent(tx, o.benefitId, 'v1', o.approvedBy, at, 'open', `待遇开始：${firstMonth} 起每月 ${formatFen(totalOf(amounts))}${ends}，${reviewDueDate} 前复核`, {
      firstMonth,
      ...(o.endsAfterMonth ? { endsAfterMonth: o.endsAfterMonth } : {}),
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

const recordOf = (r: BenefitRow): BenefitRecord => ({
  benefitId: r.benefitId,
  type: r.type as BenefitType,
  orgCode: r.orgCode,
  applicantName: r.applicantName,
  status: r.status as BenefitStatus,
  firstMonth: r.firstMonth,
  lastMonth: r.lastMonth,
  reviewDueDate: r.reviewDueDate,
  reviewDeadline: r.reviewDeadline,
});

/**
 * What a step's plan reads. The payments are locked: a payroll being sent meanwhile (it does not
 * take the county lock) either waits for this step or is seen as sent.
 */
async function factsOf(tx: DbOrTx, b: BenefitRow, step: BenefitStep, today: IsoDate): Promise<BenefitFacts> {
  const benefit = recordOf(b);
  const [bases, payments, policy] = await Promise.all([
    basesOf(tx, b.benefitId),
    tx
      .select({ month: benefitPayments.month, payee: benefitPayments.payee, amountFen: benefitPayments.amountFen, status: benefitPayments.status })
      .from(benefitPayments)
      .where(and(eq(benefitPayments.benefitId, b.benefitId), inArray(benefitPayments.status, ['prepared', 'held', 'sent'])))
      .orderBy(benefitPayments.month, benefitPayments.payee)
      .for('update'),
    benefitsPolicy(tx, b.countyCode, today),
  ]);
  // A household change governs from a month that depends on what was sent: its standards after the payments.
  const standards = await Promise.all(pricedMonths(step, benefit, today, payments as PaymentFact[]).map(async (m) => [m, await standardsFor(tx, b.countyCode, m)] as const));
  return { benefit, today, bases, payments: payments as PaymentFact[], policy, standards: new Map(standards) };
}

/** A plan's writes besides the row and its history entry, in the order the plan reads them. */
async function applyPlan(tx: DbOrTx, b: BenefitRow, plan: BenefitPlan, at: Date): Promise<void> {
  if (plan.newPayee) {
    const { payee, name, replaces, fromMonth } = plan.newPayee;
    await tx.insert(benefitPayees).values({ benefitId: b.benefitId, payee, name }).onConflictDoUpdate({ target: [benefitPayees.benefitId, benefitPayees.payee], set: { name } });
    // Months not yet sent go to the new payee, held until their account is on file.
    await tx
      .update(benefitPayments)
      .set({ payee, status: 'held', updatedAt: at })
      .where(and(eq(benefitPayments.benefitId, b.benefitId), eq(benefitPayments.payee, replaces), gte(benefitPayments.month, fromMonth), inArray(benefitPayments.status, ['prepared', 'held'])));
  }
  if (plan.basis) await setBasis(tx, b.benefitId, plan.basis.fromMonth, plan.basis.basis);
  if (plan.repriceFrom) await repriceUnsent(tx, b.countyCode, plan.repriceFrom, [b.benefitId]);
  if (plan.holdFrom) {
    await tx
      .update(benefitPayments)
      .set({ status: 'held', updatedAt: at })
      .where(and(eq(benefitPayments.benefitId, b.benefitId), gte(benefitPayments.month, plan.holdFrom), eq(benefitPayments.status, 'prepared')));
  }
  if (plan.cancelFrom) await cancelUnsent(tx, b.benefitId, plan.cancelFrom, at);
  if (plan.releaseClaim) await tx.delete(benefitClaims).where(and(eq(benefitClaims.applicantIdHash, b.applicantIdHash), eq(benefitClaims.caseId, b.caseId)));
  const notice = plan.notify;
  if (notice) {
    await insertNotifications(
      tx,
      notice.recipients.map((r) => ({ eventKey: notice.eventKey, caseId: b.caseId, kind: notice.kind, recipientRole: r.role, recipientOrg: r.org, message: notice.message, createdAt: at.toISOString() })),
    );
  }
}

/**
 * One step of a benefit, in one transaction beside the county's payroll preparation: the facts read
 * under the lock, the domain's plan (src/domain/benefit-plans.ts) applied — the new state, the basis,
 * held, repriced and cancelled payments, the released 低保/特困 claim, notices — and the history entry.
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
    const plan = planStep(input.step, await factsOf(tx, current!, input.step, shanghaiDate(at)), input.reviewDeadline);
    await applyPlan(tx, current!, plan, at);
    const version = current!.version + 1;
    const [row] = await tx
      .update(benefits)
      .set({ ...plan.set, version, updatedAt: at })
      .where(eq(benefits.benefitId, input.benefitId))
      .returning();
    await appendEvent(tx, input.benefitId, `v${version}`, input.actor, at, input.step.action, plan.summary, plan.details);
    return stateOf(row!);
  });
}

// ---- Reads ----------------------------------------------------------------------------------------

export async function findBenefit(db: DbOrTx, benefitId: string): Promise<BenefitRow | undefined> {
  const [row] = await db.select().from(benefits).where(eq(benefits.benefitId, benefitId));
  return row;
}

/** A benefit as GET /v1/benefits/:id shows it: amounts this month, payees (accounts masked), payments, history. */
export async function benefitDetail(db: DbOrTx, row: BenefitRow, today: IsoDate) {
  const shownMonth = shownMonthOf(row.firstMonth, today);
  const [amounts, payees, payments, history, basis] = await Promise.all([
    shownAmounts(db, row, shownMonth),
    db.select().from(benefitPayees).where(eq(benefitPayees.benefitId, row.benefitId)),
    db.select().from(benefitPayments).where(eq(benefitPayments.benefitId, row.benefitId)).orderBy(benefitPayments.month, benefitPayments.payee),
    db.select().from(benefitEvents).where(eq(benefitEvents.benefitId, row.benefitId)).orderBy(benefitEvents.id),
    basisIn(db, row.benefitId, shownMonth),
  ]);
  return { row, amounts, payees, payments, history, basis, shownMonth };
}

/** The columns a benefit list orders by (`sortBy`); by benefit id otherwise. */
const BENEFIT_SORT_COLUMNS = ['applicantName', 'type', 'orgCode', 'status', 'firstMonth', 'reviewDueDate'] as const;
/** …and the day the next contact falls due (the filter's `nextContactOn`, db/contacts.ts). */
export const BENEFIT_SORTS = [...BENEFIT_SORT_COLUMNS, 'nextContactOn'] as const;
type BenefitSort = (typeof BENEFIT_SORTS)[number];

export interface BenefitFilter {
  /** A street (9 digits) or a county (6). */
  orgCode: string;
  status?: BenefitStatus;
  reviewDueBefore?: IsoDate;
  after?: string;
  sortBy?: BenefitSort;
  sortOrder?: 'asc' | 'desc';
  offset?: number;
  limit: number;
  /** An approver sees only its department's types. */
  types?: readonly BenefitType[];
  /** Those whose next contact is past, or due by a day (db/contacts.ts). */
  contactDue?: SQL;
  /** The day each benefit's next contact falls due (db/contacts.ts): what `sortBy: nextContactOn` orders by. */
  nextContactOn?: SQL;
}

function benefitWhere(f: BenefitFilter, withPosition: boolean): SQL | undefined {
  const scope = inOrg(benefits, f.orgCode);
  return and(
    scope,
    f.status ? eq(benefits.status, f.status) : undefined,
    f.reviewDueBefore ? and(lte(benefits.reviewDueDate, f.reviewDueBefore), ne(benefits.status, 'stopped')) : undefined,
    withPosition && f.after ? gt(benefits.benefitId, f.after) : undefined,
    f.types ? inArray(benefits.type, [...f.types]) : undefined,
    f.contactDue,
  );
}

const sortKey = (f: BenefitFilter, by: BenefitSort) => (by === 'nextContactOn' ? (f.nextContactOn ?? sql`null`) : benefits[by]);

export async function listBenefits(db: DbOrTx, f: BenefitFilter): Promise<BenefitRow[]> {
  const dir = f.sortOrder === 'desc' ? desc : asc;
  return db
    .select()
    .from(benefits)
    .where(benefitWhere(f, true))
    .orderBy(...(f.sortBy ? [dir(sortKey(f, f.sortBy)), dir(benefits.benefitId)] : [asc(benefits.benefitId)]))
    .offset(f.offset ?? 0)
    .limit(f.limit);
}

/** How many benefits match the filter (its cursor aside): the list's `total`. */
export async function countBenefits(db: DbOrTx, f: BenefitFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(benefits).where(benefitWhere(f, false));
  return row?.n ?? 0;
}

export async function currentAmounts(db: DbOrTx, rows: BenefitRow[], today: IsoDate): Promise<Map<string, PayeeAmount[] | null>> {
  const out = new Map<string, PayeeAmount[] | null>();
  const standards = new Map<string, Map<Month, Promise<Standards>>>();
  for (const r of rows) {
    const county = standards.get(r.countyCode) ?? new Map<Month, Promise<Standards>>();
    standards.set(r.countyCode, county);
    out.set(r.benefitId, await shownAmounts(db, r, shownMonthOf(r.firstMonth, today), county));
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
 * 容错纠错 of the applicant's name: the benefit and its applicant payee carry the corrected name from
 * now (the payroll's next file names them so); the history keeps both names. Once per correction.
 */
export async function renameApplicant(tx: DbOrTx, c: { benefitId: string; correctionId: string; before: string; name: string; actor: Actor; at: Date }): Promise<void> {
  await tx.update(benefits).set({ applicantName: c.name, updatedAt: c.at }).where(eq(benefits.benefitId, c.benefitId));
  await tx.update(benefitPayees).set({ name: c.name }).where(and(eq(benefitPayees.benefitId, c.benefitId), eq(benefitPayees.payee, 'applicant')));
  await appendEvent(tx, c.benefitId, `correction:${c.correctionId}`, c.actor, c.at, 'correct-name', `姓名更正：${c.before} → ${c.name}`, { correctionId: c.correctionId, before: c.before, after: c.name });
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
      const basis = await basisIn(tx, benefitId, month);
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

/** The 低保 benefits of a household's cases still paying: those a change of the register reaches. */
export async function openBenefitsOfHousehold(db: DbOrTx, householdId: string): Promise<string[]> {
  const rows = await db
    .select({ benefitId: benefits.benefitId })
    .from(benefits)
    .innerJoin(householdCases, eq(householdCases.caseId, benefits.caseId))
    .where(and(eq(householdCases.householdId, householdId), eq(benefits.type, 'dibao'), ne(benefits.status, 'stopped')));
  return rows.map((r) => r.benefitId);
}

/**
 * Open reviews whose working-day deadline was counted across `year` in `region`: due by the year's end,
 * the deadline not before its start, not yet overdue. A newly loaded year may move them.
 */
export async function openReviewsCountingOn(db: DbOrTx, region: string, year: number): Promise<string[]> {
  const rows = await db
    .select({ benefitId: benefits.benefitId })
    .from(benefits)
    .where(
      and(
        ne(benefits.status, 'stopped'),
        eq(benefits.reviewOverdue, false),
        isNotNull(benefits.reviewDeadline),
        lte(benefits.reviewDueDate, `${year}-12-31`),
        gte(benefits.reviewDeadline, `${year}-01-01`),
        inRegion(benefits.orgCode, region),
      ),
    );
  return rows.map((r) => r.benefitId);
}

/** A benefit's state as its workflow holds it. */
export async function benefitState(db: DbOrTx, benefitId: string): Promise<BenefitState> {
  const row = await findBenefit(db, benefitId);
  if (!row) throw new Error(`benefit ${benefitId} not found`);
  return stateOf(row);
}
