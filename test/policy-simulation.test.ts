import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { memberRecord, personKey } from '../src/api/applicant.js';
import { applyBenefitStep, openBenefit } from '../src/db/benefits.js';
import { createHousehold, linkCase, recogniseLowIncome } from '../src/db/households.js';
import { addMonths, shanghaiMonth } from '../src/domain/months.js';
import type { MemberPayload } from '../src/domain/household.js';
import type { Actor } from '../src/domain/roles.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { expectError, expectStatus, fieldsOf, post, type Json } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, residentId, useDatabase } from './support/harness.js';

// POST /v1/policies/:region/simulations over HTTP: households put in the register with known incomes,
// their 低保 benefits opened (one moved into 渐退期), then a proposed standard or eligibility policy run
// over them — who enters, leaves, phases out, what it costs — with nothing written. The API needs no
// Temporal for this: the app is built on a client that never connects.

const d = useDatabase('policy_simulation');
let app: FastifyInstance;
let connection: Connection;

const WC = '420106';
const S1 = `${WC}001`;
const S2 = `${WC}002`;
const CW: Actor = { sub: 'cw-sim', role: 'caseworker', org: S1 };
const POLICY: Actor = { sub: 'policy-sim', role: 'policy', org: WC };
const SUPERVISOR: Actor = { sub: 'sup-sim', role: 'supervisor', org: WC };
const AT = new Date();
/** Next month's first day: every benefit below pays that month, the one in 渐退期 included. */
const MONTH = addMonths(shanghaiMonth(AT), 1);
const FROM = `${MONTH}-01`;
const CREATED = '2026-01-01';

let seq = 100;
const wage = (monthlyFen: number) => [{ kind: 'wage' as const, monthlyFen }];
const person = (m: Partial<MemberPayload> & Pick<MemberPayload, 'relation'>): MemberPayload => ({
  name: `成员${seq}`,
  idNumber: residentId(WC, '19700101', String(seq++)),
  workAbility: 'full',
  employed: false,
  incomes: [],
  ...m,
});
const ASSETS = { depositsFen: 0, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false };

/** A household of a street with a 低保 case; with `benefit`, the case approved at that amount (a 低保 gap basis). */
async function household(id: string, orgCode: string, members: MemberPayload[], benefit?: { monthlyAmountFen: number; perCapitaIncomeFen: number; size: number }) {
  await createHousehold(d.db, {
    householdId: id,
    changeId: `${id}-c1`,
    orgCode,
    effectiveOn: CREATED,
    reason: '受理登记',
    actor: CW,
    at: AT,
    members: members.map((m) => memberRecord(TEST_PII_HASH_KEY, m)),
    assets: ASSETS,
  });
  await linkCase(d.db, { caseId: `case-${id}`, householdId: id, type: 'dibao' });
  if (!benefit) return;
  await openBenefit(d.db, {
    benefitId: `b-${id}`,
    caseId: `case-${id}`,
    type: 'dibao',
    orgCode,
    applicantIdHash: personKey(TEST_PII_HASH_KEY, members[0]!.idNumber),
    applicantName: '受助人',
    approvedAt: AT.toISOString(),
    approvedBy: CW,
    householdSize: benefit.size,
    perCapitaIncomeFen: benefit.perCapitaIncomeFen,
    employedMembers: 0,
    monthlyAmountFen: benefit.monthlyAmountFen,
  });
}

const simulate = (who: Actor, body: Json, region = WC) => post(app, `/v1/policies/${region}/simulations`, who, body);
const standard = (monthlyFen: number) => ({ key: 'dibao-standard', value: { monthlyFen }, effectiveFrom: FROM });
const rowOf = (body: Json, orgCode: string, type: string) => (body.rows as Json[]).find((r) => r.orgCode === orgCode && r.type === type)!;

