import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { filings, payments, reserveEntries, reserveFunds } from './schema.js';

const SYSTEM_ACTOR = 'jiuzhu';
const DEFAULT_PAYEE = 'applicant';
// Keys the functions here derive themselves; a caller-chosen key must not squat on them.
const RESERVED_KEY_PREFIXES = ['preset:', 'payout:'];

/**
 * The same payment key (or ledger key) was used for a different movement: a different amount, source
 * or fund. Not a retry, so neither paying nor pretending it was paid is right; a caller should not retry it.
 */
export class ReserveConflictError extends Error {
  override readonly name = 'ReserveConflictError';
}

const countyOf = (orgCode: string) => orgCode.slice(0, 6);

function checkOrg(orgCode: string): void {
  if (typeof orgCode !== 'string' || orgCode.length < 6) throw new RangeError(`invalid org code: ${String(orgCode)}`);
}

function checkAmount(name: string, fen: number, allowZero = false): void {
  if (!Number.isSafeInteger(fen) || fen < 0 || (fen === 0 && !allowZero)) {
    throw new RangeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} safe integer of fen, got ${fen}`);
  }
}

/** postgres.js errors may arrive wrapped (drizzle's DrizzleQueryError keeps the original as `cause`). */
function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Creates a street's fund at its policy preset the first time it is used. Only the transaction whose
 * insert wins writes the preset entry, so racing callers preset once. A fund that exists keeps its
 * balance and preset: the preset is money already handed over, not a setting.
 */
export async function ensureReserveFund(db: DbOrTx, orgCode: string, presetFen: number, at: Date): Promise<void> {
  checkOrg(orgCode);
  checkAmount('presetFen', presetFen, true);
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(reserveFunds)
      .values({ orgCode, countyCode: countyOf(orgCode), balanceFen: presetFen, presetFen, createdAt: at, updatedAt: at })
      .onConflictDoNothing({ target: reserveFunds.orgCode })
      .returning({ orgCode: reserveFunds.orgCode });
    if (created.length === 0) return;
    await tx.insert(reserveEntries).values({
      orgCode,
      kind: 'preset',
      amountFen: presetFen,
      balanceAfterFen: presetFen,
      entryKey: `preset:${orgCode}`,
      actorSub: SYSTEM_ACTOR,
      at,
    });
  });
}

async function lockFund(tx: DbOrTx, orgCode: string) {
  const [fund] = await tx.select().from(reserveFunds).where(eq(reserveFunds.orgCode, orgCode)).for('update');
  if (!fund) throw new Error(`reserve fund ${orgCode} vanished`);
  return fund;
}

export type PayoutResult =
  | { status: 'paid'; paymentId: number; entryId: number; balanceAfterFen: number; paidAt: Date; duplicate: boolean }
  | { status: 'insufficient'; balanceFen: number };

export interface PayoutInput {
  orgCode: string;
  presetFen: number;
  caseId: string;
  instalment: number;
  amountFen: number;
  actorSub: string;
  at: Date;
  payee?: string;
}

async function findPayment(db: DbOrTx, caseId: string, instalment: number, payee: string) {
  const [row] = await db
    .select({
      id: payments.id,
      amountFen: payments.amountFen,
      source: payments.source,
      orgCode: payments.orgCode,
      paidAt: payments.paidAt,
      entryId: reserveEntries.id,
      balanceAfterFen: reserveEntries.balanceAfterFen,
    })
    .from(payments)
    .leftJoin(reserveEntries, eq(reserveEntries.id, payments.reserveEntryId))
    .where(and(eq(payments.caseId, caseId), eq(payments.instalment, instalment), eq(payments.payee, payee)))
    .limit(1);
  return row;
}

type FoundPayment = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

function reservePaymentDuplicate(found: FoundPayment, p: PayoutInput, payee: string): PayoutResult {
  const key = `${p.caseId} instalment ${p.instalment} (${payee})`;
  if (found.source !== 'reserve' || found.entryId === null || found.balanceAfterFen === null) {
    throw new ReserveConflictError(`${key} was already paid from source ${found.source}`);
  }
  if (found.amountFen !== p.amountFen) {
    throw new ReserveConflictError(`${key} was already paid ${found.amountFen} fen, not ${p.amountFen}`);
  }
  return {
    status: 'paid',
    paymentId: found.id,
    entryId: found.entryId,
    balanceAfterFen: found.balanceAfterFen,
    paidAt: found.paidAt,
    duplicate: true,
  };
}

/**
 * Pays one instalment from the street's reserve. Idempotent on (caseId, instalment, payee): a retried
 * activity or a replay after a crash gets the first payment back. The fund row lock serialises every
 * movement of one fund, so the balance check and the decrement cannot interleave.
 */
export async function payFromReserve(db: DbOrTx, p: PayoutInput): Promise<PayoutResult> {
  checkOrg(p.orgCode);
  checkAmount('amountFen', p.amountFen);
  checkAmount('presetFen', p.presetFen, true);
  if (!Number.isSafeInteger(p.instalment)) throw new RangeError(`instalment must be an integer, got ${p.instalment}`);
  const payee = p.payee ?? DEFAULT_PAYEE;
  try {
    return await db.transaction(async (tx): Promise<PayoutResult> => {
      await ensureReserveFund(tx, p.orgCode, p.presetFen, p.at);
      const fund = await lockFund(tx, p.orgCode);
      // Read after taking the lock: a same-key payout that held it before us has committed by now.
      const existing = await findPayment(tx, p.caseId, p.instalment, payee);
      if (existing) return reservePaymentDuplicate(existing, p, payee);
      if (fund.balanceFen < p.amountFen) return { status: 'insufficient', balanceFen: fund.balanceFen };

      const [updated] = await tx
        .update(reserveFunds)
        .set({ balanceFen: sql`${reserveFunds.balanceFen} - ${p.amountFen}`, updatedAt: p.at })
        .where(eq(reserveFunds.orgCode, p.orgCode))
        .returning({ balanceFen: reserveFunds.balanceFen });
      const balanceAfterFen = updated!.balanceFen;
      const [entry] = await tx
        .insert(reserveEntries)
        .values({
          orgCode: p.orgCode,
          kind: 'payout',
          amountFen: -p.amountFen,
          balanceAfterFen,
          entryKey: `payout:${p.caseId}:${p.instalment}:${payee}`,
          caseId: p.caseId,
          instalment: p.instalment,
          actorSub: p.actorSub,
          at: p.at,
        })
        .returning({ id: reserveEntries.id });
      const [payment] = await tx
        .insert(payments)
        .values({
          caseId: p.caseId,
          instalment: p.instalment,
          amountFen: p.amountFen,
          source: 'reserve',
          orgCode: p.orgCode,
          countyCode: fund.countyCode,
          payee,
          reserveEntryId: entry!.id,
          paidAt: p.at,
        })
        .returning({ id: payments.id });
      return { status: 'paid', paymentId: payment!.id, entryId: entry!.id, balanceAfterFen, paidAt: p.at, duplicate: false };
    });
  } catch (err) {
    // A concurrent payout of the same key elsewhere (another fund, or the county) won; ours rolled back.
    if (!isUniqueViolation(err)) throw err;
    const existing = await findPayment(db, p.caseId, p.instalment, payee);
    if (!existing) throw err;
    return reservePaymentDuplicate(existing, p, payee);
  }
}

export interface ReplenishInput {
  orgCode: string;
  presetFen: number;
  amountFen: number;
  actorSub: string;
  /** Chosen by the caller (e.g. the county's transfer number); the same key moves money once. */
  entryKey: string;
  note?: string;
  at: Date;
}

export interface ReplenishResult {
  entryId: number;
  balanceFen: number;
  duplicate: boolean;
}

async function findEntry(db: DbOrTx, entryKey: string) {
  const [row] = await db.select().from(reserveEntries).where(eq(reserveEntries.entryKey, entryKey)).limit(1);
  return row;
}

async function replenishDuplicate(db: DbOrTx, entry: typeof reserveEntries.$inferSelect, p: ReplenishInput): Promise<ReplenishResult> {
  if (entry.kind !== 'replenishment' || entry.orgCode !== p.orgCode || entry.amountFen !== p.amountFen) {
    throw new ReserveConflictError(
      `entry key ${p.entryKey} already records ${entry.kind} of ${entry.amountFen} fen for ${entry.orgCode}`,
    );
  }
  const [fund] = await db.select({ balanceFen: reserveFunds.balanceFen }).from(reserveFunds).where(eq(reserveFunds.orgCode, p.orgCode));
  return { entryId: entry.id, balanceFen: fund!.balanceFen, duplicate: true };
}

/** Tops a fund up (拨付补充备用金). Idempotent on entryKey. */
export async function replenishReserve(db: DbOrTx, p: ReplenishInput): Promise<ReplenishResult> {
  checkOrg(p.orgCode);
  checkAmount('amountFen', p.amountFen);
  checkAmount('presetFen', p.presetFen, true);
  if (!p.entryKey || RESERVED_KEY_PREFIXES.some((prefix) => p.entryKey.startsWith(prefix))) {
    throw new RangeError(`entryKey must be non-empty and not start with ${RESERVED_KEY_PREFIXES.join(' or ')}`);
  }
  try {
    return await db.transaction(async (tx): Promise<ReplenishResult> => {
      await ensureReserveFund(tx, p.orgCode, p.presetFen, p.at);
      await lockFund(tx, p.orgCode);
      const existing = await findEntry(tx, p.entryKey);
      if (existing) return replenishDuplicate(tx, existing, p);
      const [updated] = await tx
        .update(reserveFunds)
        .set({ balanceFen: sql`${reserveFunds.balanceFen} + ${p.amountFen}`, updatedAt: p.at })
        .where(eq(reserveFunds.orgCode, p.orgCode))
        .returning({ balanceFen: reserveFunds.balanceFen });
      const balanceFen = updated!.balanceFen;
      const [entry] = await tx
        .insert(reserveEntries)
        .values({
          orgCode: p.orgCode,
          kind: 'replenishment',
          amountFen: p.amountFen,
          balanceAfterFen: balanceFen,
          entryKey: p.entryKey,
          actorSub: p.actorSub,
          note: p.note ?? null,
          at: p.at,
        })
        .returning({ id: reserveEntries.id });
      return { entryId: entry!.id, balanceFen, duplicate: false };
    });
  } catch (err) {
    // The same key used concurrently for another fund: that one committed first.
    if (!isUniqueViolation(err)) throw err;
    const existing = await findEntry(db, p.entryKey);
    if (!existing) throw err;
    return replenishDuplicate(db, existing, p);
  }
}

export interface CountyDisbursementInput {
  caseId: string;
  instalment: number;
  amountFen: number;
  orgCode: string;
  at: Date;
  payee?: string;
}

/** Records a payment the county disbursed itself: no reserve movement. Idempotent on (caseId, instalment, payee). */
export async function recordCountyDisbursement(
  db: DbOrTx,
  p: CountyDisbursementInput,
): Promise<{ paymentId: number; paidAt: Date; duplicate: boolean }> {
  checkOrg(p.orgCode);
  checkAmount('amountFen', p.amountFen);
  if (!Number.isSafeInteger(p.instalment)) throw new RangeError(`instalment must be an integer, got ${p.instalment}`);
  const payee = p.payee ?? DEFAULT_PAYEE;
  const [inserted] = await db
    .insert(payments)
    .values({
      caseId: p.caseId,
      instalment: p.instalment,
      amountFen: p.amountFen,
      source: 'county',
      orgCode: p.orgCode,
      countyCode: countyOf(p.orgCode),
      payee,
      paidAt: p.at,
    })
    .onConflictDoNothing({ target: [payments.caseId, payments.instalment, payments.payee] })
    .returning({ id: payments.id, paidAt: payments.paidAt });
  if (inserted) return { paymentId: inserted.id, paidAt: inserted.paidAt, duplicate: false };
  const existing = await findPayment(db, p.caseId, p.instalment, payee);
  const key = `${p.caseId} instalment ${p.instalment} (${payee})`;
  if (!existing) throw new Error(`payment ${key} conflicted but cannot be read`);
  if (existing.source !== 'county') throw new ReserveConflictError(`${key} was already paid from source ${existing.source}`);
  if (existing.amountFen !== p.amountFen) {
    throw new ReserveConflictError(`${key} was already paid ${existing.amountFen} fen, not ${p.amountFen}`);
  }
  return { paymentId: existing.id, paidAt: existing.paidAt, duplicate: true };
}

export interface ReserveEntryView {
  id: number;
  kind: string;
  amountFen: number;
  balanceAfterFen: number;
  caseId: string | null;
  instalment: number | null;
  actorSub: string;
  note: string | null;
  at: Date;
}

export interface ReserveFundView {
  orgCode: string;
  countyCode: string;
  balanceFen: number;
  presetFen: number;
  entries: ReserveEntryView[];
}

/** A fund and its latest entries, newest first; undefined if the street has never used its fund. */
export async function reserveFundOf(db: DbOrTx, orgCode: string, limit = 100): Promise<ReserveFundView | undefined> {
  const [fund] = await db.select().from(reserveFunds).where(eq(reserveFunds.orgCode, orgCode)).limit(1);
  if (!fund) return undefined;
  const entries = await db
    .select({
      id: reserveEntries.id,
      kind: reserveEntries.kind,
      amountFen: reserveEntries.amountFen,
      balanceAfterFen: reserveEntries.balanceAfterFen,
      caseId: reserveEntries.caseId,
      instalment: reserveEntries.instalment,
      actorSub: reserveEntries.actorSub,
      note: reserveEntries.note,
      at: reserveEntries.at,
    })
    .from(reserveEntries)
    .where(eq(reserveEntries.orgCode, orgCode))
    .orderBy(desc(reserveEntries.id))
    .limit(limit);
  return { orgCode: fund.orgCode, countyCode: fund.countyCode, balanceFen: fund.balanceFen, presetFen: fund.presetFen, entries };
}

export type PaymentRow = typeof payments.$inferSelect;

export async function paymentsOf(db: DbOrTx, caseId: string): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(eq(payments.caseId, caseId))
    .orderBy(asc(payments.instalment), asc(payments.payee), asc(payments.id));
}

export interface FilingInput {
  caseId: string;
  orgCode: string;
  kind: string;
  amountFen: number;
  approvedBy: string;
  approvedAt: Date;
}

/** Files a street approval with its county (备案). One filing per case; a retry is a no-op. */
export async function recordFiling(db: DbOrTx, f: FilingInput): Promise<void> {
  checkOrg(f.orgCode);
  await db
    .insert(filings)
    .values({ ...f, countyCode: countyOf(f.orgCode) })
    .onConflictDoNothing({ target: filings.caseId });
}

export type FilingRow = typeof filings.$inferSelect;

export async function listFilings(db: DbOrTx, countyCode: string, limit = 100): Promise<FilingRow[]> {
  return db
    .select()
    .from(filings)
    .where(eq(filings.countyCode, countyCode))
    .orderBy(desc(filings.approvedAt), desc(filings.caseId))
    .limit(limit);
}

/**
 * The fund's balance is the sum of its entries, no entry left it negative, and each entry's
 * balanceAfter follows from the one before it (entries are written under the fund lock, so id order
 * is ledger order). A street that never used its fund is balanced if it has no entries either.
 */
export async function ledgerIsBalanced(db: DbOrTx, orgCode: string): Promise<boolean> {
  const [fund] = await db
    .select({ balanceFen: reserveFunds.balanceFen })
    .from(reserveFunds)
    .where(eq(reserveFunds.orgCode, orgCode));
  const [stats] = await db
    .select({
      count: sql<number>`count(*)::int`.mapWith(Number),
      sum: sql<number>`coalesce(sum(${reserveEntries.amountFen}), 0)::bigint`.mapWith(Number),
      negative: sql<number>`count(*) filter (where ${reserveEntries.balanceAfterFen} < 0)::int`.mapWith(Number),
    })
    .from(reserveEntries)
    .where(eq(reserveEntries.orgCode, orgCode));
  if (!fund) return stats!.count === 0;
  if (stats!.sum !== fund.balanceFen || stats!.negative > 0) return false;
  const broken = await db.execute<{ id: string }>(sql`
    select id from (
      select id, balance_after_fen - amount_fen as before,
             coalesce(lag(balance_after_fen) over (order by id), 0) as prev_after
      from reserve_entries where org_code = ${orgCode}
    ) chain where before <> prev_after limit 1`);
  return broken.length === 0;
}
