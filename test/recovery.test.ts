import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findBenefit } from '../src/db/benefits.js';
import { recordRevocation } from '../src/db/revocations.js';
import { dishonestyEntries, recoveries } from '../src/db/schema.js';
import { addMonths } from '../src/domain/months.js';
import { recoveryOf } from '../src/domain/recovery.js';
import { approver, cw } from './support/actors.js';
import { act, actOk, expectStatus, get, post, type Json } from './support/api.js';
import { approve, paymentsOf, runPayroll, type Approved } from './support/benefits.js';
import { startCase } from './support/cases.js';
import { bearer, eventually, residentId, useHarness } from './support/harness.js';

// A revoked case recovers what was actually paid for it: every payee's sent payments of its benefit and
// its 临时救助 instalments, read from the payments when the revocation is recorded (issue 17).

const h = useHarness('recovery');

const PLEDGED = { intake: { pledgedInsteadOfProof: ['收入证明'] } };
const benefitOf = async (id: string, street: string) => expectStatus(await get(h.app, `/v1/benefits/${id}`, cw(street)), 200);
const setAccount = async (id: string, street: string, payee = 'applicant') =>
  expectStatus(
    await h.app.inject({ method: 'PUT', url: `/v1/benefits/${id}/payees/${payee}/account`, headers: bearer(cw(street)), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }),
    200,
  );
const revoke = (a: Pick<Approved, 'caseId'>, street: string) =>
  actOk(h.app, cw(street), a.caseId, { action: 'record-verification', truthful: false, findings: '核查发现有稳定工资收入' });
const recorded = async (caseId: string) => h.database.db.select().from(recoveries).where(eq(recoveries.caseId, caseId));
const stopped = (benefitId: string) => eventually(async () => expect((await findBenefit(h.database.db, benefitId))!.status).toBe('stopped'));

describe('what counts as paid for a case', () => {
  it('sums the sent payments to every payee and the instalments paid, and nothing else', () => {
    const r = recoveryOf(
      [
        { month: '2027-01', payee: 'applicant', amountFen: 90_000, status: 'sent' },
        { month: '2027-01', payee: 'carer', amountFen: 30_000, status: 'sent' },
        { month: '2027-02', payee: 'applicant', amountFen: 90_000, status: 'failed' },
        { month: '2027-02', payee: 'carer', amountFen: 30_000, status: 'held' },
        { month: '2027-03', payee: 'applicant', amountFen: 90_000, status: 'prepared' },
        { month: '2027-03', payee: 'carer', amountFen: 30_000, status: 'cancelled' },
      ],
      [
        { instalment: 1, payee: 'applicant', source: 'reserve', amountFen: 50_000 },
        { instalment: 2, payee: 'applicant', source: 'county', amountFen: 20_000 },
      ],
    );
    expect(r).toEqual({
      amountFen: 190_000,
      payments: [
        { month: '2027-01', payee: 'applicant', amountFen: 90_000 },
        { month: '2027-01', payee: 'carer', amountFen: 30_000 },
      ],
      instalments: [
        { instalment: 1, payee: 'applicant', source: 'reserve', amountFen: 50_000 },
        { instalment: 2, payee: 'applicant', source: 'county', amountFen: 20_000 },
      ],
      reservePayoutsFen: 50_000,
      countyDisbursementsFen: 20_000,
    });
    expect(recoveryOf([], [])).toEqual({ amountFen: 0, payments: [], instalments: [], reservePayoutsFen: 0, countyDisbursementsFen: 0 });
  });
});

