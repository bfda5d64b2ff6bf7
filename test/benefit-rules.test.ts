import { describe, expect, it } from 'vitest';
import { amountsOf, changeProblem, countableIncomeFen, dibaoGapFen, firstMonthOf, openingBasis, type BenefitOpening, type Standards } from '../src/domain/benefits.js';
import { addMonths, addMonthsToDate, lastDayOf } from '../src/domain/months.js';
import { msg } from '../src/domain/catalogue.js';

// The benefit rules on their own (src/domain/benefits.ts): the amounts a month pays, stated once.

const standards: Standards = { dibaoStandardFen: 100_000, tekun: { basicFen: 130_000, careFen: { full: 10_000, partial: 50_000, none: 100_000 } }, child: { orphanFen: 150_000, defactoOrphanFen: 150_000, studyAge: 22 }, dibaoMinimumFen: 5_000, workCostFen: 20_000 };
const household = { householdSize: 2, perCapitaIncomeFen: 40_000, employedMembers: 0, payees: [] };

describe('benefit amounts', () => {
  it('低保 补差 is (standard − per-capita income) × household size, with the minimum, nothing at or above the standard', () => {
    expect(dibaoGapFen(household, standards)).toBe(120_000);
    expect(dibaoGapFen({ ...household, perCapitaIncomeFen: 99_000 }, standards)).toBe(5_000);
    expect(dibaoGapFen({ ...household, perCapitaIncomeFen: 100_000 }, standards)).toBe(0);
  });

  it('deducts the work costs of employed members from income before the test', () => {
    expect(countableIncomeFen({ ...household, employedMembers: 1 }, standards)).toBe(30_000);
    expect(countableIncomeFen({ ...household, perCapitaIncomeFen: 5_000, employedMembers: 2 }, standards)).toBe(0);
    expect(dibaoGapFen({ ...household, employedMembers: 1 }, standards)).toBe(140_000);
  });

  it('keeps the approver’s adjustment: a new standard moves the amount by what the standard moved', () => {
    const opening = { type: 'dibao', applicantName: '张三', householdSize: 2, perCapitaIncomeFen: 40_000, employedMembers: 0, monthlyAmountFen: 110_000 } as BenefitOpening;
    const basis = openingBasis(opening, standards);
    expect(amountsOf(basis, standards)[0]!.monthlyAmountFen).toBe(110_000);
    expect(amountsOf(basis, { ...standards, dibaoStandardFen: 110_000 })[0]!.monthlyAmountFen).toBe(130_000);
  });

  it('pays 特困 dispersed support as the basic standard to the person and the care standard of the self-care level to the carer', () => {
    const opening = { type: 'tekun', applicantName: '王五', householdSize: 1, perCapitaIncomeFen: 0, employedMembers: 0, monthlyAmountFen: 130_000, carer: { name: '李护理', careFeeFen: 50_000 }, selfCare: 'partial' } as BenefitOpening;
    const basis = openingBasis(opening, standards);
    expect(amountsOf(basis, standards).map((a) => [a.payee, a.monthlyAmountFen])).toEqual([
      ['applicant', 130_000],
      ['carer', 50_000],
    ]);
    const raised = { ...standards, tekun: { basicFen: 140_000, careFen: { ...standards.tekun.careFen, partial: 60_000 } } };
    expect(amountsOf(basis, raised).map((a) => a.monthlyAmountFen)).toEqual([140_000, 60_000]);
  });

  it('names the change field that does not apply to the type', () => {
    expect(changeProblem('tekun', { householdSize: 3 })).toEqual({ path: 'householdSize', message: msg('benefit.foreignChange', { type: msg('type.tekun') }) });
    expect(changeProblem('dibao', {})?.path).toBe('perCapitaIncomeFen');
    expect(changeProblem('dibao', { perCapitaIncomeFen: 1 })).toBeUndefined();
  });
});

describe('months', () => {
  it('start a benefit in the approval month or the next, never one an earlier 低保/特困 paid', () => {
    expect(firstMonthOf('2027-03', { firstMonth: 'approval-month' }, null)).toBe('2027-03');
    expect(firstMonthOf('2027-03', { firstMonth: 'next-month' }, null)).toBe('2027-04');
    expect(firstMonthOf('2027-03', { firstMonth: 'approval-month' }, '2027-03')).toBe('2027-04');
    expect(firstMonthOf('2027-03', { firstMonth: 'approval-month' }, '2027-01')).toBe('2027-03');
  });

  it('count months across years and clamp a review date to the month’s end', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -13)).toBe('2025-12');
    expect(addMonthsToDate('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsToDate('2027-08-31', 6)).toBe('2028-02-29');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
  });
});
