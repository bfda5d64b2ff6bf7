import { and, asc, count, desc, eq, min, sql } from 'drizzle-orm';
import { msg, type Message } from '../domain/catalogue.js';
import type { Standards } from '../domain/benefits.js';
import { addMonths, type Month } from '../domain/months.js';
import type { Actor } from '../domain/roles.js';
import { SPENT } from '../domain/services.js';
import { payeeAmountSql, standardsRows } from './benefit-amounts.js';
import { countyLock } from './benefits.js';
import type { Db, DbOrTx } from './client.js';
import { standardsFor } from './policies.js';
import { benefitPayments, benefits, payrolls } from './schema.js';

export type PayrollRow = typeof payrolls.$inferSelect;

/** One payroll per county and month: a second request finds the first. */
const payrollIdFor = (countyCode: string, month: Month) => `payroll-${countyCode}-${month}`;

export async function createPayroll(db: DbOrTx, p: { countyCode: string; month: Month; actor: Actor; at: Date }): Promise<{ row: PayrollRow; created: boolean }> {
  const payrollId = payrollIdFor(p.countyCode, p.month);
  const [created] = await db
    .insert(payrolls)
    .values({ payrollId, countyCode: p.countyCode, month: p.month, status: 'preparing', requestedBy: p.actor.sub, requestedAt: p.at })
    .onConflictDoNothing()
    .returning();
  if (created) return { row: created, created: true };
  return { row: (await findPayroll(db, payrollId))!, created: false };
}

/** The first month any benefit of the county pays (null: none yet): no payroll reaches before it. */
export async function firstBenefitMonth(db: DbOrTx, countyCode: string): Promise<Month | null> {
  const [row] = await db.select({ first: min(benefits.firstMonth) }).from(benefits).where(eq(benefits.countyCode, countyCode));
  return row?.first ?? null;
}

export async function findPayroll(db: DbOrTx, payrollId: string): Promise<PayrollRow | undefined> {
  const [row] = await db.select().from(payrolls).where(eq(payrolls.payrollId, payrollId));
  return row;
}

/**
 * Prepares a county's month in one statement: every benefit in force with each month it is owed
 * (this month, and earlier ones a late approval or a lifted suspension left unpaid) and its basis;
 * the amounts follow each month's standards, and one payment per (benefit, month, payee) is inserted — a conflict
 * (a second run, a retry after a crash) inserts nothing. Failed and held payments of earlier payrolls
 * move into this one, still one row each. Excludes the county's benefit writes while it runs.
 */
