import { describe, expect, it } from 'vitest';
import { addMonths } from '../src/domain/months.js';
import { benefitCorrectionUpdate } from '../src/workflows/messages.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, OTHER_STREET, SUPERVISOR, SUPERVISOR_JINTANG, WC, YIBAO, approver, cw } from './support/actors.js';
import { expectError, expectStatus, fieldsOf, get, post, type Json, type Who } from './support/api.js';
import { approve, paymentsOf, runPayroll } from './support/benefits.js';
import { startCase } from './support/cases.js';
import { bearer, residentId, useHarness } from './support/harness.js';

// 容错纠错 (001 §十三(三), issue 21): the street's caseworker proposes a correction of a case's record with
// its reason and evidence; the county's 民政 approver — never the proposer — approves or refuses; an
// approved one applies from then: a decided amount through the benefit from its first month not yet
// sent, with the 补发 or recovery over the months sent; the audit trail keeps both values.

const h = useHarness('corrections');

const propose = (caseId: string, who: Who, body: Json, headers: Record<string, string> = {}) => post(h.app, `/v1/cases/${caseId}/corrections`, who, body, headers);
const decide = (id: string, who: Who, body: Json, headers: Record<string, string> = {}) => post(h.app, `/v1/corrections/${id}/actions`, who, body, headers);
const correction = (path: string, value: unknown) => ({ path, value, reason: '录入错误', evidence: '户口簿复印件，存档于街道' });
const setAccount = async (benefitId: string, who: Who) =>
  expectStatus(await h.app.inject({ method: 'PUT', url: `/v1/benefits/${benefitId}/payees/applicant/account`, headers: bearer(who), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);
const auditOf = async (caseId: string) => expectStatus(await get(h.app, `/v1/audit?caseId=${caseId}`, AUDITOR), 200).items as Json[];

/** A 低保 benefit with its first two months sent at `amountFen`. */
async function paidTwice(street: string, county: string, amountFen: number, size: number) {
  const a = await approve(h, 'dibao', { monthlyAmountFen: amountFen }, { orgCode: street, household: { size, monthlyIncomeFen: 10_000 } });
  const b = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, cw(street)), 200);
  await setAccount(a.benefitId, cw(street));
  await runPayroll(h, county, b.firstMonth);
  await runPayroll(h, county, addMonths(b.firstMonth, 1));
  const sent = await paymentsOf(h, a.benefitId);
  expect(sent.map((p) => [p.month, p.amountFen, p.status])).toEqual([
    [b.firstMonth, amountFen, 'sent'],
    [addMonths(b.firstMonth, 1), amountFen, 'sent'],
  ]);
  return { ...a, firstMonth: b.firstMonth as string, sent };
}

