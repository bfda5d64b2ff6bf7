import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Month } from '../domain/months.js';
import { settlementLines } from '../domain/services.js';
import type { Db, DbOrTx } from './client.js';
import { serviceOrders, serviceProviders, serviceSettlementLines, serviceSettlementOrders, serviceSettlements } from './schema.js';

export type ProviderRow = typeof serviceProviders.$inferSelect;
export type SettlementRow = typeof serviceSettlements.$inferSelect;
type Counted = SettlementRow & { lines: number; failedLines: number };
export type SettlementLineRow = typeof serviceSettlementLines.$inferSelect;
type Step = SettlementRow['history'][number];

/** A provider's account set (or replaced), the step kept in its history with the masked account. */
export async function setProviderAccount(
  db: Db,
  p: { countyCode: string; name: string; bankName: string; accountEncrypted: string; accountMasked: string; step: Step },
): Promise<ProviderRow> {
  const entry = JSON.stringify([{ ...p.step, accountMasked: p.accountMasked }]);
  const [row] = await db
    .insert(serviceProviders)
    .values({ countyCode: p.countyCode, name: p.name, bankName: p.bankName, accountEncrypted: p.accountEncrypted, accountMasked: p.accountMasked, history: sql`${entry}::jsonb` })
    .onConflictDoUpdate({
      target: [serviceProviders.countyCode, serviceProviders.name],
      set: { bankName: p.bankName, accountEncrypted: p.accountEncrypted, accountMasked: p.accountMasked, updatedAt: new Date(), history: sql`${serviceProviders.history} || ${entry}::jsonb` },
    })
    .returning();
  return row!;
}

export async function listProviders(db: DbOrTx, countyCode: string): Promise<ProviderRow[]> {
  return db.select().from(serviceProviders).where(eq(serviceProviders.countyCode, countyCode)).orderBy(asc(serviceProviders.name));
}

export type SettleOutcome = { settlement: SettlementRow } | { refused: 'nothing' | 'already'; withoutAccount: string[] };

/**
 * Settles a county's verified, unsettled orders of a month: one settlement, one line per provider with an
 * account on record (its account copied as it is now), each order claimed in service_settlement_orders
 * (keyed by order: a second claim fails whatever happens here) and marked settled. Under the county's
 * service-order lock, so two requests at once make one settlement and the other finds nothing left.
 */
