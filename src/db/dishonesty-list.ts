import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import type { DishonestyEntryRef } from '../domain/views.js';
import type { Db } from './client.js';
import { cases, dishonestyEntries } from './schema.js';

/** Entries in force on a date: an applicant on the list is flagged, never refused silently. */
export async function activeDishonestyEntries(db: Db, applicantIdHash: string, onDate: IsoDate): Promise<DishonestyEntryRef[]> {
  const rows = await db
    .select()
    .from(dishonestyEntries)
    .where(and(eq(dishonestyEntries.applicantIdHash, applicantIdHash), sql`${dishonestyEntries.startDate} <= ${onDate}`, gte(dishonestyEntries.expiresOn, onDate)))
    .orderBy(asc(dishonestyEntries.startDate));
  return rows.map((r) => ({ reason: r.reason, sourceCaseId: r.sourceCaseId, startDate: r.startDate, expiresOn: r.expiresOn }));
}

/** Every entry for one person, in force or not, newest first, with the county of the case that listed them. */
export async function listDishonestyEntries(db: Db, applicantIdHash: string) {
  return db
    .select({
      applicantIdMasked: dishonestyEntries.applicantIdMasked,
      reason: dishonestyEntries.reason,
      sourceCaseId: dishonestyEntries.sourceCaseId,
      startDate: dishonestyEntries.startDate,
      expiresOn: dishonestyEntries.expiresOn,
      countyCode: cases.countyCode,
    })
    .from(dishonestyEntries)
    .leftJoin(cases, eq(cases.caseId, dishonestyEntries.sourceCaseId))
    .where(eq(dishonestyEntries.applicantIdHash, applicantIdHash))
    .orderBy(desc(dishonestyEntries.startDate));
}