describe('a revoked case recovers what was paid for it', () => {
  it('低保 revoked in its first paid month: the month sent is the recovery, recorded once; the benefit pays nothing more', async () => {
    const county = '420111';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street, ...PLEDGED });
    const first = (await benefitOf(a.benefitId, street)).firstMonth as string;
    await setAccount(a.benefitId, street);
    await runPayroll(h, county, first);
    expect((await paymentsOf(h, a.benefitId)).map((p) => [p.month, p.status])).toEqual([[first, 'sent']]);

    const revoked = await revoke(a, street);
    expect(revoked.status).toBe('revoked');
    // Not months × amount (0 in the first month): the 1,200 元 that went out.
    expect(revoked.recovery).toMatchObject({
      amountFen: 120_000,
      payments: [{ month: first, payee: 'applicant', amountFen: 120_000 }],
      instalments: [],
      reservePayoutsFen: 0,
      countyDisbursementsFen: 0,
    });
    expect(revoked.history.at(-1)).toMatchObject({ action: 'revoked', recoveryFen: 120_000 });
    expect(revoked.history.at(-1).summary).toContain('应追回 1,200.00 元');
    const [row] = await recorded(a.caseId);
    expect(row).toMatchObject({ amountFen: 120_000, details: { payments: [{ month: first, payee: 'applicant', amountFen: 120_000 }] } });

    // The benefit stops at the month last sent: the next payroll pays it nothing, and its history does not
    // record the case's money a second time.
    await stopped(a.benefitId);
    const b = await benefitOf(a.benefitId, street);
    expect(b).toMatchObject({ stopReason: 'revoked', lastMonth: first });
    const stop = b.history.at(-1);
    expect(stop.summary).toContain('已发待遇计入案件追回');
    expect(stop.details).toMatchObject({ reason: 'revoked', lastMonth: first, recoveredWithCase: true });
    expect(stop.details.recoveryFen).toBeUndefined();
    await runPayroll(h, county, addMonths(first, 1));
    expect((await paymentsOf(h, a.benefitId)).map((p) => p.month)).toEqual([first]);

    // A retried activity, even one from a workflow that still sends the old estimate's fields, records nothing new.
    const retry = await recordRevocation(h.database.db, {
      caseId: a.caseId,
      orgCode: street,
      applicantIdHash: a.idHash,
      applicantIdMasked: '420106********1237',
      reason: 'retry',
      by: 'cw',
      at: new Date().toISOString(),
      monthlyAmountFen: 999_999,
      approvedOn: '2020-01-01',
      dishonestyListDays: 365,
    });
    expect(retry).toMatchObject({ recoveryFen: 120_000, recovery: { amountFen: 120_000, payments: [{ month: first, amountFen: 120_000 }] } });
    expect(await recorded(a.caseId)).toHaveLength(1);
    expect(await h.database.db.select().from(dishonestyEntries).where(eq(dishonestyEntries.sourceCaseId, a.caseId))).toHaveLength(1);
  });

  it('特困 dispersed: the person’s and the carer’s sent payments are both recovered', async () => {
    const county = '420112';
    const street = `${county}001`;
    const a = await approve(
      h,
      'tekun',
      { monthlyAmountFen: 130_000, support: { mode: 'dispersed', carer: { name: '李护理' }, careFeeFen: 50_000, agreementSignedOn: '2026-01-05' }, selfCare: 'partial' },
      { orgCode: street, ...PLEDGED },
    );
    const first = (await benefitOf(a.benefitId, street)).firstMonth as string;
    await setAccount(a.benefitId, street, 'applicant');
    await setAccount(a.benefitId, street, 'carer');
    await runPayroll(h, county, first);
    const sent = (await paymentsOf(h, a.benefitId)).filter((p) => p.status === 'sent');
    expect(sent.map((p) => p.payee)).toEqual(['applicant', 'carer']);
    const total = sent.reduce((s, p) => s + p.amountFen, 0);

    const revoked = await revoke(a, street);
    expect(revoked.recovery.amountFen).toBe(total);
    expect(revoked.recovery.payments).toEqual(sent.map((p) => ({ month: first, payee: p.payee, amountFen: p.amountFen })));
    expect((await recorded(a.caseId))[0]!.amountFen).toBe(total);
  });

  it('a payment the bank returned is not counted', async () => {
    const county = '420113';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street, ...PLEDGED });
    const first = (await benefitOf(a.benefitId, street)).firstMonth as string;
    const second = addMonths(first, 1);
    await setAccount(a.benefitId, street);
    await runPayroll(h, county, first);
    const payroll = await runPayroll(h, county, second);
    const returned = expectStatus(
      await post(h.app, `/v1/payrolls/${payroll}/returns`, approver(county), { items: [{ reference: `${a.benefitId}/${second}/applicant`, reason: '账户已销户' }] }),
      200,
    );
    expect(returned.failed).toBe(1);
    expect((await paymentsOf(h, a.benefitId)).map((p) => [p.month, p.status])).toEqual([
      [first, 'sent'],
      [second, 'failed'],
    ]);

    const revoked = await revoke(a, street);
    expect(revoked.recovery).toMatchObject({ amountFen: 120_000, payments: [{ month: first, payee: 'applicant', amountFen: 120_000 }] });
    // The returned month is never paid again: the benefit stopped at the month last sent.
    await stopped(a.benefitId);
    expect((await benefitOf(a.benefitId, street)).lastMonth).toBe(first);
    await runPayroll(h, county, addMonths(first, 2));
    expect((await paymentsOf(h, a.benefitId)).filter((p) => p.status === 'sent').map((p) => p.month)).toEqual([first]);
  });

  it('an emergency 临时救助 paid from the reserve: the payout is the recovery', async () => {
    const street = '420106005';
    const c = await startCase(h.app, cw(street), {
      type: 'temporary',
      orgCode: street,
      applicant: { name: '吴九', idNumber: residentId('420106', '19700303', '415') },
      household: { size: 1, monthlyIncomeFen: 20_000 },
      temporary: { kind: 'emergency', amountFen: 150_000, reason: '失业断炊' },
      pledgedInsteadOfProof: ['收入证明'],
    });
    const paid = await actOk(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 150_000 });
    expect(paid.history.map((e: Json) => e.action)).toContain('instalment-paid');

    const revoked = await revoke(c as Approved, street);
    expect(revoked.recovery).toMatchObject({
      amountFen: 150_000,
      payments: [],
      instalments: [{ instalment: 1, payee: 'applicant', source: 'reserve', amountFen: 150_000 }],
      reservePayoutsFen: 150_000,
      countyDisbursementsFen: 0,
    });
    expect((await recorded(c.caseId))[0]!.amountFen).toBe(150_000);
  });

  it('revoked before anything was paid: nothing is due, and nothing is paid after', async () => {
    const county = '420117';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street, ...PLEDGED });
    const first = (await benefitOf(a.benefitId, street)).firstMonth as string;
    await setAccount(a.benefitId, street);

    const revoked = await revoke(a, street);
    expect(revoked.recovery).toMatchObject({ amountFen: 0, payments: [], instalments: [], reservePayoutsFen: 0, countyDisbursementsFen: 0 });
    expect((await recorded(a.caseId))[0]!.amountFen).toBe(0);
    expect((await act(h.app, cw(street), a.caseId, { action: 'record-verification', truthful: false, findings: 'again' })).statusCode).toBe(409);

    await stopped(a.benefitId);
    const b = await benefitOf(a.benefitId, street);
    expect(b).toMatchObject({ stopReason: 'revoked', lastMonth: addMonths(first, -1) });
    expect(b.history.at(-1).details.recoveredWithCase).toBeUndefined();
    await runPayroll(h, county, first);
    expect(await paymentsOf(h, a.benefitId)).toEqual([]);
  });
});

describe('a benefit stopped after a later month was sent', () => {
  it('records that month for recovery in its own history', async () => {
    const county = '420102';
    const street = `${county}001`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, { orgCode: street });
    const first = (await benefitOf(a.benefitId, street)).firstMonth as string;
    await setAccount(a.benefitId, street);
    await runPayroll(h, county, first);
    await runPayroll(h, county, addMonths(first, 1));

    const b = expectStatus(await post(h.app, `/v1/benefits/${a.benefitId}/actions`, cw(street), { action: 'stop', reason: 'moved-away', note: '迁往外省' }), 200);
    expect(b).toMatchObject({ status: 'stopped', lastMonth: first });
    const stop = b.history.at(-1);
    expect(stop.details).toMatchObject({ recoveryFen: 120_000, overpaid: [{ month: addMonths(first, 1), payee: 'applicant', amountFen: 120_000 }] });
    expect(stop.summary).toContain('已发 1,200.00 元 须追回');
  });
});
