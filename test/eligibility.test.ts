import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { personKey } from '../src/api/applicant.js';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { dishonestyEntries, recoveries, referrals } from '../src/db/schema.js';
import { AUDITOR, SUPERVISOR, YIBAO, ZHUJIAN, cw } from './support/actors.js';
import { act, actOk, expectError, fieldsOf, get, getCase, json, post, type Json, type Who } from './support/api.js';
import { startCase } from './support/cases.js';
import { DAY, TEST_PII_HASH_KEY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

const STREET = '420106003';
const CW = cw(STREET);
/** 民政's approver, under a sub of its own: the review-flag test asserts it. */
const MINZHENG: Who = { sub: 'ap-minzheng', role: 'approver', org: '420106' };

const h = useHarness('eligibility');

const person = (seq: string) => residentId('420106', '19660606', seq);
const start = (type: string, idNumber: string, extra: Json = {}, who: Who = CW) =>
  startCase(h.app, who, { type, orgCode: STREET, applicant: { name: '周八', idNumber }, household: { size: 1, monthlyIncomeFen: 20_000 }, ...extra });
const view = (c: Json) => getCase(h.app, CW, c.caseId);
/** Economic check and home visit: the case is then in its 7-day publicity. */
async function toPublicity(c: Json): Promise<void> {
  await actOk(h.app, CW, c.caseId, { action: 'record-economic-check', perCapitaIncomeFen: 20_000, assetsWithinLimits: true });
  await actOk(h.app, CW, c.caseId, { action: 'record-home-visit', findings: '独居，无劳动能力' });
}
async function publicityEnds(...cases: Json[]): Promise<void> {
  await h.env.sleep(7 * DAY + 60_000);
  await eventually(async () => {
    for (const c of cases) expect((await view(c)).step).toBe('decision');
  });
}

describe('低保 and 特困 for one person', () => {
  const id = person('311');
  let dibao: Json;
  let tekun: Json;

  it('refuses the second approval with the conflicting case, and opens a medical case for the recipient straight at its decision', async () => {
    dibao = await start('dibao', id);
    tekun = await start('tekun', id);
    await toPublicity(dibao);
    await toPublicity(tekun);
    await publicityEnds(dibao, tekun);

    const approved = await actOk(h.app, CW, dibao.caseId, { action: 'decide', decision: 'approve' });
    expect(approved.status).toBe('approved');
    const conflict = expectError(
      await act(h.app, CW, tekun.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 90_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }),
      409,
      'conflict',
    );
    expect(conflict.details).toMatchObject({ conflictingCaseId: dibao.caseId, conflictingType: 'dibao' });
    expect((await view(tekun)).status).toBe('open');
    // Newest version: the loop's timer kept across changes (patch clock-timer-kept).
    await recordHistory(h, tekun.caseId, 'tekun-exclusion-conflict-v4');
    // Rejecting the other one is still possible.
    expect((await actOk(h.app, CW, tekun.caseId, { action: 'decide', decision: 'reject', reason: '已享受低保' })).status).toBe('rejected');

    // Our own records know the person receives 低保: 医疗救助 skips the economic check.
    const medical = await start('medical', id, { medical: { billFen: 1_500_000, hospital: '武汉市第三医院', admittedOn: '2026-10-01', category: 'serious' } });
    expect(medical).toMatchObject({ step: 'decision', department: 'yibao', recipientOf: ['dibao'] });
    expect(medical.history[0]).toMatchObject({ skippedSteps: ['economic-check'] });
    expectError(await act(h.app, MINZHENG, medical.caseId, { action: 'decide', decision: 'approve', approvedAmountFen: 1 }), 404, 'not_found');
    expect(fieldsOf(expectError(await act(h.app, YIBAO, medical.caseId, { action: 'decide', decision: 'approve' }), 400, 'validation_failed'))).toEqual(['approvedAmountFen']);
    expect(fieldsOf(expectError(await act(h.app, YIBAO, medical.caseId, { action: 'decide', decision: 'approve', approvedAmountFen: 1_500_001 }), 400, 'validation_failed'))).toEqual([
      'approvedAmountFen',
    ]);
    // A field of another type's approval (特困's 供养方式) is unknown on a medical decision, and nothing is stored.
    const support = { mode: 'centralised', institution: '武昌区社会福利院' };
    const foreign = expectError(await act(h.app, YIBAO, medical.caseId, { action: 'decide', decision: 'approve', approvedAmountFen: 900_000, support }), 400, 'validation_failed');
    expect(fieldsOf(foreign)).toEqual(['support']);
    expect(await getCase(h.app, YIBAO, medical.caseId)).toMatchObject({ step: 'decision', decision: null });
    // The case offers the decision's form for its own type: 医疗救助's fields, none of another type's.
    const offered = await getCase(h.app, YIBAO, medical.caseId);
    const form = offered.actionForms.find((f: { action: string }) => f.action === 'decide');
    expect(form.label).toBe('审批决定');
    const approve = form.schema.oneOf.find((v: Json) => v.properties.decision.const === 'approve');
    expect(Object.keys(approve.properties).sort()).toEqual(['approvedAmountFen', 'decision', 'reason', 'reimbursementPercent']);
    expect(approve.required.sort()).toEqual(['approvedAmountFen', 'decision']);
    const paid = await actOk(h.app, YIBAO, medical.caseId, { action: 'decide', decision: 'approve', approvedAmountFen: 900_000 });
    expect(paid.decision).toMatchObject({ approvedAmountFen: 900_000, reimbursementPercent: 60 });
    expect(paid.decision.support).toBeUndefined();
  });

  it('lets only one of two racing approvals through', async () => {
    const other = person('322');
    const a = await start('dibao', other);
    const b = await start('tekun', other);
    await toPublicity(a);
    await toPublicity(b);
    await publicityEnds(a, b);
    const [ra, rb] = await Promise.all([
      act(h.app, CW, a.caseId, { action: 'decide', decision: 'approve' }),
      act(h.app, CW, b.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 90_000, support: { mode: 'centralised', institution: '福利院' } }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
  });
});

describe('特困 support arrangements', () => {
  it('records two payees for dispersed support, and requires the arrangement', async () => {
    const c = await start('tekun', person('333'));
    await toPublicity(c);
    await publicityEnds(c);
    expect(fieldsOf(expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 90_000 }), 400, 'validation_failed'))).toEqual(['support']);
    const bad = expectError(
      await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 90_000, support: { mode: 'dispersed', carer: { name: '邻居' } } }),
      400,
      'validation_failed',
    );
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['support.careFeeFen', 'support.agreementSignedOn']));
    const approved = await actOk(h.app, CW, c.caseId, {
      action: 'decide',
      decision: 'approve',
      monthlyAmountFen: 90_000,
      support: { mode: 'dispersed', carer: { name: '李照料', phone: '13900000000' }, careFeeFen: 30_000, agreementSignedOn: '2026-11-01' },
    });
    expect(approved.decision.payees).toEqual([
      { payee: 'applicant', name: '周八', monthlyAmountFen: 90_000 },
      { payee: 'carer', name: '李照料', monthlyAmountFen: 30_000 },
    ]);
  });
});

