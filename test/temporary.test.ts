import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentsOf } from '../src/db/payments.js';
import { ledgerIsBalanced } from '../src/db/reserve-fund.js';
import { payments } from '../src/db/schema.js';
import { JT, WC, approver, cw, supervisor } from './support/actors.js';
import { act, expectError, fieldsOf, get, json, post, type Json } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { eventually, recordHistory, residentId, useHarness } from './support/harness.js';

// 金堂县 (JT): the street approves ≤ 5,000 元.
// 武昌区 (WC): the street approves below 4 × the 低保 standard (seeded 1,000 元 → 4,000 元).

const h = useHarness('temporary');

const emergency = (street: string, amountFen: number) => startTemporaryCase(h.app, street, { kind: 'emergency', amountFen, reason: '火灾致房屋损毁' });

const fund = async (street: string) => json(await get(h.app, `/v1/reserve-funds/${street}`, cw(street)));

describe('emergency (急难型): paid from the street reserve at once', () => {
  it('runs an emergency case to payment within one request and moves the ledger by exactly that amount', async () => {
    const street = `${JT}001`;
    const c = await emergency(street, 180_000);
    expect(c).toMatchObject({ type: 'temporary', step: 'approval', status: 'open', allowedActions: ['approve', 'reject', 'forward-to-county', 'escalate', 'withdraw', 'refer-to-employment'] });
    expect(Date.parse(c.dueAt) - Date.parse(c.acceptedAt)).toBe(24 * 3600 * 1000);
    const before = (await fund(street)).balanceFen;

    const approved = await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 180_000 });
    expect(approved.statusCode, approved.body).toBe(200);
    const v = json(approved);
    expect(v).toMatchObject({ status: 'approved', step: 'paperwork', amountFen: 180_000, overdue: false });
    expect(v.temporary).toMatchObject({ paidFen: 180_000, paidLate: false, approval: { by: 'street', filed: true } });
    expect(v.temporary.installments).toEqual([expect.objectContaining({ instalment: 1, amountFen: 180_000, status: 'paid', source: 'reserve' })]);
    expect(v.temporary.paperwork.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v.allowedActions).toEqual(['submit-paperwork', 'refer-to-employment', 'refer-to-charity']);

    const after = await fund(street);
    expect(after.balanceFen).toBe(before - 180_000);
    expect(after.entries[0]).toMatchObject({ kind: 'payout', amountFen: -180_000, caseId: c.caseId, instalment: 1, balanceAfterFen: after.balanceFen });
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);

    // 备案: the county sees the street's approval.
    const filings = json(await get(h.app, `/v1/filings`, approver(JT)));
    expect(filings.items).toContainEqual(expect.objectContaining({ caseId: c.caseId, orgCode: street, amountFen: 180_000, kind: 'emergency' }));

    const closed = json(await act(h.app, cw(street), c.caseId, { action: 'submit-paperwork', documents: ['临时救助申请书', '火灾证明'] }));
    expect(closed).toMatchObject({ step: 'closed', status: 'approved', allowedActions: ['refer-to-employment', 'refer-to-charity'] });
    expect(closed.temporary.paperwork).toMatchObject({ overdue: false, documents: ['临时救助申请书', '火灾证明'] });
    expect(closed.history.map((e: Json) => e.action)).toEqual(['accept', 'approve', 'filed', 'instalment-paid', 'paperwork-due', 'submit-paperwork']);
    await recordHistory(h, c.caseId, 'temporary-emergency-paid-v5');
  });

  it('shows a new street’s fund at its preset without writing anything, and ledgers the preset on first use', async () => {
    const street = `${JT}009`;
    const before = await fund(street);
    expect(before).toMatchObject({ orgCode: street, countyCode: JT, balanceFen: 3_000_000, presetFen: 3_000_000, entries: [] });
    expect(await fund(street)).toEqual(before);
    const c = await emergency(street, 1_000);
    await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 1_000 });
    const after = await fund(street);
    expect(after.entries.map((e: Json) => [e.kind, e.amountFen, e.balanceAfterFen])).toEqual([
      ['payout', -1_000, 2_999_000],
      ['preset', 3_000_000, 3_000_000],
    ]);
  });

  it('pays 15 of 20 concurrent 2,000 元 payouts from a fresh 30,000 元 reserve, never below zero, and the rest after a replenishment', async () => {
    const street = `${JT}002`;
    const cases = await Promise.all(Array.from({ length: 20 }, () => emergency(street, 200_000)));
    const answers = await Promise.all(cases.map((c) => act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 200_000 })));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const paid = answers.filter((a) => json(a).temporary.installments[0].status === 'paid');
    const waiting = answers.filter((a) => json(a).temporary.installments[0].status === 'awaiting-funds');
    expect(paid).toHaveLength(15);
    expect(waiting).toHaveLength(5);
    for (const w of waiting) expect(json(w)).toMatchObject({ step: 'payment', temporary: { awaitingFunds: true } });

    const drained = await fund(street);
    expect(drained.balanceFen).toBe(0);
    expect(drained.entries.every((e: Json) => e.balanceAfterFen >= 0)).toBe(true);
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);

    const replenished = await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: 1_000_000, note: '区民政局补充备用金' });
    expect(replenished.statusCode, replenished.body).toBe(201);
    expect(json(replenished).replenishment).toMatchObject({ amountFen: 1_000_000, duplicate: false });

    await eventually(async () => {
      const views = await Promise.all(waiting.map((w) => get(h.app, `/v1/cases/${json(w).caseId}`, cw(street))));
      for (const v of views) expect(json(v)).toMatchObject({ step: 'paperwork', temporary: { paidFen: 200_000, awaitingFunds: false } });
    });
    const final = await fund(street);
    expect(final.balanceFen).toBe(0);
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);
    // Every case paid exactly once.
    for (const c of cases) {
      const rows = await paymentsOf(h.database.db, c.caseId);
      expect(rows.map((r) => [r.instalment, r.amountFen, r.source])).toEqual([[1, 200_000, 'reserve']]);
    }
    const notes = json(await get(h.app, `/v1/cases/${json(waiting[0]!).caseId}`, cw(street))).history.map((e: Json) => e.action);
    expect(notes).toEqual(expect.arrayContaining(['awaiting-funds', 'instalment-paid']));
  });
});

