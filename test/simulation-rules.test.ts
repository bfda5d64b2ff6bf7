import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EligibilityPolicyValue } from '../src/domain/eligibility.js';
import type { MemberFacts } from '../src/domain/household.js';
import { SimulationTally, dibaoOutcome, lowIncomeOutcome, policyAfter, proposalGoverns, type SimulatedHousehold, type SimulationPolicy } from '../src/domain/simulation.js';

// The policy what-if on its own (src/domain/simulation.ts): each household's place before and after,
// the tally's arithmetic, and where a proposal governs.

const eligibility: EligibilityPolicyValue = {
  workCostDeductionFen: 20_000,
  excludedIncomeKinds: [],
  assetLimits: { depositsMonthsOfStandard: 24, maxHomes: 1, maxVehicles: 0, businessAllowed: false },
  amountRule: { kind: 'gap', roundTo: 'fen', minimumFen: 3_000 },
  lowIncomeFactor: 1.5,
  economicCheckValidDays: 90,
  tekunAge: { elderlyFrom: 60, minorUnder: 16 },
  tekunIncomeThresholdFen: 0,
};
const at = (standardFen: number): SimulationPolicy => ({ standardFen, eligibility });
const member = (monthlyFen: number, m: Partial<MemberFacts> = {}): MemberFacts => ({ relation: 'self', workAbility: 'full', employed: false, incomes: [{ kind: 'wage', monthlyFen }], birthDate: '1980-01-01', ...m });
const assets = { depositsFen: 0, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false };
const hh = (members: MemberFacts[], extra: Partial<SimulatedHousehold> = {}): SimulatedHousehold => ({
  householdId: 'h',
  orgCode: '420106001',
  countyCode: '420106',
  facts: { members, assets },
  coverage: [],
  lowIncome: false,
  ...extra,
});
const paid = (monthlyAmountFen: number, status: 'active' | 'phasing-out' | 'suspended' = 'active') => ({ dibao: { status, monthlyAmountFen } });

describe('one household before and after', () => {
  it('not paid and eligible after: entering at the computed gap; not eligible: nothing', () => {
    expect(dibaoOutcome(hh([member(90_000)]), at(100_000))).toEqual({ entering: 1, coveredAfter: 1, monthlyCostAfterFen: 10_000 });
    expect(dibaoOutcome(hh([member(100_000)]), at(100_000))).toEqual({});
  });

  it('paid and still eligible: the computed amount, not the one paid', () => {
    expect(dibaoOutcome(hh([member(60_000)], paid(45_000)), at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 45_000, coveredAfter: 1, monthlyCostAfterFen: 40_000 });
  });

  it('paid and above the standard: 渐退期 at what it is paid with a member in work (strictly above), else leaving', () => {
    const inWork = member(130_000, { employed: true }); // countable 110,000
    expect(dibaoOutcome(hh([inWork], paid(20_000)), at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 20_000, coveredAfter: 1, monthlyCostAfterFen: 20_000, phasingOut: 1 });
    // At the standard exactly: not eligible (低于 is strict), not 超过 either: it stops.
    expect(dibaoOutcome(hh([member(120_000, { employed: true })], paid(20_000)), at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 20_000, leaving: 1 });
    expect(dibaoOutcome(hh([member(110_000)], paid(20_000)), at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 20_000, leaving: 1 });
    // Assets above the limit stop it whatever the income.
    const rich = hh([member(130_000, { employed: true })], { ...paid(20_000), facts: { members: [member(130_000, { employed: true })], assets: { ...assets, vehicles: 1 } } });
    expect(dibaoOutcome(rich, at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 20_000, leaving: 1 });
  });

  it('in 渐退期: stays at its frozen amount whatever the proposal', () => {
    expect(dibaoOutcome(hh([member(0)], paid(30_000, 'phasing-out')), at(500_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 30_000, coveredAfter: 1, monthlyCostAfterFen: 30_000, phasingOut: 1 });
  });

  it('suspended: neither before nor after; without members: left as it is', () => {
    expect(dibaoOutcome(hh([member(0)], paid(30_000, 'suspended')), at(100_000))).toEqual({ suspended: 1 });
    expect(dibaoOutcome(hh([], paid(30_000)), at(1))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 30_000, coveredAfter: 1, monthlyCostAfterFen: 30_000, unassessed: 1 });
  });

  it('a member covered elsewhere: not eligible', () => {
    expect(dibaoOutcome(hh([member(0)], { ...paid(100_000), coverage: [{ member: 0, by: 'tekun' }] }), at(100_000))).toEqual({ coveredBefore: 1, monthlyCostBeforeFen: 100_000, leaving: 1 });
  });

  it('低收入: recognised before, within the line after', () => {
    expect(lowIncomeOutcome(hh([member(120_000)], { lowIncome: true }), at(100_000))).toEqual({ coveredBefore: 1, coveredAfter: 1 });
    expect(lowIncomeOutcome(hh([member(120_000)], { lowIncome: true }), at(70_000))).toEqual({ coveredBefore: 1, leaving: 1 });
    expect(lowIncomeOutcome(hh([member(120_000)]), at(100_000))).toEqual({ coveredAfter: 1, entering: 1 });
  });
});

