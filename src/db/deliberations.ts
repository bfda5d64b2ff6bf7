import { and, asc, count, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { DeliberationView } from '../domain/views.js';
import type { Db } from './client.js';
import { cases, deliberations } from './schema.js';

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

export interface DeliberationFilter {
  countyCode: string;
  /** A street's: a caseworker reads its own street's only. */
  orgCode?: string;
  /** open (a committee member's ballots) or decided. */
  status?: string;
  sortBy?: 'updatedAt' | 'status' | 'orgCode';
  sortOrder?: 'asc' | 'desc';
  offset?: number;
  limit: number;
}

/** A county's deliberations, the latest changed first (or by `sortBy`), and how many match. */
export async function listDeliberations(db: Db, f: DeliberationFilter): Promise<{ views: DeliberationView[]; total: number }> {
  const where: SQL[] = [eq(deliberations.countyCode, f.countyCode)];
  if (f.orgCode) where.push(eq(deliberations.orgCode, f.orgCode));
  if (f.status) where.push(eq(deliberations.status, f.status));
  const dir = f.sortOrder === 'desc' ? desc : asc;
  // The page, then its total: one after the other (see GET /v1/cases).
  const rows = await db
    .select({ view: deliberations.view })
    .from(deliberations)
    .where(and(...where))
    .orderBy(...(f.sortBy ? [dir(deliberations[f.sortBy]), desc(deliberations.updatedAt)] : []), desc(deliberations.updatedAt), asc(deliberations.deliberationId))
    .offset(f.offset ?? 0)
    .limit(f.limit);
  const [counted] = await db.select({ n: count() }).from(deliberations).where(and(...where));
  return { views: rows.map((r) => r.view), total: counted?.n ?? 0 };
}

/** Whether the case is on a ballot still open: the committee reads it while it votes. */
export async function hasOpenDeliberation(db: Db, caseId: string): Promise<boolean> {
  const [row] = await db.select({ id: deliberations.deliberationId }).from(deliberations).where(and(eq(deliberations.caseId, caseId), eq(deliberations.status, 'open'))).limit(1);
  return row !== undefined;
}

/** Deliberations with their case's 受理编号 and applicant's name: the ballot names the case as people know it. */
export async function withCaseNames(db: Db, views: DeliberationView[]): Promise<Array<DeliberationView & { caseNumber: string | null; applicantName: string | null }>> {
  const ids = [...new Set(views.map((v) => v.caseId))];
  const rows = ids.length === 0 ? [] : await db.select({ caseId: cases.caseId, caseNumber: cases.caseNumber, applicantName: cases.applicantName }).from(cases).where(inArray(cases.caseId, ids));
  const byCase = new Map(rows.map((r) => [r.caseId, r]));
  return views.map((v) => ({ ...v, caseNumber: byCase.get(v.caseId)?.caseNumber ?? null, applicantName: byCase.get(v.caseId)?.applicantName ?? null }));
}
