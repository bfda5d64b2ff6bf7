import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { POLICY_VALUE_SCHEMAS } from '../src/api/schemas/policies.js';
import { casePolicy, maxTransactionFenOf, temporaryPolicy } from '../src/db/policies.js';
import type { StreetLimitRule, TemporaryPolicyValue } from '../src/domain/aid/temporary.js';
import type { BenefitsPolicyValue, TekunStandardValue } from '../src/domain/benefits.js';
import type { SelfCare } from '../src/domain/self-care.js';
import type { CaseType } from '../src/domain/cases.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths, firstDayOf, monthOf } from '../src/domain/months.js';
import { NATIONAL_REGION, type CaseClockPolicyValue, type CommitmentsPolicyValue, type DibaoPolicyValue, type MoneyPolicyValue } from '../src/domain/policy.js';
import { POLICY_VALUES, policyValueProblem, type PolicyKey } from '../src/domain/policy-values.js';
import type { DeliberationPolicy, MajorityRule } from '../src/domain/votes.js';
import { JT } from './support/actors.js';
import { expectError, expectStatus, fieldsOf } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, bearer, useDatabase } from './support/harness.js';
import { msg, render } from '../src/domain/catalogue.js';

// The policy keys' table (src/domain/policy-values.ts): one statement of each value's shape, checked
// on write (the API) and on read (db/policies.ts), and met by every seeded row.

const database = useDatabase('policy_values');
let app: FastifyInstance;

beforeAll(async () => {
  // Loading a value never reaches Temporal.
  const temporal = { client: null as never, taskQueue: 'none', callTimeoutMs: 1_000, close: async () => {} };
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: database.db, temporal });
});
afterAll(async () => {
  await app?.close();
});

const KEYS = Object.keys(POLICY_VALUES) as PolicyKey[];
const deliberation = { members: 7, quorum: 5, deadlineWorkingDays: 5, majority: 'of-members' };
const temporary = { streetLimit: { rule: 'fixed', maxFen: 500_000, inclusive: true }, reservePresetFen: 3_000_000, emergencyPayoutHours: 24, paperworkWorkingDays: 10 };

