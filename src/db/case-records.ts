import { and, asc, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { CaseView, HistoryEntry } from '../workflows/messages.js';
import type { Db, DbOrTx } from './client.js';
import { auditEntries, cases, notifications } from './schema.js';

export interface NotificationInput {
  eventKey: string;
  caseId: string;
  kind: string;
  recipientRole: string;
  recipientOrg: string;
  message: string;
  createdAt: string;
}

/**
 * Writes one step of a case in one transaction: the read-model snapshot (only if newer), its new
 * history entries as audit rows and any notifications. Every part is idempotent, so a retried
 * activity leaves exactly one copy.
 */
export interface CaseStep {
  view: CaseView;
  applicantIdHash: string;
  entries: HistoryEntry[];
  notifications: NotificationInput[];
}

export async function recordCaseStep(db: Db, { view, applicantIdHash, entries, notifications: notes }: CaseStep): Promise<void> {
  const row = {
    caseId: view.caseId,
    applicationId: view.applicationId,
    type: view.type,
    orgCode: view.orgCode,
    countyCode: view.countyCode,
    department: view.department,
    status: view.status,
    step: view.step,
    applicantName: view.applicant.name,
    applicantIdMasked: view.applicant.idNumberMasked,
    applicantIdHash,
    acceptedAt: new Date(view.acceptedAt),
    dueDate: view.dueDate,
    dueAt: view.dueAt ? new Date(view.dueAt) : null,
    dueProvisional: view.dueProvisional,
    suspended: view.suspended,
    overdue: view.overdue,
    overdueSince: view.overdueSince ? new Date(view.overdueSince) : null,
    decidedAt: view.decidedAt ? new Date(view.decidedAt) : null,
    decidedLate: view.decidedLate,
    amountFen: view.amountFen,
    version: view.version,
    view,
    updatedAt: new Date(),
  };
  const { caseId: _id, acceptedAt: _a, ...changes } = row;
  await db.transaction(async (tx) => {
    await tx
      .insert(cases)
      .values(row)
      .onConflictDoUpdate({ target: cases.caseId, set: changes, setWhere: lt(cases.version, row.version) });
    if (entries.length > 0) {
      await tx
        .insert(auditEntries)
        .values(
          entries.map(({ seq, at, actor, action, summary, ...details }) => ({
            caseId: view.caseId,
            seq,
            at: new Date(at),
            actorSub: actor.sub,
            actorRole: actor.role,
            actorOrg: actor.org,
            action,
            summary,
            details,
          })),
        )
        .onConflictDoNothing();
    }
    await insertNotifications(tx, notes);
  });
}

/** Notifications are keyed by event and recipient: a retried activity notifies once. */
export async function insertNotifications(db: DbOrTx, notes: NotificationInput[]): Promise<void> {
  if (notes.length === 0) return;
  await db
    .insert(notifications)
    .values(notes.map((n) => ({ ...n, createdAt: new Date(n.createdAt) })))
    .onConflictDoNothing();
}

export type CaseRow = typeof cases.$inferSelect;

export async function findCase(db: Db, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.caseId, caseId)).limit(1);
  return row;
}

export interface CaseListFilter {
  /** A street (9 digits) or a county (6 digits). */
  orgCode?: string;
  type?: string;
  /** A department's approver lists only its department's cases. */
  department?: string;
  status?: string;
  overdue?: boolean;
  /** Cases due before this date. */
  dueBefore?: string;
  /** Position after which to continue: the last item of the previous page. */
  after?: { acceptedAt: Date; caseId: string };
  limit: number;
}

/** Newest first by acceptance, then case id: a stable order for cursor pagination. */
export async function listCases(db: Db, f: CaseListFilter): Promise<CaseRow[]> {
  const where: SQL[] = [];
  if (f.orgCode) where.push(f.orgCode.length === 6 ? eq(cases.countyCode, f.orgCode) : eq(cases.orgCode, f.orgCode));
  if (f.type) where.push(eq(cases.type, f.type));
  if (f.department) where.push(eq(cases.department, f.department));
  if (f.status) where.push(eq(cases.status, f.status));
  if (f.overdue !== undefined) where.push(eq(cases.overdue, f.overdue));
  if (f.dueBefore) where.push(sql`${cases.dueDate} < ${f.dueBefore}`);
  if (f.after) {
    const { acceptedAt, caseId } = f.after;
    where.push(or(lt(cases.acceptedAt, acceptedAt), and(eq(cases.acceptedAt, acceptedAt), lt(cases.caseId, caseId)))!);
  }
  return db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(desc(cases.acceptedAt), desc(cases.caseId))
    .limit(f.limit);
}

export type AuditRow = typeof auditEntries.$inferSelect;

export async function auditTrail(db: Db, caseId: string): Promise<AuditRow[]> {
  return db.select().from(auditEntries).where(eq(auditEntries.caseId, caseId)).orderBy(asc(auditEntries.seq));
}

export interface SlaRow {
  orgCode: string;
  type: string;
  open: number;
  decidedOnTime: number;
  decidedLate: number;
  overdueNow: number;
}

/** Per street and type, for cases accepted in [from, to] (Asia/Shanghai dates). */
export async function slaStats(db: Db, orgCode: string, from?: string, to?: string): Promise<SlaRow[]> {
  const where: SQL[] = [orgCode.length === 6 ? eq(cases.countyCode, orgCode) : eq(cases.orgCode, orgCode)];
  if (from) where.push(sql`(${cases.acceptedAt} at time zone 'Asia/Shanghai')::date >= ${from}::date`);
  if (to) where.push(sql`(${cases.acceptedAt} at time zone 'Asia/Shanghai')::date <= ${to}::date`);
  return db
    .select({
      orgCode: cases.orgCode,
      type: cases.type,
      open: sql<number>`count(*) filter (where ${cases.status} = 'open')::int`,
      decidedOnTime: sql<number>`count(*) filter (where ${cases.decidedAt} is not null and not ${cases.decidedLate})::int`,
      decidedLate: sql<number>`count(*) filter (where ${cases.decidedAt} is not null and ${cases.decidedLate})::int`,
      overdueNow: sql<number>`count(*) filter (where ${cases.overdue})::int`,
    })
    .from(cases)
    .where(and(...where))
    .groupBy(cases.orgCode, cases.type)
    .orderBy(cases.orgCode, cases.type);
}