describe('a decided amount corrected', () => {
  it('upwards: from the first month not yet sent, 补发 over the months sent, the sent payments as they were, both values in the audit', async () => {
    const street = `${WC}001`;
    const a = await paidTwice(street, WC, 60_000, 2);
    const proposed = expectStatus(await propose(a.caseId, CASEWORKER, correction('decision.monthlyAmountFen', 70_000)), 201);
    expect(proposed).toMatchObject({ status: 'proposed', path: 'decision.monthlyAmountFen', value: 70_000, before: 60_000, benefitId: a.benefitId, effect: null, allowedActions: [] });

    // The caseworker does not decide; nor does one person who proposed it, under an approver's token (four eyes).
    expectError(await decide(proposed.correctionId, CASEWORKER, { action: 'approve' }), 403, 'forbidden');
    expectError(await decide(proposed.correctionId, { ...APPROVER, sub: CASEWORKER.sub }, { action: 'approve' }), 403, 'forbidden');
    expectError(await decide(proposed.correctionId, SUPERVISOR, { action: 'approve' }), 403, 'forbidden');
    expectError(await decide(proposed.correctionId, SUPERVISOR_JINTANG, { action: 'approve' }), 404, 'not_found');
    expect(expectStatus(await get(h.app, `/v1/corrections/${proposed.correctionId}`, APPROVER), 200).allowedActions).toEqual(['approve', 'refuse']);

    const key = { 'idempotency-key': 'approve-amount-1' };
    const approved = expectStatus(await decide(proposed.correctionId, APPROVER, { action: 'approve', note: '核实无误' }, key), 200);
    const fromMonth = addMonths(a.firstMonth, 2);
    expect(approved).toMatchObject({ status: 'approved', before: 60_000, value: 70_000, fromMonth, allowedActions: [] });
    // Two months sent at 600 元 that should have been 700 元: 200 元 owed, month by month as the payroll rows have them.
    expect(approved.effect).toEqual({
      backPayFen: 20_000,
      months: a.sent.map((p) => ({ month: p.month, payee: 'applicant', amountFen: p.amountFen, correctedFen: 70_000 })),
    });
    // A retry with the key answers as the first did; another approval is the wrong step.
    expect(expectStatus(await decide(proposed.correctionId, APPROVER, { action: 'approve', note: '核实无误' }, key), 200)).toEqual(approved);
    expectError(await decide(proposed.correctionId, APPROVER, { action: 'approve' }), 409, 'invalid_transition');
    expectError(await decide(proposed.correctionId, APPROVER, { action: 'refuse', reason: '迟了' }), 409, 'invalid_transition');
    expect(expectStatus(await get(h.app, `/v1/corrections/${proposed.correctionId}`, AUDITOR), 200).effect).toEqual(approved.effect);

    // Nothing sent is rewritten; the next month is paid at the corrected amount.
    expect(await paymentsOf(h, a.benefitId)).toEqual(a.sent);
    await runPayroll(h, WC, fromMonth);
    expect((await paymentsOf(h, a.benefitId)).map((p) => [p.month, p.amountFen, p.status])).toEqual([
      ...a.sent.map((p) => [p.month, p.amountFen, 'sent']),
      [fromMonth, 70_000, 'sent'],
    ]);
    const benefit = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, CASEWORKER), 200);
    const entry = benefit.history.find((e: Json) => e.action === 'correct-amount');
    expect(entry.details).toMatchObject({ correctionId: proposed.correctionId, fromMonth, previousMonthlyAmountFen: 60_000, monthlyAmountFen: 70_000, effect: approved.effect });
    expect(entry.summary).toContain('应补发 200.00 元');

    // The case shows the corrected amount and keeps the original beside it; the audit trail has both values.
    const shown = expectStatus(await get(h.app, `/v1/cases/${a.caseId}`, CASEWORKER), 200);
    expect(shown.decision.monthlyAmountFen).toBe(70_000);
    expect(shown.corrections).toEqual([expect.objectContaining({ correctionId: proposed.correctionId, path: 'decision.monthlyAmountFen', before: 60_000, after: 70_000 })]);
    const audit = await auditOf(a.caseId);
    const proposal = audit.find((e) => e.action === 'correction-propose');
    const decision = audit.find((e) => e.action === 'correction-approve');
    expect(proposal).toMatchObject({ actor: { sub: CASEWORKER.sub }, details: { correctionId: proposed.correctionId, before: 60_000, after: 70_000, evidence: '户口簿复印件，存档于街道' } });
    expect(decision).toMatchObject({ actor: { sub: APPROVER.sub }, details: { before: 60_000, after: 70_000, fromMonth, effect: approved.effect, note: '核实无误' } });
    expect(decision!.summary).toBe(`批准更正 核定月补助金额：600.00 元 → 700.00 元，${fromMonth} 起；应补发 200.00 元`);
    // The trail still verifies: the corrections' entries are chained with the workflow's.
    expect(expectStatus(await get(h.app, `/v1/audit/verify?caseId=${a.caseId}`, AUDITOR), 200)).toMatchObject({ ok: true });

    // The applicant's name corrected from the benefit: the case's record and the benefit's payee carry it.
    const renamed = expectStatus(await post(h.app, `/v1/benefits/${a.benefitId}/corrections`, CASEWORKER, correction('applicant.name', '张叁')), 201);
    expect(renamed).toMatchObject({ caseId: a.caseId, before: '张三', value: '张叁', benefitId: null });
    expectStatus(await decide(renamed.correctionId, APPROVER, { action: 'approve' }), 200);
    const after = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, CASEWORKER), 200);
    expect(after.applicantName).toBe('张叁');
    expect(after.payees.find((p: Json) => p.payee === 'applicant').name).toBe('张叁');
    expect(after.history.find((e: Json) => e.action === 'correct-name').details).toMatchObject({ before: '张三', after: '张叁' });
    expect(expectStatus(await get(h.app, `/v1/cases/${a.caseId}`, CASEWORKER), 200).applicant.name).toBe('张叁');
    // Another street's caseworker does not find the benefit to correct it.
    expectError(await post(h.app, `/v1/benefits/${a.benefitId}/corrections`, OTHER_STREET, correction('applicant.name', '张叁')), 404, 'not_found');
  });

  it('downwards: recovery over the months sent at the higher amount', async () => {
    // 金堂县: a county of its own, whose payroll months are this test's alone.
    const street = `${JT}001`;
    const a = await paidTwice(street, JT, 80_000, 2);
    const proposed = expectStatus(await propose(a.caseId, cw(street), correction('decision.monthlyAmountFen', 50_000)), 201);
    // 武昌区's approver decides nothing of 金堂县 (it does not see it).
    expectError(await decide(proposed.correctionId, APPROVER, { action: 'approve' }), 404, 'not_found');
    const approved = expectStatus(await decide(proposed.correctionId, approver(JT), { action: 'approve' }), 200);
    expect(approved.effect).toEqual({
      recoveryFen: 60_000,
      months: a.sent.map((p) => ({ month: p.month, payee: 'applicant', amountFen: 80_000, correctedFen: 50_000 })),
    });
    expect(await paymentsOf(h, a.benefitId)).toEqual(a.sent);
    const fromMonth = addMonths(a.firstMonth, 2);
    await runPayroll(h, JT, fromMonth);
    expect((await paymentsOf(h, a.benefitId)).at(-1)).toMatchObject({ month: fromMonth, amountFen: 50_000, status: 'sent' });
    const entry = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, cw(street)), 200).history.find((e: Json) => e.action === 'correct-amount');
    expect(entry.summary).toContain('须追回 600.00 元');
  });
});

