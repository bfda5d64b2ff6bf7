import { and, desc, eq, inArray, like, lt, sql } from 'drizzle-orm';
import { COUNTING, type ServiceOrderStatus } from '../domain/services.js';
import type { Month } from '../domain/months.js';
import type { Db, DbOrTx } from './client.js';
import { serviceOrders } from './schema.js';
import { inOrg } from './org-scope.js';

export type ServiceOrderRow = typeof serviceOrders.$inferSelect;
export type NewServiceOrder = Omit<typeof serviceOrders.$inferInsert, 'id' | 'orderId' | 'status' | 'verifiedAt' | 'createdAt'>;

/** What an order counts against: the person's month, and the county's year. */
export interface CapUse {
  personMonthFen: number;
  countyYearFen: number;
}

/**
 * Places an order if `decide` lets it, given what the person's month and the county's year already
 * hold — both read under the county's lock, so two orders at once cannot both fit in the last room.
 * `decide` throws to refuse. A retried request (its request id) answers the order it placed.
 */
export async function placeOrder(db: Db, order: NewServiceOrder & { requestId: string }, decide: (used: CapUse) => void): Promise<ServiceOrderRow> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`service-orders:${order.countyCode}`}))`);
    const [placed] = await tx.select().from(serviceOrders).where(eq(serviceOrders.requestId, order.requestId));
    if (placed) return placed;
    const counting = inArray(serviceOrders.status, [...COUNTING]);
    const [person] = await tx
      .select({ fen: sql<string>`coalesce(sum(${serviceOrders.amountFen}), 0)::text` })
      .from(serviceOrders)
      .where(and(eq(serviceOrders.personIdHash, order.personIdHash), eq(serviceOrders.month, order.month), counting));
    const [county] = await tx
      .select({ fen: sql<string>`coalesce(sum(${serviceOrders.amountFen}), 0)::text` })
      .from(serviceOrders)
      .where(and(eq(serviceOrders.countyCode, order.countyCode), like(serviceOrders.month, `${order.month.slice(0, 4)}-%`), counting));
    decide({ personMonthFen: Number(person!.fen), countyYearFen: Number(county!.fen) });
    const [row] = await tx.insert(serviceOrders).values(order).returning();
    return row!;
  });
}

export async function findOrder(db: DbOrTx, orderId: string): Promise<ServiceOrderRow | undefined> {
  const [row] = await db.select().from(serviceOrders).where(eq(serviceOrders.orderId, orderId));
  return row;
}

/** One step on an order under its row lock; `decide` throws to refuse. */
export async function stepOrder(
  db: Db,
  orderId: string,
  decide: (row: ServiceOrderRow) => { status: ServiceOrderStatus; verifiedAt?: Date; step: ServiceOrderRow['history'][number] },
): Promise<ServiceOrderRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(serviceOrders).where(eq(serviceOrders.orderId, orderId)).for('update');
    if (!row) return undefined;
    const { step, ...change } = decide(row);
    const [updated] = await tx
      .update(serviceOrders)
      .set({ ...change, history: sql`${serviceOrders.history} || ${JSON.stringify([step])}::jsonb` })
      .where(eq(serviceOrders.id, row.id))
      .returning();
    return updated;
  });
}

/** A street's (or, 6 digits, a county's) orders, newest first. */
export async function listOrders(db: DbOrTx, f: { orgCode: string; status?: ServiceOrderStatus; month?: Month; beforeId?: number; limit: number }): Promise<ServiceOrderRow[]> {
  return db
    .select()
    .from(serviceOrders)
    .where(
      and(
        inOrg(serviceOrders, f.orgCode),
        f.status ? eq(serviceOrders.status, f.status) : undefined,
        f.month ? eq(serviceOrders.month, f.month) : undefined,
        f.beforeId !== undefined ? lt(serviceOrders.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(serviceOrders.id))
    .limit(f.limit);
}