describe('approval authority at the boundary', () => {
  it('金堂县: exactly 5,000 元 is the street’s; one fen more must go to the county, which pays it itself', async () => {
    const street = `${JT}003`;
    const atLimit = await emergency(street, 500_000);
    const ok = await act(h.app, cw(street), atLimit.caseId, { action: 'approve', amountFen: 500_000 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).temporary.approval).toMatchObject({ by: 'street', filed: true });

    const above = await emergency(street, 500_001);
    const refused = expectError(await act(h.app, cw(street), above.caseId, { action: 'approve', amountFen: 500_001 }), 403, 'forbidden');
    expect(refused.message).toContain('请报区县审批');
    // The approver may not decide until the street forwards it.
    expectError(await act(h.app, approver(JT), above.caseId, { action: 'approve', amountFen: 500_001 }), 409, 'invalid_transition');

    const forwarded = json(await act(h.app, cw(street), above.caseId, { action: 'forward-to-county', reason: '超出街道审批权限' }));
    expect(forwarded).toMatchObject({ step: 'county-review', allowedActions: ['withdraw', 'refer-to-employment'] });
    expect(json(await get(h.app, `/v1/cases/${above.caseId}`, approver(JT))).allowedActions).toEqual(['approve', 'reject', 'escalate']);
    const before = (await fund(street)).balanceFen;
    const county = json(await act(h.app, approver(JT), above.caseId, { action: 'approve', amountFen: 500_001 }));
    expect(county).toMatchObject({ step: 'paperwork', amountFen: 500_001, temporary: { approval: { by: 'county', filed: false } } });
    expect(county.temporary.installments[0]).toMatchObject({ status: 'paid', source: 'county' });
    expect((await fund(street)).balanceFen).toBe(before);
    const filings = json(await get(h.app, `/v1/filings?orgCode=${JT}`, supervisor(JT))).items.map((f: Json) => f.caseId);
    expect(filings).toContain(atLimit.caseId);
    expect(filings).not.toContain(above.caseId);
  });

  it('武昌区: below 4 × the 低保 standard is the street’s, exactly 4 × is not', async () => {
    const street = `${WC}001`;
    const below = await emergency(street, 399_999);
    expect((await act(h.app, cw(street), below.caseId, { action: 'approve', amountFen: 399_999 })).statusCode).toBe(200);
    const at = await emergency(street, 400_000);
    expectError(await act(h.app, cw(street), at.caseId, { action: 'approve', amountFen: 400_000 }), 403, 'forbidden');
  });

  it('lets the county reject a forwarded case', async () => {
    const street = `${JT}004`;
    const c = await emergency(street, 900_000);
    await act(h.app, cw(street), c.caseId, { action: 'forward-to-county' });
    const rejected = json(await act(h.app, approver(JT), c.caseId, { action: 'reject', reason: '已获其他救助' }));
    expect(rejected).toMatchObject({ status: 'rejected', step: 'closed', closedReason: '已获其他救助' });
  });
});

