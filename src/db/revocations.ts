import { and, eq, sql } from 'drizzle-orm';
import { addCalendarDays, shanghaiDate, type IsoDate } from '../domain/dates.js';
import type { Db } from './client.js';
import { benefitClaims, dishonestyEntries, payments, recoveries } from './schema.js';

export interface Revocation {
  caseId: string;
  orgCode: string;
  applicantIdHash: string;
  applicantIdMasked: string;
  reason: string;
  by: string;
  at: string;
  /** A monthly allowance approved on this date counts as paid for each full month since. */
  monthlyAmountFen?: number;
  approvedOn?: IsoDate;
  dishonestyListDays: number;
}

/** Full calendar months from one date to another (an allowance is paid monthly). */
function fullMonths(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

/**
 * A false commitment: the amount paid so far is recorded as due for recovery, the applicant goes on the
 * dishonesty list, and the basic-living claim is released. One transaction, idempotent per case.
 */
export async function recordRevocation(db: Db, r: Revocation): Promise<{ recoveryFen: number; listedUntil: IsoDate }> {
  const today = shanghaiDate(r.at);
  const startDate = today;
  const listedUntil = addCalendarDays(startDate, r.dishonestyListDays);
  return db.transaction(async (tx) => {
    const [paid] = await tx
      .select({ total: sql<string>`coalesce(sum(${payments.amountFen}), 0)` })
      .from(payments)
      .where(eq(payments.caseId, r.caseId));
    const allowance = r.monthlyAmountFen && r.approvedOn ? r.monthlyAmountFen * fullMonths(r.approvedOn, today) : 0;
    const recoveryFen = Number(paid?.total ?? 0) + allowance;
    await tx
      .insert(recoveries)
      .values({ caseId: r.caseId, orgCode: r.orgCode, applicantIdHash: r.applicantIdHash, amountFen: recoveryFen, reason: r.reason, recordedAt: new Date(r.at) })
      .onConflictDoNothing();
    await tx
      .insert(dishonestyEntries)
      .values({
        applicantIdHash: r.applicantIdHash,
        applicantIdMasked: r.applicantIdMasked,
        reason: r.reason,
        sourceCaseId: r.caseId,
        startDate,
        expiresOn: listedUntil,
        createdBy: r.by,
      })
      .onConflictDoNothing();
    await tx.delete(benefitClaims).where(and(eq(benefitClaims.applicantIdHash, r.applicantIdHash), eq(benefitClaims.caseId, r.caseId)));
    const [recorded] = await tx.select().from(recoveries).where(eq(recoveries.caseId, r.caseId));
    return { recoveryFen: recorded?.amountFen ?? recoveryFen, listedUntil };
  });
}
