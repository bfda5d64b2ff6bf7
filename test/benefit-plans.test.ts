import { describe, expect, it } from 'vitest';
import { householdChangeFrom, planChange, planStep, pricedMonths, type BenefitFacts, type BenefitRecord, type PaymentFact } from '../src/domain/benefit-plans.js';
import {
  benefitContextOf,
  checkBenefitAction,
  incomeLeavesDibao,
  openingBasis,
  type BenefitBasis,
  type BenefitOpening,
  type BenefitStep,
  type BenefitsPolicyValue,
  type Standards,
} from '../src/domain/benefits.js';
import { canSee, civilAffairs } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, WC, ZHUJIAN, approver, cw } from './support/actors.js';
import { render } from '../src/domain/catalogue.js';

// A benefit's steps as plans, without a database: the facts in, what to write out
// (src/domain/benefit-plans.ts); test/benefits.test.ts runs the same steps end to end.

const TODAY = '2027-03-15';
const standards: Standards = { dibaoStandardFen: 100_000, tekun: { basicFen: 130_000, careFen: { full: 10_000, partial: 50_000, none: 100_000 } }, child: { orphanFen: 150_000, defactoOrphanFen: 150_000, studyAge: 22 }, dibaoMinimumFen: 5_000, workCostFen: 20_000 };
/** April's standard is higher: a 渐退期 entered in March keeps March's amount. */
const april: Standards = { ...standards, dibaoStandardFen: 110_000 };
const policy: BenefitsPolicyValue = {
  firstMonth: 'approval-month',
  dibaoMinimumFen: 5_000,
  workCostFen: 20_000,
  phaseOutMonths: 6,
  reviewMonths: { dibao: 12, dibaoWithWorkers: 6, tekun: 12, housing: 12 },
  reviewWorkingDays: 10,
};

const opening = (o: Partial<BenefitOpening> = {}): BenefitBasis =>
  openingBasis({ type: 'dibao', applicantName: '张三', householdSize: 2, perCapitaIncomeFen: 40_000, employedMembers: 0, monthlyAmountFen: 120_000, ...o } as BenefitOpening, standards);

const record = (b: Partial<BenefitRecord> = {}): BenefitRecord => ({
  benefitId: 'benefit-1',
  type: 'dibao',
  orgCode: `${WC}001`,
  applicantName: '张三',
  status: 'active',
  firstMonth: '2027-01',
  lastMonth: null,
  reviewDueDate: '2028-01-10',
  reviewDeadline: null,
  ...b,
});

const pay = (month: string, status: PaymentFact['status'], amountFen = 120_000, payee = 'applicant'): PaymentFact => ({ month, payee, amountFen, status });

function facts(f: Partial<Omit<BenefitFacts, 'benefit'>> & { benefit?: Partial<BenefitRecord> } = {}): BenefitFacts {
  return {
    today: TODAY,
    bases: [{ fromMonth: '2027-01', basis: opening() }],
    payments: [],
    policy,
    standards: new Map([
      ['2027-03', standards],
      ['2027-04', april],
    ]),
    ...f,
    benefit: record(f.benefit),
  };
}

const change = (fields: object): BenefitStep => ({ action: 'record-change', reason: '家庭情况变化', ...fields }) as BenefitStep;

