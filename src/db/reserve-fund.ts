import { asc, count, desc, eq, sql } from 'drizzle-orm';
import { countyOf } from '../domain/org.js';
import type { DbOrTx } from './client.js';
import { ReserveConflictError, checkAmount, checkInstalment, checkOrg, isUniqueViolation } from './money-checks.js';
import { recordCaseStep, type CaseStep } from './cases.js';
import { recordFiling, type FilingInput } from './filings.js';
import { DEFAULT_PAYEE, findPayment, sameAsFound, type FoundPayment } from './payments.js';
import { reserveEntries, reserveFunds } from './schema.js';

const SYSTEM_ACTOR = 'jiuzhu';
// Keys the functions here derive themselves; a caller-chosen key must not squat on them.
const RESERVED_KEY_PREFIXES = ['preset:', 'payout:'];

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

/** The street's fund, created at its preset if need be, locked for this transaction's movement. */
async function openFund(tx: DbOrTx, orgCode: string, presetFen: number, at: Date) {
  await ensureReserveFund(tx, orgCode, presetFen, at);
  const [fund] = await tx.select().from(reserveFunds).where(eq(reserveFunds.orgCode, orgCode)).for('update');
  if (!fund) throw new Error(`reserve fund ${orgCode} vanished`);
  return fund;
}

/** Moves a locked fund's balance by a signed amount; returns the balance after. */
async function moveBalance(tx: DbOrTx, orgCode: string, deltaFen: number, at: Date): Promise<number> {
  const [updated] = await tx
    .update(reserveFunds)
    .set({ balanceFen: sql`${reserveFunds.balanceFen} + ${deltaFen}`, updatedAt: at })
    .where(eq(reserveFunds.orgCode, orgCode))
    .returning({ balanceFen: reserveFunds.balanceFen });
  return updated!.balanceFen;
}

/**
 * Runs a keyed movement. A unique violation means a concurrent movement under the same key committed
 * first and ours rolled back: the answer is then that one, as a duplicate (or a conflict).
 */