export async function preparePayroll(db: Db, payrollId: string): Promise<PayrollRow> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(payrolls).where(eq(payrolls.payrollId, payrollId)).for('update');
    if (!p) throw new Error(`payroll ${payrollId} not found`);
    if (p.status !== 'preparing') return p;
    await countyLock(tx, p.countyCode, 'exclusive');
    // Each benefit's owed months: after the last month it has rows for, through this month (or its last).
    const owed = sql`b.county_code = ${p.countyCode} and b.first_month <= ${p.month} and b.status <> 'suspended'
      and (b.covered_through is null or b.covered_through < least(${p.month}, coalesce(b.last_month, ${p.month})))`;
    // The standards of every month owed (usually this one; a late approval's earlier months too).
    const [from] = await tx.execute<{ month: Month | null }>(sql`
      select min(greatest(b.first_month, to_char(to_date(b.covered_through, 'YYYY-MM') + interval '1 month', 'YYYY-MM'))) as month
        from benefits b where ${owed}`);
    const standards = new Map<Month, Standards>();
    for (let m = from?.month; m && m <= p.month; m = addMonths(m, 1)) standards.set(m, await standardsFor(tx, p.countyCode, m));
    // One statement: each benefit's owed months, the basis in force in each, one row per payee line with
    // its amount (the SQL twin of amountsOf), held when the payee has no account on file. A line with
    // nothing to pay is no payment; an amount the statement cannot compute (null) fails the insert.
    if (standards.size > 0) {
      await tx.execute(sql`
        insert into benefit_payments (benefit_id, month, payee, payroll_id, county_code, org_code, type, amount_fen, status, attempts, updated_at)
        select a.benefit_id, a.month, a.payee, ${payrollId}, ${p.countyCode}, a.org_code, a.type, a.amount,
               case when exists (select 1 from benefit_payees x where x.benefit_id = a.benefit_id and x.payee = a.payee and x.account_encrypted is not null)
                    then 'prepared' else 'held' end,
               1, now()
          from (
            select d.benefit_id, d.org_code, d.type, d.month, line->>'payee' as payee, ${payeeAmountSql} as amount
              from (
                -- The basis in force in each owed month: the latest from that month or before, found by
                -- joining the two tables whole rather than one index look-up per benefit.
                select distinct on (o.benefit_id, o.month) o.benefit_id, o.org_code, o.type, o.month, x.basis
                  from (
                    select b.benefit_id, b.org_code, b.type, to_char(m, 'YYYY-MM') as month
                      from benefits b
                      cross join lateral generate_series(
                        to_date(coalesce(greatest(b.first_month, to_char(to_date(b.covered_through, 'YYYY-MM') + interval '1 month', 'YYYY-MM')), b.first_month), 'YYYY-MM'),
                        to_date(least(${p.month}, coalesce(b.last_month, ${p.month})), 'YYYY-MM'),
                        interval '1 month') as m
                     where ${owed}
                  ) o
                  join benefit_bases x on x.benefit_id = o.benefit_id and x.from_month <= o.month
                 order by o.benefit_id, o.month, x.from_month desc
              ) d
              join ${standardsRows(standards)} on s.month = d.month
              cross join lateral jsonb_array_elements(d.basis->'payees') as l(line)
          ) a
         where a.amount is distinct from 0
        on conflict do nothing`);
    }
    await tx.execute(sql`update benefits b set covered_through = least(${p.month}, coalesce(b.last_month, ${p.month})) where ${owed}`);
    // Returned and held payments of earlier, sent payrolls are paid again here, once, if still owed
    // (a payroll not yet sent keeps what it holds: it reads the same once sent).
    await tx.execute(sql`
      update benefit_payments bp
         set payroll_id = ${payrollId},
             status = case when exists (select 1 from benefit_payees x where x.benefit_id = bp.benefit_id and x.payee = bp.payee and x.account_encrypted is not null)
                           then 'prepared' else 'held' end,
             attempts = bp.attempts + 1,
             updated_at = now()
        from benefits b
       where b.benefit_id = bp.benefit_id and bp.county_code = ${p.countyCode} and bp.status in ('failed', 'held')
         and bp.payroll_id <> ${payrollId} and bp.month <= ${p.month}
         and exists (select 1 from payrolls q where q.payroll_id = bp.payroll_id and q.status = 'sent')
         and (b.last_month is null or b.last_month >= bp.month) and b.status <> 'suspended'`);
    const [prepared] = await tx.update(payrolls).set({ status: 'prepared', preparedAt: new Date() }).where(eq(payrolls.payrollId, payrollId)).returning();
    return prepared!;
  });
}

/** The county approver's release: the payroll is final from here. */
export async function releasePayroll(db: DbOrTx, payrollId: string, actor: Actor, at: Date): Promise<PayrollRow> {
  const [row] = await db
    .update(payrolls)
    .set({ status: 'released', releasedBy: actor.sub, releasedAt: at })
    .where(and(eq(payrolls.payrollId, payrollId), eq(payrolls.status, 'prepared')))
    .returning();
  return row ?? (await findPayroll(db, payrollId))!;
}

/**
 * The bank file is produced from here on: the payments it carries are sent, and each attempt is kept
 * as sent (amount, payee, encrypted account), so the payroll reads the same after a return moves one on;
 * so is each payment it holds (no account on file), after a later payroll takes it on.
 */
