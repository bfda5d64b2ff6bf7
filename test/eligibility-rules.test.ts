import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { problemIn } from '../src/domain/fields.js';
import {
  type AmountRule,
  ageOn,
  applyEconomicCheck,
  assetReasons,
  countableIncomeFen,
  dibaoAmountFen,
  dibaoEligibility,
  economicCheckExpired,
  eligibilityPolicyProblems,
  entersPhaseOut,
  lowIncomeEligibility,
  lowIncomeLineFen,
  perCapitaIncomeFen,
  tekunEligibility,
  type EligibilityPolicyValue,
} from '../src/domain/eligibility.js';
import {
  economicCheckReportField,
  factsOf,
  householdField,
  householdProblems,
  monthlyIncomeOf,
  reportProblems,
  sizeOf,
  type HouseholdFacts,
  type HouseholdPayload,
  type MemberFacts,
  type MemberPayload,
} from '../src/domain/household.js';
import { MAX_FEN } from '../src/domain/money.js';
import { residentIdCheckChar } from '../src/domain/resident-id.js';
import { msg, render } from '../src/domain/catalogue.js';

// The eligibility rules on their own (src/domain/household.ts, src/domain/eligibility.ts): who
// qualifies and for how much, from a household and the policy, without a database.

const id = (birth: string, seq: string, region = '420106') => `${region}${birth}${seq}${residentIdCheckChar(`${region}${birth}${seq}`)}`;

const policy: EligibilityPolicyValue = {
  workCostDeductionFen: 20_000,
  excludedIncomeKinds: ['transfer'],
  assetLimits: { depositsMonthsOfStandard: 24, maxHomes: 1, maxVehicles: 0, businessAllowed: false },
  amountRule: { kind: 'gap', roundTo: 'fen', minimumFen: 5_000 },
  lowIncomeFactor: 1.5,
  economicCheckValidDays: 90,
  tekunAge: { elderlyFrom: 60, minorUnder: 16 },
  tekunIncomeThresholdFen: 0,
};
const STANDARD = 80_000;
const noAssets = { depositsFen: 0, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false };

const member = (m: Partial<MemberFacts> = {}): MemberFacts => ({ relation: 'spouse', workAbility: 'full', employed: false, incomes: [], birthDate: '1980-01-01', ...m });
const self = (m: Partial<MemberFacts> = {}) => member({ relation: 'self', ...m });
const wage = (monthlyFen: number) => [{ kind: 'wage' as const, monthlyFen }];
const household = (members: MemberFacts[], extra: Partial<HouseholdFacts> = {}): HouseholdFacts => ({ members, assets: noAssets, ...extra });

