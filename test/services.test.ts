import { describe, expect, it } from 'vitest';
import { policies } from '../src/db/schema.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { monthOf } from '../src/domain/months.js';
import { APPROVER, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, WC, YIBAO, approver, cw, supervisor } from './support/actors.js';
import { expectError, expectStatus, get, post, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { residentId, useHarness } from './support/harness.js';

// 服务类救助 (issue 21): services bought at the county's catalogue price for a person of an assistance
// household, refused with the figures when the person's month would pass the 特困 basic standard or the
// county's year 5 % of last year's assistance spending; delivered, verified by 民政, then spending.

const h = useHarness('services');
const month = () => monthOf(shanghaiDate(Date.now()));
const order = (who: Parameters<typeof post>[2], body: Json, headers: Record<string, string> = {}) => post(h.app, '/v1/service-orders', who, body, headers);
const step = (id: string, who: Parameters<typeof post>[2], body: Json) => post(h.app, `/v1/service-orders/${id}/actions`, who, body);
const caseAt = async (street: string, name: string, seq: string) =>
  (await startCase(h.app, cw(street), { type: 'dibao', orgCode: street, applicant: { name, idNumber: residentId(street.slice(0, 6), '19400404', seq) }, household: { size: 1, monthlyIncomeFen: 20_000 } })).caseId as string;

describe('the catalogue', () => {
  it('is the county’s, read within it, marked while it is the placeholder', async () => {
    const c = expectStatus(await get(h.app, `/v1/service-catalogue/${WC}`, CASEWORKER), 200);
    expect(c).toMatchObject({ countyCode: WC, placeholder: true });
    expect(c.items).toEqual(expect.arrayContaining([{ service: 'visit', name: '探视巡访', unit: '次', unitPriceFen: 5000 }]));
    expectStatus(await get(h.app, `/v1/service-catalogue/${WC}`, SUPERVISOR), 200);
    expectError(await get(h.app, `/v1/service-catalogue/${WC}`, supervisor(JT)), 403, 'forbidden');
  });
});

describe('an order within the person’s monthly cap', () => {
  it('is placed at the catalogue price, delivered, verified by 民政, and from then it is spending', async () => {
    const caseId = await caseAt(`${WC}001`, '韩照护', '441');
    const placed = expectStatus(await order(CASEWORKER, { caseId, service: 'visit', units: 2, provider: '武昌区阳光社工站', month: month() }, { 'idempotency-key': 'svc-1' }), 201);
    expect(placed).toMatchObject({ status: 'ordered', serviceName: '探视巡访', unit: '次', units: 2, unitPriceFen: 5000, amountFen: 10_000, personName: '韩照护', allowedActions: ['deliver', 'cancel'] });
    // A retry is the order placed; the key with another body is refused.
    expect(expectStatus(await order(CASEWORKER, { caseId, service: 'visit', units: 2, provider: '武昌区阳光社工站', month: month() }, { 'idempotency-key': 'svc-1' }), 201).orderId).toBe(placed.orderId);

    // Past the 特困 basic standard of the month: refused with the figures.
    const over = expectError(await order(CASEWORKER, { caseId, service: 'care', units: 1000, provider: '武昌区护理院', month: month() }), 409, 'cap_exceeded');
    expect(over.details).toMatchObject({ cap: 'person-month', usedFen: 10_000, requestedFen: 3_000_000 });
    expect(over.details.limitFen).toBeGreaterThan(0);
    expect(over.message).toMatch(/^超出本人当月服务上限：特困人员基本生活标准 [\d,.]+ 元，已用 100\.00 元，本次 30,000\.00 元$/);

    expectError(await step(placed.orderId, CASEWORKER, { action: 'verify' }), 403, 'forbidden');
    const delivered = expectStatus(await step(placed.orderId, CASEWORKER, { action: 'deliver', note: '已上门探视两次' }), 200);
    expect(delivered).toMatchObject({ status: 'delivered' });
    expectError(await step(placed.orderId, YIBAO, { action: 'verify' }), 404, 'not_found');
    expect(expectStatus(await step(placed.orderId, APPROVER, { action: 'verify' }), 200)).toMatchObject({ status: 'verified', allowedActions: [] });
    const again = expectError(await step(placed.orderId, APPROVER, { action: 'verify' }), 409, 'invalid_transition');
    expect(again.message).toBe('服务订单状态为“已核验”，不能核验');
    expectError(await step(placed.orderId, CASEWORKER, { action: 'cancel', reason: '—' }), 409, 'invalid_transition');

    const spent = expectStatus(await get(h.app, `/v1/stats/spending?orgCode=${WC}&from=${month()}&to=${month()}`, SUPERVISOR), 200);
    expect(spent.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'services', orgCode: `${WC}001`, amountFen: 10_000, recipients: 1 })]));
  });

  it('refuses what is not the street’s, not in the catalogue, or names no one', async () => {
    const caseId = await caseAt(`${WC}001`, '杨核对', '442');
    const body = { caseId, service: 'visit', units: 1, provider: '社工站', month: month() };
    expectError(await order(OTHER_STREET, body), 404, 'not_found');
    expectError(await order(SUPERVISOR, body), 403, 'forbidden');
    const unknown = expectError(await order(CASEWORKER, { ...body, service: 'massage' }), 400, 'validation_failed');
    expect(unknown.details).toEqual([expect.objectContaining({ path: 'service' })]);
    const both = expectError(await order(CASEWORKER, { ...body, benefitId: 'benefit-x' }), 400, 'validation_failed');
    expect(both.details.map((d: Json) => d.path)).toEqual(['benefitId', 'caseId']);
    const bad = expectError(await order(CASEWORKER, { ...body, month: '2026-13', units: 0 }), 400, 'validation_failed');
    expect(bad.details.map((d: Json) => d.path).sort()).toEqual(['month', 'units']);
    expectError(await get(h.app, `/v1/service-orders?orgCode=${WC}001`, OTHER_STREET), 403, 'forbidden');
    expect(expectStatus(await get(h.app, `/v1/service-orders?orgCode=${WC}`, SUPERVISOR), 200).items.length).toBeGreaterThan(0);
  });
});