export async function settleMonth(db: Db, s: { countyCode: string; month: Month; step: Step; createdBy: string }): Promise<SettleOutcome> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`service-orders:${s.countyCode}`}))`);
    const ofMonth = and(eq(serviceOrders.countyCode, s.countyCode), eq(serviceOrders.month, s.month));
    const orders = await tx
      .select({ orderId: serviceOrders.orderId, provider: serviceOrders.provider, amountFen: serviceOrders.amountFen })
      .from(serviceOrders)
      .where(and(ofMonth, eq(serviceOrders.status, 'verified'), isNull(serviceOrders.settlementId)))
      .orderBy(asc(serviceOrders.id))
      .for('update');
    const accounts = new Map((await listProviders(tx, s.countyCode)).map((p) => [p.name, p]));
    const { lines, withoutAccount } = settlementLines(
      orders.map((o) => ({ ...o, orderId: o.orderId! })),
      (provider) => accounts.get(provider),
    );
    if (lines.length === 0) {
      const [settled] = await tx.select({ id: serviceOrders.id }).from(serviceOrders).where(and(ofMonth, eq(serviceOrders.status, 'settled'))).limit(1);
      return { refused: settled && withoutAccount.length === 0 ? 'already' : 'nothing', withoutAccount };
    }
    const [settlement] = await tx
      .insert(serviceSettlements)
      .values({
        countyCode: s.countyCode,
        month: s.month,
        orders: lines.reduce((n, l) => n + l.orderIds.length, 0),
        amountFen: lines.reduce((n, l) => n + l.amountFen, 0),
        history: [{ ...s.step, lines: lines.length }],
        createdBy: s.createdBy,
      })
      .returning();
    const settlementId = settlement!.settlementId!;
    await tx.insert(serviceSettlementLines).values(
      lines.map((l) => ({ settlementId, line: l.line, provider: l.provider, bankName: l.account.bankName, accountEncrypted: l.account.accountEncrypted, accountMasked: l.account.accountMasked, orders: l.orderIds.length, amountFen: l.amountFen })),
    );
    await tx.insert(serviceSettlementOrders).values(lines.flatMap((l) => l.orderIds.map((orderId) => ({ orderId, settlementId, line: l.line }))));
    const orderStep = JSON.stringify([{ action: 'settle', at: s.step.at, by: s.step.by, settlementId }]);
    await tx
      .update(serviceOrders)
      .set({ status: 'settled', settlementId, history: sql`${serviceOrders.history} || ${orderStep}::jsonb` })
      .where(inArray(serviceOrders.orderId, lines.flatMap((l) => l.orderIds)));
    return { settlement: settlement! };
  });
}

/** A settlement with how many lines it has, and how many of them the bank returned. */
const counted = (db: DbOrTx) =>
  db
    .select({
      ...getTableColumns(serviceSettlements),
      lines: sql<number>`(select count(*)::int from service_settlement_lines l where l.settlement_id = service_settlements.settlement_id)`,
      failedLines: sql<number>`(select count(*)::int from service_settlement_lines l where l.settlement_id = service_settlements.settlement_id and l.status = 'failed')`,
    })
    .from(serviceSettlements);

export async function findSettlement(db: DbOrTx, settlementId: string): Promise<Counted | undefined> {
  const [row] = await counted(db).where(eq(serviceSettlements.settlementId, settlementId));
  return row;
}

export async function linesOf(db: DbOrTx, settlementId: string): Promise<SettlementLineRow[]> {
  return db.select().from(serviceSettlementLines).where(eq(serviceSettlementLines.settlementId, settlementId)).orderBy(asc(serviceSettlementLines.line));
}

/** A county's settlements, newest first. */
export async function listSettlements(db: DbOrTx, f: { countyCode: string; month?: Month; beforeId?: number; limit: number }): Promise<Counted[]> {
  return counted(db)
    .where(and(eq(serviceSettlements.countyCode, f.countyCode), f.month ? eq(serviceSettlements.month, f.month) : undefined, f.beforeId !== undefined ? lt(serviceSettlements.id, f.beforeId) : undefined))
    .orderBy(desc(serviceSettlements.id))
    .limit(f.limit);
}

/** A step kept in the settlement's history (the bank file produced: who read the accounts, when). */
export async function noteSettlementStep(db: DbOrTx, settlementId: string, step: Step): Promise<void> {
  await db
    .update(serviceSettlements)
    .set({ history: sql`${serviceSettlements.history} || ${JSON.stringify([step])}::jsonb` })
    .where(eq(serviceSettlements.settlementId, settlementId));
}

/**
 * The bank's returns: each named line of this settlement becomes failed with its reason (else the index of
 * the first that is not a line of it); a line already failed stays as it was. The step joins the history.
 */
export async function recordSettlementReturns(db: Db, settlementId: string, items: { line: number; reason: string }[], step: Step): Promise<{ failed: number } | { badIndex: number }> {
  return db.transaction(async (tx) => {
    const known = new Set((await linesOf(tx, settlementId)).map((l) => l.line));
    const badIndex = items.findIndex((i) => !known.has(i.line));
    if (badIndex >= 0) return { badIndex };
    let failed = 0;
    for (const i of items) {
      const done = await tx
        .update(serviceSettlementLines)
        .set({ status: 'failed', failureReason: i.reason })
        .where(and(eq(serviceSettlementLines.settlementId, settlementId), eq(serviceSettlementLines.line, i.line), eq(serviceSettlementLines.status, 'sent')))
        .returning({ line: serviceSettlementLines.line });
      failed += done.length;
    }
    await noteSettlementStep(tx, settlementId, { ...step, failed });
    return { failed };
  });
}

/** The providers of a county's verified, unsettled orders of a month that have no account on record: their orders wait. */
export async function providersWithoutAccount(db: DbOrTx, countyCode: string, month: Month): Promise<string[]> {
  const rows = await db
    .selectDistinct({ provider: serviceOrders.provider })
    .from(serviceOrders)
    .leftJoin(serviceProviders, and(eq(serviceProviders.countyCode, serviceOrders.countyCode), eq(serviceProviders.name, serviceOrders.provider)))
    .where(and(eq(serviceOrders.countyCode, countyCode), eq(serviceOrders.month, month), eq(serviceOrders.status, 'verified'), isNull(serviceProviders.name)))
    .orderBy(asc(serviceOrders.provider));
  return rows.map((r) => r.provider);
}

/** The orders a settlement paid, in order. */
export async function ordersOf(db: DbOrTx, settlementId: string): Promise<string[]> {
  const rows = await db.select({ orderId: serviceSettlementOrders.orderId }).from(serviceSettlementOrders).where(eq(serviceSettlementOrders.settlementId, settlementId)).orderBy(asc(serviceSettlementOrders.line), asc(serviceSettlementOrders.orderId));
  return rows.map((r) => r.orderId);
}
