import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import { disasterCases, disasterEvents } from './schema.js';

export type DisasterEventRow = typeof disasterEvents.$inferSelect;

export async function insertDisasterEvent(db: Db, e: Omit<DisasterEventRow, 'createdAt'>): Promise<void> {
  await db.insert(disasterEvents).values(e);
}

export async function findDisasterEvent(db: Db, eventId: string): Promise<DisasterEventRow | undefined> {
  const [row] = await db.select().from(disasterEvents).where(eq(disasterEvents.eventId, eventId)).limit(1);
  return row;
}

/**
 * Claims a case id for each key of the event in one statement: the keys it created, and every key's
 * case with whether its workflow was started (a key claimed before and never started is started again).
 */
export async function claimDisasterCases(db: Db, eventId: string, keys: ReadonlyArray<{ key: string; caseId: string }>): Promise<{ created: Set<string>; rows: Array<{ key: string; caseId: string; started: boolean }> }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(disasterCases)
      .values(keys.map((k) => ({ eventId, key: k.key, caseId: k.caseId })))
      .onConflictDoNothing()
      .returning({ key: disasterCases.key });
    const rows = await tx
      .select({ key: disasterCases.key, caseId: disasterCases.caseId, started: disasterCases.started })
      .from(disasterCases)
      .where(and(eq(disasterCases.eventId, eventId), inArray(disasterCases.key, keys.map((k) => k.key))));
    return { created: new Set(inserted.map((r) => r.key)), rows };
  });
}

export async function markDisasterCasesStarted(db: Db, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length > 0) await db.update(disasterCases).set({ started: true }).where(inArray(disasterCases.caseId, [...caseIds]));
}

/** Which of these cases belong to the event. */
export async function casesOfEvent(db: Db, eventId: string, caseIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.select({ caseId: disasterCases.caseId }).from(disasterCases).where(and(eq(disasterCases.eventId, eventId), inArray(disasterCases.caseId, [...caseIds])));
  return new Set(rows.map((r) => r.caseId));
}