describe('the household as declared', () => {
  const applicant = { name: '张三', idNumber: id('19800101', '123') };
  const spouseId = id('19820202', '224');
  const declared = (members: Partial<MemberPayload>[], extra: Record<string, unknown> = {}) => ({
    members: members.map((m, i) => ({ name: i === 0 ? '张三' : '李四', idNumber: i === 0 ? applicant.idNumber : spouseId, relation: i === 0 ? 'self' : 'spouse', workAbility: 'full', employed: false, incomes: [], ...m }) as MemberPayload),
    ...extra,
  });
  const paths = (h: HouseholdPayload) => householdProblems(applicant, h, '2027-01-01').map((p) => p.path);

  it('accepts one self with the applicant’s name and ID, a lowercase x included', () => {
    const x = id('19800101', '100');
    expect(x.endsWith('X')).toBe(true);
    expect(householdProblems({ name: '王五', idNumber: x }, { members: [{ name: '王五', idNumber: x.toLowerCase(), relation: 'self', workAbility: 'none', employed: false, incomes: [] }] })).toEqual([]);
    expect(paths(declared([{}, {}]))).toEqual([]);
  });

  it('refuses no self, two selves, and a self who is not the applicant', () => {
    expect(paths(declared([{ relation: 'child' }, {}]))).toEqual(['members']);
    expect(paths(declared([{}, { relation: 'self' }]))).toEqual(['members.1.relation']);
    expect(paths(declared([{ name: '张叁', idNumber: spouseId }]))).toEqual(['members.0.name', 'members.0.idNumber']);
    expect(paths(declared([{ livesTogether: false }]))).toEqual(['members.0.livesTogether']);
  });

  it('refuses an invalid ID, one born after today, and one repeated among members', () => {
    const bad = `${spouseId.slice(0, 17)}${spouseId[17] === '0' ? '1' : '0'}`;
    expect(paths(declared([{}, { idNumber: bad }]))).toEqual(['members.1.idNumber']);
    expect(paths(declared([{}, { idNumber: id('20300101', '111') }]))).toEqual(['members.1.idNumber']);
    expect(paths(declared([{}, {}, { idNumber: spouseId.toLowerCase() }]))).toEqual(['members.2.idNumber']);
    expect(householdProblems(applicant, declared([{}, {}, { idNumber: spouseId }]))[0]!.message).toEqual(msg('household.repeats', { first: 1 }));
    expect(paths(declared([{}], { supporters: [{ name: '赵六', idNumber: bad, relation: 'child', monthlyIncomeFen: 0, ableToSupport: false }] }))).toEqual(['supporters.0.idNumber']);
  });

  it('computes size from the members living together and income before exclusions; given, they must agree', () => {
    const members = declared([{ incomes: [{ kind: 'wage', monthlyFen: 100_000 }, { kind: 'transfer', monthlyFen: 5_000 }] }, { livesTogether: false, incomes: wage(300_000) }]).members;
    expect(sizeOf(members)).toBe(1);
    expect(monthlyIncomeOf(members)).toBe(105_000);
    expect(paths({ members, size: 1, monthlyIncomeFen: 105_000 })).toEqual([]);
    const wrong = householdProblems(applicant, { members, size: 2, monthlyIncomeFen: 405_000 });
    expect(wrong.map((p) => p.path)).toEqual(['size', 'monthlyIncomeFen']);
    expect(wrong[0]!.message).toEqual(msg('household.sizeDisagrees', { size: 1 }));
    expect(render(wrong[1]!.message, 'zh')).toBe('应与家庭成员一致：每月 1,050.00 元');
  });

  it('needs size and income without members, and refuses incomes summing past the largest amount', () => {
    expect(householdProblems(applicant, {}).map((p) => p.path)).toEqual(['size', 'monthlyIncomeFen']);
    expect(householdProblems(applicant, { size: 2, monthlyIncomeFen: 0 })).toEqual([]);
    expect(paths(declared([{ incomes: wage(MAX_FEN) }, { incomes: wage(1) }]))).toEqual(['members']);
  });

  it('describes its fields: fen within 0..2^53−1, no NUL, relations and disability levels from their lists', () => {
    const ok = declared([{}]);
    expect(problemIn(householdField, ok)).toBeUndefined();
    expect(problemIn(householdField, declared([{ incomes: wage(2 ** 53) }]))?.path).toBe('members.0.incomes.0.monthlyFen');
    expect(problemIn(householdField, declared([{ incomes: wage(-1) }]))?.path).toBe('members.0.incomes.0.monthlyFen');
    expect(problemIn(householdField, declared([{ name: '张\u0000三' }]))?.path).toBe('members.0.name');
    expect(problemIn(householdField, declared([{ relation: 'cousin' as never }]))?.path).toBe('members.0.relation');
    expect(problemIn(householdField, declared([{ disabilityLevel: 5 }]))?.path).toBe('members.0.disabilityLevel');
    expect(problemIn(householdField, { ...ok, assets: { ...noAssets, depositsFen: 2 ** 53 } })?.path).toBe('assets.depositsFen');
    expect(problemIn(householdField, { ...ok, members: [] })?.path).toBe('members');
    expect(problemIn(householdField, { ...ok, extra: 1 })?.path).toBe('extra');
  });

  it('turns a declared household into facts: the birth date from the ID, no name or number', () => {
    const facts = factsOf(declared([{}, {}]));
    expect(facts.members[1]).toEqual({ relation: 'spouse', workAbility: 'full', employed: false, incomes: [], birthDate: '1982-02-02' });
  });
});