describe('a change', () => {
  it('recomputes from next month: a larger household is paid more, a higher income less; unsent payments follow', () => {
    const up = planStep(change({ householdSize: 3 }), facts());
    expect(up).toMatchObject({ set: {}, repriceFrom: '2027-04', basis: { fromMonth: '2027-04', basis: { householdSize: 3 } } });
    // Under April's standard: (110,000 − 40,000) × 2 before, × 3 after.
    expect(up.details).toMatchObject({ fromMonth: '2027-04', previousMonthlyAmountFen: 140_000, monthlyAmountFen: 210_000 });
    expect(up.summary).toBe('情况变化：2027-04 起每月 1,400.00 元 → 2,100.00 元（家庭情况变化）');

    const down = planStep(change({ perCapitaIncomeFen: 90_000 }), facts());
    expect(down.details).toMatchObject({ previousMonthlyAmountFen: 140_000, monthlyAmountFen: 40_000 });
    expect(down.cancelFrom).toBeUndefined();
  });

  it('governs from the first month when the benefit has not begun by next month', () => {
    const plan = planStep(change({ householdSize: 3 }), facts({ benefit: { firstMonth: '2027-05' }, standards: new Map([['2027-05', standards]]) }));
    expect(plan.basis?.fromMonth).toBe('2027-05');
    expect(pricedMonths(change({ householdSize: 3 }), { firstMonth: '2027-05' }, TODAY)).toEqual(['2027-05']);
  });

  it('reads the standards of the month it governs from and the month paid now, and no step without a change reads any', () => {
    expect(pricedMonths(change({ householdSize: 3 }), record(), TODAY)).toEqual(['2027-04', '2027-03']);
    expect(pricedMonths({ action: 'record-review', outcome: 'change', findings: 'x', householdSize: 3 }, record(), TODAY)).toEqual(['2027-04', '2027-03']);
    expect(pricedMonths({ action: 'stop', reason: 'death' }, record(), TODAY)).toEqual([]);
    expect(() => planStep(change({ householdSize: 3 }), facts({ standards: new Map() }))).toThrow('the standards of 2027-04 were not read');
  });

  it('applies a 特困 care level or a 公租房 subsidy, and never enters a 渐退期', () => {
    const tekun = openingBasis({ type: 'tekun', applicantName: '王五', householdSize: 1, perCapitaIncomeFen: 0, employedMembers: 0, monthlyAmountFen: 130_000, carer: { name: '李护理', careFeeFen: 50_000 }, selfCare: 'partial' } as BenefitOpening, standards);
    const care = planStep(change({ selfCare: 'none' }), facts({ benefit: { type: 'tekun' }, bases: [{ fromMonth: '2027-01', basis: tekun }] }));
    expect(care.set).toEqual({});
    expect(care.details).toMatchObject({ previousMonthlyAmountFen: 180_000, monthlyAmountFen: 230_000 });

    const housing = openingBasis({ type: 'housing', applicantName: '赵六', householdSize: 3, perCapitaIncomeFen: 500_000, employedMembers: 2, monthlyAmountFen: 60_000 } as BenefitOpening, standards);
    const subsidy = planStep(change({ monthlyAmountFen: 40_000 }), facts({ benefit: { type: 'housing' }, bases: [{ fromMonth: '2027-01', basis: housing }] }));
    expect(subsidy).toMatchObject({ set: {}, details: { previousMonthlyAmountFen: 60_000, monthlyAmountFen: 40_000 } });
  });
});

describe('the 渐退期', () => {
  it('is entered when countable income reaches the standard — at it, today — with a member in work', () => {
    // With one member employed, 20,000 / 2 of work costs is deducted: 120,000 per capita counts as 110,000, April's standard.
    expect(incomeLeavesDibao({ ...opening(), perCapitaIncomeFen: 120_000, employedMembers: 1 }, april)).toBe(true);
    expect(incomeLeavesDibao({ ...opening(), perCapitaIncomeFen: 119_999, employedMembers: 1 }, april)).toBe(false);

    const plan = planStep(change({ perCapitaIncomeFen: 120_000, employedMembers: 1 }), facts({ payments: [pay('2027-04', 'prepared'), pay('2027-10', 'prepared')] }));
    expect(plan.set).toEqual({ status: 'phasing-out', lastMonth: '2027-09' });
    // The amount paid now, frozen (March: 120,000), not what April's standard would make it.
    expect(plan.basis).toMatchObject({ fromMonth: '2027-04', basis: { perCapitaIncomeFen: 120_000, employedMembers: 1, payees: [{ component: { kind: 'fixed', amountFen: 120_000 }, adjustmentFen: 0 }] } });
    expect(plan).toMatchObject({ repriceFrom: '2027-04', cancelFrom: '2027-10' });
    expect(plan.details).toMatchObject({ phaseOutFrom: '2027-04', lastMonth: '2027-09', monthlyAmountFen: 120_000 });
    expect(plan.summary).toBe('收入超过低保标准，进入渐退期：每月 1,200.00 元 发至 2027-09');
  });

  it('is not entered below the standard: the amount follows the income', () => {
    const plan = planStep(change({ perCapitaIncomeFen: 119_999, employedMembers: 1 }), facts());
    expect(plan.set).toEqual({});
    expect(plan.details).toMatchObject({ monthlyAmountFen: 5_000 });
  });

  it('stops the benefit instead when no member is in work', () => {
    const plan = planStep(change({ perCapitaIncomeFen: 150_000 }), facts());
    expect(plan.set).toMatchObject({ status: 'stopped', stopReason: 'no-longer-eligible', lastMonth: '2027-03' });
    expect(plan.details).toMatchObject({ reason: 'no-longer-eligible', note: '家庭情况变化', change: { perCapitaIncomeFen: 150_000 } });
    expect(plan.basis).toBeUndefined();
  });

  it('a suspended benefit resumes in its 渐退期; one without resumes active', () => {
    expect(planStep({ action: 'resume' }, facts({ benefit: { status: 'suspended', lastMonth: '2027-09' } })).set).toEqual({ status: 'phasing-out' });
    const resumed = planStep({ action: 'resume', note: '已联系上' }, facts({ benefit: { status: 'suspended' } }));
    expect(resumed).toMatchObject({ set: { status: 'active' }, details: { note: '已联系上' } });
    expect(resumed.summary).toBe('恢复发放，暂停期间待遇随下次发放补发：已联系上');
  });

  it('a change may govern from another month (a household change dated earlier): the same plan, from that month', () => {
    const plan = planChange(facts({ standards: new Map([['2027-03', standards]]) }), { fields: { householdSize: 3 }, reason: '新增人口' }, '2027-03');
    expect(plan).toMatchObject({ basis: { fromMonth: '2027-03', basis: { householdSize: 3 } }, repriceFrom: '2027-03', details: { monthlyAmountFen: 180_000 } });
  });
});

