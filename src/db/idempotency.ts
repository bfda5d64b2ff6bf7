import { and, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { idempotencyKeys } from './schema.js';

export interface IdempotencyClaim {
  /** Whose key: the same key from another caller is another request. */
  scope: string;
  key: string;
  requestHash: string;
  resourceId: string;
}

/** Records the key unless it exists, and returns the stored record: the first claim wins a race. */
export async function claimKey(db: Db, c: IdempotencyClaim): Promise<IdempotencyClaim> {
  await db.insert(idempotencyKeys).values(c).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, c.scope), eq(idempotencyKeys.key, c.key)));
  if (!row) throw new Error('idempotency key vanished');
  return row;
}
