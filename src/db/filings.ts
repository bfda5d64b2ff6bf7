import { desc, eq } from 'drizzle-orm';
import { countyOf } from '../domain/org.js';
import type { DbOrTx } from './client.js';
import { checkOrg } from './money-checks.js';
import { filings } from './schema.js';

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
