import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { CaseType } from '../domain/cases.js';
import { addCalendarDays, shanghaiDate, type IsoDate } from '../domain/dates.js';
import type { ApplicationView, DishonestyEntryRef } from '../workflows/messages.js';
import type { Db } from './client.js';
import { applications, benefitClaims, cases, dishonestyEntries, payments, recoveries, referrals } from './schema.js';

/** Entries in force on a date: an applicant on the list is flagged, never refused silently. */
export async function activeDishonestyEntries(db: Db, applicantIdHash: string, onDate: IsoDate): Promise<DishonestyEntryRef[]> {
  const rows = await db
    .select()
    .from(dishonestyEntries)
    .where(and(eq(dishonestyEntries.applicantIdHash, applicantIdHash), sql`${dishonestyEntries.startDate} <= ${onDate}`, gte(dishonestyEntries.expiresOn, onDate)))
    .orderBy(asc(dishonestyEntries.startDate));
  return rows.map((r) => ({ reason: r.reason, sourceCaseId: r.sourceCaseId, startDate: r.startDate, expiresOn: r.expiresOn }));
}

export async function listDishonestyEntries(db: Db, applicantIdHash: string) {
  return db.select().from(dishonestyEntries).where(eq(dishonestyEntries.applicantIdHash, applicantIdHash)).orderBy(desc(dishonestyEntries.startDate));
}

/** 低保 and 特困 are one benefit group: a person holds at most one of them. */
export const BASIC_LIVING = 'basic-living';
export const BASIC_LIVING_TYPES: readonly CaseType[] = ['dibao', 'tekun'];

/** What our own records say this person receives now (低保/特困 approved and not revoked). */
export async function recipientOf(db: Db, applicantIdHash: string): Promise<CaseType[]> {
  const rows = await db.select({ type: benefitClaims.type }).from(benefitClaims).where(eq(benefitClaims.applicantIdHash, applicantIdHash));
  return rows.map((r) => r.type as CaseType);
}

export type ClaimResult = { ok: true } | { ok: false; conflictingCaseId: string; conflictingType: string };

/** Claims the person's basic-living benefit for a case; idempotent for the same case, refused for another. */
export async function claimBasicLiving(db: Db, c: { applicantIdHash: string; caseId: string; type: CaseType }): Promise<ClaimResult> {
  await db.insert(benefitClaims).values({ applicantIdHash: c.applicantIdHash, benefitGroup: BASIC_LIVING, caseId: c.caseId, type: c.type }).onConflictDoNothing();
  const [held] = await db
    .select()
    .from(benefitClaims)
    .where(and(eq(benefitClaims.applicantIdHash, c.applicantIdHash), eq(benefitClaims.benefitGroup, BASIC_LIVING)));
  if (!held || held.caseId === c.caseId) return { ok: true };
  return { ok: false, conflictingCaseId: held.caseId, conflictingType: held.type };
}

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

export async function recordReferral(
  db: Db,
  r: { caseId: string; seq: number; kind: 'employment' | 'charity'; receivingOrg: string; followUpDate: IsoDate; note: string | null; by: string; at: string },
): Promise<void> {
  await db
    .insert(referrals)
    .values({ caseId: r.caseId, seq: r.seq, kind: r.kind, receivingOrg: r.receivingOrg, followUpDate: r.followUpDate, note: r.note, createdBy: r.by, createdAt: new Date(r.at) })
    .onConflictDoNothing();
}

/** Writes an application's snapshot unless a newer one is already there. */
export async function recordApplication(db: Db, view: ApplicationView, applicantIdHash: string): Promise<void> {
  const row = {
    applicationId: view.applicationId,
    orgCode: view.orgCode,
    countyCode: view.countyCode,
    applicantName: view.applicant.name,
    applicantIdMasked: view.applicant.idNumberMasked,
    applicantIdHash,
    flagged: view.flagged,
    acceptedAt: new Date(view.acceptedAt),
    version: view.version,
    view,
    updatedAt: new Date(),
  };
  const { applicationId: _id, ...changes } = row;
  await db.insert(applications).values(row).onConflictDoUpdate({ target: applications.applicationId, set: changes, setWhere: lt(applications.version, row.version) });
}

export async function findApplication(db: Db, applicationId: string) {
  const [row] = await db.select().from(applications).where(eq(applications.applicationId, applicationId)).limit(1);
  return row;
}

export async function casesOfApplication(db: Db, applicationId: string) {
  return db.select().from(cases).where(eq(cases.applicationId, applicationId)).orderBy(asc(cases.caseId));
}

export async function casesByIds(db: Db, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db.select().from(cases).where(inArray(cases.caseId, caseIds));
}
