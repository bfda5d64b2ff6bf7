import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * The tables that keep an encrypted account: a benefit payee now, and each payroll's attempt as sent; a
 * service provider now, and each settlement's line as sent.
 */
const TABLES = ['benefit_payees', 'benefit_payment_attempts', 'service_providers', 'service_settlement_lines'] as const;

/**
 * Every stored account not sealed under the current key (`currentKeyId:`…) sealed again by `reseal`:
 * after a rotation (a new key first in ACCOUNT_KEYS), or for rows from before account keys of their own.
 * Compare-and-set per value, so replicas doing it at once agree. Returns the rows rewritten.
 */
export async function resealAccounts(db: Db, currentKeyId: string, reseal: (stored: string) => string): Promise<number> {
  let rewritten = 0;
  for (const table of TABLES) {
    const stale = await db.execute<{ stored: string }>(sql`
      select distinct account_encrypted as stored from ${sql.identifier(table)}
       where account_encrypted is not null and account_encrypted not like ${`${currentKeyId}:%`}`);
    for (const { stored } of stale) {
      const done = await db.execute(sql`update ${sql.identifier(table)} set account_encrypted = ${reseal(stored)} where account_encrypted = ${stored} returning 1`);
      rewritten += done.length;
    }
  }
  return rewritten;
}
