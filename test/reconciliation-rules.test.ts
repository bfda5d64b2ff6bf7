import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendLinks, verifyChain, type StoredEntry } from '../src/domain/audit-chain.js';
import {
  checkBenefitMonths,
  checkReserveLedgers,
  checkReturns,
  checkWorkflows,
  casesToAsk,
  recoveredKey,
  type BenefitFact,
  type PaymentFact,
} from '../src/domain/reconciliation.js';
import type { InstalmentView } from '../src/domain/views.js';

// The rules alone (src/domain/reconciliation.ts, src/domain/audit-chain.ts): the cases the database tests
// do not plant.

const pay = (over: Partial<PaymentFact>): PaymentFact => ({ benefitId: 'b1', month: '2026-03', payee: 'applicant', payrollId: 'p3', status: 'sent', attempts: 1, amountFen: 100, tries: [{ attempt: 1, payrollId: 'p3', status: 'sent', amountFen: 100 }], ...over });
const benefit = (over: Partial<BenefitFact>): BenefitFact => ({ benefitId: 'b1', personHash: 'h1', type: 'dibao', status: 'active', firstMonth: '2026-01', lastMonth: null, ...over });
const kinds = (r: { differences: Array<{ kind: string }> }) => r.differences.map((d) => d.kind);

describe('returns', () => {
  it('a returned payment repaid once, owed, or cancelled by a stop agrees; repaid twice or marked sent without a line does not', () => {
    const returned = { attempt: 1, payrollId: 'p3', status: 'failed', amountFen: 100 };
    const repaid = pay({ attempts: 2, payrollId: 'p4', tries: [returned, { attempt: 2, payrollId: 'p4', status: 'sent', amountFen: 100 }] });
    const owed = pay({ month: '2026-04', status: 'failed', tries: [returned] });
    const cancelled = pay({ month: '2026-05', status: 'cancelled', tries: [returned] });
    const ok = checkReturns([repaid, owed, cancelled]);
    expect(ok).toMatchObject({ ok: true, counts: { returned: 3, repaid: 1, owed: 1, owedFen: 100, cancelled: 1 } });
    const twice = pay({ attempts: 3, payrollId: 'p5', tries: [returned, { attempt: 2, payrollId: 'p4', status: 'sent', amountFen: 100 }, { attempt: 3, payrollId: 'p5', status: 'sent', amountFen: 100 }] });
    const noLine = pay({ month: '2026-06', status: 'sent', tries: [returned] });
    expect(kinds(checkReturns([twice, noLine]))).toEqual(['repaid_twice', 'repaid_without_line']);
  });
});

describe('benefit months', () => {
  it('a month sent after a stop is a difference unless the stop recorded it for recovery', () => {
    const stopped = benefit({ status: 'stopped', lastMonth: '2026-02' });
    expect(kinds(checkBenefitMonths([pay({})], [stopped], new Set()))).toEqual(['paid_after_stop']);
    expect(checkBenefitMonths([pay({})], [stopped], new Set([recoveredKey('b1', '2026-03', 'applicant')])).ok).toBe(true);
  });

  it('one person’s month paid by 低保 and 特困 at once is paid twice; 特困 care paid to a carer beside the person is not', () => {
    const both = [benefit({}), benefit({ benefitId: 'b2', type: 'tekun' })];
    const r = checkBenefitMonths([pay({}), pay({ benefitId: 'b2' })], both, new Set());
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'person_paid_twice', month: '2026-03', benefitIds: 'b1,b2' })]);
    expect(checkBenefitMonths([pay({ benefitId: 'b2' }), pay({ benefitId: 'b2', payee: 'carer' })], both, new Set()).ok).toBe(true);
    // 公租房 is another kind: beside 低保 it is not the same month paid twice.
    expect(checkBenefitMonths([pay({}), pay({ benefitId: 'b3' })], [benefit({}), benefit({ benefitId: 'b3', type: 'housing' })], new Set()).ok).toBe(true);
  });
});

