import { and, asc, count, eq, lt, or, type SQL } from 'drizzle-orm';
import { narrowMask } from '../domain/resident-id.js';
import type { CooperationStatus } from '../domain/residence.js';
import type { CaseView } from '../domain/views.js';
import type { Db, DbOrTx } from './client.js';
import { cooperationRequests } from './schema.js';

/**
 * The cooperation request of a case, as its step left it: written in the case step's transaction
 * (recordCaseStep), an older snapshot never overwriting a newer one.
 */
export async function recordCooperation(tx: DbOrTx, view: CaseView): Promise<void> {
  const c = view.cooperation;
  if (!c) return;
  const row = {
    requestId: c.requestId,
    caseId: view.caseId,
    orgCode: view.orgCode,
    fromCounty: c.fromCounty,
    toCounty: c.toCounty,
    status: c.status,
    applicantName: view.applicant.name,
    applicantIdMasked: narrowMask(view.applicant.idNumberMasked),
    permitNumber: c.permitNumber,
    requestedAt: new Date(c.requestedAt),
    dueDate: c.dueDate,
    dueAt: new Date(c.dueAt),
    findings: c.findings,
    householdSituation: c.householdSituation,
    answeredAt: c.answeredAt ? new Date(c.answeredAt) : null,
    overdueSince: c.overdueSince ? new Date(c.overdueSince) : null,
    caseVersion: view.version,
  };
  const { requestId: _r, caseId: _c, ...changes } = row;
  await tx.insert(cooperationRequests).values(row).onConflictDoUpdate({ target: cooperationRequests.requestId, set: changes, setWhere: lt(cooperationRequests.caseVersion, row.caseVersion) });
}

export type CooperationRow = typeof cooperationRequests.$inferSelect;

export async function findCooperation(db: Db, requestId: string): Promise<CooperationRow | undefined> {
  const [row] = await db.select().from(cooperationRequests).where(eq(cooperationRequests.requestId, requestId)).limit(1);
  return row;
}

/** A county's requests: those it must answer (incoming, the 户籍 county) or those its cases sent (outgoing); soonest due first. */
export async function listCooperation(db: Db, f: { county: string; direction: 'incoming' | 'outgoing'; status?: CooperationStatus; limit: number }): Promise<CooperationRow[]> {
  const where: SQL[] = [eq(f.direction === 'incoming' ? cooperationRequests.toCounty : cooperationRequests.fromCounty, f.county)];
  if (f.status) where.push(eq(cooperationRequests.status, f.status));
  return db
    .select()
    .from(cooperationRequests)
    .where(and(...where))
    .orderBy(asc(cooperationRequests.dueAt), asc(cooperationRequests.requestId))
    .limit(f.limit);
}

/** Overdue requests a county is party to, either way: it asked, or it must answer. */
export async function countOverdueCooperation(db: Db, county: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(cooperationRequests)
    .where(and(eq(cooperationRequests.status, 'overdue'), or(eq(cooperationRequests.fromCounty, county), eq(cooperationRequests.toCounty, county))));
  return row?.n ?? 0;
}