describe('the policy table', () => {
  it('gives the value types other code names: the shapes the hand-written interfaces stated', () => {
    expectTypeOf<CaseClockPolicyValue>().toEqualTypeOf<{ reminderWorkingDays: number; deadlines: Partial<Record<CaseType, number>> }>();
    expectTypeOf<DibaoPolicyValue>().toEqualTypeOf<{ publicityDays: number }>();
    expectTypeOf<CommitmentsPolicyValue>().toEqualTypeOf<{ verificationDays: number; dishonestyListDays: number; aftercareDays: number }>();
    expectTypeOf<MoneyPolicyValue>().toEqualTypeOf<{ maxTransactionFen: number }>();
    expectTypeOf<DeliberationPolicy>().toEqualTypeOf<{ members: number; quorum: number; deadlineWorkingDays: number; majority?: MajorityRule }>();
    expectTypeOf<StreetLimitRule>().toEqualTypeOf<{ rule: 'fixed'; maxFen: number; inclusive: boolean } | { rule: 'dibao-standard-multiple'; multiple: number; inclusive: boolean }>();
    expectTypeOf<TemporaryPolicyValue>().toEqualTypeOf<{ streetLimit: StreetLimitRule; reservePresetFen: number; emergencyPayoutHours: number; paperworkWorkingDays: number }>();
    expectTypeOf<BenefitsPolicyValue>().toEqualTypeOf<{
      firstMonth: 'approval-month' | 'next-month';
      dibaoMinimumFen: number;
      workCostFen: number;
      phaseOutMonths: number;
      reviewMonths: { dibao: number; dibaoWithWorkers: number; tekun: number; housing: number; orphan?: number; 'defacto-orphan'?: number };
      reviewWorkingDays: number;
    }>();
    expectTypeOf<TekunStandardValue>().toEqualTypeOf<{ basicFen: number; careFen: Record<SelfCare, number> }>();
  });

  it('names the first problem at its path, a cross-field rule after the shape', () => {
    expect(policyValueProblem('deliberation', deliberation)).toBeUndefined();
    expect(policyValueProblem('deliberation', { ...deliberation, quorum: 8 })).toEqual({ path: 'quorum', message: msg('policy.quorum') });
    expect(policyValueProblem('deliberation', { ...deliberation, quorum: 0 })).toMatchObject({ path: 'quorum' });
    expect(policyValueProblem('deliberation', { ...deliberation, majority: 'of-the-chair' })).toMatchObject({ path: 'majority' });
    expect(policyValueProblem('temporary', { ...temporary, streetLimit: { rule: 'percent', inclusive: true } })).toMatchObject({ path: 'streetLimit.rule' });
    expect(policyValueProblem('temporary', { ...temporary, streetLimit: { rule: 'dibao-standard-multiple', multiple: 4, inclusive: false } })).toBeUndefined();
    expect(policyValueProblem('case-clock', { reminderWorkingDays: 3, deadlines: { dibao: 22, lottery: 5 } })).toEqual({ path: 'deadlines.lottery', message: msg('field.unknown') });
    expect(policyValueProblem('benefits', { firstMonth: 'approval-month', dibaoMinimumFen: 0, workCostFen: 0, phaseOutMonths: 13, reviewMonths: { dibao: 12, dibaoWithWorkers: 6, tekun: 12, housing: 12 }, reviewWorkingDays: 10 })).toMatchObject({ path: 'phaseOutMonths' });
    expect(policyValueProblem('tekun-standard', { basicFen: 104_000, careFen: { full: 1, partial: 2 } })).toEqual({ path: 'careFen.none', message: msg('field.required') });
    expect(policyValueProblem('money', null)).toEqual({ path: 'body', message: msg('field.object') });
  });

  it('the API’s schema of each key accepts and refuses what the domain does', () => {
    const samples: Array<[PolicyKey, unknown]> = [
      ['deliberation', deliberation],
      ['deliberation', { ...deliberation, quorum: 8 }],
      ['deliberation', { members: 7, quorum: 5, deadlineWorkingDays: 5 }],
      ['temporary', temporary],
      ['temporary', { ...temporary, reservePresetFen: -1 }],
      ['temporary', { ...temporary, streetLimit: { rule: 'fixed', maxFen: 0, inclusive: true } }],
      ['case-clock', { reminderWorkingDays: 3, deadlines: {} }],
      ['case-clock', { reminderWorkingDays: 31, deadlines: {} }],
      ['dibao-standard', { monthlyFen: 1.5 }],
      ['money', { maxTransactionFen: 100, extra: true }],
    ];
    for (const [key, value] of samples) {
      expect(POLICY_VALUE_SCHEMAS[key].safeParse(value).success, `${key} ${JSON.stringify(value)}`).toBe(policyValueProblem(key, value) === undefined);
    }
  });
});

describe('the seeded values (drizzle/*.sql)', () => {
  it('every row satisfies its key, and every key has a national row to fall back to', async () => {
    const rows = await database.sql<Array<{ region_code: string; key: string; effective_from: string; value: unknown }>>`
      select region_code, key, effective_from::text, value from policies`;
    expect(rows.length).toBeGreaterThan(0);
    const problems = rows.flatMap((r) => {
      const where = `${r.key} ${r.region_code} ${r.effective_from}`;
      if (!(r.key in POLICY_VALUES)) return [`${where}: no such key`];
      const problem = policyValueProblem(r.key as PolicyKey, r.value);
      return problem ? [`${where}: ${problem.path}: ${render(problem.message, 'en')}`] : [];
    });
    expect(problems).toEqual([]);
    const national = new Set(rows.filter((r) => r.region_code === NATIONAL_REGION).map((r) => r.key));
    expect(KEYS.filter((k) => !national.has(k))).toEqual([]);
  });
});

