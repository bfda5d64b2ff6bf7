import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { valueFromText, type AppliedCorrection, type CorrectionEffect, type CorrectionStatus, type CorrectionStep, type CorrectionValue } from '../domain/corrections.js';
import type { HistoryEntry } from '../domain/views.js';
import { insertAuditEntries } from './audit.js';
import type { Db, DbOrTx } from './client.js';
import { benefitEvents, corrections } from './schema.js';
import { inOrg } from './org-scope.js';

type Stored = typeof corrections.$inferSelect;
/** A correction with its two values as their path's kind (stored as text). */
export type CorrectionRow = Omit<Stored, 'value' | 'before'> & { value: CorrectionValue; before: CorrectionValue | null };
export type NewCorrection = Omit<CorrectionRow, 'id' | 'status' | 'history' | 'createdAt' | 'decidedAt' | 'effect' | 'fromMonth' | 'decisionRequestId'>;

const rowOf = (r: Stored): CorrectionRow => ({ ...r, value: valueFromText(r.path, r.value), before: r.before === null ? null : valueFromText(r.path, r.before) });
const asText = (v: CorrectionValue | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

/**
 * A proposal with its first step, and its entry in the case's audit trail; once per id (a retried
 * request, its Idempotency-Key claimed, finds the correction the first one wrote).
 */
export async function proposeCorrection(db: Db, c: NewCorrection, step: CorrectionStep, audit: (row: CorrectionRow) => HistoryEntry): Promise<CorrectionRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(corrections)
      .values({ ...c, value: String(c.value), before: asText(c.before), status: 'proposed', history: [step] })
      .onConflictDoNothing()
      .returning();
    if (!row) return (await findCorrection(tx, c.correctionId))!;
    const proposed = rowOf(row);
    await insertAuditEntries(tx, row.caseId, [audit(proposed)]);
    return proposed;
  });
}

export async function findCorrection(db: DbOrTx, correctionId: string): Promise<CorrectionRow | undefined> {
  const [row] = await db.select().from(corrections).where(eq(corrections.correctionId, correctionId));
  return row && rowOf(row);
}

/** What a decision writes on the correction: its status, the value replaced, an amount's month and effect. */
export interface CorrectionDecision {
  status: CorrectionStatus;
  before?: CorrectionValue | null;
  fromMonth?: string;
  effect?: CorrectionEffect;
  step: CorrectionStep;
  requestId: string | null;
}

/**
 * A decision, taken by `decide` on the correction as it stands under a row lock (two approvers at
 * once, or an approval and a refusal: the second decides on what the first left), with its entry in the
 * case's audit trail and whatever else the approval writes (`alsoWrite`) in the same transaction.
 * `decide` throws to refuse; what it does outside PostgreSQL (an amount applied to the benefit) happens
 * under the lock, so no refusal lands between it and the decision.
 */
export async function decideCorrection(
  db: Db,
  correctionId: string,
  decide: (row: CorrectionRow, tx: DbOrTx) => CorrectionDecision | Promise<CorrectionDecision>,
  audit: (row: CorrectionRow) => HistoryEntry,
  alsoWrite?: (tx: DbOrTx, row: CorrectionRow) => Promise<void>,
): Promise<CorrectionRow | undefined> {
  return db.transaction(async (tx) => {
    const [stored] = await tx.select().from(corrections).where(eq(corrections.correctionId, correctionId)).for('update');
    if (!stored) return undefined;
    const { step, requestId, before, ...change } = await decide(rowOf(stored), tx);
    const [written] = await tx
      .update(corrections)
      .set({ ...change, ...(before !== undefined ? { before: asText(before) } : {}), decisionRequestId: requestId, decidedAt: new Date(step.at), history: sql`${corrections.history} || ${JSON.stringify([step])}::jsonb` })
      .where(eq(corrections.id, stored.id))
      .returning();
    const updated = rowOf(written!);
    await insertAuditEntries(tx, updated.caseId, [audit(updated)]);
    if (alsoWrite && updated.status === 'approved') await alsoWrite(tx, updated);
    return updated;
  });
}

/** A case's approved corrections, in the order approved: what its record shows corrected. */
export async function appliedCorrections(db: DbOrTx, caseId: string): Promise<AppliedCorrection[]> {
  const rows = await db
    .select()
    .from(corrections)
    .where(and(eq(corrections.caseId, caseId), eq(corrections.status, 'approved')))
    .orderBy(asc(corrections.decidedAt), asc(corrections.id));
  return rows.map(rowOf).map((r) => ({ correctionId: r.correctionId, path: r.path, before: r.before, after: r.value, approvedAt: r.decidedAt!.toISOString() }));
}

/** A street's (9 digits) or a county's (6) corrections, newest first, by status and case when asked, a page after `beforeId`. */
export async function listCorrections(db: DbOrTx, f: { orgCode: string; status?: CorrectionStatus; caseId?: string; beforeId?: number; limit: number }): Promise<CorrectionRow[]> {
  const rows = await db
    .select()
    .from(corrections)
    .where(
      and(
        inOrg(corrections, f.orgCode),
        f.status ? eq(corrections.status, f.status) : undefined,
        f.caseId ? eq(corrections.caseId, f.caseId) : undefined,
        f.beforeId !== undefined ? lt(corrections.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(corrections.id))
    .limit(f.limit);
  return rows.map(rowOf);
}

/** The benefit's history entry an amount correction wrote (its plan's details: month, amounts, effect). */
export async function correctionEventOf(db: DbOrTx, benefitId: string, correctionId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ details: benefitEvents.details })
    .from(benefitEvents)
    .where(and(eq(benefitEvents.benefitId, benefitId), eq(benefitEvents.action, 'correct-amount'), sql`${benefitEvents.details} ->> 'correctionId' = ${correctionId}`));
  return row?.details as Record<string, unknown> | undefined;
}