describe('the decision follows from the household and the standard (武昌区: 1,000 元, placeholders)', () => {
  /** Economic check with these figures, home visit, publicity over: the case waits for its decision. */
  async function checkedAt(seq: string, perCapitaIncomeFen: number, assetsWithinLimits: boolean): Promise<Json> {
    const c = await start('dibao', person(seq));
    await actOk(h.app, CW, c.caseId, { action: 'record-economic-check', perCapitaIncomeFen, assetsWithinLimits });
    await actOk(h.app, CW, c.caseId, { action: 'record-home-visit', findings: '入户核实' });
    await publicityEnds(c);
    return c;
  }

  it('refuses 低保 above the standard or the asset limits with coded reasons, and keeps the case at its decision', async () => {
    const c = await checkedAt('371', 120_000, false);
    const refused = expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' }), 409, 'not_eligible');
    expect(refused.details).toEqual([
      { path: 'household.monthlyIncomeFen', code: 'income_above_standard' },
      { path: 'economicCheck.assetsWithinLimits', code: 'assets_above_limit' },
    ]);
    // A typed amount does not carry it either.
    expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 300_000 }), 409, 'not_eligible');
    expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'low-income' }), 409, 'not_eligible');
    expect(await view(c)).toMatchObject({ status: 'open', step: 'decision', decision: null });
    const rejected = await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'reject', reason: '人均收入高于低保标准' });
    expect(rejected.status).toBe('rejected');
  });

  it('pays the gap, never a typed figure: 1,000 元 standard − 200 元 per capita = 800 元, 3,000 元 is 400 naming it', async () => {
    const c = await checkedAt('372', 20_000, true);
    const typed = expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 300_000 }), 400, 'amount_mismatch');
    expect(typed.message).toContain('800.00 元');
    const approved = await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 80_000 });
    expect(approved).toMatchObject({ status: 'approved', amountFen: 80_000, decision: { monthlyAmountFen: 80_000 } });
    const benefit = json(await get(h.app, `/v1/benefits/${approved.decision.benefitId}`, CW));
    expect(benefit.monthlyAmountFen).toBe(80_000);
    await recordHistory(h, c.caseId, 'dibao-approved-gated');
  });

  it('recognises a household above the standard but within 1.5 × as low-income (低保边缘): approved, no allowance', async () => {
    const c = await checkedAt('373', 120_000, true);
    expect(expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' }), 409, 'not_eligible').details).toEqual([
      { path: 'household.monthlyIncomeFen', code: 'income_above_standard' },
    ]);
    const recognised = await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'low-income', reason: '人均收入在低保标准 1.5 倍以内' });
    expect(recognised).toMatchObject({ status: 'approved', step: 'closed', amountFen: null, decision: { decision: 'low-income', outcome: 'low-income' } });
    expect(recognised.decision.benefitId).toBeUndefined();
    expect(recognised.history.at(-1).summary).toContain('低收入');
    await recordHistory(h, c.caseId, 'dibao-low-income');
    // A recognised household counts as a recipient: its 医疗救助 skips the economic check, as a 低保 household's does.
    const medical = await start('medical', person('373'), { medical: { billFen: 800_000, hospital: '武汉市第三医院', admittedOn: '2026-10-01', category: 'serious' } });
    expect(medical).toMatchObject({ step: 'decision', recipientOf: ['low-income'] });

    const above = await checkedAt('374', 160_000, true);
    expect(expectError(await act(h.app, CW, above.caseId, { action: 'decide', decision: 'low-income' }), 409, 'not_eligible').details).toEqual([
      { path: 'household.monthlyIncomeFen', code: 'income_above_low_income_line' },
    ]);
    // The 低保 decision's form offers the three decisions; 特困's has no low-income one.
    const decisions = (c: Json) => c.actionForms.find((f: Json) => f.action === 'decide').schema.oneOf.map((v: Json) => v.properties.decision.const).sort();
    expect(decisions(await view(above))).toEqual(['approve', 'low-income', 'reject']);
    const tekun = await start('tekun', person('375'));
    await toPublicity(tekun);
    await publicityEnds(tekun);
    expect(decisions(await view(tekun))).toEqual(['approve', 'reject']);
    expect(fieldsOf(expectError(await act(h.app, CW, tekun.caseId, { action: 'decide', decision: 'low-income' }), 400, 'validation_failed'))).toEqual(['decision']);
  });
});

