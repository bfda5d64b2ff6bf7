import { and, eq, sql } from 'drizzle-orm';
import { addCalendarDays, shanghaiDate, type IsoDate } from '../domain/dates.js';
import type { Month } from '../domain/months.js';
import { recoveryOf, type CaseRecovery, type InstalmentLine } from '../domain/recovery.js';
import { narrowMask } from '../domain/resident-id.js';
import { countyOf } from '../domain/org.js';
import type { DbOrTx, Db } from './client.js';
import { benefitClaims, dishonestyEntries, recoveries } from './schema.js';

export interface Revocation {
  caseId: string;
  orgCode: string;
  applicantIdHash: string;
  applicantIdMasked: string;
  reason: string;
  by: string;
  at: string;
  /** Sent by workflows started before the recovery was what was paid: accepted and ignored. */
  monthlyAmountFen?: number;
  approvedOn?: IsoDate;
  dishonestyListDays: number;
}

export interface RevocationResult {
  recoveryFen: number;
  listedUntil: IsoDate;
  /** What the recovery comprises (absent on one recorded before it was kept). */
  recovery?: CaseRecovery;
}

/**
 * Every payment made for the case, in one read: its benefit's payments to each payee (any status) and its
 * 临时救助 instalments paid from the reserve or by the county. The person's benefits are found by the hash (indexed).
 */
async function paymentsFor(tx: DbOrTx, caseId: string, applicantIdHash: string): Promise<Parameters<typeof recoveryOf>> {
  const rows = await tx.execute<{ kind: 'benefit' | 'instalment'; month: string | null; instalment: number | null; payee: string; source: string | null; amount_fen: string; status: string | null }>(sql`
    select 'benefit' as kind, p.month, null::int as instalment, p.payee, null as source, p.amount_fen, p.status
      from benefits b join benefit_payments p on p.benefit_id = b.benefit_id
     where b.applicant_id_hash = ${applicantIdHash} and b.case_id = ${caseId}
    union all
    select 'instalment', null, instalment, payee, source, amount_fen, null
      from payments where case_id = ${caseId}
     order by 1, 2, 3, 4`);
  const benefit = rows.filter((r) => r.kind === 'benefit').map((r) => ({ month: r.month as Month, payee: r.payee, amountFen: Number(r.amount_fen), status: r.status! }));
  const instalments = rows
    .filter((r) => r.kind === 'instalment')
    .map((r): InstalmentLine => ({ instalment: r.instalment!, payee: r.payee, source: r.source as InstalmentLine['source'], amountFen: Number(r.amount_fen) }));
  return [benefit, instalments];
}

/**
 * A false commitment: what was actually paid for the case is recorded as due for recovery, with what it
 * comprises; the applicant goes on the dishonesty list, and the basic-living claim is released. One
 * transaction, idempotent per case: a retry returns the recovery first recorded.
 */
export async function recordRevocation(db: Db, r: Revocation): Promise<RevocationResult> {
  const today = shanghaiDate(r.at);
  const startDate = today;
  const listedUntil = addCalendarDays(startDate, r.dishonestyListDays);
  return db.transaction(async (tx) => {
    const { amountFen, ...details } = recoveryOf(...(await paymentsFor(tx, r.caseId, r.applicantIdHash)));
    await tx
      .insert(recoveries)
      .values({ caseId: r.caseId, orgCode: r.orgCode, applicantIdHash: r.applicantIdHash, amountFen, details, reason: r.reason, recordedAt: new Date(r.at) })
      .onConflictDoNothing();
    await tx
      .insert(dishonestyEntries)
      .values({
        applicantIdHash: r.applicantIdHash,
        applicantIdMasked: narrowMask(r.applicantIdMasked),
        reason: r.reason,
        sourceCaseId: r.caseId,
        countyCode: countyOf(r.orgCode),
        history: [{ action: 'confirm', at: r.at, by: { sub: r.by, role: 'system' }, reason: r.reason, listedUntil }],
        startDate,
        expiresOn: listedUntil,
        createdBy: r.by,
      })
      .onConflictDoNothing();
    await tx.delete(benefitClaims).where(and(eq(benefitClaims.applicantIdHash, r.applicantIdHash), eq(benefitClaims.caseId, r.caseId)));
    const [recorded] = await tx.select().from(recoveries).where(eq(recoveries.caseId, r.caseId));
    const recoveryFen = recorded!.amountFen;
    return { recoveryFen, listedUntil, ...(recorded!.details ? { recovery: { amountFen: recoveryFen, ...recorded!.details } } : {}) };
  });
}
