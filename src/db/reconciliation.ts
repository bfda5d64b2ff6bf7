import { and, eq, sql } from 'drizzle-orm';
import {
  casesToAsk,
  checkBenefitMonths,
  checkPayrollFiles,
  checkReserveLedgers,
  checkReturns,
  checkWorkflows,
  recoveredKey,
  summarize,
  type PaidInstalment,
  type PaymentFact,
  type ReconciliationResult,
  type RecoveredKey,
} from '../domain/reconciliation.js';
import type { InstalmentView } from '../domain/views.js';
import type { Db, DbOrTx } from './client.js';
import { insertNotifications } from './notifications.js';
import { reconciliations } from './schema.js';

/** What the workflows of the given cases say of their instalments (null: no such workflow). */
export type CaseProbe = (caseIds: readonly string[]) => Promise<ReadonlyMap<string, readonly InstalmentView[] | null>>;

// The queries behind a county's reconciliation: facts as the tables hold them, read in one REPEATABLE
// READ snapshot so the checks see one moment. The rules are src/domain/reconciliation.ts.

async function ledgerFacts(tx: DbOrTx, countyCode: string) {
  const funds = await tx.execute<{ org_code: string; balance_fen: string }>(sql`select org_code, balance_fen::text from reserve_funds where county_code = ${countyCode}`);
  const entries = await tx.execute<{ id: string; org_code: string; kind: string; amount_fen: string; balance_after_fen: string; case_id: string | null; instalment: number | null }>(sql`
    select e.id::text, e.org_code, e.kind, e.amount_fen::text, e.balance_after_fen::text, e.case_id, e.instalment
      from reserve_entries e where e.org_code like ${`${countyCode}%`} order by e.id`);
  const payments = await tx.execute<{ id: string; case_id: string; instalment: number; payee: string; amount_fen: string; org_code: string; reserve_entry_id: string | null }>(sql`
    select id::text, case_id, instalment, payee, amount_fen::text, org_code, reserve_entry_id::text from payments where county_code = ${countyCode} and source = 'reserve'`);
  return {
    funds: funds.map((f) => ({ orgCode: f.org_code, balanceFen: Number(f.balance_fen) })),
    entries: entries.map((e) => ({ id: Number(e.id), orgCode: e.org_code, kind: e.kind, amountFen: Number(e.amount_fen), balanceAfterFen: Number(e.balance_after_fen), caseId: e.case_id, instalment: e.instalment })),
    payments: payments.map((p) => ({ paymentId: Number(p.id), caseId: p.case_id, instalment: p.instalment, payee: p.payee, amountFen: Number(p.amount_fen), orgCode: p.org_code, entryId: p.reserve_entry_id === null ? null : Number(p.reserve_entry_id) })),
  };
}

/** Every benefit payment of the county with every line the payrolls sent of it (attempts, as sent or returned). */
async function paymentFacts(tx: DbOrTx, countyCode: string): Promise<PaymentFact[]> {
  const rows = await tx.execute<{ benefit_id: string; month: string; payee: string; payroll_id: string; status: string; attempts: number; amount_fen: string; tries: Array<{ attempt: number; payrollId: string; status: string; amountFen: number }> }>(sql`
    select p.benefit_id, p.month, p.payee, p.payroll_id, p.status, p.attempts, p.amount_fen::text,
           coalesce(jsonb_agg(jsonb_build_object('attempt', a.attempt, 'payrollId', a.payroll_id, 'status', a.status, 'amountFen', a.amount_fen))
                      filter (where a.attempt is not null and a.status in ('sent', 'failed')), '[]'::jsonb) as tries
      from benefit_payments p left join benefit_payment_attempts a using (benefit_id, month, payee)
     where p.county_code = ${countyCode}
     group by p.benefit_id, p.month, p.payee`);
  return rows.map((r) => ({ benefitId: r.benefit_id, month: r.month, payee: r.payee, payrollId: r.payroll_id, status: r.status, attempts: r.attempts, amountFen: Number(r.amount_fen), tries: r.tries.map((t) => ({ ...t, amountFen: Number(t.amountFen) })) }));
}

async function payrollFacts(tx: DbOrTx, countyCode: string) {
  const rows = await tx.execute<{ payroll_id: string; month: string; status: string }>(sql`select payroll_id, month, status from payrolls where county_code = ${countyCode}`);
  return rows.map((r) => ({ payrollId: r.payroll_id, month: r.month, status: r.status }));
}

async function benefitFacts(tx: DbOrTx, countyCode: string) {
  const rows = await tx.execute<{ benefit_id: string; applicant_id_hash: string; type: string; status: string; first_month: string; last_month: string | null }>(sql`
    select benefit_id, applicant_id_hash, type, status, first_month, last_month from benefits where county_code = ${countyCode}`);
  return rows.map((r) => ({ benefitId: r.benefit_id, personHash: r.applicant_id_hash, type: r.type, status: r.status, firstMonth: r.first_month, lastMonth: r.last_month }));
}

/** Months sent after a stop that were recorded for recovery: by the stop itself, or with the case's revocation. */
async function recoveredMonths(tx: DbOrTx, countyCode: string): Promise<Set<RecoveredKey>> {
  const rows = await tx.execute<{ benefit_id: string; month: string; payee: string }>(sql`
    select e.benefit_id, o->>'month' as month, o->>'payee' as payee
      from benefit_events e join benefits b using (benefit_id), jsonb_array_elements(e.details->'overpaid') o
     where b.county_code = ${countyCode} and jsonb_typeof(e.details->'overpaid') = 'array'
    union
    select b.benefit_id, o->>'month', o->>'payee'
      from recoveries r join benefits b on b.case_id = r.case_id, jsonb_array_elements(r.details->'payments') o
     where b.county_code = ${countyCode} and jsonb_typeof(r.details->'payments') = 'array'`);
  return new Set(rows.map((r) => recoveredKey(r.benefit_id, r.month, r.payee)));
}

