import { sql } from 'drizzle-orm';
import { formatCaseNumber } from '../domain/case-number.js';
import { shanghaiDate } from '../domain/dates.js';
import type { DbOrTx } from './client.js';
import { caseNumberCounters, cases } from './schema.js';

/**
 * The case's 受理编号: the one it has, or the next of its county's year of acceptance. Call inside the
 * transaction that records the case: a lock on the county's year makes a racing retry of the same
 * case find the number the first one took (no second number, no gap), and other cases wait their turn.
 * After the lock, one statement reads the number the case may already have and, only if it has none,
 * takes the county's next (its snapshot is taken after the lock, so it sees what a racing retry committed).
 */
export async function caseNumberFor(tx: DbOrTx, c: { caseId: string; countyCode: string; acceptedAt: string }): Promise<string> {
  const year = Number(shanghaiDate(c.acceptedAt).slice(0, 4));
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`case-number:${c.countyCode}:${year}`}))`);
  const [row] = await tx.execute<{ taken: string | null; last: number | null }>(sql`
    with taken as (select ${cases.caseNumber} as n from ${cases} where ${cases.caseId} = ${c.caseId}),
    next as (
      insert into ${caseNumberCounters} (county_code, year, last)
      select ${c.countyCode}::text, ${year}::int, 1 where not exists (select 1 from taken)
      on conflict (county_code, year) do update set last = ${caseNumberCounters}.last + 1
      returning last
    )
    select (select n from taken) as taken, (select last from next) as last`);
  if (row?.taken) return row.taken;
  return formatCaseNumber(c.countyCode, year, Number(row!.last));
}