describe('an approval and a refusal at once', () => {
  it('one decides, the other answers 409, and the benefit’s amount is what the decision says, repeatedly', async () => {
    const street = `${JT}002`;
    for (let round = 0; round < 3; round++) {
      const a = await approve(h, 'dibao', { monthlyAmountFen: 40_000 }, { orgCode: street, household: { size: 1, monthlyIncomeFen: 10_000 } });
      const proposed = expectStatus(await propose(a.caseId, cw(street), correction('decision.monthlyAmountFen', 45_000)), 201);
      const [approving, refusing] = await Promise.all([
        decide(proposed.correctionId, approver(JT), { action: 'approve' }),
        decide(proposed.correctionId, approver(JT), { action: 'refuse', reason: '证据不足' }),
      ]);
      expect([approving.statusCode, refusing.statusCode].sort()).toEqual([200, 409]);
      const decided = expectStatus(await get(h.app, `/v1/corrections/${proposed.correctionId}`, approver(JT)), 200);
      const shown = expectStatus(await get(h.app, `/v1/cases/${a.caseId}`, cw(street)), 200);
      const benefit = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, cw(street)), 200);
      const corrected = benefit.history.some((e: Json) => e.action === 'correct-amount');
      if (approving.statusCode === 200) {
        expect(decided.status).toBe('approved');
        expect(shown.decision.monthlyAmountFen).toBe(45_000);
        expect(corrected).toBe(true);
      } else {
        expect(decided.status).toBe('refused');
        expect(shown.decision.monthlyAmountFen).toBe(40_000);
        expect(corrected).toBe(false);
      }
    }
  });

  it('an amount the benefit already took (an approval whose answer was lost) is approved again, not refused', async () => {
    const street = `${JT}002`;
    const a = await approve(h, 'dibao', { monthlyAmountFen: 40_000 }, { orgCode: street, household: { size: 1, monthlyIncomeFen: 10_000 } });
    const proposed = expectStatus(await propose(a.caseId, cw(street), correction('decision.monthlyAmountFen', 42_000)), 201);
    // The benefit took the step (as the approval's Update does), and the approval's answer never came back.
    const step = { action: 'correct-amount' as const, correctionId: proposed.correctionId, monthlyAmountFen: 42_000, reason: '录入错误' };
    await h.env.client.workflow.getHandle(a.benefitId).executeUpdate(benefitCorrectionUpdate, { args: [{ actor: approver(JT), step }], updateId: `correction:${proposed.correctionId}` });
    const refused = expectError(await decide(proposed.correctionId, approver(JT), { action: 'refuse', reason: '证据不足' }), 409, 'invalid_transition');
    expect(refused.message).toMatch(/只能批准/);
    const approved = expectStatus(await decide(proposed.correctionId, approver(JT), { action: 'approve' }), 200);
    expect(approved).toMatchObject({ status: 'approved', before: 40_000, value: 42_000 });
    const benefit = expectStatus(await get(h.app, `/v1/benefits/${a.benefitId}`, cw(street)), 200);
    expect(benefit.history.filter((e: Json) => e.action === 'correct-amount')).toHaveLength(1);
  });
});

