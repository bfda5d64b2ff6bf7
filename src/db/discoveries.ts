import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import { PENDING_DISCOVERY, type DiscoveryStatus, type DiscoveryStep } from '../domain/discoveries.js';
import type { Db, DbOrTx } from './client.js';
import { campaignPushes, campaigns, discoveries } from './schema.js';
import { inOrg } from './org-scope.js';

export type DiscoveryRow = typeof discoveries.$inferSelect;
export type NewDiscovery = Omit<typeof discoveries.$inferInsert, 'id' | 'discoveryId' | 'status' | 'createdAt'>;
export type CampaignRow = typeof campaigns.$inferSelect;

/**
 * Reports, many at once (a department's match list): each person and source has at most one pending
 * discovery — a row whose person is already pending from that source, in the table or earlier in the
 * same list, opens nothing. One statement over the list as one JSON parameter (a list of 10,000 rows
 * is 160,000 values: past PostgreSQL's parameter limit, and most of the time a query builder would
 * spend). Answers the ids written and how many rows were pending already.
 */
export async function reportDiscoveries(db: DbOrTx, rows: NewDiscovery[]): Promise<{ createdIds: number[]; existing: number }> {
  if (rows.length === 0) return { createdIds: [], existing: 0 };
  const written = await db.execute<{ id: number }>(sql`
    insert into discoveries (source, org_code, county_code, person_name, person_id_hash, person_id_masked, person_key, address, situation,
                             found_on, visit_due_date, history, request_id, created_by)
    select r.source, r."orgCode", r."countyCode", r."personName", r."personIdHash", r."personIdMasked", r."personKey", r.address, r.situation,
           r."foundOn"::date, r."visitDueDate"::date, r.history, r."requestId", r."createdBy"
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source text, "orgCode" text, "countyCode" text, "personName" text, "personIdHash" text,
           "personIdMasked" text, "personKey" text, address text, situation text, "foundOn" text, "visitDueDate" text, history jsonb, "requestId" text, "createdBy" text)
    on conflict (source, person_key) where status in ('open', 'visited') do nothing
    returning id`);
  const createdIds = written.map((r) => Number(r.id));
  return { createdIds, existing: rows.length - createdIds.length };
}

/** A discovery by its row id, the one a request wrote, or the pending one of a person from a source. */
export async function discoveryBy(db: DbOrTx, by: { id: number } | { source: string; personKey: string } | { requestId: string }): Promise<DiscoveryRow | undefined> {
  const where =
    'id' in by
      ? eq(discoveries.id, by.id)
      : 'requestId' in by
      ? eq(discoveries.requestId, by.requestId)
      : and(eq(discoveries.source, by.source as DiscoveryRow['source']), eq(discoveries.personKey, by.personKey), inArray(discoveries.status, [...PENDING_DISCOVERY]));
  const [row] = await db.select().from(discoveries).where(where);
  return row;
}

export async function findDiscovery(db: DbOrTx, discoveryId: string): Promise<DiscoveryRow | undefined> {
  const [row] = await db.select().from(discoveries).where(eq(discoveries.discoveryId, discoveryId));
  return row;
}

/** One step, decided by `decide` over the discovery as it stands under a row lock; `decide` throws to refuse. */
export async function stepDiscovery(
  db: Db,
  discoveryId: string,
  decide: (row: DiscoveryRow) => Promise<{ change: Partial<Pick<DiscoveryRow, 'status' | 'visitedOn' | 'findings' | 'applicationId' | 'outcome'>>; step: DiscoveryStep }>,
): Promise<DiscoveryRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(discoveries).where(eq(discoveries.discoveryId, discoveryId)).for('update');
    if (!row) return undefined;
    const { change, step } = await decide(row);
    const [updated] = await tx
      .update(discoveries)
      .set({ ...change, history: sql`${discoveries.history} || ${JSON.stringify([step])}::jsonb` })
      .where(eq(discoveries.id, row.id))
      .returning();
    return updated;
  });
}

export interface DiscoveryFilter {
  /** A street's, or (6 digits) every street's of a county. */
  orgCode: string;
  status?: DiscoveryStatus;
  /** Only those still unvisited after their due date. */
  overdueOn?: IsoDate;
  beforeId?: number;
  limit: number;
}

const filterOf = (f: Omit<DiscoveryFilter, 'limit' | 'beforeId'>) =>
  and(
    inOrg(discoveries, f.orgCode),
    f.status ? eq(discoveries.status, f.status) : undefined,
    f.overdueOn ? and(eq(discoveries.status, 'open'), lt(discoveries.visitDueDate, f.overdueOn)) : undefined,
  );

