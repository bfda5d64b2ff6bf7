import { and, asc, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { caseLabel, nameCaseIn } from '../domain/case-number.js';
import { departmentOf, type Department, type Role } from '../domain/roles.js';
import type { NotificationInput } from '../domain/views.js';
import type { Db, DbOrTx } from './client.js';
import { cases, notifications } from './schema.js';

/**
 * Notifications are keyed by event and recipient: a retried activity notifies once (the answer: how many were new). A case's
 * notification names its applicant and 受理编号 (read from the case's row, written first in the same
 * transaction), never the internal id.
 */
export async function insertNotifications(db: DbOrTx, notes: NotificationInput[]): Promise<number> {
  if (notes.length === 0) return 0;
  const caseIds = [...new Set(notes.flatMap((n) => (n.caseId ? [n.caseId] : [])))];
  const named = caseIds.length
    ? await db.select({ caseId: cases.caseId, name: cases.applicantName, number: cases.caseNumber }).from(cases).where(inArray(cases.caseId, caseIds))
    : [];
  const labels = new Map(named.map((c) => [c.caseId, caseLabel(c.name, c.number)]));
  const message = (n: NotificationInput) => {
    const label = n.caseId ? labels.get(n.caseId) : undefined;
    return label && n.caseId ? nameCaseIn(n.message, n.caseId, label) : n.message;
  };
  const written = await db
    .insert(notifications)
    .values(notes.map((n) => ({ ...n, message: message(n), createdAt: new Date(n.createdAt) })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  // How many were new: those already told (the same event and recipient) count for nothing.
  return written.length;
}

/** Whose inbox: a role at a street or county; an approver's, of its department. */
export interface Recipient {
  role: Role;
  org: string;
  dept?: Department;
}

/** What a recipient reads of a notification (not the event key or the addressing). */
const inboxColumns = {
  id: notifications.id,
  caseId: notifications.caseId,
  kind: notifications.kind,
  message: notifications.message,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
};

export type InboxItem = Pick<typeof notifications.$inferSelect, keyof typeof inboxColumns>;

// Notifications written before departments were addressed went to civil affairs.
const addressedTo = (r: Recipient) =>
  and(
    eq(notifications.recipientRole, r.role),
    eq(notifications.recipientOrg, r.org),
    r.role === 'approver' ? eq(sql`coalesce(${notifications.recipientDept}, 'minzheng')`, departmentOf(r)) : undefined,
  );

export interface InboxPage {
  unreadOnly: boolean;
  /** The id of the last item of the previous page (newest-first order). */
  before?: number;
  kind?: string;
  sortBy?: 'createdAt' | 'kind' | 'readAt';
  sortOrder?: 'asc' | 'desc';
  offset?: number;
  limit: number;
}

const inboxWhere = (r: Recipient, page: InboxPage, withPosition: boolean) =>
  and(
    addressedTo(r),
    page.unreadOnly ? isNull(notifications.readAt) : undefined,
    page.kind ? eq(notifications.kind, page.kind) : undefined,
    withPosition && page.before ? lt(notifications.id, page.before) : undefined,
  );

/** Newest first (or by `sortBy`), up to `limit`, after the id `before` or `offset` items on. */
export async function inbox(db: Db, r: Recipient, page: InboxPage): Promise<InboxItem[]> {
  const dir = page.sortOrder === 'desc' ? desc : asc;
  const column = page.sortBy === 'createdAt' ? notifications.id : page.sortBy ? notifications[page.sortBy] : undefined;
  return db
    .select(inboxColumns)
    .from(notifications)
    .where(inboxWhere(r, page, true))
    .orderBy(...(column ? [dir(column), desc(notifications.id)] : [desc(notifications.id)]))
    .offset(page.offset ?? 0)
    .limit(page.limit);
}

/** How many of the recipient's notifications match (the position aside): the inbox's `total`. */
export async function inboxCount(db: Db, r: Recipient, page: InboxPage): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(inboxWhere(r, page, false));
  return row?.n ?? 0;
}

/**
 * Marks several of the recipient's notifications read, all or none: the ids that are not theirs, or
 * nothing marked and the rows (in the order asked) when all are.
 */
export async function markNotificationsRead(db: Db, r: Recipient, ids: readonly number[], at: Date): Promise<{ missing: number[] } | { rows: InboxItem[] }> {
  return db.transaction(async (tx) => {
    const mine = and(inArray(notifications.id, [...ids]), addressedTo(r));
    const found = await tx.select({ id: notifications.id }).from(notifications).where(mine);
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) return { missing };
    // The first reading is the one kept.
    await tx.update(notifications).set({ readAt: at }).where(and(mine, isNull(notifications.readAt)));
    const rows = await tx.select(inboxColumns).from(notifications).where(mine);
    return { rows: ids.map((id) => rows.find((row) => row.id === id)!) };
  });
}

/** Marks one of the recipient's notifications read and returns it; undefined if it is not theirs. */
export async function markNotificationRead(db: Db, r: Recipient, id: number, at: Date): Promise<InboxItem | undefined> {
  const mine = and(eq(notifications.id, id), addressedTo(r));
  // The first reading is the one kept: marking twice changes nothing.
  await db.update(notifications).set({ readAt: at }).where(and(mine, isNull(notifications.readAt)));
  const [row] = await db.select(inboxColumns).from(notifications).where(mine);
  return row;
}
