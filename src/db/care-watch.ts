import { sql } from 'drizzle-orm';
import { countySummaryNote, type CareWatchCounts } from '../domain/care-watch.js';
import type { IsoDate } from '../domain/dates.js';
import type { NotificationInput } from '../domain/views.js';
import type { Db, DbOrTx } from './client.js';
import { insertNotifications } from './notifications.js';

// The daily care watch's reads and its one write (the notes are the domain's: src/domain/care-watch.ts).

/** The counties the daily care watch covers: those with a discovery to visit or a benefit to keep in touch with. */
export async function countiesToWatch(db: DbOrTx): Promise<string[]> {
  const rows = await db.execute<{ county_code: string }>(sql`
    select county_code from discoveries where status = 'open' union select county_code from benefits where status <> 'stopped' order by 1`);
  return rows.map((r) => r.county_code);
}

/**
 * A county's day told in one transaction: the caseworkers' notes (each kept once by its key), then the
 * supervisors' count of them with how many were new — so a retry after a commit finds every note told
 * and the day's count stored, and tells nobody anything twice.
 */
export async function recordCareWatch(db: Db, day: { countyCode: string; date: IsoDate; at: string; visitNotes: NotificationInput[]; contactNotes: NotificationInput[] }): Promise<CareWatchCounts> {
  return db.transaction(async (tx) => {
    const counts = {
      discoveries: day.visitNotes.length,
      newDiscoveries: await insertNotifications(tx, day.visitNotes),
      contacts: day.contactNotes.length,
      newContacts: await insertNotifications(tx, day.contactNotes),
    };
    const summary = countySummaryNote({ countyCode: day.countyCode, date: day.date, ...counts }, day.at);
    if (summary) await insertNotifications(tx, [summary]);
    return counts;
  });
}