export async function markPayrollSent(db: Db, payrollId: string, at: Date): Promise<PayrollRow> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into benefit_payment_holds (benefit_id, month, payee, attempt, payroll_id, amount_fen, name, held_at)
      select p.benefit_id, p.month, p.payee, p.attempts, p.payroll_id, p.amount_fen, y.name, ${at.toISOString()}::timestamptz
        from benefit_payments p join benefit_payees y using (benefit_id, payee)
       where p.payroll_id = ${payrollId} and p.status = 'held'
      on conflict do nothing`);
    await tx.execute(sql`
      insert into benefit_payment_attempts (benefit_id, month, payee, attempt, payroll_id, amount_fen, name, bank_name, account_encrypted, account_masked, status, sent_at)
      select p.benefit_id, p.month, p.payee, p.attempts, p.payroll_id, p.amount_fen, y.name, y.bank_name, y.account_encrypted, y.account_masked, 'sent', ${at.toISOString()}::timestamptz
        from benefit_payments p join benefit_payees y using (benefit_id, payee)
       where p.payroll_id = ${payrollId} and p.status = 'prepared' and y.account_encrypted is not null
      on conflict do nothing`);
    await tx
      .update(benefitPayments)
      .set({ status: 'sent', sentAt: at, updatedAt: at })
      .where(and(eq(benefitPayments.payrollId, payrollId), eq(benefitPayments.status, 'prepared')));
    const [row] = await tx.update(payrolls).set({ status: 'sent', sentAt: at }).where(and(eq(payrolls.payrollId, payrollId), eq(payrolls.status, 'released'))).returning();
    return row ?? (await findPayroll(tx, payrollId))!;
  });
}

/**
 * A payroll's lines: what it sent, as sent (its attempts, returned ones `failed` even after the next
 * payroll took them on), what it held when it was sent (`held` even after a later payroll paid them),
 * and the payments it holds that it has not sent (prepared, held, cancelled).
 */
const linesOf = (payrollId: string) => sql`(
  select a.benefit_id, a.month, a.payee, p.org_code, p.type, a.amount_fen, a.status, a.attempt as attempts, a.failure_reason,
         a.name, a.bank_name, a.account_encrypted, a.account_masked, p.payroll_id <> a.payroll_id as moved
    from benefit_payment_attempts a join benefit_payments p using (benefit_id, month, payee)
   where a.payroll_id = ${payrollId}
  union all
  select h.benefit_id, h.month, h.payee, p.org_code, p.type, h.amount_fen, 'held', h.attempt, null,
         h.name, null, null, null, p.payroll_id <> h.payroll_id
    from benefit_payment_holds h join benefit_payments p using (benefit_id, month, payee)
   where h.payroll_id = ${payrollId}
  union all
  select p.benefit_id, p.month, p.payee, p.org_code, p.type, p.amount_fen, p.status, p.attempts, p.failure_reason,
         y.name, y.bank_name, y.account_encrypted, y.account_masked, false
    from benefit_payments p join benefit_payees y using (benefit_id, payee)
   where p.payroll_id = ${payrollId}
     and not exists (select 1 from benefit_payment_attempts a
                      where a.payroll_id = ${payrollId} and (a.benefit_id, a.month, a.payee) = (p.benefit_id, p.month, p.payee))
     and not exists (select 1 from benefit_payment_holds h
                      where h.payroll_id = ${payrollId} and (h.benefit_id, h.month, h.payee) = (p.benefit_id, p.month, p.payee))
) as line`;

export interface PayrollTotals {
  payments: number;
  amountFen: number;
  byStatus: Record<string, { payments: number; amountFen: number }>;
  byStreetAndType: Array<{ orgCode: string; type: string; payments: number; recipients: number; amountFen: number }>;
  /** Payments this payroll sent that the bank returned, or held, and a later payroll took on. */
  movedToLaterPayrolls: number;
}

export async function payrollTotals(db: DbOrTx, payrollId: string): Promise<PayrollTotals> {
  const groups = await db.execute<{ org_code: string; type: string; status: string; payments: number; recipients: number; amount: string; moved: number }>(sql`
    select org_code, type, status, count(*)::int as payments, count(distinct benefit_id)::int as recipients, sum(amount_fen)::text as amount,
           count(*) filter (where moved)::int as moved
      from ${linesOf(payrollId)} group by 1, 2, 3 order by 1, 2, 3`);
  const byStatus: PayrollTotals['byStatus'] = {};
  const streets = new Map<string, PayrollTotals['byStreetAndType'][number]>();
  let payments = 0;
  let amountFen = 0;
  let moved = 0;
  for (const g of groups) {
    const amount = Number(g.amount);
    moved += g.moved;
    const s = (byStatus[g.status] ??= { payments: 0, amountFen: 0 });
    s.payments += g.payments;
    s.amountFen += amount;
    if (g.status === 'cancelled') continue;
    payments += g.payments;
    amountFen += amount;
    const key = `${g.org_code}:${g.type}`;
    const t = streets.get(key) ?? { orgCode: g.org_code, type: g.type, payments: 0, recipients: 0, amountFen: 0 };
    t.payments += g.payments;
    t.recipients += g.recipients;
    t.amountFen += amount;
    streets.set(key, t);
  }
  return { payments, amountFen, byStatus, byStreetAndType: [...streets.values()], movedToLaterPayrolls: moved };
}

export type PaymentKey = { benefitId: string; month: Month; payee: string };

type Line = {
  benefit_id: string;
  month: string;
  payee: string;
  org_code: string;
  type: string;
  amount_fen: string;
  status: string;
  attempts: number;
  failure_reason: string | null;
  name: string;
  bank_name: string | null;
  account_encrypted: string | null;
  account_masked: string | null;
};

/** A payroll's lines in key order, from after `after`; with the payee's name and masked account. */
export async function payrollPayments(db: DbOrTx, payrollId: string, after: PaymentKey | undefined, limit: number) {
  const position = after ? sql`where (benefit_id, month, payee) > (${after.benefitId}, ${after.month}, ${after.payee})` : sql``;
  const rows = await db.execute<Line>(sql`select * from ${linesOf(payrollId)} ${position} order by benefit_id, month, payee limit ${limit}`);
  return rows.map((r) => ({
    benefitId: r.benefit_id,
    month: r.month,
    payee: r.payee,
    name: r.name,
    accountMasked: r.account_masked,
    orgCode: r.org_code,
    type: r.type,
    amountFen: Number(r.amount_fen),
    status: r.status,
    attempts: r.attempts,
    failureReason: r.failure_reason,
  }));
}

/** What the bank file carries: the payments this payroll sent, as sent, with their encrypted accounts. */
export async function bankFileRows(db: DbOrTx, payrollId: string) {
  const rows = await db.execute<Line>(sql`select * from ${linesOf(payrollId)} where status in ('sent', 'failed') order by benefit_id, month, payee`);
  return rows.map((r) => ({ benefitId: r.benefit_id, month: r.month, payee: r.payee, name: r.name, accountEncrypted: r.account_encrypted, amountFen: Number(r.amount_fen) }));
}

export type ReturnItem = PaymentKey & { reason: string };

/**
 * The bank's return file: each item must be a payment this payroll sent (else the index of the first
 * that is not); they become failed, for the next payroll to pay again. Repeating a return changes nothing.
 */
export async function recordReturns(db: Db, payrollId: string, items: ReturnItem[], at: Date): Promise<{ failed: number } | { badIndex: number; message: Message }> {
  return db.transaction(async (tx) => {
    const keys = items.map((i) => sql`(${i.benefitId}, ${i.month}, ${i.payee})`);
    const sent = await tx.execute<{ benefit_id: string; month: string; payee: string }>(sql`
      select benefit_id, month, payee from benefit_payment_attempts
       where payroll_id = ${payrollId} and (benefit_id, month, payee) in (${sql.join(keys, sql`, `)})`);
    const known = new Set(sent.map((f) => `${f.benefit_id}|${f.month}|${f.payee}`));
    const bad = items.findIndex((i) => !known.has(`${i.benefitId}|${i.month}|${i.payee}`));
    if (bad >= 0) return { badIndex: bad, message: msg('payroll.notSent') };
    let failed = 0;
    for (const i of items) {
      const returned = await tx.execute(sql`
        update benefit_payment_attempts set status = 'failed', failure_reason = ${i.reason}
         where payroll_id = ${payrollId} and (benefit_id, month, payee) = (${i.benefitId}, ${i.month}, ${i.payee}) and status = 'sent'
        returning 1`);
      failed += returned.length;
      await tx
        .update(benefitPayments)
        .set({ status: 'failed', failureReason: i.reason, updatedAt: at })
        .where(and(eq(benefitPayments.benefitId, i.benefitId), eq(benefitPayments.month, i.month), eq(benefitPayments.payee, i.payee), eq(benefitPayments.payrollId, payrollId), eq(benefitPayments.status, 'sent')));
    }
    return { failed };
  });
}

export interface SpendingRow {
  month: Month;
  type: string;
  orgCode: string;
  payments: number;
  recipients: number;
  amountFen: number;
}

/**
 * Money paid per month × type × street: benefit payments sent (returned ones are not spent),
 * 临时救助 paid from the reserve or by the county (by the month paid, Asia/Shanghai), and services
 * bought (服务类救助) once verified, by the month served.
 */
export async function spending(db: DbOrTx, orgCode: string, from: Month, to: Month): Promise<SpendingRow[]> {
  const scope = orgCode.length === 6 ? sql`county_code = ${orgCode}` : sql`org_code = ${orgCode}`;
  const rows = await db.execute<{ month: string; type: string; org_code: string; payments: number; recipients: number; amount: string }>(sql`
    select month, type, org_code, count(*)::int as payments, count(distinct benefit_id)::int as recipients, sum(amount_fen)::text as amount
      from benefit_payments where status = 'sent' and ${scope} and month between ${from} and ${to}
     group by 1, 2, 3
    union all
    select to_char(paid_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, 'temporary' as type, org_code,
           count(*)::int, count(distinct case_id)::int, sum(amount_fen)::text
      from payments where ${scope}
       and to_char(paid_at at time zone 'Asia/Shanghai', 'YYYY-MM') between ${from} and ${to}
     group by 1, 2, 3
    union all
    select month, 'services' as type, org_code, count(*)::int, count(distinct person_id_hash)::int, sum(amount_fen)::text
      from service_orders where status in (${sql.join(SPENT.map((st) => sql`${st}`), sql`, `)}) and ${scope} and month between ${from} and ${to}
     group by 1, 2, 3
     order by 1, 2, 3`);
  return rows.map((r) => ({ month: r.month, type: r.type, orgCode: r.org_code, payments: r.payments, recipients: r.recipients, amountFen: Number(r.amount) }));
}


/** A county's payrolls, the latest month first. */
export async function listPayrolls(
  db: DbOrTx,
  countyCode: string,
  page: { limit: number; offset?: number; sortBy?: 'month' | 'status' | 'requestedAt'; sortOrder?: 'asc' | 'desc' },
): Promise<{ rows: PayrollRow[]; total: number }> {
  const dir = page.sortOrder === 'desc' ? desc : asc;
  const where = eq(payrolls.countyCode, countyCode);
  // The page, then its total: one after the other (see GET /v1/cases).
  const rows = await db
    .select()
    .from(payrolls)
    .where(where)
    .orderBy(...(page.sortBy ? [dir(payrolls[page.sortBy]), desc(payrolls.month)] : [desc(payrolls.month)]))
    .offset(page.offset ?? 0)
    .limit(page.limit);
  const [counted] = await db.select({ n: count() }).from(payrolls).where(where);
  return { rows, total: counted?.n ?? 0 };
}