describe('countable income', () => {
  it('counts members living together, leaves out excluded kinds and deducts work costs per employed member', () => {
    const h = household([
      self({ employed: true, incomes: [...wage(100_000), { kind: 'transfer', monthlyFen: 30_000 }] }),
      member({ employed: true, incomes: wage(50_000) }),
      member({ relation: 'child', livesTogether: false, employed: true, incomes: wage(500_000) }),
    ]);
    expect(countableIncomeFen(h, policy)).toBe(150_000 - 2 * 20_000);
    expect(perCapitaIncomeFen(h, policy)).toBe(55_000);
  });

  it('never deducts below zero', () => {
    const h = household([self({ employed: true, incomes: wage(5_000) }), member({ employed: true })]);
    expect(countableIncomeFen(h, policy)).toBe(0);
    expect(perCapitaIncomeFen(h, policy)).toBe(0);
  });

  it('rounds per capita down to the fen', () => {
    const h = household([self({ incomes: wage(100_000) }), member(), member({ relation: 'child' })]);
    expect(perCapitaIncomeFen(h, policy)).toBe(33_333);
  });

  it('per capita × size never exceeds the countable income (property)', () => {
    const arbMember = fc.record({
      livesTogether: fc.boolean(),
      employed: fc.boolean(),
      incomes: fc.array(fc.record({ kind: fc.constantFrom('wage', 'business', 'property', 'transfer', 'pension', 'other' as const), monthlyFen: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arbMember, fc.array(arbMember, { maxLength: 8 }), fc.integer({ min: 0, max: 100_000 }), (first, rest, deduction) => {
        const h = household([self({ ...first, livesTogether: true }), ...rest.map((m) => member(m))]);
        const p = { ...policy, workCostDeductionFen: deduction };
        const countable = countableIncomeFen(h, p);
        const perCapita = perCapitaIncomeFen(h, p);
        expect(countable).toBeGreaterThanOrEqual(0);
        expect(perCapita * sizeOf(h.members)).toBeLessThanOrEqual(countable);
        expect((perCapita + 1) * sizeOf(h.members)).toBeGreaterThan(countable);
      }),
    );
  });
});

describe('低保', () => {
  const two = (income: number, extra: Partial<HouseholdFacts> = {}) => household([self({ incomes: wage(income) }), member()], extra);

  it('pays the gap × members below the standard, at least the minimum', () => {
    expect(dibaoEligibility(two(60_000), STANDARD, policy, [])).toEqual({ eligible: true, reasons: [], monthlyAmountFen: 100_000, size: 2, perCapitaIncomeFen: 30_000 });
    // One fen below the standard: a gap of 2 fen, lifted to the minimum.
    expect(dibaoEligibility(two(2 * STANDARD - 2), STANDARD, policy, []).monthlyAmountFen).toBe(5_000);
  });

  it('refuses exactly at the standard (低于 is strict) and one fen above', () => {
    for (const income of [2 * STANDARD, 2 * STANDARD + 2]) {
      const e = dibaoEligibility(two(income), STANDARD, policy, []);
      expect(e).toMatchObject({ eligible: false, reasons: [{ path: 'members', code: 'income_above_standard' }] });
      expect(e.monthlyAmountFen).toBeUndefined();
    }
  });

  it('rounds the gap up to the yuan when the policy says so', () => {
    const yuan = { ...policy, amountRule: { kind: 'gap', roundTo: 'yuan', minimumFen: 0 } } as const;
    const three = household([self({ incomes: wage(100_000) }), member(), member({ relation: 'child' })]);
    // per capita 33,333; gap 46,667 × 3 = 140,001 fen → 140,100.
    expect(dibaoEligibility(three, STANDARD, yuan, []).monthlyAmountFen).toBe(140_100);
    expect(dibaoEligibility(two(60_000), STANDARD, yuan, []).monthlyAmountFen).toBe(100_000);
    expect(dibaoEligibility(three, STANDARD, { ...policy, amountRule: { kind: 'gap', roundTo: 'fen', minimumFen: 0 } }, []).monthlyAmountFen).toBe(140_001);
  });

  it('pays by tiers: the first tier the per capita does not pass, per person; none above every tier', () => {
    const rule = {
      kind: 'tiers',
      tiers: [
        { maxPerCapitaFen: 20_000, amountPerPersonFen: 60_000 },
        { maxPerCapitaFen: 50_000, amountPerPersonFen: 40_000 },
        { maxPerCapitaFen: 70_000, amountPerPersonFen: 20_000 },
      ],
    } satisfies AmountRule;
    expect(dibaoAmountFen(20_000, 2, STANDARD, rule)).toBe(120_000);
    expect(dibaoAmountFen(20_001, 2, STANDARD, rule)).toBe(80_000);
    expect(dibaoAmountFen(70_000, 3, STANDARD, rule)).toBe(60_000);
    expect(dibaoAmountFen(70_001, 3, STANDARD, rule)).toBeUndefined();
    expect(dibaoAmountFen(STANDARD, 1, STANDARD, { kind: 'tiers', tiers: [{ maxPerCapitaFen: 100_000, amountPerPersonFen: 1 }] })).toBeUndefined();
    expect(dibaoEligibility(two(2 * 70_001), STANDARD, { ...policy, amountRule: rule }, []).reasons).toEqual([{ path: 'members', code: 'income_above_standard' }]);
  });

  it('refuses assets above each limit, at the asset’s path', () => {
    const limit = 24 * STANDARD * 2;
    expect(dibaoEligibility(two(0, { assets: { ...noAssets, depositsFen: limit - 100, securitiesFen: 100 } }), STANDARD, policy, []).eligible).toBe(true);
    const over = dibaoEligibility(two(0, { assets: { depositsFen: limit, securitiesFen: 1, homes: 2, vehicles: 1, businessRegistered: true } }), STANDARD, policy, []);
    expect(over.eligible).toBe(false);
    expect(over.reasons).toEqual([
      { path: 'assets.depositsFen', code: 'assets_above_limit' },
      { path: 'assets.homes', code: 'assets_above_limit' },
      { path: 'assets.vehicles', code: 'assets_above_limit' },
      { path: 'assets.businessRegistered', code: 'assets_above_limit' },
    ]);
    expect(assetReasons({ ...noAssets, securitiesFen: limit + 1 }, STANDARD, 2, policy.assetLimits)).toEqual([{ path: 'assets.securitiesFen', code: 'assets_above_limit' }]);
    expect(assetReasons({ ...noAssets, businessRegistered: true }, STANDARD, 2, { ...policy.assetLimits, businessAllowed: true })).toEqual([]);
    // Exact past 2^53: the sum of two maximal amounts is above any limit the product makes.
    expect(assetReasons({ ...noAssets, depositsFen: MAX_FEN, securitiesFen: MAX_FEN }, MAX_FEN, 1, { ...policy.assetLimits, depositsMonthsOfStandard: 1 })).toHaveLength(1);
    expect(dibaoEligibility(two(0, { assets: undefined }), STANDARD, policy, []).eligible).toBe(true);
  });

  it('refuses a household with a member covered elsewhere, once per member, with the other reasons', () => {
    const e = dibaoEligibility(two(2 * STANDARD), STANDARD, policy, [
      { member: 1, by: 'tekun' },
      { member: 0, by: 'dibao' },
      { member: 1, by: 'dibao' },
    ]);
    expect(e.reasons).toEqual([
      { path: 'members', code: 'income_above_standard' },
      { path: 'members.0', code: 'already_covered' },
      { path: 'members.1', code: 'already_covered' },
    ]);
    // A member living elsewhere may hold their own 低保 there.
    const apart = household([self(), member({ relation: 'child', livesTogether: false })]);
    expect(dibaoEligibility(apart, STANDARD, policy, [{ member: 1, by: 'dibao' }]).eligible).toBe(true);
  });

  it('an eligible amount is never below the minimum nor the exact gap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('fen', 'yuan' as const),
        (size, standard, perCapita, minimumFen, roundTo) => {
          const amount = dibaoAmountFen(perCapita, size, standard, { kind: 'gap', roundTo, minimumFen });
          if (perCapita >= standard) {
            expect(amount).toBeUndefined();
            return;
          }
          expect(amount).toBeGreaterThanOrEqual(minimumFen);
          expect(amount).toBeGreaterThanOrEqual((standard - perCapita) * size);
          expect(amount! - Math.max((standard - perCapita) * size, minimumFen)).toBeLessThan(roundTo === 'yuan' ? 100 : 1);
          if (roundTo === 'yuan' && amount! > minimumFen) expect(amount! % 100).toBe(0);
        },
      ),
    );
  });

  it('phases out strictly above the standard with a member in work living together (超过)', () => {
    const working = household([self({ employed: true }), member()]);
    expect(entersPhaseOut(STANDARD + 1, STANDARD, working)).toBe(true);
    expect(entersPhaseOut(STANDARD, STANDARD, working)).toBe(false);
    expect(entersPhaseOut(STANDARD + 1, STANDARD, household([self(), member()]))).toBe(false);
    expect(entersPhaseOut(STANDARD + 1, STANDARD, household([self(), member({ employed: true, livesTogether: false })]))).toBe(false);
  });
});