describe('expense (支出型): one approval, staged instalments', () => {
  it('400s a schedule that does not add up, naming the field', async () => {
    const street = `${JT}005`;
    const c = json(
      await post(h.app, '/v1/cases', cw(street), {
        type: 'temporary',
        orgCode: street,
        applicant: { name: '王五', idNumber: residentId(JT) },
        household: { size: 2, monthlyIncomeFen: 40_000 },
        temporary: { kind: 'expense', amountFen: 300_000, reason: '大病医疗支出' },
      }),
    );
    const bad = expectError(
      await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 300_000, installments: [{ dueDate: '2099-01-01', amountFen: 100_000 }, { dueDate: '2099-02-01', amountFen: 100_000 }] }),
      400,
      'validation_failed',
    );
    expect(fieldsOf(bad)).toEqual(['installments']);
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 300_000, installments: { count: 0, intervalDays: 30 } }), 400, 'validation_failed'))).toEqual([
      'installments.count',
    ]);
    // A date in the past is refused by the workflow's validator.
    const past = expectError(
      await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 300_000, installments: [{ dueDate: '2020-01-01', amountFen: 300_000 }] }),
      400,
      'validation_failed',
    );
    expect(past.message).toContain('installments.0.dueDate');
    expect(json(await get(h.app, `/v1/cases/${c.caseId}`, cw(street))).step).toBe('approval');
  });
});