describe('a stop', () => {
  it('of an active benefit pays through this month: later unsent payments are cancelled, the 低保 claim released', () => {
    const plan = planStep({ action: 'stop', reason: 'death', note: '核实死亡' }, facts({ payments: [pay('2027-03', 'sent'), pay('2027-04', 'prepared'), pay('2027-05', 'held')] }));
    expect(plan.set).toEqual({ status: 'stopped', lastMonth: '2027-03', stopReason: 'death', reviewDeadline: null, reviewOverdue: false });
    expect(plan).toMatchObject({ cancelFrom: '2027-04', releaseClaim: true, details: { reason: 'death', lastMonth: '2027-03', cancelledPayments: 2, note: '核实死亡' } });
    expect(plan.recovery).toBeUndefined();
    expect(plan.summary).toBe('停止发放（死亡）：发放至 2027-03');
  });

  it('with a later month already sent marks it for recovery: months, payees, amounts', () => {
    const plan = planStep(
      { action: 'stop', reason: 'moved-away' },
      facts({ payments: [pay('2027-03', 'sent'), pay('2027-04', 'sent', 130_000), pay('2027-04', 'sent', 50_000, 'carer')] }),
    );
    expect(plan.recovery).toEqual([
      { month: '2027-04', payee: 'applicant', amountFen: 130_000 },
      { month: '2027-04', payee: 'carer', amountFen: 50_000 },
    ]);
    expect(plan.details).toMatchObject({ cancelledPayments: 0, recoveryFen: 180_000, overpaid: plan.recovery });
    expect(plan.summary).toBe('停止发放（迁出）：发放至 2027-03；已发 1,800.00 元 须追回');
  });

  it('of a suspended benefit pays only what was sent; one never paid ends before its first month', () => {
    const suspended = planStep({ action: 'stop', reason: 'own-request' }, facts({ benefit: { status: 'suspended' }, payments: [pay('2027-01', 'sent'), pay('2027-02', 'held'), pay('2027-03', 'held')] }));
    expect(suspended).toMatchObject({ set: { lastMonth: '2027-01' }, cancelFrom: '2027-02', details: { cancelledPayments: 2 } });
    const neverPaid = planStep({ action: 'stop', reason: 'own-request' }, facts({ benefit: { status: 'suspended' } }));
    expect(neverPaid.set.lastMonth).toBe('2026-12');
  });

  it('by a revoked case pays nothing more: it ends at the month last sent, whose money the case recovers, not the benefit', () => {
    const plan = planStep(
      { action: 'revoke', reason: '案件 c-1 告知承诺不实' },
      facts({ payments: [pay('2027-01', 'sent'), pay('2027-02', 'sent'), pay('2027-02', 'sent', 30_000, 'carer'), pay('2027-03', 'prepared')] }),
    );
    expect(plan).toMatchObject({ set: { status: 'stopped', stopReason: 'revoked', lastMonth: '2027-02' }, cancelFrom: '2027-03', releaseClaim: true });
    expect(plan.recovery).toBeUndefined();
    expect(plan.details).toEqual({ reason: 'revoked', lastMonth: '2027-02', cancelledPayments: 1, note: '案件 c-1 告知承诺不实', recoveredWithCase: true });
    expect(plan.summary).toBe('停止发放（案件撤销）：发放至 2027-02；已发待遇计入案件追回');
    const neverPaid = planStep({ action: 'revoke', reason: 'x' }, facts({ payments: [pay('2027-03', 'held')] }));
    expect(neverPaid).toMatchObject({ set: { lastMonth: '2026-12' }, cancelFrom: '2027-01', details: { cancelledPayments: 1 } });
    expect(neverPaid.summary).toBe('停止发放（案件撤销）：发放至 2026-12');
  });

  it('before the first month pays nothing', () => {
    const plan = planStep({ action: 'stop', reason: 'transferred' }, facts({ benefit: { firstMonth: '2027-04' }, payments: [pay('2027-04', 'prepared')] }));
    expect(plan).toMatchObject({ set: { lastMonth: '2027-03' }, cancelFrom: '2027-04', details: { cancelledPayments: 1 } });
  });

  it('during the 渐退期 pays through this month; its end keeps the 渐退期’s last month', () => {
    const during = planStep({ action: 'stop', reason: 'death' }, facts({ benefit: { status: 'phasing-out', lastMonth: '2027-09' } }));
    expect(during.set.lastMonth).toBe('2027-03');
    const ended = planStep({ action: 'end-phase-out' }, facts({ today: '2027-10-01', benefit: { status: 'phasing-out', lastMonth: '2027-09' } }));
    expect(ended).toMatchObject({ set: { status: 'stopped', stopReason: 'phase-out-ended', lastMonth: '2027-09' }, cancelFrom: '2027-10' });
    expect(ended.summary).toBe('停止发放（渐退期满）：发放至 2027-09');
  });

  it('of a 公租房 subsidy releases no 低保/特困 claim; a revocation notes its reason', () => {
    expect(planStep({ action: 'stop', reason: 'death' }, facts({ benefit: { type: 'housing' } })).releaseClaim).toBe(false);
    expect(planStep({ action: 'revoke', reason: '虚假承诺' }, facts()).details).toMatchObject({ reason: 'revoked', note: '虚假承诺' });
  });
});