describe('低收入 (低保边缘)', () => {
  const one = (income: number, extra: Partial<HouseholdFacts> = {}) => household([self({ incomes: wage(income) })], extra);

  it('covers from the standard up to the factor × standard, within the asset limits', () => {
    expect(lowIncomeLineFen(STANDARD, 1.5)).toBe(120_000);
    expect(lowIncomeLineFen(33_333, 1.5)).toBe(49_999);
    expect(lowIncomeLineFen(100_000, 1.0001)).toBe(100_010);
    expect(lowIncomeEligibility(one(STANDARD), STANDARD, policy)).toMatchObject({ eligible: true, reasons: [] });
    expect(lowIncomeEligibility(one(120_000), STANDARD, policy).eligible).toBe(true);
    expect(lowIncomeEligibility(one(120_001), STANDARD, policy).reasons).toEqual([{ path: 'members', code: 'income_above_low_income_line' }]);
    expect(lowIncomeEligibility(one(STANDARD - 1), STANDARD, policy).reasons).toEqual([{ path: 'members', code: 'income_below_standard' }]);
    expect(lowIncomeEligibility(one(STANDARD, { assets: { ...noAssets, vehicles: 1 } }), STANDARD, policy).reasons).toEqual([{ path: 'assets.vehicles', code: 'assets_above_limit' }]);
  });
});