/** Overdue first by due date when asked for overdue ones; otherwise newest first. */
export async function listDiscoveries(db: DbOrTx, f: DiscoveryFilter): Promise<DiscoveryRow[]> {
  return db
    .select()
    .from(discoveries)
    .where(and(filterOf(f), f.beforeId !== undefined ? lt(discoveries.id, f.beforeId) : undefined))
    .orderBy(...(f.overdueOn ? [asc(discoveries.visitDueDate), desc(discoveries.id)] : [desc(discoveries.id)]))
    .limit(f.limit);
}

export async function countDiscoveries(db: DbOrTx, f: Omit<DiscoveryFilter, 'limit' | 'beforeId'>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(discoveries).where(filterOf(f));
  return row!.n;
}

/** Opens a county's campaign of a year; undefined when it has one already. */
export async function openCampaign(db: DbOrTx, c: Omit<CampaignRow, 'openedAt'>): Promise<CampaignRow | undefined> {
  const [row] = await db.insert(campaigns).values(c).onConflictDoNothing().returning();
  return row;
}

export async function findCampaign(db: DbOrTx, by: { campaignId: string } | { countyCode: string; year: number }): Promise<CampaignRow | undefined> {
  const where = 'campaignId' in by ? eq(campaigns.campaignId, by.campaignId) : and(eq(campaigns.countyCode, by.countyCode), eq(campaigns.year, by.year));
  const [row] = await db.select().from(campaigns).where(where);
  return row;
}

/** The ledger of a county's year (or of one of its streets), street by street: people found, visited and invited to apply in it, and those overdue today. */
export async function campaignLedger(db: DbOrTx, countyCode: string, from: IsoDate, to: IsoDate, today: IsoDate, street?: string) {
  return db
    .select({
      orgCode: discoveries.orgCode,
      discovered: sql<number>`count(*) filter (where ${discoveries.foundOn} between ${from} and ${to})::int`,
      visited: sql<number>`count(*) filter (where ${discoveries.visitedOn} between ${from} and ${to})::int`,
      invited: sql<number>`count(*) filter (where ${discoveries.status} = 'invited' and ${discoveries.visitedOn} between ${from} and ${to})::int`,
      overdue: sql<number>`count(*) filter (where ${discoveries.status} = 'open' and ${discoveries.visitDueDate} < ${today})::int`,
    })
    .from(discoveries)
    .where(
      and(
        eq(discoveries.countyCode, countyCode),
        street ? eq(discoveries.orgCode, street) : undefined,
        sql`(${discoveries.foundOn} between ${from} and ${to} or ${discoveries.visitedOn} between ${from} and ${to})`,
      ),
    )
    .groupBy(discoveries.orgCode)
    .orderBy(asc(discoveries.orgCode));
}

/** Every discovery of a county still unvisited after its due date as `date` begins (the daily care watch). */
export async function overdueDiscoveriesOf(db: DbOrTx, countyCode: string, date: IsoDate): Promise<DiscoveryRow[]> {
  return db.select().from(discoveries).where(filterOf({ orgCode: countyCode, overdueOn: date })).orderBy(asc(discoveries.visitDueDate), asc(discoveries.id));
}

/** Per street of a county (or of the one street): the discoveries unvisited after their due date today. */
export async function overdueDiscoveriesByStreet(db: DbOrTx, orgCode: string, today: IsoDate): Promise<Array<{ orgCode: string; n: number }>> {
  return db
    .select({ orgCode: discoveries.orgCode, n: sql<number>`count(*)::int` })
    .from(discoveries)
    .where(filterOf({ orgCode, overdueOn: today }))
    .groupBy(discoveries.orgCode);
}

export type CampaignPushRow = typeof campaignPushes.$inferSelect;

/** A street's list pushed to the county, with the counts it carried. */
export async function recordCampaignPush(db: DbOrTx, p: Omit<CampaignPushRow, 'pushId' | 'pushedAt'>): Promise<CampaignPushRow> {
  const [row] = await db.insert(campaignPushes).values(p).returning();
  return row!;
}

/** Each street's latest push of a campaign. */
export async function latestCampaignPushes(db: DbOrTx, campaignId: string): Promise<CampaignPushRow[]> {
  return db
    .selectDistinctOn([campaignPushes.orgCode])
    .from(campaignPushes)
    .where(eq(campaignPushes.campaignId, campaignId))
    .orderBy(campaignPushes.orgCode, desc(campaignPushes.pushedAt), desc(campaignPushes.pushId));
}
