import { and, asc, eq } from 'drizzle-orm';
import { countyOf } from '../domain/org.js';
import type { DbOrTx } from './client.js';
import { ReserveConflictError, checkAmount, checkInstalment, checkOrg } from './money-checks.js';
import { payments, reserveEntries } from './schema.js';

export const DEFAULT_PAYEE = 'applicant';

/** A payment with the ledger entry it came from (none for a county disbursement). */
export async function findPayment(db: DbOrTx, caseId: string, instalment: number, payee: string) {
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

export type FoundPayment = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

/** A payment found under the key is a retry only if it came from the same source with the same amount. */
export function sameAsFound(found: FoundPayment, p: { caseId: string; instalment: number; amountFen: number }, payee: string, source: 'reserve' | 'county'): FoundPayment {
  const key = `${p.caseId} instalment ${p.instalment} (${payee})`;
  if (found.source !== source) throw new ReserveConflictError(`${key} was already paid from source ${found.source}`);
  if (found.amountFen !== p.amountFen) throw new ReserveConflictError(`${key} was already paid ${found.amountFen} fen, not ${p.amountFen}`);
  return found;
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
  checkInstalment(p.instalment);
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
  if (!existing) throw new Error(`payment ${p.caseId} instalment ${p.instalment} (${payee}) conflicted but cannot be read`);
  const same = sameAsFound(existing, p, payee, 'county');
  return { paymentId: same.id, paidAt: same.paidAt, duplicate: true };
}

export type PaymentRow = typeof payments.$inferSelect;

export async function paymentsOf(db: DbOrTx, caseId: string): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(eq(payments.caseId, caseId))
    .orderBy(asc(payments.instalment), asc(payments.payee), asc(payments.id));
}