describe('the new actions’ unhappy paths', () => {
  it('400s a temporary case without its request, an emergency with a schedule, and a bad amount', async () => {
    const base = { type: 'temporary', orgCode: `${JT}001`, applicant: { name: '赵六', idNumber: residentId(JT) }, household: { size: 1, monthlyIncomeFen: 0 } };
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', cw(`${JT}001`), base), 400, 'validation_failed'))).toEqual(['temporary']);
    const sched = { ...base, temporary: { kind: 'emergency', amountFen: 100, reason: 'x', installments: { count: 2, intervalDays: 30 } } };
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', cw(`${JT}001`), sched), 400, 'validation_failed'))).toEqual(['temporary.installments']);
    const zero = { ...base, temporary: { kind: 'emergency', amountFen: 0, reason: 'x' } };
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', cw(`${JT}001`), zero), 400, 'validation_failed'))).toEqual(['temporary.amountFen']);
    const dibaoWithTemp = { ...base, type: 'dibao', temporary: { kind: 'emergency', amountFen: 100, reason: 'x' } };
    expect(fieldsOf(expectError(await post(h.app, '/v1/cases', cw(`${JT}001`), dibaoWithTemp), 400, 'validation_failed'))).toEqual(['temporary']);
  });

  it('403s the wrong role, 409s the wrong step, 400s a bad payload', async () => {
    const street = `${JT}006`;
    const c = await emergency(street, 100_000);
    expectError(await act(h.app, supervisor(JT), c.caseId, { action: 'approve', amountFen: 100_000 }), 403, 'forbidden');
    expectError(await act(h.app, cw(`${JT}007`), c.caseId, { action: 'approve', amountFen: 100_000 }), 404, 'not_found');
    expectError(await act(h.app, cw(street), c.caseId, { action: 'submit-paperwork', documents: ['x'] }), 409, 'invalid_transition');
    expectError(await act(h.app, cw(street), c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 1 }), 409, 'invalid_transition');
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: -1 }), 400, 'validation_failed'))).toEqual(['amountFen']);
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'approve' }), 400, 'validation_failed'))).toEqual(['amountFen']);
    await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 100_000 });
    expectError(await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 100_000 }), 409, 'invalid_transition');
    expectError(await act(h.app, cw(street), c.caseId, { action: 'withdraw', reason: '已支付后不能撤回' }), 409, 'invalid_transition');
    expectError(await act(h.app, cw(street), c.caseId, { action: 'stop-installments', reason: 'x' }), 409, 'invalid_transition');
    expect(await paymentsOf(h.database.db, c.caseId)).toHaveLength(1);
  });

  it('guards the reserve fund routes by role, scope and body', async () => {
    const street = `${JT}008`;
    expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, cw(street), { amountFen: 100 }), 403, 'forbidden');
    expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, supervisor(JT), { amountFen: 100 }), 403, 'forbidden');
    expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(WC), { amountFen: 100 }), 403, 'forbidden');
    expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, { ...approver(JT), dept: 'yibao' }, { amountFen: 100 }), 403, 'forbidden');
    expect(fieldsOf(expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: -5 }), 400, 'validation_failed'))).toEqual(['amountFen']);
    expect(fieldsOf(expectError(await post(h.app, `/v1/reserve-funds/${JT}/replenishments`, approver(JT), { amountFen: 5 }), 400, 'validation_failed'))).toEqual(['orgCode']);
    expectError(await get(h.app, `/v1/reserve-funds/${street}`, cw(`${JT}001`)), 403, 'forbidden');
    expectError(await get(h.app, `/v1/reserve-funds/${street}`, supervisor(WC)), 403, 'forbidden');
    expectError(await get(h.app, `/v1/reserve-funds/${street}`, { role: 'committee', org: JT }), 403, 'forbidden');
    expect((await get(h.app, `/v1/reserve-funds/${street}`, supervisor(JT))).statusCode).toBe(200);
    expect((await get(h.app, `/v1/reserve-funds/${street}`, { role: 'auditor', org: JT })).statusCode).toBe(200);
    expectError(await get(h.app, '/v1/filings', cw(street)), 403, 'forbidden');
    expectError(await get(h.app, `/v1/filings?orgCode=${WC}`, approver(JT)), 403, 'forbidden');
  });

  it('moves money once for a replenishment retried with the same Idempotency-Key', async () => {
    const street = `${JT}010`;
    const key = { 'idempotency-key': 'replenish-2026-11-1' };
    const [a, b] = await Promise.all([
      post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: 50_000 }, key),
      post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: 50_000 }, key),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect([json(a).replenishment.duplicate, json(b).replenishment.duplicate].sort()).toEqual([false, true]);
    const f = await fund(street);
    expect(f.balanceFen).toBe(3_050_000);
    expect(f.entries.filter((e: Json) => e.kind === 'replenishment')).toHaveLength(1);
    // The same key with another amount is another request: refused, nothing moves.
    expectError(await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: 60_000 }, key), 409, 'idempotency_key_reused');
    expect((await fund(street)).balanceFen).toBe(3_050_000);
    // The same key for another street is that street's own replenishment.
    expect(json(await post(h.app, `/v1/reserve-funds/${JT}011/replenishments`, approver(JT), { amountFen: 50_000 }, key)).replenishment.duplicate).toBe(false);
    const paymentsHere = await h.database.db.select().from(payments).where(and(eq(payments.orgCode, street)));
    expect(paymentsHere).toHaveLength(0);
  });
});
