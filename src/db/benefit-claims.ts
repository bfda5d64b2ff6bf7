import { and, eq } from 'drizzle-orm';
import type { CaseType, Recipience } from '../domain/cases.js';
import type { Db, DbOrTx } from './client.js';
import { benefitClaims } from './schema.js';

/** 低保 and 特困 are one benefit group: a person holds at most one of them. */
const BASIC_LIVING = 'basic-living';

/** What our own records say this person receives now: 低保/特困 approved and not revoked, or a 低收入 household's recognition. */
export async function recipientOf(db: Db, applicantIdHash: string): Promise<Recipience[]> {
  const rows = await db.select({ type: benefitClaims.type }).from(benefitClaims).where(eq(benefitClaims.applicantIdHash, applicantIdHash));
  return rows.map((r) => r.type as Recipience);
}

/** 低收入 recognised for the person by a case (idempotent): our records then show them as a recipient. */
export async function claimLowIncome(db: DbOrTx, c: { applicantIdHash: string; caseId: string }): Promise<void> {
  await db.insert(benefitClaims).values({ applicantIdHash: c.applicantIdHash, benefitGroup: 'low-income', caseId: c.caseId, type: 'low-income' }).onConflictDoNothing();
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
