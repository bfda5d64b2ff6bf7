import { beforeAll, describe, expect, it } from 'vitest';
import { anchorAuditDay } from '../src/db/audit.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths } from '../src/domain/months.js';
import { APPROVER, AUDITOR, CASEWORKER, SUPERVISOR, SUPERVISOR_JINTANG, WC, cw } from './support/actors.js';
import { actOk, expectError, expectStatus, fieldsOf, get, getCase, post, type Json } from './support/api.js';
import { approve, paymentsOf, runPayroll } from './support/benefits.js';
import { startTemporaryCase } from './support/cases.js';
import { bearer, eventually, useHarness } from './support/harness.js';

// The reconciliation (issue 19) over a county's real books — payrolls with a bank return and a held
// payment, emergency payouts from the reserve and by the county, a 支出型 case paid in instalments — and
// each planted difference found by its check, with its ids and figures; then the audit chain tampered with.

const h = useHarness('reconciliation');
const STREET = `${WC}001`;

let benefitId = '';
let first = '';
let expense: Json;

const reconcile = async (who = SUPERVISOR, query = `countyCode=${WC}`) => expectStatus(await get(h.app, `/v1/reconciliations?${query}`, who), 200);
const check = (r: Json, name: string) => (r.checks as Json[]).find((c) => c.check === name)!;
const kinds = (c: Json) => (c.differences as Json[]).map((d) => d.kind as string);

