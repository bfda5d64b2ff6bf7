import { eq, sql } from 'drizzle-orm';
import { formatCaseNumber } from '../domain/case-number.js';
import { shanghaiDate } from '../domain/dates.js';
import type { DbOrTx } from './client.js';
import { caseNumberCounters, cases } from './schema.js';

const numberOf = async (tx: DbOrTx, caseId: string) => (await tx.select({ n: cases.caseNumber }).from(cases).where(eq(cases.caseId, caseId)).limit(1))[0]?.n;

/**
 * The case's 受理编号: the one it has, or the next of its county's year of acceptance. Call inside the
 * transaction that records the case: a lock on the county's year makes a racing retry of the same
 * case find the number the first one took (no second number, no gap), and other cases wait their turn.
 */
export async function caseNumberFor(tx: DbOrTx, c: { caseId: string; countyCode: string; acceptedAt: string }): Promise<string> {
  const existing = await numberOf(tx, c.caseId);
  if (existing) return existing;
  const year = Number(shanghaiDate(c.acceptedAt).slice(0, 4));
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`case-number:${c.countyCode}:${year}`}))`);
  const taken = await numberOf(tx, c.caseId);
  if (taken) return taken;
  const [row] = await tx
    .insert(caseNumberCounters)
    .values({ countyCode: c.countyCode, year, last: 1 })
    .onConflictDoUpdate({ target: [caseNumberCounters.countyCode, caseNumberCounters.year], set: { last: sql`${caseNumberCounters.last} + 1` } })
    .returning({ last: caseNumberCounters.last });
  return formatCaseNumber(c.countyCode, year, row!.last);
}