describe('a case’s record corrected', () => {
  it('each path: its value checked at `value`, approved into the record or refused, the original kept', async () => {
    const c = await startCase(h.app, CASEWORKER, {
      type: 'dibao',
      orgCode: `${WC}001`,
      applicant: { name: '王五', idNumber: residentId('420106', '19700505', '131'), phone: '13800000000' },
      household: { size: 3, monthlyIncomeFen: 90_000, address: '武昌区中山路 1 号' },
    });
    const id = c.caseId as string;

    // Each path's value as intake takes it: 400 naming `value`.
    for (const [path, value] of [
      ['applicant.name', '   '],
      ['applicant.phone', '电话'],
      ['applicant.address', ''],
      ['household.monthlyIncomeFen', -1],
      ['household.monthlyIncomeFen', 1.5],
      ['household.size', 0],
      ['household.size', 21],
      ['household.size', '4'],
      ['decision.monthlyAmountFen', 'many'],
    ] as const) {
      const bad = expectError(await propose(id, CASEWORKER, correction(path, value)), 400, 'validation_failed');
      expect(fieldsOf(bad), `${path} ${String(value)}`).toEqual(['value']);
    }
    expect(fieldsOf(expectError(await propose(id, CASEWORKER, correction('household.size', 3)), 400, 'validation_failed'))).toEqual(['value']);
    expect(fieldsOf(expectError(await propose(id, CASEWORKER, { ...correction('household.size', 4), reason: '' }), 400, 'validation_failed'))).toEqual(['reason']);
    expect(fieldsOf(expectError(await propose(id, CASEWORKER, correction('case.status', 'x')), 400, 'validation_failed'))).toEqual(['path']);
    // Nothing decided: no amount to correct.
    expectError(await propose(id, CASEWORKER, correction('decision.monthlyAmountFen', 50_000)), 409, 'invalid_transition');
    // Another street's caseworker and another county do not see the case; the county reads it but proposes nothing.
    expectError(await propose(id, OTHER_STREET, correction('household.size', 4)), 404, 'not_found');
    expectError(await propose(id, SUPERVISOR_JINTANG, correction('household.size', 4)), 404, 'not_found');
    expectError(await propose(id, APPROVER, correction('household.size', 4)), 403, 'forbidden');

    // One proposal per Idempotency-Key: the same body again is the same correction, another body a 409.
    const key = { 'idempotency-key': 'size-4' };
    const size = expectStatus(await propose(id, CASEWORKER, correction('household.size', 4), key), 201);
    expect(expectStatus(await propose(id, CASEWORKER, correction('household.size', 4), key), 201).correctionId).toBe(size.correctionId);
    expectError(await propose(id, CASEWORKER, correction('household.size', 5), key), 409, 'idempotency_key_reused');
    const name = expectStatus(await propose(id, CASEWORKER, correction('applicant.name', ' 王伍 ')), 201);
    const phone = expectStatus(await propose(id, CASEWORKER, correction('applicant.phone', '027-88886666')), 201);
    const address = expectStatus(await propose(id, CASEWORKER, correction('applicant.address', '武昌区中山路 11 号')), 201);
    const income = expectStatus(await propose(id, CASEWORKER, correction('household.monthlyIncomeFen', 60_000)), 201);
    expect([size, name, phone, address, income].map((x) => [x.path, x.before, x.value])).toEqual([
      ['household.size', 3, 4],
      ['applicant.name', '王五', '王伍'],
      ['applicant.phone', '13800000000', '027-88886666'],
      ['applicant.address', '武昌区中山路 1 号', '武昌区中山路 11 号'],
      ['household.monthlyIncomeFen', 90_000, 60_000],
    ]);

    // The lists: the street's and the county's, by status and case; another street sees none of it.
    const listed = async (who: Who, query: string) => (expectStatus(await get(h.app, `/v1/corrections?${query}`, who), 200).items as Json[]).map((x) => x.correctionId);
    expect(await listed(CASEWORKER, `caseId=${id}`)).toEqual([income, address, phone, name, size].map((x) => x.correctionId));
    expect(await listed(APPROVER, `caseId=${id}&status=proposed`)).toHaveLength(5);
    expect(await listed(AUDITOR, `caseId=${id}`)).toHaveLength(5);
    expect(await listed(OTHER_STREET, `caseId=${id}`)).toEqual([]);
    expectError(await get(h.app, `/v1/corrections?orgCode=${WC}001`, OTHER_STREET), 403, 'forbidden');
    expectError(await get(h.app, `/v1/corrections?orgCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
    expectError(await get(h.app, '/v1/corrections', YIBAO), 403, 'forbidden');
    expectError(await get(h.app, `/v1/corrections/${size.correctionId}`, OTHER_STREET), 404, 'not_found');

    for (const x of [size, name, address, income]) expectStatus(await decide(x.correctionId, APPROVER, { action: 'approve' }), 200);
    expect(fieldsOf(expectError(await decide(phone.correctionId, APPROVER, { action: 'refuse' }), 400, 'validation_failed'))).toEqual(['reason']);
    const refused = expectStatus(await decide(phone.correctionId, APPROVER, { action: 'refuse', reason: '电话号码无误' }), 200);
    expect(refused).toMatchObject({ status: 'refused', before: '13800000000', effect: null });
    expect(refused.history.map((s: Json) => s.action)).toEqual(['propose', 'refuse']);
    expectError(await decide(phone.correctionId, APPROVER, { action: 'approve' }), 409, 'invalid_transition');
    expect(await listed(APPROVER, `caseId=${id}&status=approved`)).toHaveLength(4);
    expect(await listed(APPROVER, `caseId=${id}&status=refused`)).toEqual([phone.correctionId]);

    // The case shows the corrected record, each original beside it; the refused phone stays.
    const shown = expectStatus(await get(h.app, `/v1/cases/${id}`, CASEWORKER), 200);
    expect(shown.applicant).toMatchObject({ name: '王伍', phone: '13800000000' });
    expect(shown.household).toMatchObject({ size: 4, monthlyIncomeFen: 60_000, address: '武昌区中山路 11 号' });
    expect(shown.corrections.map((x: Json) => [x.path, x.before, x.after])).toEqual([
      ['household.size', 3, 4],
      ['applicant.name', '王五', '王伍'],
      ['applicant.address', '武昌区中山路 1 号', '武昌区中山路 11 号'],
      ['household.monthlyIncomeFen', 90_000, 60_000],
    ]);
    // The workflow's record is not rewritten: the read model keeps the original values the case was taken in with.
    const [kept] = await h.database.sql<{ name: string; size: number }[]>`select view -> 'applicant' ->> 'name' as name, (view -> 'household' ->> 'size')::int as size from cases where case_id = ${id}`;
    expect(kept).toEqual({ name: '王五', size: 3 });
    const audit = await auditOf(id);
    expect(audit.filter((e) => e.action === 'correction-approve').map((e) => [e.details.path, e.details.before, e.details.after])).toEqual(shown.corrections.map((x: Json) => [x.path, x.before, x.after]));
    expect(audit.find((e) => e.action === 'correction-refuse')).toMatchObject({ details: { before: '13800000000', after: '027-88886666', reason: '电话号码无误' } });
    // A second correction of a corrected value replaces the corrected one, the first kept.
    const again = expectStatus(await propose(id, CASEWORKER, correction('household.size', 5)), 201);
    expect(again.before).toBe(4);
  });
});
