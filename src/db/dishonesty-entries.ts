import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { DishonestyStatus, DishonestyStep } from '../domain/dishonesty.js';
import type { Db, DbOrTx } from './client.js';
import { dishonestyEntries } from './schema.js';

export type DishonestyEntryRow = typeof dishonestyEntries.$inferSelect;
export type NewDishonestyEntry = Omit<typeof dishonestyEntries.$inferInsert, 'id' | 'entryId' | 'status' | 'history' | 'version' | 'createdAt' | 'requestId'>;

/**
 * A proposal, with its first step in the entry's history; once per request (a retry returns the entry
 * the first one wrote). Undefined when the person already has an entry from the same case.
 */
export async function proposeEntry(db: DbOrTx, entry: NewDishonestyEntry & { requestId: string }, step: DishonestyStep): Promise<DishonestyEntryRow | undefined> {
  const [row] = await db
    .insert(dishonestyEntries)
    .values({ ...entry, status: 'proposed', history: [step] })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const [first] = await db.select().from(dishonestyEntries).where(eq(dishonestyEntries.requestId, entry.requestId));
  return first;
}

/** The entry a person already has from a case (one per person and case). */
export async function entryFromCase(db: DbOrTx, applicantIdHash: string, caseId: string): Promise<DishonestyEntryRow | undefined> {
  const [row] = await db
    .select()
    .from(dishonestyEntries)
    .where(and(eq(dishonestyEntries.applicantIdHash, applicantIdHash), eq(dishonestyEntries.sourceCaseId, caseId)));
  return row;
}

export async function findEntry(db: DbOrTx, entryId: string): Promise<DishonestyEntryRow | undefined> {
  const [row] = await db.select().from(dishonestyEntries).where(eq(dishonestyEntries.entryId, entryId));
  return row;
}

/**
 * One step on an entry, decided by `decide` over the entry as it stands under a row lock (two approvers
 * at once: the second decides on what the first left). `decide` throws to refuse, or returns the change.
 */
export async function stepEntry(
  db: Db,
  entryId: string,
  decide: (row: DishonestyEntryRow) => { status: DishonestyStatus; startDate?: string | null; expiresOn?: string | null; step: DishonestyStep },
): Promise<DishonestyEntryRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(dishonestyEntries).where(eq(dishonestyEntries.entryId, entryId)).for('update');
    if (!row) return undefined;
    const { step, ...change } = decide(row);
    const [updated] = await tx
      .update(dishonestyEntries)
      .set({ ...change, history: sql`${dishonestyEntries.history} || ${JSON.stringify([step])}::jsonb`, version: row.version + 1 })
      .where(eq(dishonestyEntries.id, row.id))
      .returning();
    return updated;
  });
}

/** A county's entries, newest first, by status when asked, a page after the entry `before`. */
export async function listEntries(db: DbOrTx, f: { countyCode: string; status?: DishonestyStatus; beforeId?: number; limit: number }): Promise<DishonestyEntryRow[]> {
  return db
    .select()
    .from(dishonestyEntries)
    .where(
      and(
        eq(dishonestyEntries.countyCode, f.countyCode),
        f.status ? eq(dishonestyEntries.status, f.status) : undefined,
        f.beforeId !== undefined ? lt(dishonestyEntries.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(dishonestyEntries.id))
    .limit(f.limit);
}