describe('特困', () => {
  const alone = (m: Partial<MemberFacts>, extra: Partial<HouseholdFacts> = {}) => household([self({ workAbility: 'none', ...m })], extra);
  const codes = (h: HouseholdFacts, on = '2027-06-01', coverage = [] as { member: number; by: 'dibao' | 'tekun' }[]) => tekunEligibility(h, on, policy, coverage).reasons.map((r) => `${r.path}:${r.code}`);

  it('holds with no work ability, no income, no able supporter and nothing else held', () => {
    expect(tekunEligibility(alone({}), '2027-06-01', policy, [])).toEqual({ eligible: true, reasons: [], age: 47, byAge: false });
  });

  it('refuses work ability, full or partial, unless the age rule holds on the day (birthdays inclusive)', () => {
    expect(codes(alone({ workAbility: 'full' }))).toEqual(['members.0.workAbility:has_work_ability']);
    expect(codes(alone({ workAbility: 'partial' }))).toEqual(['members.0.workAbility:has_work_ability']);
    const elderly = alone({ workAbility: 'full', birthDate: '1967-06-01' });
    expect(codes(elderly, '2027-05-31')).toEqual(['members.0.workAbility:has_work_ability']);
    expect(tekunEligibility(elderly, '2027-06-01', policy, [])).toMatchObject({ eligible: true, age: 60, byAge: true });
    const minor = alone({ workAbility: 'partial', birthDate: '2011-06-01' });
    expect(codes(minor, '2027-05-31')).toEqual([]);
    expect(codes(minor, '2027-06-01')).toEqual(['members.0.workAbility:has_work_ability']);
  });

  it('counts ages in whole years; a 29 February birthday is reached on 1 March in a common year', () => {
    expect(ageOn('1967-02-28', '2027-02-28')).toBe(60);
    expect(ageOn('1968-02-29', '2028-02-28')).toBe(59);
    expect(ageOn('1968-02-29', '2028-02-29')).toBe(60);
    expect(ageOn('1964-02-29', '2025-02-28')).toBe(60);
    expect(ageOn('1964-02-29', '2024-03-01')).toBe(60);
  });

  it('refuses own income above the threshold, excluded kinds aside', () => {
    expect(codes(alone({ incomes: wage(1) }))).toEqual(['members.0.incomes:has_income']);
    expect(codes(alone({ incomes: [{ kind: 'transfer', monthlyFen: 50_000 }] }))).toEqual([]);
    expect(tekunEligibility(alone({ incomes: wage(10_000) }), '2027-06-01', { ...policy, tekunIncomeThresholdFen: 10_000 }, []).eligible).toBe(true);
    // Another member's income is not the applicant's 生活来源.
    expect(codes(household([self({ workAbility: 'none' }), member({ incomes: wage(500_000) })]))).toEqual([]);
  });

  it('refuses a supporter able to support, not one unable', () => {
    const supporters = [
      { relation: 'child' as const, monthlyIncomeFen: 300_000, ableToSupport: false },
      { relation: 'child' as const, monthlyIncomeFen: 800_000, ableToSupport: true },
    ];
    expect(codes(alone({}, { supporters }))).toEqual(['supporters.1.ableToSupport:has_able_supporter']);
    expect(codes(alone({}, { supporters: supporters.slice(0, 1) }))).toEqual([]);
  });

  it('refuses the applicant already covered, not another member', () => {
    const h = household([self({ workAbility: 'none' }), member()]);
    expect(codes(h, '2027-06-01', [{ member: 0, by: 'dibao' }])).toEqual(['members.0:already_covered']);
    expect(codes(h, '2027-06-01', [{ member: 1, by: 'tekun' }])).toEqual([]);
  });

  it('needs the applicant among the members', () => {
    expect(() => tekunEligibility(household([member()]), '2027-06-01', policy, [])).toThrow(RangeError);
  });
});

