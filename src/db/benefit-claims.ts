import { and, eq } from 'drizzle-orm';
import type { CaseType } from '../domain/cases.js';
import type { Db } from './client.js';
import { benefitClaims } from './schema.js';

/** 低保 and 特困 are one benefit group: a person holds at most one of them. */
const BASIC_LIVING = 'basic-living';

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
