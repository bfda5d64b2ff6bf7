import type { IsoDate } from '../domain/dates.js';
import type { Db } from './client.js';
import { referrals } from './schema.js';

/** 就业 or 慈善衔接: one row per (case, history seq), so a retried activity records it once. */
export async function recordReferral(
  db: Db,
  r: { caseId: string; seq: number; kind: 'employment' | 'charity'; receivingOrg: string; followUpDate: IsoDate; note: string | null; by: string; at: string },
): Promise<void> {
  await db
    .insert(referrals)
    .values({ caseId: r.caseId, seq: r.seq, kind: r.kind, receivingOrg: r.receivingOrg, followUpDate: r.followUpDate, note: r.note, createdBy: r.by, createdAt: new Date(r.at) })
    .onConflictDoNothing();
}