describe('a review that finds the applicant not eligible', () => {
  it('ends a housing case at the street review, and an education case at the school investigation, as not eligible', async () => {
    const housing = await start('housing', person('361'), { housing: { currentRentFen: 150_000 } });
    const ended = await actOk(h.app, CW, housing.caseId, { action: 'record-street-review', findings: '家庭已有住房', eligible: false });
    expect(ended).toMatchObject({ status: 'rejected', step: 'closed', publicity: null, amountFen: null });
    expect(ended.closedReason).toContain('街道审核不符合条件');
    expect(ended.allowedActions).not.toContain('decide');
    expectError(await act(h.app, ZHUJIAN, housing.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 60_000 }), 409, 'invalid_transition');
    await recordHistory(h, housing.caseId, 'housing-street-review-ineligible');

    const education = await start('education', person('362'), { education: { studentName: '周小八', school: '武汉市第二十中学' } });
    const investigated = await actOk(h.app, CW, education.caseId, { action: 'record-school-investigation', findings: '学校核实：已休学', eligible: false });
    expect(investigated).toMatchObject({ status: 'rejected', step: 'closed' });
    expect(investigated.history.at(-1)).toMatchObject({ action: 'record-school-investigation', eligible: false });
  });
});

describe('公租房租赁补贴', () => {
  it('starts its 30-working-day clock when the street’s publicity ends without objection, not at acceptance', async () => {
    const c = await start('housing', person('344'), { housing: { currentRentFen: 150_000 } });
    expect(c).toMatchObject({ department: 'zhujian', step: 'street-review', dueDate: null, dueAt: null });
    expect(c.history[0].summary).toContain('公示结束后开始计算办理时限');
    const reviewed = await actOk(h.app, CW, c.caseId, { action: 'record-street-review', findings: '符合保障条件', eligible: true });
    expect(reviewed.step).toBe('publicity');
    // The housing department cannot confirm before publicity ends.
    expectError(await act(h.app, ZHUJIAN, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 60_000 }), 409, 'invalid_transition');

    await h.env.sleep(7 * DAY + 60_000);
    const started = await eventually(async () => {
      const v = await view(c);
      expect(v.step).toBe('decision');
      expect(v.dueDate).not.toBeNull();
      return v;
    });
    const closedOn = shanghaiDate(started.publicity.closedAt);
    const calendar = new WorkingCalendar(officialCalendarData());
    expect(started.dueDate).toBe(calendar.addWorkingDays(closedOn, 30).date);
    expect(started.dueDate).not.toBe(calendar.addWorkingDays(shanghaiDate(c.acceptedAt), 30).date);
    expect(started.history.map((e: Json) => e.action)).toContain('clock-started');

    expectError(await act(h.app, MINZHENG, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 60_000 }), 404, 'not_found');
    const confirmed = await actOk(h.app, ZHUJIAN, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 60_000 });
    expect(confirmed).toMatchObject({ status: 'approved', amountFen: 60_000, decidedLate: false });
    // Newest version: the loop's timer kept across changes (patch clock-timer-kept).
    await recordHistory(h, c.caseId, 'housing-approved-v4');
  });
});

