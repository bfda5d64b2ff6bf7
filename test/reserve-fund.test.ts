import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listFilings, recordFiling } from '../src/db/filings.js';
import { ReserveConflictError } from '../src/db/money-checks.js';
import { paymentsOf, recordCountyDisbursement } from '../src/db/payments.js';
import { ensureReserveFund, ledgerIsBalanced, payFromReserve, replenishReserve, reserveFundOf, type PayoutResult } from '../src/db/reserve-fund.js';
import { payments, reserveEntries } from '../src/db/schema.js';
import { useDatabase } from './support/harness.js';

const PRESET = 3_000_000; // 30,000 元
const AT = new Date('2025-03-03T02:00:00Z');
const COUNTY = '420106';

const database = useDatabase('reserve_fund');

const db = () => database.db;
let streetSeq = 0;
/** A street no other test touches. */
const newStreet = () => `${COUNTY}${String(++streetSeq).padStart(3, '0')}`;

const payout = (orgCode: string, caseId: string, amountFen: number, extra: { instalment?: number; payee?: string } = {}) =>
  payFromReserve(db(), { orgCode, presetFen: PRESET, caseId, instalment: extra.instalment ?? 1, amountFen, actorSub: 'street-officer', at: AT, payee: extra.payee });

function paid(r: PayoutResult) {
  if (r.status !== 'paid') throw new Error(`expected paid, got ${JSON.stringify(r)}`);
  return r;
}

async function entriesOf(orgCode: string) {
  return db().select().from(reserveEntries).where(eq(reserveEntries.orgCode, orgCode));
}

