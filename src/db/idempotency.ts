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
  return (await claimKeyNoting(db, c)).stored;
}

/** As claimKey, and whether this call is the one that recorded it. */
export async function claimKeyNoting(db: Db, c: IdempotencyClaim): Promise<{ stored: IdempotencyClaim; fresh: boolean }> {
  const inserted = await db.insert(idempotencyKeys).values(c).onConflictDoNothing().returning();
  if (inserted[0]) return { stored: inserted[0], fresh: true };
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, c.scope), eq(idempotencyKeys.key, c.key)));
  if (!row) throw new Error('idempotency key vanished');
  return { stored: row, fresh: false };
}

/** Forgets a claim whose request was refused before it created anything: the corrected request may use the key. */
export async function releaseKey(db: Db, c: Pick<IdempotencyClaim, 'scope' | 'key' | 'resourceId'>): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, c.scope), eq(idempotencyKeys.key, c.key), eq(idempotencyKeys.resourceId, c.resourceId)));
}