describe('reserve ledgers', () => {
  it('entries of a street without a fund, and a payout without its payment, are differences', () => {
    const entries = [
      { id: 1, orgCode: '420106001', kind: 'preset', amountFen: 1000, balanceAfterFen: 1000, caseId: null, instalment: null },
      { id: 2, orgCode: '420106001', kind: 'payout', amountFen: -300, balanceAfterFen: 700, caseId: 'c1', instalment: 1 },
      { id: 3, orgCode: '420106002', kind: 'preset', amountFen: 1000, balanceAfterFen: 1000, caseId: null, instalment: null },
    ];
    const r = checkReserveLedgers([{ orgCode: '420106001', balanceFen: 700 }], entries, []);
    expect(kinds(r)).toEqual(['entries_without_fund', 'payout_without_payment']);
    const paid = checkReserveLedgers([{ orgCode: '420106001', balanceFen: 700 }], entries.slice(0, 2), [{ paymentId: 9, caseId: 'c1', instalment: 1, payee: 'applicant', amountFen: 300, orgCode: '420106001', entryId: 2 }]);
    expect(paid).toMatchObject({ ok: true, counts: { funds: 1, entries: 2, balanceFen: 700, reservePayments: 1 } });
  });
});

describe('the Temporal side', () => {
  const now = new Date('2026-03-10T08:00:00Z');
  const paid = (caseId: string, minutesAgo: number) => ({ caseId, instalment: 1, amountFen: 500, paidAt: new Date(now.getTime() - minutesAgo * 60_000) });
  const inst = (status: InstalmentView['status'], amountFen = 500): InstalmentView[] => [{ instalment: 1, dueDate: '2026-03-10', amountFen, status }];

  it('asks only the cases whose read model does not show the payment', () => {
    expect(casesToAsk([paid('c1', 60), paid('c2', 60), paid('c3', 60)], new Map([['c1', inst('paid')], ['c2', inst('paying')]]))).toEqual(['c2', 'c3']);
  });

  it('a payment on its way (paying, moments ago) is in flight; an old one, a missing workflow or another amount is a difference', () => {
    const r = checkWorkflows(
      [paid('c1', 2), paid('c2', 60), paid('c3', 60), paid('c4', 60)],
      ['c1', 'c2', 'c3', 'c4'],
      new Map<string, readonly InstalmentView[] | null>([['c1', inst('paying')], ['c2', inst('paying')], ['c3', null], ['c4', inst('paid', 400)]]),
      now,
    );
    expect(r.counts).toMatchObject({ paidCases: 4, askedTemporal: 4, inFlight: 1 });
    expect(r.differences.map((d) => [d.kind, d.caseId])).toEqual([
      ['paid_but_open', 'c2'],
      ['workflow_missing', 'c3'],
      ['amount_differs', 'c4'],
    ]);
  });
});

describe('the audit chain', () => {
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const fields = (seq: number) => ({ caseId: 'c1', seq, at: new Date(Date.UTC(2026, 0, seq)), actorSub: 's', actorRole: 'caseworker', actorOrg: '420106001', action: 'a', summary: `第 ${seq} 步`, details: { n: seq } });
  const chain = (): StoredEntry[] => {
    const es = [1, 2, 3].map(fields);
    return appendLinks(sha, { chainIndex: 0, hash: null }, es).map((l, i) => ({ ...es[i]!, ...l }));
  };

  it('is whole as written, whatever order the rows come back in; a rewritten link or a detail changed shows where', () => {
    expect(verifyChain(sha, chain().reverse(), [])).toEqual({ ok: true, entries: 3 });
    const relinked = chain();
    relinked[1] = { ...relinked[1]!, prevHash: 'f'.repeat(64) };
    expect(verifyChain(sha, relinked, []).brokenAt).toMatchObject({ chainIndex: 2, seq: 2, reason: 'link' });
    const edited = chain();
    edited[2] = { ...edited[2]!, details: { n: 4 } };
    expect(verifyChain(sha, edited, []).brokenAt).toMatchObject({ chainIndex: 3, seq: 3, reason: 'altered' });
  });
});