describe('reserve fund', () => {
  it('presets a street fund once on first use, even when ten callers race', async () => {
    const org = newStreet();
    expect(await reserveFundOf(db(), org)).toBeUndefined();
    await Promise.all(Array.from({ length: 10 }, () => ensureReserveFund(db(), org, PRESET, AT)));
    // A later call with another preset changes nothing: the preset is money already handed over.
    await ensureReserveFund(db(), org, 5_000_000, AT);

    const fund = await reserveFundOf(db(), org);
    expect(fund).toMatchObject({ orgCode: org, countyCode: COUNTY, balanceFen: PRESET, presetFen: PRESET });
    expect(fund!.entries).toHaveLength(1);
    expect(fund!.entries[0]).toMatchObject({ kind: 'preset', amountFen: PRESET, balanceAfterFen: PRESET, actorSub: 'jiuzhu', caseId: null });
    const [row] = await entriesOf(org);
    expect(row!.entryKey).toBe(`preset:${org}`);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
  });

  it('works inside a caller transaction', async () => {
    const org = newStreet();
    await db().transaction(async (tx) => {
      await ensureReserveFund(tx, org, PRESET, AT);
      paid(await payFromReserve(tx, { orgCode: org, presetFen: PRESET, caseId: `tx-${org}`, instalment: 1, amountFen: 100, actorSub: 'a', at: AT }));
    });
    expect((await reserveFundOf(db(), org))!.balanceFen).toBe(PRESET - 100);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
  });

  describe('twenty concurrent payouts of 2,000 元 against a fresh 30,000 元 fund', () => {
    const org = newStreet();
    const amount = 200_000;
    const caseIds = Array.from({ length: 20 }, (_, i) => `conc-${org}-${i}`);
    let results: PayoutResult[];

    it('pays exactly fifteen and refuses five, leaving the fund at zero', async () => {
      results = await Promise.all(caseIds.map((c) => payout(org, c, amount)));
      const ok = results.filter((r) => r.status === 'paid');
      const refused = results.filter((r) => r.status === 'insufficient');
      expect(ok).toHaveLength(15);
      expect(refused).toHaveLength(5);
      for (const r of refused) expect(r).toEqual({ status: 'insufficient', balanceFen: 0 });
      for (const r of ok) expect(r.duplicate).toBe(false);
      // Each payout saw a distinct balance: they were serialised, none lost or double-counted.
      expect(new Set(ok.map((r) => paid(r).balanceAfterFen))).toEqual(new Set(Array.from({ length: 15 }, (_, i) => i * amount)));

      const fund = await reserveFundOf(db(), org);
      expect(fund!.balanceFen).toBe(0);
      const entries = await entriesOf(org);
      expect(entries).toHaveLength(16); // preset + 15 payouts
      expect(entries.filter((e) => e.kind === 'preset')).toHaveLength(1);
      for (const e of entries) expect(e.balanceAfterFen).toBeGreaterThanOrEqual(0);
      for (const e of entries.filter((e) => e.kind === 'payout')) {
        expect(e.amountFen).toBe(-amount);
        expect(e.entryKey).toBe(`payout:${e.caseId}:1:applicant`);
      }
      expect(await ledgerIsBalanced(db(), org)).toBe(true);

      const refusedCases = caseIds.filter((_, i) => results[i]!.status === 'insufficient');
      for (const c of refusedCases) expect(await paymentsOf(db(), c)).toEqual([]);
      const paidCase = caseIds[results.findIndex((r) => r.status === 'paid')]!;
      const [payment] = await paymentsOf(db(), paidCase);
      expect(payment).toMatchObject({ source: 'reserve', amountFen: amount, orgCode: org, countyCode: COUNTY, payee: 'applicant', paidAt: AT });
    });

    it('a 10,000 元 replenishment lets the five others pay, back to zero', async () => {
      const top = await replenishReserve(db(), {
        orgCode: org,
        presetFen: PRESET,
        amountFen: 1_000_000,
        actorSub: 'county-finance',
        entryKey: `transfer-${org}-1`,
        note: '区财政补充备用金',
        at: AT,
      });
      expect(top).toMatchObject({ balanceFen: 1_000_000, duplicate: false });

      const refusedCases = caseIds.filter((_, i) => results[i]!.status === 'insufficient');
      const second = await Promise.all(refusedCases.map((c) => payout(org, c, amount)));
      expect(second.map((r) => r.status)).toEqual(Array(5).fill('paid'));
      expect((await reserveFundOf(db(), org))!.balanceFen).toBe(0);
      expect((await payout(org, `conc-${org}-extra`, 1)).status).toBe('insufficient');
      expect(await ledgerIsBalanced(db(), org)).toBe(true);

      const fund = await reserveFundOf(db(), org);
      const replenishment = fund!.entries.find((e) => e.kind === 'replenishment');
      expect(replenishment).toMatchObject({ amountFen: 1_000_000, balanceAfterFen: 1_000_000, note: '区财政补充备用金', actorSub: 'county-finance' });
      // Newest first.
      const ids = fund!.entries.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(fund!.entries).toHaveLength(22);
      expect((await reserveFundOf(db(), org, 3))!.entries).toHaveLength(3);
    });
  });

  it('pays the same (case, instalment) once, sequentially and concurrently', async () => {
    const org = newStreet();
    const first = paid(await payout(org, 'dup-seq', 50_000));
    const again = paid(await payout(org, 'dup-seq', 50_000));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });

    const racing = (await Promise.all(Array.from({ length: 5 }, () => payout(org, 'dup-conc', 70_000)))).map(paid);
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.paymentId)).size).toBe(1);
    expect(new Set(racing.map((r) => r.entryId)).size).toBe(1);
    expect(await paymentsOf(db(), 'dup-conc')).toHaveLength(1);
    expect((await entriesOf(org)).filter((e) => e.caseId === 'dup-conc')).toHaveLength(1);

    // Another instalment, or another payee of the same instalment, is another payment.
    paid(await payout(org, 'dup-conc', 70_000, { instalment: 2 }));
    paid(await payout(org, 'dup-conc', 10_000, { payee: 'guardian' }));
    const list = await paymentsOf(db(), 'dup-conc');
    expect(list.map((p) => [p.instalment, p.payee])).toEqual([
      [1, 'applicant'],
      [1, 'guardian'],
      [2, 'applicant'],
    ]);

    expect((await reserveFundOf(db(), org))!.balanceFen).toBe(PRESET - 50_000 - 70_000 - 70_000 - 10_000);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
  });

  it('refuses a same-key payout that is not a retry', async () => {
    const org = newStreet();
    paid(await payout(org, 'conflict', 50_000));
    await expect(payout(org, 'conflict', 60_000)).rejects.toBeInstanceOf(ReserveConflictError);
    await recordCountyDisbursement(db(), { caseId: 'conflict-county', instalment: 1, amountFen: 50_000, orgCode: org, at: AT });
    await expect(payout(org, 'conflict-county', 50_000)).rejects.toBeInstanceOf(ReserveConflictError);
    await expect(
      recordCountyDisbursement(db(), { caseId: 'conflict', instalment: 1, amountFen: 50_000, orgCode: org, at: AT }),
    ).rejects.toBeInstanceOf(ReserveConflictError);
    expect((await reserveFundOf(db(), org))!.balanceFen).toBe(PRESET - 50_000);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
  });

  it('falls back on the unique index when the same key is paid from two funds at once', async () => {
    const orgA = newStreet();
    const orgB = newStreet();
    await ensureReserveFund(db(), orgB, PRESET, AT);
    let second: Promise<PayoutResult> | undefined;
    const first = await db().transaction(async (tx) => {
      const r = paid(await payFromReserve(tx, { orgCode: orgA, presetFen: PRESET, caseId: 'two-funds', instalment: 1, amountFen: 40_000, actorSub: 'a', at: AT }));
      // B takes its own fund's lock, sees no payment yet, and blocks on A's uncommitted ledger key.
      second = payout(orgB, 'two-funds', 40_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return r;
    });
    const dup = paid(await second!);
    expect(dup).toEqual({ ...first, duplicate: true });
    expect((await reserveFundOf(db(), orgA))!.balanceFen).toBe(PRESET - 40_000);
    expect((await reserveFundOf(db(), orgB))!.balanceFen).toBe(PRESET);
    expect(await ledgerIsBalanced(db(), orgA)).toBe(true);
    expect(await ledgerIsBalanced(db(), orgB)).toBe(true);
    expect(await paymentsOf(db(), 'two-funds')).toHaveLength(1);
  });

  it('moves a replenishment once per entry key', async () => {
    const org = newStreet();
    const input = { orgCode: org, presetFen: PRESET, amountFen: 500_000, actorSub: 'county-finance', entryKey: `top-${org}`, at: AT };
    const first = await replenishReserve(db(), input);
    const again = await replenishReserve(db(), input);
    expect(first).toMatchObject({ balanceFen: PRESET + 500_000, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });

    const racing = await Promise.all(Array.from({ length: 5 }, () => replenishReserve(db(), { ...input, entryKey: `top-${org}-b` })));
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.entryId)).size).toBe(1);
    expect((await reserveFundOf(db(), org))!.balanceFen).toBe(PRESET + 1_000_000);
    expect((await entriesOf(org)).filter((e) => e.kind === 'replenishment')).toHaveLength(2);

    await expect(replenishReserve(db(), { ...input, amountFen: 1 })).rejects.toBeInstanceOf(ReserveConflictError);
    await expect(replenishReserve(db(), { ...input, entryKey: `payout:x:1:applicant` })).rejects.toBeInstanceOf(RangeError);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
  });

  it('records a county disbursement once, without touching a reserve', async () => {
    const org = newStreet();
    const input = { caseId: 'county-1', instalment: 1, amountFen: 300_000, orgCode: org, at: AT };
    const first = await recordCountyDisbursement(db(), input);
    const again = await recordCountyDisbursement(db(), input);
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });
    const racing = await Promise.all(Array.from({ length: 5 }, () => recordCountyDisbursement(db(), { ...input, instalment: 2 })));
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);

    const list = await paymentsOf(db(), 'county-1');
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ source: 'county', reserveEntryId: null, countyCode: COUNTY, amountFen: 300_000 });
    expect(await reserveFundOf(db(), org)).toBeUndefined();
  });

  it('rejects a bad amount with a RangeError and writes nothing', async () => {
    const org = newStreet();
    for (const amountFen of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      await expect(payout(org, 'bad', amountFen)).rejects.toBeInstanceOf(RangeError);
      await expect(
        replenishReserve(db(), { orgCode: org, presetFen: PRESET, amountFen, actorSub: 'a', entryKey: `bad-${amountFen}`, at: AT }),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(recordCountyDisbursement(db(), { caseId: 'bad', instalment: 1, amountFen, orgCode: org, at: AT })).rejects.toBeInstanceOf(
        RangeError,
      );
    }
    await expect(ensureReserveFund(db(), org, -1, AT)).rejects.toBeInstanceOf(RangeError);
    expect(await reserveFundOf(db(), org)).toBeUndefined();
    expect(await paymentsOf(db(), 'bad')).toEqual([]);
    expect(await entriesOf(org)).toEqual([]);
  });

  it('keeps the funds of two streets independent', async () => {
    const a = newStreet();
    const b = newStreet();
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => payout(a, `indep-a-${i}`, 100_000)),
      ...Array.from({ length: 4 }, (_, i) => payout(b, `indep-b-${i}`, 250_000)),
    ]);
    expect((await reserveFundOf(db(), a))!.balanceFen).toBe(PRESET - 400_000);
    expect((await reserveFundOf(db(), b))!.balanceFen).toBe(PRESET - 1_000_000);
    expect((await entriesOf(a)).every((e) => e.caseId === null || e.caseId.startsWith('indep-a-'))).toBe(true);
    expect(await ledgerIsBalanced(db(), a)).toBe(true);
    expect(await ledgerIsBalanced(db(), b)).toBe(true);
  });

  it('ledgerIsBalanced notices a balance that does not match its entries', async () => {
    const org = newStreet();
    await payout(org, 'tamper', 1_000);
    expect(await ledgerIsBalanced(db(), org)).toBe(true);
    await database.sql`update reserve_funds set balance_fen = balance_fen + 1 where org_code = ${org}`;
    expect(await ledgerIsBalanced(db(), org)).toBe(false);
    expect(await ledgerIsBalanced(db(), newStreet())).toBe(true); // never used: no fund, no entries
  });

  it('lists filings newest first and files each case once', async () => {
    const base = { orgCode: `${COUNTY}901`, kind: 'temporary', amountFen: 200_000, approvedBy: 'street-head' };
    await recordFiling(db(), { ...base, caseId: 'file-1', approvedAt: new Date('2025-03-01T01:00:00Z') });
    await recordFiling(db(), { ...base, caseId: 'file-3', approvedAt: new Date('2025-03-03T01:00:00Z') });
    await recordFiling(db(), { ...base, caseId: 'file-2', approvedAt: new Date('2025-03-02T01:00:00Z') });
    await recordFiling(db(), { ...base, caseId: 'file-other', orgCode: '420107001', approvedAt: new Date('2025-03-04T01:00:00Z') });
    // A retry with different content keeps the first filing.
    await recordFiling(db(), { ...base, caseId: 'file-1', amountFen: 1, approvedAt: new Date('2025-03-05T01:00:00Z') });

    const list = await listFilings(db(), COUNTY);
    expect(list.map((f) => f.caseId)).toEqual(['file-3', 'file-2', 'file-1']);
    expect(list[2]).toMatchObject({ amountFen: 200_000, countyCode: COUNTY, approvedAt: new Date('2025-03-01T01:00:00Z') });
    expect((await listFilings(db(), COUNTY, 2)).map((f) => f.caseId)).toEqual(['file-3', 'file-2']);
    expect((await listFilings(db(), '420107')).map((f) => f.caseId)).toEqual(['file-other']);
  });

  it('has written no payment without its ledger entry, and no payout entry without its payment', async () => {
    const all = await db().select().from(payments);
    const entries = await db().select().from(reserveEntries);
    const payoutIds = new Set(entries.filter((e) => e.kind === 'payout').map((e) => e.id));
    const reservePayments = all.filter((p) => p.source === 'reserve');
    expect(reservePayments.every((p) => p.reserveEntryId !== null && payoutIds.has(p.reserveEntryId))).toBe(true);
    expect(reservePayments).toHaveLength(payoutIds.size);
  });
});