describe('the tally', () => {
  const arb = fc.record({
    income: fc.integer({ min: 0, max: 300_000 }),
    employed: fc.boolean(),
    size: fc.integer({ min: 0, max: 4 }),
    status: fc.constantFrom(undefined, 'active', 'phasing-out', 'suspended'),
    amount: fc.integer({ min: 0, max: 200_000 }),
    street: fc.constantFrom('420106001', '420106002'),
    lowIncome: fc.boolean(),
  });

  it('coveredAfter = coveredBefore − leaving + entering, per row and in total; phasingOut within coveredAfter; costs add up', () => {
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 40 }), fc.integer({ min: 1, max: 300_000 }), (households, standardFen) => {
        const tally = new SimulationTally(() => at(standardFen));
        for (const [i, h] of households.entries()) {
          const members = Array.from({ length: h.size }, (_, j) => member(j === 0 ? h.income : 0, { employed: j === 0 && h.employed, relation: j === 0 ? 'self' : 'child' }));
          tally.add({ ...hh(members, { householdId: `h${i}`, orgCode: h.street, lowIncome: h.lowIncome }), ...(h.status ? paid(h.amount, h.status as 'active') : {}) });
        }
        const { rows, totals } = tally.result();
        expect(totals.households).toBe(households.length);
        for (const r of [...rows, totals]) {
          expect(r.coveredAfter).toBe(r.coveredBefore - r.leaving + r.entering);
          expect(r.phasingOut).toBeLessThanOrEqual(r.coveredAfter);
        }
        expect(totals.monthlyCostBeforeFen).toBe(households.filter((h) => h.status === 'active' || h.status === 'phasing-out').reduce((s, h) => s + h.amount, 0));
        expect(rows.map((r) => `${r.orgCode}|${r.type}`)).toEqual([...new Set(households.map((h) => h.street))].sort().flatMap((s) => [`${s}|dibao`, `${s}|low-income`]));
      }),
    );
  });
});

describe('where a proposal governs', () => {
  const rows = [
    { regionCode: '000000', effectiveFrom: '2020-01-01', value: { monthlyFen: 80_000 } },
    { regionCode: '420106', effectiveFrom: '2020-01-01', value: { monthlyFen: 100_000 } },
  ];
  it('a county’s own proposal governs it; a national one only counties without their own value', () => {
    expect(proposalGoverns(rows, { regionCode: '420106', effectiveFrom: '2031-01-01' }, '420106')).toBe(true);
    expect(proposalGoverns(rows, { regionCode: '000000', effectiveFrom: '2031-01-01' }, '420106')).toBe(false);
    expect(proposalGoverns(rows, { regionCode: '000000', effectiveFrom: '2031-01-01' }, '510121')).toBe(true);
    // A county proposal before the county's first value still governs from its day.
    expect(proposalGoverns(rows, { regionCode: '510121', effectiveFrom: '2031-01-01' }, '510121')).toBe(true);
  });

  it('replaces a value loaded for the same region and day; a later loaded one does not matter on the day', () => {
    const loaded = [...rows, { regionCode: '420106', effectiveFrom: '2031-01-01', value: { monthlyFen: 120_000 } }, { regionCode: '420106', effectiveFrom: '2032-01-01', value: { monthlyFen: 130_000 } }];
    expect(proposalGoverns(loaded, { regionCode: '420106', effectiveFrom: '2031-01-01' }, '420106')).toBe(true);
    const after = policyAfter({ 'dibao-standard': loaded, eligibility: [{ regionCode: '000000', effectiveFrom: '2020-01-01', value: eligibility }] }, { key: 'dibao-standard', regionCode: '000000', effectiveFrom: '2031-06-01', value: { monthlyFen: 1 } }, '420106');
    expect(after).toEqual({ standardFen: 120_000, eligibility });
  });
});