describe('告知承诺 and the dishonesty list', () => {
  const liar = person('355');
  let revokedCase: Json;

  it('revokes a case whose commitment proves false: the amount paid is due back and the applicant is listed', async () => {
    const c = await start('temporary', liar, {
      temporary: { kind: 'emergency', amountFen: 150_000, reason: '失业断炊' },
      pledgedInsteadOfProof: ['收入证明'],
    });
    expect(c.pledges).toMatchObject({ items: ['收入证明'], verifiedAt: null, overdue: false });
    const paid = await actOk(h.app, CW, c.caseId, { action: 'approve', amountFen: 150_000 });
    expect(paid.allowedActions).toContain('record-verification');
    expect(fieldsOf(expectError(await act(h.app, CW, c.caseId, { action: 'record-verification', truthful: false }), 400, 'validation_failed'))).toEqual(['findings']);
    expectError(await act(h.app, MINZHENG, c.caseId, { action: 'record-verification', truthful: false, findings: 'x' }), 403, 'forbidden');

    revokedCase = await actOk(h.app, CW, c.caseId, { action: 'record-verification', truthful: false, findings: '核查发现申请人有稳定工资收入' });
    expect(revokedCase).toMatchObject({ status: 'revoked', step: 'closed', recovery: { amountFen: 150_000 }, pledges: { truthful: false } });
    expect(revokedCase.history.map((e: Json) => e.action).slice(-1)).toEqual(['revoked']);
    await recordHistory(h, c.caseId, 'temporary-revoked-v2');
    const [recovery] = await h.database.db.select().from(recoveries).where(eq(recoveries.caseId, c.caseId));
    expect(recovery).toMatchObject({ amountFen: 150_000 });
    const listed = await h.database.db.select().from(dishonestyEntries).where(eq(dishonestyEntries.applicantIdHash, personKey(TEST_PII_HASH_KEY, liar)));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ sourceCaseId: c.caseId, applicantIdMasked: `*****************${liar.slice(-1)}` });
    const audit = json(await get(h.app, `/v1/audit?caseId=${c.caseId}`, AUDITOR));
    expect(audit.items.map((e: Json) => e.action)).toContain('revoked');
    expectError(await act(h.app, CW, c.caseId, { action: 'record-verification', truthful: true, findings: 'again' }), 409, 'invalid_transition');

    // County staff look a person up by ID number in the body, never in a URL.
    const lookup = await post(h.app, '/v1/dishonesty-list/lookups', SUPERVISOR, { idNumber: liar });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(json(lookup).entries).toEqual([expect.objectContaining({ sourceCaseId: c.caseId, applicantIdMasked: `*****************${liar.slice(-1)}` })]);
    expect(lookup.body).not.toContain(liar);
    expectError(await post(h.app, '/v1/dishonesty-list/lookups', CW, { idNumber: liar }), 403, 'forbidden');
    expect(fieldsOf(expectError(await post(h.app, '/v1/dishonesty-list/lookups', MINZHENG, { idNumber: '123' }), 400, 'validation_failed'))).toEqual(['idNumber']);
  });

  it('flags a listed applicant, and no decision is possible before the county’s review', async () => {
    const c = await start('dibao', liar);
    expect(c.dishonesty).toMatchObject({ flagged: true, review: null });
    expect(c.dishonesty.entries[0]).toMatchObject({ sourceCaseId: revokedCase.caseId });
    await toPublicity(c);
    await publicityEnds(c);
    const refused = expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 50_000 }), 409, 'invalid_transition');
    expect(refused.message).toContain('失信复核');
    expect((await view(c)).allowedActions).not.toContain('decide');
    expect(json(await get(h.app, `/v1/cases/${c.caseId}`, MINZHENG)).allowedActions).toContain('review-flag');
    expectError(await act(h.app, CW, c.caseId, { action: 'review-flag', proceed: true, note: '越权' }), 403, 'forbidden');
    const reviewed = await actOk(h.app, MINZHENG, c.caseId, { action: 'review-flag', proceed: true, note: '前次问题已整改，允许审批' });
    expect(reviewed.dishonesty.review).toMatchObject({ proceed: true, by: 'ap-minzheng' });
    expect((await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'reject', reason: '收入超标' })).status).toBe('rejected');

    // A review that refuses closes the case.
    const second = await start('tekun', liar);
    const refusedByCounty = await actOk(h.app, MINZHENG, second.caseId, { action: 'review-flag', proceed: false, note: '失信期内，不予受理' });
    expect(refusedByCounty).toMatchObject({ status: 'rejected', step: 'closed' });
  });

  it('flags a commitment not verified within 30 days', async () => {
    const c = await start('dibao', person('366'), { pledgedInsteadOfProof: ['房产证明'] });
    await h.env.sleep(31 * DAY);
    await eventually(async () => {
      const v = await view(c);
      expect(v.pledges.overdue).toBe(true);
      expect(v.history.map((e: Json) => e.action)).toContain('verification-overdue');
    });
    expect((await actOk(h.app, CW, c.caseId, { action: 'record-verification', truthful: true, findings: '不动产登记查询无房产' })).pledges).toMatchObject({ truthful: true });
  });
});