/** Every row the register, the benefits and the policies hold: a simulation must leave them as they were. */
const snapshot = async () => ({
  counts: await d.sql`
    select (select count(*) from households) h, (select count(*) from household_changes) c, (select count(*) from household_members) m,
           (select count(*) from household_cases) hc, (select count(*) from household_recognitions) r, (select count(*) from benefits) b,
           (select count(*) from benefit_bases) bb, (select count(*) from benefit_events) be, (select count(*) from benefit_payments) bp,
           (select count(*) from policy_changes) pc`,
  policies: await d.sql`select region_code, key, effective_from, value, source from policies order by region_code, key, effective_from`,
  benefits: await d.sql`select benefit_id, status, last_month, version, updated_at from benefits order by benefit_id`,
});

beforeAll(async () => {
  connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
  const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: d.db, temporal: { client, taskQueue: 'tq-none', callTimeoutMs: 500, close: async () => {} } });

  // 武昌区's standard is 1,000 元 (seeded); the national eligibility policy deducts 200 元 per employed member.
  // A (street 1): two, 1,200 元 together → 600 元 each: paid (1,000 − 600) × 2.
  await household('hh-a', S1, [person({ relation: 'self', incomes: wage(70_000) }), person({ relation: 'spouse', incomes: [{ kind: 'pension', monthlyFen: 50_000 }] })], {
    monthlyAmountFen: 80_000,
    perCapitaIncomeFen: 60_000,
    size: 2,
  });
  // B (street 1): one, 1,050 元: a case, no benefit (above the standard).
  await household('hh-b', S1, [person({ relation: 'self', incomes: wage(105_000) })]);
  // C (street 2): three, one employed at 2,900 元: (2,900 − 200) / 3 = 900 元 each: paid (1,000 − 900) × 3.
  await household('hh-c', S2, [person({ relation: 'self', employed: true, incomes: wage(290_000) }), person({ relation: 'spouse', workAbility: 'none' }), person({ relation: 'child' })], {
    monthlyAmountFen: 30_000,
    perCapitaIncomeFen: 90_000,
    size: 3,
  });
  // D (street 2): one, 700 元, not in work: paid 300 元.
  await household('hh-d', S2, [person({ relation: 'self', workAbility: 'partial', incomes: wage(70_000) })], { monthlyAmountFen: 30_000, perCapitaIncomeFen: 70_000, size: 1 });
  // E (street 1): paid 500 元, then found earning 2,000 元 in work: 渐退期 at the 500 元 it was paid.
  await household('hh-e', S1, [person({ relation: 'self', employed: true, incomes: wage(200_000) })], { monthlyAmountFen: 50_000, perCapitaIncomeFen: 50_000, size: 1 });
  const phasing = await applyBenefitStep(d.db, {
    benefitId: 'b-hh-e',
    version: 1,
    actor: CW,
    step: { action: 'record-change', perCapitaIncomeFen: 200_000, employedMembers: 1, reason: '就业' },
    at: AT.toISOString(),
  });
  expect(phasing.status).toBe('phasing-out');
  // F (street 1): one, 1,200 元: recognised 低收入 (up to 1.5 × the standard).
  await household('hh-f', S1, [person({ relation: 'self', incomes: wage(120_000) })]);
  await recogniseLowIncome(d.db, { householdId: 'hh-f', caseId: 'case-hh-f', since: CREATED });
});

afterAll(async () => {
  await app?.close();
  await connection?.close();
});