describe('a suspension', () => {
  it('holds the prepared payments from this month on, and counts them', () => {
    const plan = planStep({ action: 'suspend', reason: '联系不上' }, facts({ payments: [pay('2027-02', 'prepared'), pay('2027-03', 'prepared'), pay('2027-04', 'prepared'), pay('2027-04', 'held', 50_000, 'carer')] }));
    expect(plan).toMatchObject({ set: { status: 'suspended' }, holdFrom: '2027-03', details: { reason: '联系不上', heldPayments: 2 } });
  });
});

describe('a review', () => {
  it('continuing sets the next review by the type’s cycle, sooner with a member in work', () => {
    const plan = planStep({ action: 'record-review', outcome: 'continue', findings: '情况未变' }, facts({ benefit: { reviewDeadline: '2027-03-28', status: 'active' } }));
    expect(plan.set).toEqual({ reviewDueDate: '2028-03-15', reviewDeadline: null, reviewOverdue: false });
    expect(plan.summary).toBe('复核：继续享受，下次复核 2028-03-15');
    const workers = planStep({ action: 'record-review', outcome: 'continue', findings: 'x' }, facts({ bases: [{ fromMonth: '2027-01', basis: opening({ employedMembers: 1 }) }] }));
    expect(workers.set.reviewDueDate).toBe('2027-09-15');
  });

  it('changing recomputes from next month and sets the next review on the facts before the change', () => {
    const plan = planStep({ action: 'record-review', outcome: 'change', findings: '家庭人口增加', householdSize: 3, employedMembers: 1 }, facts());
    expect(plan.set).toEqual({ reviewDueDate: '2028-03-15', reviewDeadline: null, reviewOverdue: false });
    expect(plan.details).toMatchObject({ reason: '家庭人口增加', findings: '家庭人口增加', nextReviewDueDate: '2028-03-15', change: { householdSize: 3, employedMembers: 1 } });
    expect(plan.summary.startsWith('复核：情况变化：2027-04 起')).toBe(true);
  });

  it('into the 渐退期 keeps both the 渐退期 and the next review', () => {
    const plan = planStep({ action: 'record-review', outcome: 'change', findings: '就业', perCapitaIncomeFen: 150_000, employedMembers: 1 }, facts());
    expect(plan.set).toEqual({ reviewDueDate: '2028-03-15', reviewDeadline: null, reviewOverdue: false, status: 'phasing-out', lastMonth: '2027-09' });
  });

  it('stopping stops and still sets the next review date', () => {
    const plan = planStep({ action: 'record-review', outcome: 'stop', findings: '已迁出', reason: 'moved-away' }, facts());
    expect(plan.set).toEqual({ status: 'stopped', lastMonth: '2027-03', stopReason: 'moved-away', reviewDueDate: '2028-03-15', reviewDeadline: null, reviewOverdue: false });
    expect(plan.summary).toBe('复核：停止发放（迁出）：发放至 2027-03');
  });

  it('opens with its working-day deadline and, overdue, tells the county’s supervisors and the street', () => {
    const opened = planStep({ action: 'open-review' }, facts(), '2027-03-29');
    expect(opened).toMatchObject({ set: { reviewDeadline: '2027-03-29' }, summary: '复核到期：2027-03-29 前完成', details: { reviewDueDate: '2028-01-10', reviewDeadline: '2027-03-29' } });
    const overdue = planStep({ action: 'review-overdue' }, facts({ benefit: { reviewDeadline: '2027-03-29' } }));
    expect(overdue.set).toEqual({ reviewOverdue: true });
    expect(overdue.notify).toEqual({
      eventKey: 'benefit-1:review-overdue:2028-01-10',
      kind: 'benefit-review-overdue',
      message: '待遇 benefit-1（张三）复核逾期：应于 2027-03-29 前完成',
      recipients: [
        { role: 'supervisor', org: WC },
        { role: 'caseworker', org: `${WC}001` },
      ],
    });
  });
});