/** Runs `plant`, reconciles, restores with `undo` whatever happened: the next test starts from clean books. */
async function planted(plant: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<Json> {
  await plant();
  try {
    return await reconcile();
  } finally {
    await undo();
  }
}

beforeAll(async () => {
  const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
  benefitId = a.benefitId;
  first = await firstMonth();
  // A second benefit has no account: its months are held, still owed.
  await approve(h, 'dibao', { monthlyAmountFen: 60_000 });
  expectStatus(await h.app.inject({ method: 'PUT', url: `/v1/benefits/${benefitId}/payees/applicant/account`, headers: bearer(CASEWORKER), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);
  for (let i = 0; i < 3; i++) await runPayroll(h, WC, addMonths(first, i));
  // The bank returns the second month; the fourth payroll pays it again, once.
  expectStatus(await post(h.app, `/v1/payrolls/payroll-${WC}-${addMonths(first, 1)}/returns`, APPROVER, { items: [{ reference: `${benefitId}/${addMonths(first, 1)}/applicant`, reason: '账户已冻结' }] }), 200);
  await runPayroll(h, WC, addMonths(first, 3));

  // 临时救助: an emergency paid from the street's reserve, one the county disbursed, and 支出型 instalments.
  const fromReserve = await startTemporaryCase(h.app, STREET, { kind: 'emergency', amountFen: 100_000, reason: '火灾致房屋损毁' });
  expect((await actOk(h.app, cw(STREET), fromReserve.caseId, { action: 'approve', amountFen: 100_000 })).temporary.installments[0].status).toBe('paid');
  const byCounty = await startTemporaryCase(h.app, STREET, { kind: 'emergency', amountFen: 450_000, reason: '重病住院' });
  await actOk(h.app, cw(STREET), byCounty.caseId, { action: 'forward-to-county', reason: '超出街道审批权限' });
  expect((await actOk(h.app, APPROVER, byCounty.caseId, { action: 'approve', amountFen: 450_000 })).temporary.installments[0].source).toBe('county');
  expense = await startTemporaryCase(h.app, STREET, { kind: 'expense', amountFen: 200_000, reason: '大病医疗支出' });
  const approved = await actOk(h.app, cw(STREET), expense.caseId, { action: 'approve', amountFen: 200_000, installments: { count: 2, intervalDays: 30 } });
  expect(approved.temporary.installments).toHaveLength(2);
  // The first instalment is due today: paid by the workflow a moment after the approval.
  await eventually(async () => expect((await getCase(h.app, cw(STREET), expense.caseId)).temporary.installments.map((i: Json) => i.status)).toEqual(['paid', 'scheduled']));
});

/** The benefit's first month, as opened. */
async function firstMonth(): Promise<string> {
  const [row] = await h.database.sql<{ first_month: string }[]>`select first_month from benefits where benefit_id = ${benefitId}`;
  return row!.first_month;
}

describe('GET /v1/reconciliations', () => {
  it('passes on clean books, with every check’s counts', async () => {
    const r = await reconcile();
    expect(r).toMatchObject({ countyCode: WC, date: shanghaiDate(Date.now()), source: 'live', ok: true, differences: 0 });
    expect(r.checks.map((c: Json) => [c.check, c.ok])).toEqual([
      ['reserve-ledgers', true],
      ['payroll-files', true],
      ['returns', true],
      ['benefit-months', true],
      ['workflows', true],
    ]);
    expect(check(r, 'reserve-ledgers').counts).toMatchObject({ funds: 1, reservePayments: 2 });
    expect(check(r, 'payroll-files').counts).toMatchObject({ payrolls: 4, sentPayrolls: 4 });
    expect(check(r, 'payroll-files').counts.lines).toBeGreaterThanOrEqual(4);
    // The returned month was paid again once; the benefit without an account is owed its held months.
    expect(check(r, 'returns').counts).toMatchObject({ returned: 1, repaid: 1, owed: 0 });
    expect(check(r, 'benefit-months').counts.sentPayments).toBe(4);
    expect(check(r, 'workflows').counts).toMatchObject({ paidCases: 3, paidInstalments: 3 });
    expect((await paymentsOf(h, benefitId)).find((p) => p.month === addMonths(first, 1))).toMatchObject({ status: 'sent', attempts: 2 });
    // The auditor reads the same.
    expect((await reconcile(AUDITOR)).ok).toBe(true);
  });

  it('fails on a ledger entry edited: the street, the entry and the figures', async () => {
    const [entry] = await h.database.sql<{ id: string; amount_fen: string }[]>`select id::text, amount_fen::text from reserve_entries where org_code = ${STREET} and kind = 'payout' order by id limit 1`;
    const r = await planted(
      () => h.database.sql`update reserve_entries set amount_fen = amount_fen + 10000 where id = ${entry!.id}`,
      () => h.database.sql`update reserve_entries set amount_fen = ${entry!.amount_fen} where id = ${entry!.id}`,
    );
    expect(r.ok).toBe(false);
    const ledgers = check(r, 'reserve-ledgers');
    expect(ledgers.ok).toBe(false);
    expect(ledgers.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'balance_mismatch', orgCode: STREET, entriesSumFen: expect.any(Number), balanceFen: expect.any(Number) }),
        expect.objectContaining({ kind: 'entry_chain_broken', orgCode: STREET, entryId: Number(entry!.id) }),
      ]),
    );
    const mismatch = ledgers.differences.find((d: Json) => d.kind === 'balance_mismatch');
    expect(mismatch.entriesSumFen - mismatch.balanceFen).toBe(10_000);
    expect(mismatch.message).toContain(STREET);
    expect(r.checks.filter((c: Json) => !c.ok).map((c: Json) => c.check)).toEqual(['reserve-ledgers']);
  });

  it('fails on a bank-file line missing: the payroll, the payment and its amount', async () => {
    const payroll = `payroll-${WC}-${addMonths(first, 2)}`;
    const month = addMonths(first, 2);
    const [line] = await h.database.sql<Record<string, unknown>[]>`select * from benefit_payment_attempts where payroll_id = ${payroll} and benefit_id = ${benefitId}`;
    const r = await planted(
      () => h.database.sql`delete from benefit_payment_attempts where payroll_id = ${payroll} and benefit_id = ${benefitId}`,
      () => h.database.sql`insert into benefit_payment_attempts ${h.database.sql(line!)}`,
    );
    const files = check(r, 'payroll-files');
    expect(files.ok).toBe(false);
    expect(files.differences).toEqual([expect.objectContaining({ kind: 'line_missing', payrollId: payroll, benefitId, month, payee: 'applicant', amountFen: 120_000 })]);
  });

  it('fails on a payment duplicated for a benefit month: sent on two payrolls', async () => {
    const month = addMonths(first, 2);
    const later = `payroll-${WC}-${addMonths(first, 3)}`;
    const r = await planted(
      () => h.database.sql`
        insert into benefit_payment_attempts (benefit_id, month, payee, attempt, payroll_id, amount_fen, name, account_encrypted, status, sent_at)
        values (${benefitId}, ${month}, 'applicant', 2, ${later}, 120000, '张三', 'x', 'sent', now())`,
      () => h.database.sql`delete from benefit_payment_attempts where benefit_id = ${benefitId} and month = ${month} and attempt = 2`,
    );
    const months = check(r, 'benefit-months');
    expect(months.ok).toBe(false);
    expect(months.differences).toEqual([expect.objectContaining({ kind: 'paid_twice', benefitId, month, payee: 'applicant', sentLines: 2 })]);
    expect(kinds(check(r, 'payroll-files'))).toEqual(['line_not_sent_in_ledger']);
  });

  it('fails on a payment after a stop that no recovery recorded', async () => {
    const r = await planted(
      () => h.database.sql`update benefits set status = 'stopped', last_month = ${first}, stop_reason = 'death' where benefit_id = ${benefitId}`,
      () => h.database.sql`update benefits set status = 'active', last_month = null, stop_reason = null where benefit_id = ${benefitId}`,
    );
    const months = check(r, 'benefit-months');
    expect(months.ok).toBe(false);
    expect(months.differences.map((d: Json) => [d.kind, d.month, d.lastMonth])).toEqual([1, 2, 3].map((i) => ['paid_after_stop', addMonths(first, i), first]));
  });

  it('fails on a case paid in the ledger but open in its workflow, as Temporal answers', async () => {
    const r = await planted(
      () => h.database.sql`
        insert into payments (case_id, instalment, amount_fen, source, org_code, county_code, payee, paid_at)
        values (${expense.caseId}, 2, 100000, 'county', ${STREET}, ${WC}, 'applicant', now() - interval '1 hour')`,
      () => h.database.sql`delete from payments where case_id = ${expense.caseId} and instalment = 2`,
    );
    const workflows = check(r, 'workflows');
    expect(workflows.ok).toBe(false);
    expect(workflows.counts.askedTemporal).toBe(1);
    expect(workflows.differences).toEqual([expect.objectContaining({ kind: 'paid_but_open', caseId: expense.caseId, instalment: 2, amountFen: 100_000, workflowStatus: 'scheduled' })]);
  });

  it('agrees again once every plant is undone', async () => {
    expect((await reconcile()).ok).toBe(true);
  });

  it('is the county’s supervisors’ and auditors’ only; a bad or future date is a 400 naming it', async () => {
    expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}`, CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}`, APPROVER), 403, 'forbidden');
    expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
    expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}`, null), 401, 'unauthorized');
    expect(fieldsOf(expectError(await get(h.app, '/v1/reconciliations?countyCode=4201', SUPERVISOR), 400, 'validation_failed'))).toEqual(['countyCode']);
    expect(fieldsOf(expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}&date=2026-13-01`, SUPERVISOR), 400, 'validation_failed'))).toEqual(['date']);
    const future = expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}&date=2999-01-01`, SUPERVISOR), 400, 'validation_failed');
    expect(fieldsOf(future)).toEqual(['date']);
    expectError(await get(h.app, `/v1/reconciliations?countyCode=${WC}&extra=1`, SUPERVISOR), 400, 'validation_failed');
  });
});

describe('the tamper-evident audit trail', () => {
  let caseId = '';
  const verify = async (who = AUDITOR) => expectStatus(await get(h.app, `/v1/audit/verify?caseId=${caseId}`, who), 200);
  /** What an attacker with the database's owner role can do: the append-only trigger switched off for one change. */
  const tamper = (change: string) =>
    h.database.sql.begin(async (tx) => {
      await tx.unsafe('alter table audit_entries disable trigger audit_entries_no_update');
      await tx.unsafe(change);
      await tx.unsafe('alter table audit_entries enable trigger audit_entries_no_update');
    });

  beforeAll(async () => {
    const c = await startTemporaryCase(h.app, STREET, { kind: 'emergency', amountFen: 50_000, reason: '突发事故' });
    caseId = c.caseId;
    await actOk(h.app, cw(STREET), caseId, { action: 'approve', amountFen: 50_000 });
    await actOk(h.app, cw(STREET), caseId, { action: 'submit-paperwork', documents: ['身份证复印件', '事故证明'] });
  });

  it('verifies a trail as written: every entry chained, in order', async () => {
    const v = await verify();
    const rows = await h.database.sql<{ seq: number; chain_index: number; prev_hash: string | null; hash: string }[]>`select seq, chain_index, prev_hash, hash from audit_entries where case_id = ${caseId} order by chain_index`;
    expect(v).toEqual({ caseId, ok: true, entries: rows.length });
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.map((r) => r.chain_index)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.slice(1).every((r, i) => r.prev_hash === rows[i]!.hash)).toBe(true);
    expect((await verify(SUPERVISOR)).ok).toBe(true);
    // The trail shows each entry's hash to the auditor.
    const trail = expectStatus(await get(h.app, `/v1/audit?caseId=${caseId}`, AUDITOR), 200);
    expect(trail.items[0]).toMatchObject({ chainIndex: 1, prevHash: null, hash: rows[0]!.hash });
  });

  it('fails at the entry an UPDATE changed, and holds again once it is put back', async () => {
    const [row] = await h.database.sql<{ summary: string }[]>`select summary from audit_entries where case_id = ${caseId} and seq = 2`;
    await tamper(`update audit_entries set summary = 'x' where case_id = '${caseId}' and seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: 'altered' } });
    await tamper(`update audit_entries set summary = '${row!.summary.replaceAll("'", "''")}' where case_id = '${caseId}' and seq = 2`);
    expect((await verify()).ok).toBe(true);
  });

  it('fails after an entry a DELETE removed, and at an anchored head deleted from the end', async () => {
    const rows = await h.database.sql<Record<string, unknown>[]>`select * from audit_entries where case_id = ${caseId} order by chain_index`;
    // Put back as it was (its jsonb details as JSON).
    const putBack = (row: Record<string, unknown>) => h.database.sql`insert into audit_entries select * from jsonb_populate_record(null::audit_entries, ${JSON.stringify(row)}::jsonb)`;
    const second = rows[1]!;
    await tamper(`delete from audit_entries where id = ${String(second.id)}`);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: { chainIndex: 3, reason: 'missing' } });
    await putBack(second);
    expect((await verify()).ok).toBe(true);

    // The day's anchor names the chain's head: a deleted last entry leaves a chain whole in itself, but not the anchor.
    const anchor = await anchorAuditDay(h.database.db, WC, shanghaiDate(Date.now()));
    expect(anchor.heads).toBeGreaterThanOrEqual(1);
    const last = rows.at(-1)!;
    await tamper(`delete from audit_entries where id = ${String(last.id)}`);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: { chainIndex: last.chain_index, seq: null, reason: 'anchor' } });
    await putBack(last);
    expect((await verify()).ok).toBe(true);
  });

  it('refuses a plain UPDATE or DELETE, and readers other than auditors and supervisors', async () => {
    await expect(h.database.sql`update audit_entries set summary = 'x' where case_id = ${caseId}`).rejects.toThrow(/append-only/);
    await expect(h.database.sql`delete from audit_entries where case_id = ${caseId}`).rejects.toThrow(/append-only/);
    expectError(await get(h.app, `/v1/audit/verify?caseId=${caseId}`, CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, `/v1/audit/verify?caseId=${caseId}`, SUPERVISOR_JINTANG), 404, 'not_found');
    expectError(await get(h.app, '/v1/audit/verify?caseId=case-none', AUDITOR), 404, 'not_found');
    expect(fieldsOf(expectError(await get(h.app, '/v1/audit/verify', AUDITOR), 400, 'validation_failed'))).toEqual(['caseId']);
  });
});