describe('a policy what-if over the register', () => {
  it('a raised standard: B enters at its gap, everyone paid is paid the new gap, 渐退期 stays frozen — and nothing is written', async () => {
    const before = await snapshot();
    const body = expectStatus(await simulate(POLICY, standard(110_000)), 200);
    expect(body).toMatchObject({ regionCode: WC, key: 'dibao-standard', effectiveFrom: FROM, month: MONTH });
    expect(rowOf(body, S1, 'dibao')).toEqual({
      orgCode: S1,
      type: 'dibao',
      coveredBefore: 2,
      coveredAfter: 3,
      entering: 1,
      leaving: 0,
      phasingOut: 1,
      suspended: 0,
      unassessed: 0,
      monthlyCostBeforeFen: 80_000 + 50_000,
      // A's new gap, B's gap, E frozen.
      monthlyCostAfterFen: (110_000 - 60_000) * 2 + (110_000 - 105_000) + 50_000,
    });
    expect(rowOf(body, S2, 'dibao')).toMatchObject({ coveredBefore: 2, coveredAfter: 2, entering: 0, leaving: 0, phasingOut: 0, monthlyCostBeforeFen: 60_000, monthlyCostAfterFen: (110_000 - 90_000) * 3 + (110_000 - 70_000) });
    // F is still 低收入 (1,200 元 is between 1,100 元 and 1,650 元).
    expect(rowOf(body, S1, 'low-income')).toMatchObject({ coveredBefore: 1, coveredAfter: 1, entering: 0, leaving: 0, monthlyCostBeforeFen: 0, monthlyCostAfterFen: 0 });
    expect(body.totals).toMatchObject({ households: 6, coveredBefore: 4 + 1, entering: 1, monthlyCostBeforeFen: 190_000, monthlyCostAfterFen: 100_000 + 5_000 + 50_000 + 60_000 + 40_000 });
    expect(await snapshot()).toEqual(before);
  });

  it('a lowered standard: D leaves, C (in work) enters 渐退期 at what it is paid, A is paid the smaller gap, F is no longer 低收入', async () => {
    const body = expectStatus(await simulate(SUPERVISOR, standard(65_000)), 200);
    expect(rowOf(body, S2, 'dibao')).toMatchObject({ coveredBefore: 2, coveredAfter: 1, entering: 0, leaving: 1, phasingOut: 1, monthlyCostBeforeFen: 60_000, monthlyCostAfterFen: 30_000 });
    expect(rowOf(body, S1, 'dibao')).toMatchObject({ coveredBefore: 2, coveredAfter: 2, entering: 0, leaving: 0, phasingOut: 1, monthlyCostAfterFen: (65_000 - 60_000) * 2 + 50_000 });
    expect(rowOf(body, S1, 'low-income')).toMatchObject({ coveredBefore: 1, coveredAfter: 0, leaving: 1 });
    const t = body.totals as Json;
    expect(t.coveredAfter).toBe(t.coveredBefore - t.leaving + t.entering);
  });

  it('a proposed eligibility policy: a larger work-cost deduction raises C’s gap', async () => {
    const body = expectStatus(await simulate(POLICY, { key: 'eligibility', value: { ...(await eligibilityNow()), workCostDeductionFen: 50_000 }, effectiveFrom: FROM }), 200);
    // (2,900 − 500) / 3 = 800 元 each: (1,000 − 800) × 3; D unchanged.
    expect(rowOf(body, S2, 'dibao')).toMatchObject({ coveredAfter: 2, monthlyCostAfterFen: (100_000 - 80_000) * 3 + (100_000 - 70_000) });
  });

  it('a national proposal does not reach a county with a standard of its own; a national officer may run it', async () => {
    const body = expectStatus(await simulate({ sub: 'policy-cn', role: 'policy', org: '000000' }, standard(200_000), '000000'), 200);
    expect(rowOf(body, S1, 'dibao')).toMatchObject({ entering: 0, monthlyCostAfterFen: (100_000 - 60_000) * 2 + 50_000 });
    expectStatus(await simulate({ sub: 'policy-cn', role: 'policy', org: '000000' }, standard(200_000)), 200);
  });

  it('counts a member covered elsewhere (特困, another household’s 低保) as the decision would: not eligible', async () => {
    const JT = '510121';
    const street = `${JT}001`;
    const tekunMember = person({ relation: 'spouse', workAbility: 'none' });
    const shared = person({ relation: 'child' });
    // G is paid, but its spouse holds an active 特困: it leaves. L is paid with the child; K declares the same child and asks.
    await household('hh-g', street, [person({ relation: 'self' }), tekunMember], { monthlyAmountFen: 160_000, perCapitaIncomeFen: 0, size: 2 });
    await openBenefit(d.db, {
      benefitId: 'b-tekun-g',
      caseId: 'case-tekun-g',
      type: 'tekun',
      orgCode: street,
      applicantIdHash: personKey(TEST_PII_HASH_KEY, tekunMember.idNumber),
      applicantName: '特困',
      approvedAt: AT.toISOString(),
      approvedBy: { ...CW, org: street },
      householdSize: 1,
      perCapitaIncomeFen: 0,
      employedMembers: 0,
      monthlyAmountFen: 100_000,
    });
    await household('hh-l', street, [person({ relation: 'self' }), shared], { monthlyAmountFen: 160_000, perCapitaIncomeFen: 0, size: 2 });
    await household('hh-k', street, [person({ relation: 'self' }), shared]);
    const body = expectStatus(await simulate({ sub: 'p-jt', role: 'policy', org: JT }, { ...standard(80_000) }, JT), 200);
    expect(body.rows).toEqual([expect.objectContaining({ orgCode: street, type: 'dibao', coveredBefore: 2, coveredAfter: 1, entering: 0, leaving: 1, monthlyCostAfterFen: 80_000 * 2 }), expect.objectContaining({ orgCode: street, type: 'low-income' })]);
  });

  it('refuses a key it cannot simulate, naming the ones it can, and a bad value at value.<path>', async () => {
    const key = expectError(await simulate(POLICY, { key: 'benefits', value: {}, effectiveFrom: FROM }), 400, 'validation_failed');
    expect(fieldsOf(key)).toEqual(['key']);
    expect(key.details[0].message).toMatch(/dibao-standard.*eligibility/);
    expect(key.message).toContain('无效选项');
    expect(fieldsOf(expectError(await simulate(POLICY, standard(-1)), 400, 'validation_failed'))).toEqual(['value.monthlyFen']);
    expect(fieldsOf(expectError(await simulate(POLICY, { key: 'dibao-standard', value: { monthlyFen: 100_000, extra: 1 }, effectiveFrom: FROM }), 400, 'validation_failed'))).toEqual(['value.extra']);
    const crossField = expectError(await simulate(POLICY, { key: 'eligibility', value: { ...(await eligibilityNow()), tekunAge: { elderlyFrom: 10, minorUnder: 16 } }, effectiveFrom: FROM }), 400, 'validation_failed');
    expect(fieldsOf(crossField)).toEqual(['value.tekunAge.minorUnder']);
    expect(fieldsOf(expectError(await simulate(POLICY, { ...standard(100_000), effectiveFrom: '2031-02-30' }), 400, 'validation_failed'))).toEqual(['effectiveFrom']);
    expect(fieldsOf(expectError(await simulate(POLICY, { ...standard(100_000), source: 'x' }), 400, 'validation_failed'))).toEqual(['source']);
  });

  it('answers 403 to any other role, and to another county’s officer or supervisor', async () => {
    for (const who of [CW, { sub: 'ap', role: 'approver', org: WC }, { sub: 'au', role: 'auditor', org: WC }, { sub: 'p2', role: 'policy', org: '510121' }, { sub: 's2', role: 'supervisor', org: '510121' }] as Actor[]) {
      expectError(await simulate(who, standard(110_000)), 403, 'forbidden');
    }
    expectError(await simulate(SUPERVISOR, standard(110_000), '000000'), 403, 'forbidden');
  });
});

async function eligibilityNow(): Promise<Json> {
  const [row] = await d.sql<{ value: Json }[]>`select value from policies where key = 'eligibility' and region_code = '000000' order by effective_from desc limit 1`;
  return row!.value;
}