describe('referrals', () => {
  it('refers a household to charity after a decision, and to employment at any time', async () => {
    const c = await start('dibao', person('377'));
    expectError(await act(h.app, CW, c.caseId, { action: 'refer-to-charity', receivingOrg: '武昌区慈善会', followUpDate: '2099-01-01' }), 409, 'invalid_transition');
    expect(fieldsOf(expectError(await act(h.app, CW, c.caseId, { action: 'refer-to-employment', receivingOrg: '街道就业服务站', followUpDate: 'soon' }), 400, 'validation_failed'))).toEqual([
      'followUpDate',
    ]);
    await actOk(h.app, CW, c.caseId, { action: 'refer-to-employment', receivingOrg: '街道就业服务站', followUpDate: '2099-01-15', note: '家中有劳动力' });
    await actOk(h.app, CW, c.caseId, { action: 'withdraw', reason: '申请人已就业' });
    const rejected = await start('dibao', person('388'));
    await toPublicity(rejected);
    await publicityEnds(rejected);
    await actOk(h.app, CW, rejected.caseId, { action: 'decide', decision: 'reject', reason: '收入略高于标准' });
    const referred = await actOk(h.app, CW, rejected.caseId, { action: 'refer-to-charity', receivingOrg: '武昌区慈善会', followUpDate: '2099-02-01', note: '仍有重病支出' });
    expect(referred.referrals).toEqual([expect.objectContaining({ kind: 'charity', receivingOrg: '武昌区慈善会', followUpDate: '2099-02-01' })]);
    const rows = await h.database.db.select().from(referrals).where(eq(referrals.caseId, rejected.caseId));
    expect(rows.map((r) => [r.kind, r.receivingOrg])).toEqual([['charity', '武昌区慈善会']]);

    // 90 days after the decision (policy) the case is archived: referrals go through a new case.
    await h.env.sleep(91 * DAY);
    await eventually(async () => expect((await view(rejected)).archivedAt).not.toBeNull());
    expect((await view(rejected)).allowedActions).toEqual([]);
    const late = expectError(await act(h.app, CW, rejected.caseId, { action: 'refer-to-charity', receivingOrg: '武昌区慈善会', followUpDate: '2099-03-01' }), 409, 'invalid_transition');
    expect(late.message).toBe('案件已归档');
  });
});
