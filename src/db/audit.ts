import { asc, eq } from 'drizzle-orm';
import type { HistoryEntry } from '../domain/views.js';
import type { Db, DbOrTx } from './client.js';
import { auditEntries } from './schema.js';

/** One row per history entry; (case, seq) is unique, so a retried write leaves one copy. */
/** Inserts the entries not yet there; returns the actions of those this call inserted. */
export async function insertAuditEntries(db: DbOrTx, caseId: string, entries: HistoryEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const inserted = await db
    .insert(auditEntries)
    .values(
      entries.map(({ seq, at, actor, action, summary, ...details }) => ({
        caseId,
        seq,
        at: new Date(at),
        actorSub: actor.sub,
        actorRole: actor.role,
        actorOrg: actor.org,
        actorName: actor.name ?? null,
        action,
        summary,
        details,
      })),
    )
    .onConflictDoNothing()
    .returning({ action: auditEntries.action });
  return inserted.map((r) => r.action);
}

export type AuditRow = typeof auditEntries.$inferSelect;

export async function auditTrail(db: Db, caseId: string): Promise<AuditRow[]> {
  return db.select().from(auditEntries).where(eq(auditEntries.caseId, caseId)).orderBy(asc(auditEntries.seq));
}
