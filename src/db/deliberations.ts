import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DeliberationView } from '../domain/views.js';
import type { Db } from './client.js';
import { deliberations } from './schema.js';

/** Writes a deliberation's snapshot unless a newer one is already there. */
export async function recordDeliberation(db: Db, view: DeliberationView): Promise<void> {
  const row = {
    deliberationId: view.deliberationId,
    caseId: view.caseId,
    orgCode: view.orgCode,
    countyCode: view.countyCode,
    status: view.status,
    version: view.version,
    view,
    updatedAt: new Date(),
  };
  await db
    .insert(deliberations)
    .values(row)
    .onConflictDoUpdate({
      target: deliberations.deliberationId,
      set: { status: row.status, version: row.version, view: row.view, updatedAt: row.updatedAt },
      setWhere: lt(deliberations.version, row.version),
    });
}

export async function findDeliberation(db: Db, deliberationId: string) {
  const [row] = await db.select().from(deliberations).where(eq(deliberations.deliberationId, deliberationId)).limit(1);
  return row;
}

/** A county's deliberations, newest first; `status` narrows to open (a committee member's ballots) or decided. */
export async function listDeliberations(db: Db, countyCode: string, status: string | undefined, limit: number): Promise<DeliberationView[]> {
  const where: SQL[] = [eq(deliberations.countyCode, countyCode)];
  if (status) where.push(eq(deliberations.status, status));
  const rows = await db
    .select({ view: deliberations.view })
    .from(deliberations)
    .where(and(...where))
    .orderBy(desc(deliberations.updatedAt))
    .limit(limit);
  return rows.map((r) => r.view);
}

/** Whether the case is on a ballot still open: the committee reads it while it votes. */
export async function hasOpenDeliberation(db: Db, caseId: string): Promise<boolean> {
  const [row] = await db.select({ id: deliberations.deliberationId }).from(deliberations).where(and(eq(deliberations.caseId, caseId), eq(deliberations.status, 'open'))).limit(1);
  return row !== undefined;
}