describe('the county’s yearly cap', () => {
  it('is 5 % of last year’s spending; a cancelled order frees its room', async () => {
    // 金堂县 has no records of last year: its policy says 2,000 元 were spent (cap 100 元).
    await h.database.db.insert(policies).values({
      regionCode: JT,
      key: 'services',
      effectiveFrom: '2020-01-01',
      value: { catalogue: [{ service: 'visit', name: '探视巡访', unit: '次', unitPriceFen: 5000 }], priorYearSpendingFen: 200_000 },
      source: 'test',
    });
    const street = `${JT}001`;
    const a = await caseAt(street, '秦甲', '443');
    const b = await caseAt(street, '尤乙', '444');
    const first = expectStatus(await order(cw(street), { caseId: a, service: 'visit', units: 1, provider: '金堂县社工站', month: month() }), 201);
    const over = expectError(await order(cw(street), { caseId: b, service: 'visit', units: 2, provider: '金堂县社工站', month: month() }, { 'idempotency-key': 'svc-cap' }), 409, 'cap_exceeded');
    expect(over.details).toEqual({ cap: 'county-year', limitFen: 10_000, usedFen: 5_000, requestedFen: 10_000 });
    expect(over.message).toBe('超出本区县年度购买服务上限：上年度救助资金支出的 5%（100.00 元），已用 50.00 元，本次 100.00 元');
    // The refused request created nothing: its key is free for the order corrected (one visit fits).
    const corrected = expectStatus(await order(cw(street), { caseId: b, service: 'visit', units: 1, provider: '金堂县社工站', month: month() }, { 'idempotency-key': 'svc-cap' }), 201);
    expectStatus(await step(corrected.orderId, cw(street), { action: 'cancel', reason: '改期' }), 200);
    expectStatus(await step(first.orderId, approver(JT), { action: 'cancel', reason: '服务对象已住院' }), 200);
    expectStatus(await order(cw(street), { caseId: b, service: 'visit', units: 2, provider: '金堂县社工站', month: month() }), 201);
  });
});
