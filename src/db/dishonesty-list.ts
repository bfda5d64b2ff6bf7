import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import type { DishonestyStatus } from '../domain/dishonesty.js';
import type { DishonestyEntryRef } from '../domain/views.js';
import type { Db } from './client.js';
import { cases, dishonestyEntries } from './schema.js';

/** The statuses that are a listing: confirmed, appealed (an appeal does not lift it); never a proposal, a rejection or a removal. */
const LISTING: DishonestyStatus[] = ['listed', 'appealed'];

/** Entries in force on a date: an applicant on the list is flagged, never refused silently. */
export async function activeDishonestyEntries(db: Db, applicantIdHash: string, onDate: IsoDate): Promise<DishonestyEntryRef[]> {
  const rows = await db
    .select()
    .from(dishonestyEntries)
    .where(
      and(
        eq(dishonestyEntries.applicantIdHash, applicantIdHash),
        inArray(dishonestyEntries.status, LISTING),
        sql`${dishonestyEntries.startDate} <= ${onDate}`,
        gte(dishonestyEntries.expiresOn, onDate),
      ),
    )
    .orderBy(asc(dishonestyEntries.startDate));
  // A listing has its dates (the table's dishonesty_listed_dates check).
  return rows.map((r) => ({ reason: r.reason, sourceCaseId: r.sourceCaseId, startDate: r.startDate!, expiresOn: r.expiresOn! }));
}

/** Every listing of one person, in force or not, newest first, with the county that listed them. */
export async function listDishonestyEntries(db: Db, applicantIdHash: string) {
  const rows = await db
    .select({
      applicantIdMasked: dishonestyEntries.applicantIdMasked,
      reason: dishonestyEntries.reason,
      sourceCaseId: dishonestyEntries.sourceCaseId,
      startDate: dishonestyEntries.startDate,
      expiresOn: dishonestyEntries.expiresOn,
      countyCode: sql<string | null>`coalesce(${dishonestyEntries.countyCode}, ${cases.countyCode})`,
    })
    .from(dishonestyEntries)
    .leftJoin(cases, eq(cases.caseId, dishonestyEntries.sourceCaseId))
    .where(and(eq(dishonestyEntries.applicantIdHash, applicantIdHash), inArray(dishonestyEntries.status, LISTING)))
    .orderBy(desc(dishonestyEntries.startDate));
  return rows.map((r) => ({ ...r, applicantIdMasked: r.applicantIdMasked!, startDate: r.startDate!, expiresOn: r.expiresOn! }));
}