async function onceByKey<T, F>(move: () => Promise<T>, find: () => Promise<F | undefined>, duplicate: (found: F) => T | Promise<T>): Promise<T> {
  try {
    return await move();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await find();
    if (!existing) throw err;
    return duplicate(existing);
  }
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

function reservePaymentDuplicate(found: FoundPayment, p: PayoutInput, payee: string): PayoutResult {
  const { id, entryId, balanceAfterFen, paidAt } = sameAsFound(found, p, payee, 'reserve');
  // A reserve payment has its ledger entry (a check constraint says so).
  if (entryId === null || balanceAfterFen === null) throw new Error(`reserve payment ${id} has no ledger entry`);
  return { status: 'paid', paymentId: id, entryId, balanceAfterFen, paidAt, duplicate: true };
}

/**
 * The debit as one statement: the balance decremented only if it suffices and the instalment is not paid
 * yet, the ledger entry and the payment written from what the update returned. The fund's row lock,
 * which queues every movement of the street's money, is then held for this statement and the commit
 * only — under a burst every approval of the street waits on it. Nothing comes back when the fund is
 * short, the instalment is paid, or the street has no fund yet (the caller tells which). A concurrent
 * payout of the same key that committed while we waited is caught by the unique keys, not here.
 */
async function debit(db: DbOrTx, p: PayoutInput, payee: string): Promise<PayoutResult | undefined> {
  const at = p.at.toISOString();
  const [row] = await db.execute<{ payment_id: string; entry_id: string; balance_after_fen: string }>(sql`
    with fund as (
      update reserve_funds set balance_fen = balance_fen - ${p.amountFen}, updated_at = ${at}::timestamptz
       where org_code = ${p.orgCode} and balance_fen >= ${p.amountFen}
         and not exists (select 1 from payments where case_id = ${p.caseId} and instalment = ${p.instalment} and payee = ${payee})
      returning org_code, county_code, balance_fen
    ), entry as (
      insert into reserve_entries (org_code, kind, amount_fen, balance_after_fen, entry_key, case_id, instalment, actor_sub, at)
      select org_code, 'payout', ${-p.amountFen}, balance_fen, ${`payout:${p.caseId}:${p.instalment}:${payee}`}, ${p.caseId}, ${p.instalment}, ${p.actorSub}, ${at}::timestamptz
        from fund
      returning id, balance_after_fen
    )
    insert into payments (case_id, instalment, amount_fen, source, org_code, county_code, payee, reserve_entry_id, paid_at)
    select ${p.caseId}, ${p.instalment}, ${p.amountFen}, 'reserve', fund.org_code, fund.county_code, ${payee}, entry.id, ${at}::timestamptz
      from fund, entry
    returning id as payment_id, reserve_entry_id as entry_id, (select balance_after_fen from entry) as balance_after_fen`);
  if (!row) return undefined;
  return { status: 'paid', paymentId: Number(row.payment_id), entryId: Number(row.entry_id), balanceAfterFen: Number(row.balance_after_fen), paidAt: p.at, duplicate: false };
}

/**
 * Pays one instalment from the street's reserve, in `db`'s transaction: the payment made, the one made
 * before under the key (a retry), or the fund too short. The fund is created at its preset the first time.
 * A unique violation (a same-key payout committed while we waited) is the caller's to handle.
 */
async function payOnce(db: DbOrTx, p: PayoutInput, payee: string): Promise<PayoutResult> {
  for (;;) {
    const paid = await debit(db, p, payee);
    if (paid) return paid;
    const existing = await findPayment(db, p.caseId, p.instalment, payee);
    if (existing) return reservePaymentDuplicate(existing, p, payee);
    const [fund] = await db.select({ balanceFen: reserveFunds.balanceFen }).from(reserveFunds).where(eq(reserveFunds.orgCode, p.orgCode));
    if (!fund) await ensureReserveFund(db, p.orgCode, p.presetFen, p.at);
    else if (fund.balanceFen < p.amountFen) return { status: 'insufficient', balanceFen: fund.balanceFen };
    // Otherwise the fund was created or topped up after our statement began: once more.
  }
}

const checkPayout = (p: PayoutInput) => {
  checkOrg(p.orgCode);
  checkAmount('amountFen', p.amountFen);
  checkAmount('presetFen', p.presetFen, true);
  checkInstalment(p.instalment);
};

/**
 * Pays one instalment from the street's reserve. Idempotent on (caseId, instalment, payee): a retried
 * activity or a replay after a crash gets the first payment back.
 */
export async function payFromReserve(db: DbOrTx, p: PayoutInput): Promise<PayoutResult> {
  checkPayout(p);
  const payee = p.payee ?? DEFAULT_PAYEE;
  return onceByKey(
    // A savepoint in a caller's transaction: a lost race on the key leaves that transaction usable.
    () => db.transaction((tx) => payOnce(tx, p, payee)),
    // A concurrent payout of the same key elsewhere (another fund, or the county) won; ours rolled back.
    () => findPayment(db, p.caseId, p.instalment, payee),
    (existing) => reservePaymentDuplicate(existing, p, payee),
  );
}

/** Ends a payout's transaction: nothing of the case is kept (a short fund), or it is written again (paid before). */
class Undone extends Error {
  constructor(readonly outcome: { status: 'insufficient'; balanceFen: number } | { status: 'paid-at'; paidAt: Date }) {
    super('payout transaction undone');
  }
}

/**
 * An emergency paid within its approval: the filing (备案), the case's step that shows the payment and
 * the payout, in one transaction, so the approval waits on one write. The case comes before the debit,
 * and the debit is one statement: the fund's row lock, which queues every payout of the street, is
 * held for that statement and the commit. `step` gives the case's step for a payment at that instant.
 * A short fund undoes the case's write (the filing stays); a payment found made at another instant
 * writes the case again with it, as does a same-key payout that committed while we waited (the unique
 * keys roll ours back). Idempotent like each part: a retry after the commit files nothing more, pays
 * nothing more, and finds the snapshot and its entries written.
 */
export async function payAndRecord(db: DbOrTx, p: { filing: FilingInput; payout: PayoutInput; step: (paidAt: Date) => CaseStep }): Promise<{ payout: PayoutResult; recorded: string[] }> {
  checkPayout(p.payout);
  const payee = p.payout.payee ?? DEFAULT_PAYEE;
  let paidAt = p.payout.at;
  for (let raced = 0; ; ) {
    try {
      return await db.transaction(async (tx) => {
        await recordFiling(tx, p.filing);
        const recorded = await recordCaseStep(tx, p.step(paidAt));
        const payout = await payOnce(tx, { ...p.payout, at: paidAt }, payee);
        if (payout.status === 'insufficient') throw new Undone(payout);
        if (payout.paidAt.getTime() !== paidAt.getTime()) throw new Undone({ status: 'paid-at', paidAt: payout.paidAt });
        return { payout, recorded };
      });
    } catch (err) {
      // Lost the key to a payout that committed while we waited: once more, to find it (never forever).
      if (isUniqueViolation(err) && raced++ < 3) continue;
      if (!(err instanceof Undone)) throw err;
      if (err.outcome.status === 'paid-at') {
        paidAt = err.outcome.paidAt;
        continue;
      }
      await recordFiling(db, p.filing);
      return { payout: err.outcome, recorded: [] };
    }
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
  return onceByKey(
    () =>
      db.transaction(async (tx): Promise<ReplenishResult> => {
        await openFund(tx, p.orgCode, p.presetFen, p.at);
        const existing = await findEntry(tx, p.entryKey);
        if (existing) return replenishDuplicate(tx, existing, p);
        const balanceFen = await moveBalance(tx, p.orgCode, p.amountFen, p.at);
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
      }),
    // The same key used concurrently for another fund: that one committed first.
    () => findEntry(db, p.entryKey),
    (existing) => replenishDuplicate(db, existing, p),
  );
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
  /** How many entries the ledger has. */
  entriesTotal: number;
}

export interface LedgerPage {
  limit?: number;
  offset?: number;
  /** By time (the ledger's own order) or by amount. */
  sortBy?: 'at' | 'amountFen';
  sortOrder?: 'asc' | 'desc';
}

/** A fund and its latest entries, newest first (or a page of them); undefined if the street has never used its fund. */
export async function reserveFundOf(db: DbOrTx, orgCode: string, page: LedgerPage | number = {}): Promise<ReserveFundView | undefined> {
  const { limit = 100, offset = 0, sortBy, sortOrder } = typeof page === 'number' ? { limit: page } : page;
  const dir = sortOrder === 'desc' ? desc : asc;
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
    .orderBy(...(sortBy === 'amountFen' ? [dir(reserveEntries.amountFen), desc(reserveEntries.id)] : [sortBy === 'at' ? dir(reserveEntries.id) : desc(reserveEntries.id)]))
    .offset(offset)
    .limit(limit);
  const [counted] = await db.select({ n: count() }).from(reserveEntries).where(eq(reserveEntries.orgCode, orgCode));
  return { orgCode: fund.orgCode, countyCode: fund.countyCode, balanceFen: fund.balanceFen, presetFen: fund.presetFen, entries, entriesTotal: counted?.n ?? 0 };
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

export interface CountyReserveRow {
  orgCode: string;
  balanceFen: number;
  presetFen: number;
  updatedAt: Date;
}

/** Every used reserve fund of a county's streets, by street code. */
export async function countyReserveFunds(db: DbOrTx, countyCode: string): Promise<CountyReserveRow[]> {
  return db
    .select({ orgCode: reserveFunds.orgCode, balanceFen: reserveFunds.balanceFen, presetFen: reserveFunds.presetFen, updatedAt: reserveFunds.updatedAt })
    .from(reserveFunds)
    .where(eq(reserveFunds.countyCode, countyCode))
    .orderBy(reserveFunds.orgCode);
}

/** Every street's balance, for the metrics. */
export async function reserveBalances(db: DbOrTx): Promise<Array<{ orgCode: string; balanceFen: number }>> {
  return db.select({ orgCode: reserveFunds.orgCode, balanceFen: reserveFunds.balanceFen }).from(reserveFunds);
}
