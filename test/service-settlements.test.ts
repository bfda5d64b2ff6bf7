import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { serviceSettlementLines, serviceSettlementOrders } from '../src/db/schema.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths, monthOf } from '../src/domain/months.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, SUPERVISOR, SUPERVISOR_JINTANG, WC, YIBAO, approver, cw } from './support/actors.js';
import { expectError, expectStatus, fieldsOf, get, post, put, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { residentId, useHarness } from './support/harness.js';

// 服务类救助 paid to its providers (issue 21): the county's 民政 approver records each provider's account and
// settles a month's verified orders in one settlement, a line per provider; the bank file is the payroll's
// format; the bank's returns mark lines failed. An order is paid at most once, whatever arrives at once.

const h = useHarness('service-settlements');
const month = () => monthOf(shanghaiDate(Date.now()));
let seq = 500;

/** A verified order for a new person of `street`: placed and delivered by its caseworker, verified by the county's 民政. */
async function verifiedOrder(street: string, o: { provider: string; service?: string; units?: number; month?: string; stopAt?: 'delivered' }): Promise<Json> {
  const caseId = (await startCase(h.app, cw(street), { type: 'dibao', orgCode: street, applicant: { name: `服务对象${seq}`, idNumber: residentId(street.slice(0, 6), '19400404', String(seq++)) }, household: { size: 1, monthlyIncomeFen: 20_000 } })).caseId as string;
  const placed = expectStatus(await post(h.app, '/v1/service-orders', cw(street), { caseId, service: o.service ?? 'visit', units: o.units ?? 1, provider: o.provider, month: o.month ?? month() }), 201);
  expectStatus(await post(h.app, `/v1/service-orders/${placed.orderId}/actions`, cw(street), { action: 'deliver' }), 200);
  if (o.stopAt === 'delivered') return placed;
  return expectStatus(await post(h.app, `/v1/service-orders/${placed.orderId}/actions`, approver(street.slice(0, 6)), { action: 'verify' }), 200);
}

const settle = (who: Actor, body: Json) => post(h.app, '/v1/service-settlements', who, body);
const account = (county: string, who: Actor, name: string, accountNumber: string) => put(h.app, `/v1/service-providers/${county}`, who, { name, bankName: '中国工商银行', accountNumber });
const order = async (orderId: string) => expectStatus(await get(h.app, `/v1/service-orders?orgCode=${WC}&limit=200`, APPROVER), 200).items.find((o: Json) => o.orderId === orderId) as Json;

describe('a county’s monthly settlement with its providers', () => {
  it('pays each provider with an account on record one line of the month’s verified orders, in the payroll’s bank file; the rest wait', async () => {
    const street = `${WC}001`;
    const [a, b, c] = ['阳光社工站', '康宁护理院', '安康康复中心'];
    const a1 = await verifiedOrder(street, { provider: a, units: 1 });
    const a2 = await verifiedOrder(street, { provider: a, units: 2 });
    const b1 = await verifiedOrder(street, { provider: b, service: 'care', units: 2 });
    const c1 = await verifiedOrder(street, { provider: c, service: 'rehab', units: 1 });
    const waiting = await verifiedOrder(street, { provider: a, stopAt: 'delivered' });
    const lastMonth = await verifiedOrder(street, { provider: a, month: addMonths(month(), -1) });

    // No provider has an account yet: nothing to pay, and the answer names them.
    const none = expectError(await settle(APPROVER, { countyCode: WC, month: month() }), 409, 'nothing_to_settle');
    expect(none.details.withoutAccount).toEqual([a, b, c].sort());
    expect(none.message).toContain('尚未登记收款账户');

    expectStatus(await account(WC, APPROVER, a, '6217000011112222'), 200);
    expect(expectStatus(await account(WC, APPROVER, b, '6222000033334444'), 200)).toMatchObject({ name: b, accountMasked: '****4444' });
    const providers = expectStatus(await get(h.app, `/v1/service-providers/${WC}`, CASEWORKER), 200);
    expect(providers.items.map((p: Json) => [p.name, p.accountMasked])).toEqual([[a, '****2222'], [b, '****4444']].sort());
    expect(providers.mayEdit).toBe(false);

    const made = expectStatus(await settle(APPROVER, { countyCode: WC, month: month() }), 201);
    const id = made.settlementId as string;
    const lineOf = (name: string) => made.items.find((l: Json) => l.provider === name) as Json;
    expect(made).toMatchObject({ countyCode: WC, month: month(), orders: 3, amountFen: 5_000 + 10_000 + 6_000, lines: 2, failedLines: 0, withoutAccount: [c], allowedActions: ['file', 'returns'] });
    expect(lineOf(a)).toMatchObject({ provider: a, bankName: '中国工商银行', accountMasked: '****2222', orders: 2, amountFen: 15_000, status: 'sent', failureReason: null });
    expect(lineOf(b)).toMatchObject({ orders: 1, amountFen: 6_000, reference: `${id}/${lineOf(b).line}` });
    expect([...made.orderIds].sort()).toEqual([a1.orderId, a2.orderId, b1.orderId].sort());
    expect(made.history).toEqual([expect.objectContaining({ action: 'settle', by: expect.objectContaining({ sub: APPROVER.sub }), lines: 2 })]);

    // The orders show it; a settled order is past every action; the month's spending still counts it once.
    const settledOrder = await order(a1.orderId);
    expect(settledOrder).toMatchObject({ status: 'settled', settlementId: id, allowedActions: [] });
    expect(settledOrder.history.at(-1)).toMatchObject({ action: 'settle', settlementId: id });
    expectError(await post(h.app, `/v1/service-orders/${a1.orderId}/actions`, CASEWORKER, { action: 'cancel', reason: '—' }), 409, 'invalid_transition');
    expect((await order(waiting.orderId)).status).toBe('delivered');
    expect((await order(lastMonth.orderId)).status).toBe('verified');
    expect((await order(c1.orderId)).status).toBe('verified');
    const spent = expectStatus(await get(h.app, `/v1/stats/spending?orgCode=${WC}&from=${month()}&to=${month()}`, SUPERVISOR), 200);
    expect(spent.items.filter((r: Json) => r.type === 'services').reduce((n: number, r: Json) => n + r.amountFen, 0)).toBe(21_000 + 8_000);

    // The bank file: the payroll's format, the full accounts, 元 with two decimals, the line's reference.
    const file = await get(h.app, `/v1/service-settlements/${id}/file`, APPROVER);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.body.startsWith('\uFEFF户名,账号,金额,摘要\r\n')).toBe(true);
    expect(file.body).toContain(`\r\n${a},6217000011112222,150.00,${id}/${lineOf(a).line}\r\n`);
    expect(file.body).toContain(`${b},6222000033334444,60.00,${id}/${lineOf(b).line}\r\n`);
    expect(file.body.trim().split('\r\n')).toHaveLength(3);
    expectError(await get(h.app, `/v1/service-settlements/${id}/file`, SUPERVISOR), 403, 'forbidden');

    // Again: only the provider without an account is left, so nothing; once it has one, its own settlement; then all is settled.
    const left = expectError(await settle(APPROVER, { countyCode: WC, month: month() }), 409, 'nothing_to_settle');
    expect(left.details).toEqual({ withoutAccount: [c] });
    expectStatus(await account(WC, APPROVER, c, '6228000055556666'), 200);
    const second = expectStatus(await settle(APPROVER, { countyCode: WC, month: month() }), 201);
    expect(second).toMatchObject({ orders: 1, amountFen: 8_000, lines: 1, orderIds: [c1.orderId], withoutAccount: [] });
    const already = expectError(await settle(APPROVER, { countyCode: WC, month: month() }), 409, 'already_settled');
    expect(already.message).toBe(`${WC} ${month()} 的已核验服务订单均已结算`);

    // The bank's returns: the line named becomes failed with its reason; again, nothing changes.
    const returned = expectStatus(await post(h.app, `/v1/service-settlements/${id}/returns`, APPROVER, { items: [{ reference: lineOf(b).reference, reason: '账户已销户' }] }), 200);
    expect(returned.failed).toBe(1);
    expect(returned.settlement).toMatchObject({ failedLines: 1 });
    expect(returned.settlement.items.find((l: Json) => l.provider === b)).toMatchObject({ status: 'failed', failureReason: '账户已销户' });
    expect(returned.settlement.items.find((l: Json) => l.provider === a)).toMatchObject({ status: 'sent' });
    expect(expectStatus(await post(h.app, `/v1/service-settlements/${id}/returns`, APPROVER, { items: [{ reference: lineOf(b).reference, reason: '账户已销户' }] }), 200).failed).toBe(0);
    // A line of another settlement, or no reference at all: 400 naming it.
    const other = expectError(await post(h.app, `/v1/service-settlements/${id}/returns`, APPROVER, { items: [{ reference: `${second.settlementId}/1`, reason: '—' }] }), 400, 'validation_failed');
    expect(fieldsOf(other)).toEqual(['items.0.reference']);
    expect(fieldsOf(expectError(await post(h.app, `/v1/service-settlements/${id}/returns`, APPROVER, { items: [{ reference: 'benefit-1/2026-01/applicant', reason: '—' }] }), 400, 'validation_failed'))).toEqual(['items.0.reference']);
    expectError(await post(h.app, `/v1/service-settlements/${id}/returns`, AUDITOR, { items: [{ reference: lineOf(b).reference, reason: '—' }] }), 403, 'forbidden');

    // Each step is in the settlement's history: made, its file produced (who read the accounts), the returns.
    const read = expectStatus(await get(h.app, `/v1/service-settlements/${id}`, AUDITOR), 200);
    expect(read.history.map((s: Json) => s.action)).toEqual(['settle', 'file', 'returns', 'returns']);
    expect(read.history[2]).toMatchObject({ failed: 1, by: expect.objectContaining({ sub: APPROVER.sub }) });
    expect(read.allowedActions).toEqual([]);

    const list = expectStatus(await get(h.app, `/v1/service-settlements?countyCode=${WC}`, SUPERVISOR), 200);
    expect(list.items.map((s: Json) => s.settlementId)).toEqual([second.settlementId, id]);
    expect(list).toMatchObject({ maySettle: false, nextBefore: null });
    expect(expectStatus(await get(h.app, `/v1/service-settlements?countyCode=${WC}&month=${addMonths(month(), -1)}`, APPROVER), 200).items).toEqual([]);
  });

  it('pays an order once: two settlements asked for at once make one, and the key refuses a second claim', async () => {
    const street = `${JT}001`;
    const orders = [];
    for (const provider of ['金堂社工站', '金堂社工站', '金堂护理站', '金堂护理站', '金堂护理站']) orders.push(await verifiedOrder(street, { provider }));
    for (const [name, acct] of [['金堂社工站', '6217000077778888'], ['金堂护理站', '6217000099990000']] as const) expectStatus(await account(JT, approver(JT), name, acct), 200);

    const answers = await Promise.all([settle(approver(JT), { countyCode: JT, month: month() }), settle({ ...approver(JT), sub: 'ap-jt-2' }, { countyCode: JT, month: month() })]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().error.code).toBe('already_settled');
    const made = answers.find((r) => r.statusCode === 201)!.json() as Json;
    expect(made).toMatchObject({ orders: 5, amountFen: 25_000, lines: 2 });

    const claims = await h.database.db.select().from(serviceSettlementOrders).where(eq(serviceSettlementOrders.settlementId, made.settlementId));
    expect(claims.map((c) => c.orderId).sort()).toEqual(orders.map((o) => o.orderId as string).sort());
    const [paid] = await h.database.db.select({ fen: sql<string>`sum(amount_fen)::text` }).from(serviceSettlementLines).where(eq(serviceSettlementLines.settlementId, made.settlementId));
    expect(Number(paid!.fen)).toBe(25_000);
    // PostgreSQL itself refuses a second settlement's claim on a settled order.
    await expect(h.database.db.insert(serviceSettlementOrders).values({ orderId: orders[0]!.orderId as string, settlementId: 'settlement-999', line: 1 })).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
  });

  it('refuses who may not (403), what is not theirs to see (404) and a malformed request (400 naming the field)', async () => {
    const body = { countyCode: WC, month: month() };
    for (const who of [CASEWORKER, YIBAO, SUPERVISOR, AUDITOR, approver(JT)]) expectError(await settle(who, body), 403, 'forbidden');
    expect(fieldsOf(expectError(await settle(APPROVER, { countyCode: WC, month: '2026-13' }), 400, 'validation_failed'))).toEqual(['month']);
    expect(fieldsOf(expectError(await settle(APPROVER, { month: month() }), 400, 'validation_failed'))).toEqual(['countyCode']);
    expectError(await settle(APPROVER, { ...body, orgCode: `${WC}001` }), 400, 'validation_failed');

    for (const who of [CASEWORKER, SUPERVISOR, approver(JT)]) expectError(await account(WC, who, '社工站', '6217000011112222'), 403, 'forbidden');
    expect(fieldsOf(expectError(await account(WC, APPROVER, '社工站', '6217-0000'), 400, 'validation_failed'))).toEqual(['accountNumber']);
    expect(fieldsOf(expectError(await put(h.app, `/v1/service-providers/${WC}`, APPROVER, { name: '', bankName: '中国银行', accountNumber: '6217000011112222' }), 400, 'validation_failed'))).toEqual(['name']);
    expectError(await get(h.app, `/v1/service-providers/${WC}`, cw(`${JT}001`)), 403, 'forbidden');

    const list = expectStatus(await get(h.app, `/v1/service-settlements?countyCode=${WC}`, APPROVER), 200);
    const id = list.items[0].settlementId as string;
    expectError(await get(h.app, `/v1/service-settlements/${id}`, SUPERVISOR_JINTANG), 404, 'not_found');
    expectError(await get(h.app, `/v1/service-settlements/${id}`, YIBAO), 404, 'not_found');
    expectError(await get(h.app, `/v1/service-settlements/${id}/file`, approver(JT)), 404, 'not_found');
    expectError(await get(h.app, '/v1/service-settlements/settlement-999999', APPROVER), 404, 'not_found');
    expectError(await get(h.app, `/v1/service-settlements?countyCode=${WC}`, CASEWORKER), 403, 'forbidden');
    expectError(await get(h.app, `/v1/service-settlements?countyCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
  });
});
