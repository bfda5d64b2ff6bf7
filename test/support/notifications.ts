import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { notifications } from '../../src/db/schema.js';

/** The notifications the service wrote about a case, of one kind, read from the table. */
export const notificationsOf = (db: Db, caseId: string, kind: string) =>
  db.select().from(notifications).where(and(eq(notifications.caseId, caseId), eq(notifications.kind, kind)));

/** Who was told, as sorted `role:org` strings. */
export const recipientsOf = async (db: Db, caseId: string, kind: string) =>
  (await notificationsOf(db, caseId, kind)).map((n) => `${n.recipientRole}:${n.recipientOrg}`).sort();