/** A refusal's message in a language ('' when allowed). */
const refusal = (c: ReturnType<typeof checkBenefitAction>, lang: 'zh' | 'en') => (c.ok ? '' : render(c.message, lang));

describe('who acts on a benefit (the cases’ rules language, one check)', () => {
  const dibao = benefitContextOf({ type: 'dibao', orgCode: `${WC}001`, status: 'active' });

  it('the street’s caseworker and the county’s approver of the type’s department; then the status', () => {
    expect(checkBenefitAction('suspend', CASEWORKER, dibao)).toEqual({ ok: true });
    expect(checkBenefitAction('suspend', APPROVER, dibao)).toEqual({ ok: true });
    expect(checkBenefitAction('suspend', SUPERVISOR, dibao)).toMatchObject({ ok: false, reason: 'forbidden', message: { key: 'action.roleMayNot' } });
    expect(refusal(checkBenefitAction('suspend', SUPERVISOR, dibao), 'en')).toBe('role supervisor may not suspend');
    expect(checkBenefitAction('suspend', OTHER_STREET, dibao)).toMatchObject({ ok: false, reason: 'forbidden', message: { key: 'action.outsideScope' } });
    expect(checkBenefitAction('suspend', approver(JT), dibao)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(checkBenefitAction('suspend', ZHUJIAN, dibao)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(checkBenefitAction('suspend', ZHUJIAN, benefitContextOf({ type: 'housing', orgCode: `${WC}001`, status: 'active' }))).toEqual({ ok: true });
    // Role and scope before status: another street's caseworker learns nothing of the status.
    expect(checkBenefitAction('resume', OTHER_STREET, dibao)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(checkBenefitAction('resume', CASEWORKER, dibao)).toMatchObject({ ok: false, reason: 'invalid_transition', message: { key: 'benefit.notWhile' } });
    expect(refusal(checkBenefitAction('resume', CASEWORKER, dibao), 'zh')).toBe('待遇状态为“享受中”时不能执行“恢复发放”');
    expect(checkBenefitAction('record-change', CASEWORKER, { ...dibao, status: 'phasing-out' })).toMatchObject({ reason: 'invalid_transition' });
    expect(checkBenefitAction('stop', CASEWORKER, { ...dibao, status: 'stopped' })).toMatchObject({ reason: 'invalid_transition', message: { key: 'benefit.stopped' } });
    expect(checkBenefitAction('record-review', cw(`${WC}001`), { ...dibao, status: 'suspended' })).toEqual({ ok: true });
  });

  it('one scope rule: a payroll is county-wide and civil affairs’ own', () => {
    const payroll = civilAffairs(WC);
    expect(canSee(APPROVER, payroll)).toBe(true);
    expect(canSee(SUPERVISOR, payroll)).toBe(true);
    expect(canSee(AUDITOR, payroll)).toBe(true);
    expect(canSee(CASEWORKER, payroll)).toBe(false);
    expect(canSee(ZHUJIAN, payroll)).toBe(false);
    expect(canSee(approver(JT), payroll)).toBe(false);
  });
});

describe('a change of the household register', () => {
  const household = (effectiveOn: string, o: Partial<{ householdSize: number; perCapitaIncomeFen: number; employedMembers: number }> = {}): BenefitStep =>
    ({ action: 'household-change', changeId: `c-${effectiveOn}`, effectiveOn, reason: '成员就业', householdSize: 2, perCapitaIncomeFen: 40_000, employedMembers: 0, ...o }) as BenefitStep;

  it('governs from the month after its day, or from the first month not yet sent (no back-pay, no recovery)', () => {
    expect(householdChangeFrom('2027-02-10', '2027-01', [])).toBe('2027-03');
    expect(householdChangeFrom('2027-02-10', '2027-01', [pay('2027-03', 'sent')])).toBe('2027-04');
    expect(householdChangeFrom('2026-11-30', '2027-01', [])).toBe('2027-01');
    expect(pricedMonths(household('2027-02-10'), record(), TODAY, [pay('2027-03', 'sent')])).toEqual(['2027-04', '2027-03']);
  });

  it('recomputes a 低保 from the household’s facts, enters the 渐退期 above the standard with a member in work, and leaves it when income falls back', () => {
    const lower = planStep(household('2027-03-01', { perCapitaIncomeFen: 60_000 }), facts());
    expect(lower).toMatchObject({ basis: { fromMonth: '2027-04', basis: { perCapitaIncomeFen: 60_000 } }, repriceFrom: '2027-04' });
    expect(lower.details).toMatchObject({ monthlyAmountFen: 100_000, changeId: 'c-2027-03-01' });

    const above = planStep(household('2027-03-01', { perCapitaIncomeFen: 150_000, employedMembers: 1 }), facts());
    expect(above.set).toEqual({ status: 'phasing-out', lastMonth: '2027-09' });

    // In the 渐退期 (its frozen basis from April), income falls back: the gap is paid again on the new facts.
    const frozen = { ...opening(), payees: opening().payees.map((p) => ({ ...p, component: { kind: 'fixed' as const, amountFen: 120_000 }, adjustmentFen: 0 })) };
    const phasing = facts({
      benefit: { status: 'phasing-out', lastMonth: '2027-09' },
      bases: [
        { fromMonth: '2027-01', basis: opening() },
        { fromMonth: '2027-04', basis: { ...frozen, perCapitaIncomeFen: 150_000, employedMembers: 1 } },
      ],
      today: '2027-05-15',
      standards: new Map([
        ['2027-05', april],
        ['2027-06', april],
      ]),
    });
    const back = planStep(household('2027-05-02', { perCapitaIncomeFen: 50_000, employedMembers: 1 }), phasing);
    expect(back.set).toEqual({ status: 'active', lastMonth: null });
    // (110,000 − (50,000 − 20,000 × 1 ÷ 2)) × 2 = 140,000 from June, with the approver's adjustment kept.
    expect(back.basis).toMatchObject({ fromMonth: '2027-06', basis: { perCapitaIncomeFen: 50_000, payees: [{ component: { kind: 'dibao-gap' } }] } });
    const still = planStep(household('2027-05-02', { perCapitaIncomeFen: 150_000, employedMembers: 1 }), phasing);
    expect(still.set).toEqual({});
    expect(still.summary).toContain('仍在渐退期');
  });
});