describe('the economic check', () => {
  it('expires after its validity: usable through checkedOn + validDays', () => {
    expect(economicCheckExpired('2027-01-01', '2027-04-01', 90)).toBe(false);
    expect(economicCheckExpired('2027-01-01', '2027-04-02', 90)).toBe(true);
    expect(economicCheckExpired('2027-01-01', '2027-01-01', 0)).toBe(false);
  });

  it('replaces the incomes of the members it lists and the assets; others keep theirs', () => {
    const a = id('19800101', '123');
    const b = id('19820202', '224');
    const x = id('19800101', '100');
    const h = {
      members: [
        { idNumber: a, incomes: wage(10_000), employed: true },
        { idNumber: b, incomes: wage(20_000), employed: false },
      ],
      assets: noAssets,
    };
    const report = { members: [{ idNumber: a, incomes: wage(90_000) }, { idNumber: x.toLowerCase(), incomes: [] }], assets: { ...noAssets, depositsFen: 5 } };
    const { household: after, unmatched } = applyEconomicCheck(h, report, 'idNumber');
    expect(after.members.map((m) => m.incomes)).toEqual([wage(90_000), wage(20_000)]);
    expect(after.members[0]!.employed).toBe(true);
    expect(after.assets.depositsFen).toBe(5);
    expect(unmatched).toEqual([1]);
    expect(h.members[0]!.incomes).toEqual(wage(10_000));
    // Without assets in the report, the declared stay; matched on a stored hash just the same.
    const byHash = applyEconomicCheck({ members: [{ idHash: 'ab12', incomes: [] }], assets: noAssets }, { members: [{ idHash: 'ab12', incomes: wage(1) }] }, 'idHash');
    expect(byHash.household).toEqual({ members: [{ idHash: 'ab12', incomes: wage(1) }], assets: noAssets });
  });

  it('describes the report and refuses a bad or repeated ID and a check dated after today', () => {
    const a = id('19800101', '123');
    const report = { reference: 'HD-2027-0001', checkedOn: '2027-01-02', members: [{ idNumber: a, incomes: wage(1) }], assets: noAssets };
    expect(problemIn(economicCheckReportField, report)).toBeUndefined();
    expect(problemIn(economicCheckReportField, { ...report, reference: 'a\u0000' })?.path).toBe('reference');
    expect(reportProblems(report, '2027-01-02')).toEqual([]);
    expect(reportProblems({ ...report, members: [...report.members, { idNumber: a, incomes: [] }, { idNumber: '123', incomes: [] }] }, '2027-01-01').map((p) => p.path)).toEqual([
      'checkedOn',
      'members.1.idNumber',
      'members.2.idNumber',
    ]);
  });
});

describe('the eligibility policy value', () => {
  it('refuses a factor below 1 or finer than 4 places, months not whole, ages crossed and tiers out of order', () => {
    expect(eligibilityPolicyProblems(policy)).toEqual([]);
    expect(eligibilityPolicyProblems({ ...policy, lowIncomeFactor: 1.2345 })).toEqual([]);
    const bad = eligibilityPolicyProblems({
      ...policy,
      lowIncomeFactor: 1.23456,
      assetLimits: { ...policy.assetLimits, depositsMonthsOfStandard: 1.5 },
      tekunAge: { elderlyFrom: 16, minorUnder: 18 },
      amountRule: { kind: 'tiers', tiers: [{ maxPerCapitaFen: 10, amountPerPersonFen: 1 }, { maxPerCapitaFen: 10, amountPerPersonFen: 1 }] },
    });
    expect(bad.map((p) => p.path)).toEqual(['lowIncomeFactor', 'assetLimits.depositsMonthsOfStandard', 'tekunAge.minorUnder', 'amountRule.tiers.1.maxPerCapitaFen']);
    expect(eligibilityPolicyProblems({ ...policy, lowIncomeFactor: 0.9 }).map((p) => p.path)).toEqual(['lowIncomeFactor']);
    expect(eligibilityPolicyProblems({ ...policy, amountRule: { kind: 'tiers', tiers: [] } }).map((p) => p.path)).toEqual(['amountRule.tiers']);
  });
});
