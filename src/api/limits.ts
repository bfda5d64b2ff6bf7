import type { Db } from '../db/client.js';
import { maxTransactionFenOf } from '../db/policies.js';
import { shanghaiDate } from '../domain/dates.js';
import { overLimit } from '../domain/money.js';
import { countyOf } from '../domain/org.js';
import { badRequest } from './errors.js';

/** 400 naming the field when an amount exceeds the county's per-transaction maximum (policy `money`). */
export async function requireWithinLimit(db: Db, orgCode: string, amountFen: number, field: string): Promise<void> {
  const problem = overLimit(amountFen, await maxTransactionFenOf(db, countyOf(orgCode), shanghaiDate(Date.now())));
  if (problem) throw badRequest(field, problem);
}