describe('a value read back', () => {
  it('is refused, naming key, region and path, when its key does not accept it (a cross-field rule too)', async () => {
    await database.sql`
      insert into policies (region_code, key, effective_from, value, source) values
        ('999999', 'money', '2020-01-01', ${JSON.stringify({ maxTransactionFen: 0 })}::jsonb, 'test: a slip'),
        ('999999', 'deliberation', '2020-01-01', ${JSON.stringify({ ...deliberation, quorum: 9 })}::jsonb, 'test: a slip')`;
    await expect(maxTransactionFenOf(database.db, '999999', '2025-01-01')).rejects.toThrow('policy money of region 999999 from 2020-01-01 is invalid at maxTransactionFen: must be a positive amount in fen');
    await expect(temporaryPolicy(database.db, '999999', '2025-01-01')).rejects.toThrow('policy deliberation of region 999999 from 2020-01-01 is invalid at quorum: must not exceed members');
    // The national values it falls back to are sound.
    expect(await maxTransactionFenOf(database.db, '999998', '2025-01-01')).toBe(100_000_000);
  });

  it('is read with the others a case needs in one go, each still the one in force and each still checked', async () => {
    await database.sql`
      insert into policies (region_code, key, effective_from, value, source) values
        ('999997', 'commitments', '2030-01-01', ${JSON.stringify({ verificationDays: 0 })}::jsonb, 'test: a later slip')`;
    // Before the county's own (faulty) row takes effect, the national values; from its day on, refused naming it.
    expect(await casePolicy(database.db, '999997', 'dibao', '2029-12-31')).toMatchObject({ regionCode: NATIONAL_REGION, deadlineWorkingDays: 22, verificationDays: 30 });
    await expect(casePolicy(database.db, '999997', 'dibao', '2030-01-01')).rejects.toThrow('policy commitments of region 999997 from 2030-01-01 is invalid at');
    await expect(casePolicy(database.db, '999997', 'dibao', '1990-01-01')).rejects.toThrow('no policy case-clock in force for 999997 on 1990-01-01');
  });
});

describe('PUT /v1/policies/:region/:key', () => {
  const officer = { sub: 'po-jintang', role: 'policy' as const, org: JT };
  const effectiveFrom = () => firstDayOf(addMonths(monthOf(shanghaiDate(Date.now())), 1));
  const put = (key: string, value: unknown) =>
    app.inject({ method: 'PUT', url: `/v1/policies/${JT}/${key}`, headers: bearer(officer), payload: { value, effectiveFrom: effectiveFrom(), source: '测试' } });

  it('refuses a value its key does not accept, each problem under value., the cross-field rule too', async () => {
    const quorum = expectError(await put('deliberation', { ...deliberation, quorum: 8 }), 400, 'validation_failed');
    expect(fieldsOf(quorum)).toEqual(['value.quorum']);
    expect(quorum.details[0].message).toBe('不能大于成员数');
    const nested = expectError(await put('temporary', { ...temporary, streetLimit: { rule: 'fixed', maxFen: 1, inclusive: true, extra: 1 }, surplus: 1 }), 400, 'validation_failed');
    expect(fieldsOf(nested)).toEqual(expect.arrayContaining(['value.streetLimit.extra', 'value.surplus']));
    const deadlines = expectError(await put('case-clock', { reminderWorkingDays: 3, deadlines: { dibao: 0, lottery: 5 } }), 400, 'validation_failed');
    expect(fieldsOf(deadlines)).toEqual(expect.arrayContaining(['value.deadlines.dibao', 'value.deadlines.lottery']));
    expectError(await put('lottery', { x: 1 }), 400, 'validation_failed');
  });

  it('loads a value its key accepts, and the service reads it back from its date', async () => {
    const loaded = expectStatus(await put('deliberation', { members: 9, quorum: 6, deadlineWorkingDays: 5 }), 201);
    expect(loaded).toMatchObject({ key: 'deliberation', value: { members: 9, quorum: 6, deadlineWorkingDays: 5 }, status: 'scheduled' });
    expect((await temporaryPolicy(database.db, JT, effectiveFrom())).deliberation).toEqual({ members: 9, quorum: 6, deadlineWorkingDays: 5 });
  });

  it('documents each key’s value as a component of the OpenAPI document', () => {
    const schemas = (app.swagger() as { components: { schemas: Record<string, { properties?: Record<string, { maximum?: number; required?: string[] }> }> } }).components.schemas;
    for (const key of KEYS) expect(schemas[`PolicyValue-${key}`], key).toBeDefined();
    expect(schemas['PolicyValue-deliberation']?.properties?.quorum?.maximum).toBe(99);
    expect(schemas['PolicyValue-tekun-standard']?.properties?.careFen?.required).toEqual(['full', 'partial', 'none']);
  });
});