/** 临时救助 instalments paid (reserve or county), and what the read model shows of each such case. */
async function paidInstalments(tx: DbOrTx, countyCode: string) {
  const rows = await tx.execute<{ case_id: string; instalment: number; amount_fen: string; paid_at: Date | string; installments: InstalmentView[] | null }>(sql`
    select p.case_id, p.instalment, p.amount_fen, p.paid_at, c.view->'temporary'->'installments' as installments
      from (select case_id, instalment, sum(amount_fen)::text as amount_fen, max(paid_at) as paid_at
              from payments where county_code = ${countyCode} group by case_id, instalment) p
      left join cases c using (case_id)`);
  const paid: PaidInstalment[] = rows.map((r) => ({ caseId: r.case_id, instalment: r.instalment, amountFen: Number(r.amount_fen), paidAt: new Date(r.paid_at) }));
  const readModel = new Map(rows.map((r) => [r.case_id, r.installments ?? undefined]));
  return { paid, readModel };
}

/**
 * A county's reconciliation now: the facts in one snapshot, then the workflows of the cases whose read
 * model does not already agree with the ledger (asked through `probe`, outside the transaction).
 */
export async function reconcileCounty(db: Db, p: { countyCode: string; date: string; now: Date }, probe: CaseProbe): Promise<ReconciliationResult> {
  const facts = await db.transaction(
    async (tx) => {
      const [ledger, payments, payrolls, benefits, recovered, instalments] = [
        await ledgerFacts(tx, p.countyCode),
        await paymentFacts(tx, p.countyCode),
        await payrollFacts(tx, p.countyCode),
        await benefitFacts(tx, p.countyCode),
        await recoveredMonths(tx, p.countyCode),
        await paidInstalments(tx, p.countyCode),
      ];
      return { ledger, payments, payrolls, benefits, recovered, instalments };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const asked = casesToAsk(facts.instalments.paid, facts.instalments.readModel);
  const views = asked.length > 0 ? await probe(asked) : new Map<string, readonly InstalmentView[] | null>();
  return summarize({ countyCode: p.countyCode, date: p.date, checkedAt: p.now.toISOString() }, [
    checkReserveLedgers(facts.ledger.funds, facts.ledger.entries, facts.ledger.payments),
    checkPayrollFiles(facts.payrolls, facts.payments),
    checkReturns(facts.payments),
    checkBenefitMonths(facts.payments, facts.benefits, facts.recovered),
    checkWorkflows(facts.instalments.paid, asked, views, p.now),
  ]);
}

export async function storedReconciliation(db: DbOrTx, countyCode: string, date: string): Promise<ReconciliationResult | undefined> {
  const [row] = await db.select({ result: reconciliations.result }).from(reconciliations).where(and(eq(reconciliations.countyCode, countyCode), eq(reconciliations.day, date)));
  return row?.result;
}

/**
 * Writes a day's result once (a retried run finds the first) and, when it found a difference, tells the
 * county's supervisors in the same transaction. Returns what is stored.
 */
export async function recordReconciliation(db: Db, r: ReconciliationResult): Promise<ReconciliationResult> {
  return db.transaction(async (tx) => {
    const [written] = await tx
      .insert(reconciliations)
      .values({ countyCode: r.countyCode, day: r.date, ok: r.ok, differences: r.differences, result: r, checkedAt: new Date(r.checkedAt) })
      .onConflictDoNothing()
      .returning({ result: reconciliations.result });
    if (!written) return (await storedReconciliation(tx, r.countyCode, r.date))!;
    if (!r.ok) {
      const failing = r.checks.filter((c) => !c.ok).map((c) => `${c.check} ${c.differences.length} 处`);
      await insertNotifications(tx, [
        {
          eventKey: `reconciliation:${r.countyCode}:${r.date}`,
          caseId: null,
          kind: 'reconciliation-difference',
          recipientRole: 'supervisor',
          recipientOrg: r.countyCode,
          message: `${r.date} 对账发现 ${r.differences} 处不符（${failing.join('，')}）：请查看 GET /v1/reconciliations?countyCode=${r.countyCode}&date=${r.date}`,
          createdAt: r.checkedAt,
        },
      ]);
    }
    return written.result;
  });
}

/** The latest stored result per county, for the metric (jiuzhu_reconciliation_differences). */
export async function latestReconciliations(db: DbOrTx): Promise<Array<{ countyCode: string; checks: Array<{ check: string; differences: number }> }>> {
  const rows = await db.execute<{ county_code: string; result: ReconciliationResult }>(sql`
    select distinct on (county_code) county_code, result from reconciliations order by county_code, day desc`);
  return rows.map((r) => ({ countyCode: r.county_code, checks: r.result.checks.map((c) => ({ check: c.check, differences: c.differences.length })) }));
}

/** The counties with money to reconcile: a reserve fund, a payment, a benefit or a payroll. */
export async function countiesWithMoney(db: DbOrTx): Promise<string[]> {
  const rows = await db.execute<{ county_code: string }>(sql`
    select county_code from reserve_funds union select county_code from payments
    union select county_code from benefits union select county_code from payrolls order by 1`);
  return rows.map((r) => r.county_code);
}
