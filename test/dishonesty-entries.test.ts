import { describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../src/domain/dates.js';
import { creditCodeCheckChar, isValidCreditCode } from '../src/domain/credit-code.js';
import { APPROVER, AUDITOR, CASEWORKER, JT, SUPERVISOR, WC, YIBAO, approver, cw, supervisor } from './support/actors.js';
import { expectError, expectStatus, get, post, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { eventually, residentId, useHarness } from './support/harness.js';

// 失信 from every source of 004 §四 (issue 21): an entry for a person or an organisation is proposed with
// its kind and evidence by a county approver, confirmed for the policy's period (or a named date) or
// rejected by the county's 民政 approver, appealed by a street, removed; a listing flags the person's
// next applications for the county's review, as a false commitment's entry always has.

const h = useHarness('dishonesty-entries');
/** A second 民政 approver of 武昌区: the one who proposes, so that APPROVER decides (four eyes). */
const PROPOSER = { ...APPROVER, sub: 'ap-li' };
const today = () => shanghaiDate(Date.now());
const entry = (id: string, who = APPROVER) => get(h.app, `/v1/dishonesty-entries/${id}`, who);
const step = (id: string, who: Parameters<typeof post>[2], body: Json, headers: Record<string, string> = {}) => post(h.app, `/v1/dishonesty-entries/${id}/actions`, who, body, headers);
const lookup = async (idNumber: string) => expectStatus(await post(h.app, '/v1/dishonesty-list/lookups', APPROVER, { idNumber }), 200);
/** A 低保 case of the person at street 420106001: what flags it, if anything. */
const flagOf = async (name: string, idNumber: string) => {
  const c = await startCase(h.app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name, idNumber }, household: { size: 1, monthlyIncomeFen: 30_000 } });
  return eventually(async () => {
    const v = expectStatus(await get(h.app, `/v1/cases/${c.caseId}`, CASEWORKER), 200);
    expect(v.dishonesty).not.toBeUndefined();
    return v.dishonesty as Json | null;
  });
};

describe('统一社会信用代码', () => {
  it('accepts published codes and refuses a wrong check character or a letter the standard leaves out', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433b')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M0001O0Y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('a person’s entry from proposal to removal', () => {
  const person = residentId(WC, '19800808', '808');
  let caseId: string;
  let entryId: string;

  it('is proposed by the county’s approver with its kind and evidence, once per Idempotency-Key', async () => {
    caseId = (await startCase(h.app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '钱瞒报', idNumber: person }, household: { size: 2, monthlyIncomeFen: 40_000 } })).caseId as string;
    const body = { subject: { kind: 'person', idNumber: person }, kind: 'concealed-income', sourceCaseId: caseId, evidence: '核对发现其在外地有稳定工资收入，银行流水存档' };
    // A 医保 approver reads no 低保 case: the case it names is not there for it.
    expectError(await post(h.app, '/v1/dishonesty-entries', YIBAO, body), 404, 'not_found');
    const first = expectStatus(await post(h.app, '/v1/dishonesty-entries', PROPOSER, body, { 'idempotency-key': 'dis-1' }), 201);
    expect(first).toMatchObject({ status: 'proposed', kind: 'concealed-income', countyCode: WC, sourceCaseId: caseId, listedNow: false, listedUntil: null, reason: '瞒报收入' });
    expect(first.subject).toEqual({ kind: 'person', idNumberMasked: `${'*'.repeat(17)}${person.slice(17)}` });
    expect(JSON.stringify(first)).not.toContain(person);
    // Whoever proposed it does not decide it.
    expect(first.allowedActions).toEqual([]);
    expectError(await step(first.entryId, PROPOSER, { action: 'confirm' }), 403, 'forbidden');
    entryId = first.entryId as string;
    const again = expectStatus(await post(h.app, '/v1/dishonesty-entries', PROPOSER, body, { 'idempotency-key': 'dis-1' }), 201);
    expect(again.entryId).toBe(entryId);
    expectError(await post(h.app, '/v1/dishonesty-entries', PROPOSER, { ...body, evidence: '另一份证据' }, { 'idempotency-key': 'dis-1' }), 409, 'idempotency_key_reused');
    // A second entry for the same person from the same case is refused, naming the first.
    const twice = expectError(await post(h.app, '/v1/dishonesty-entries', APPROVER, body), 409, 'invalid_transition');
    expect(twice.message).toContain(entryId);
    // Proposed is not listed.
    expect((await lookup(person)).listedNow).toBe(false);
    expect(await flagOf('钱瞒报', person)).toBeNull();
  });

  it('is confirmed by the 民政 approver for the policy’s 730 days, and flags the person’s next application', async () => {
    expect(expectStatus(await entry(entryId), 200).allowedActions).toEqual(['confirm', 'reject']);
    expectError(await step(entryId, YIBAO, { action: 'confirm' }), 404, 'not_found');
    const listed = expectStatus(await step(entryId, APPROVER, { action: 'confirm' }), 200);
    expect(listed).toMatchObject({ status: 'listed', startDate: today(), listedUntil: addCalendarDays(today(), 730), listedNow: true });
    expect(listed.history.map((s: Json) => s.action)).toEqual(['propose', 'confirm']);
    expect((await lookup(person)).listedNow).toBe(true);
    expect(await flagOf('钱瞒报', person)).toMatchObject({ flagged: true });
    // Listed already: a second confirmation is the wrong step.
    const wrong = expectError(await step(entryId, APPROVER, { action: 'confirm' }), 409, 'invalid_transition');
    expect(wrong.message).toBe('失信记录状态为“已列入”，不能确认列入');
  });

  it('is appealed by a street of the county (still listed while appealed), then removed', async () => {
    expectError(await step(entryId, cw(`${JT}001`), { action: 'appeal', reason: '收入已如实申报' }), 404, 'not_found');
    const blank = expectError(await step(entryId, cw(`${WC}002`), { action: 'appeal', reason: '  ' }), 400, 'validation_failed');
    expect(blank.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    const appealed = expectStatus(await step(entryId, cw(`${WC}002`), { action: 'appeal', reason: '外地收入为临时务工，已结束' }), 200);
    expect(appealed).toMatchObject({ status: 'appealed', listedNow: true });
    expect((await lookup(person)).listedNow).toBe(true);
    expectError(await step(entryId, cw(`${WC}002`), { action: 'remove', reason: '申诉成立' }), 403, 'forbidden');
    const removed = expectStatus(await step(entryId, APPROVER, { action: 'remove', reason: '经复核，申诉成立' }), 200);
    expect(removed).toMatchObject({ status: 'removed', listedNow: false, allowedActions: [] });
    expect(removed.history.map((s: Json) => [s.action, s.by.sub])).toEqual([
      ['propose', PROPOSER.sub],
      ['confirm', APPROVER.sub],
      ['appeal', `cw-${WC}002`],
      ['remove', APPROVER.sub],
    ]);
    expect((await lookup(person)).listedNow).toBe(false);
    expect(await flagOf('钱瞒报', person)).toBeNull();
  });
});

describe('an organisation’s entry', () => {
  const creditCode = (stem: string) => `${stem}${creditCodeCheckChar(stem)}`;

  it('is named by a valid 统一社会信用代码; a rejected proposal is never listed; a named date bounds a listing', async () => {
    const bad = expectError(await post(h.app, '/v1/dishonesty-entries', APPROVER, { subject: { kind: 'organisation', creditCode: '91350100M000100Y44', name: '某劳务公司' }, kind: 'false-documents', evidence: '出具虚假收入证明' }), 400, 'validation_failed');
    expect(bad.details).toEqual([expect.objectContaining({ path: 'subject.creditCode', message: '应为 18 位统一社会信用代码（校验位须正确）' })]);
    const unknownKind = expectError(await post(h.app, '/v1/dishonesty-entries', APPROVER, { subject: { kind: 'organisation', creditCode: '91350100M000100Y43', name: '某公司' }, kind: 'lying', evidence: '—' }), 400, 'validation_failed');
    expect(unknownKind.details).toEqual([expect.objectContaining({ path: 'kind' })]);

    const code = creditCode('91420106MA4KL0001');
    // Any department's approver of the county proposes (医保 finds a false bill as 民政 finds hidden income).
    const proposed = expectStatus(await post(h.app, '/v1/dishonesty-entries', YIBAO, { subject: { kind: 'organisation', creditCode: code.toLowerCase(), name: '武昌某劳务公司' }, kind: 'false-documents', evidence: '为申请人出具虚假收入证明' }), 201);
    expect(proposed.subject).toEqual({ kind: 'organisation', creditCode: code, name: '武昌某劳务公司' });
    // Its proposer reads it, and does not decide it: that is 民政's.
    expect(expectStatus(await entry(proposed.entryId, YIBAO), 200).allowedActions).toEqual([]);
    expectError(await step(proposed.entryId, YIBAO, { action: 'reject', reason: '撤回' }), 403, 'forbidden');
    const rejected = expectStatus(await step(proposed.entryId, APPROVER, { action: 'reject', reason: '证据不足' }), 200);
    expect(rejected).toMatchObject({ status: 'rejected', listedNow: false });
    const late = expectError(await step(proposed.entryId, APPROVER, { action: 'confirm' }, { 'accept-language': 'en' }), 409, 'invalid_transition');
    expect(late.message).toBe('confirm is not possible for an entry that is rejected');

    const other = expectStatus(await post(h.app, '/v1/dishonesty-entries', PROPOSER, { subject: { kind: 'organisation', creditCode: creditCode('91420106MA4KL0002'), name: '武昌某中介' }, kind: 'other', evidence: '代办虚假材料' }), 201);
    const past = expectError(await step(other.entryId, APPROVER, { action: 'confirm', listedUntil: addCalendarDays(today(), -1) }), 400, 'validation_failed');
    expect(past.details).toEqual([expect.objectContaining({ path: 'listedUntil' })]);
    const until = addCalendarDays(today(), 90);
    expect(expectStatus(await step(other.entryId, APPROVER, { action: 'confirm', listedUntil: until }), 200)).toMatchObject({ status: 'listed', listedUntil: until, listedNow: true });
  });
});

describe('who reads and who acts', () => {
  it('the county’s list for its readers, by status; others are refused; another county’s entry is not there', async () => {
    const mine = expectStatus(await get(h.app, '/v1/dishonesty-entries?status=listed', SUPERVISOR), 200);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e: Json) => e.status === 'listed' && e.countyCode === WC)).toBe(true);
    expectStatus(await get(h.app, '/v1/dishonesty-entries', AUDITOR), 200);
    expectStatus(await get(h.app, '/v1/dishonesty-entries', CASEWORKER), 200);
    expectError(await get(h.app, '/v1/dishonesty-entries', YIBAO), 403, 'forbidden');
    expectError(await get(h.app, `/v1/dishonesty-entries?countyCode=${WC}`, supervisor(JT)), 403, 'forbidden');
    expectError(await get(h.app, '/v1/dishonesty-entries?status=gone', SUPERVISOR), 400, 'validation_failed');

    const entryId = mine.items[0].entryId as string;
    expectError(await entry(entryId, supervisor(JT)), 404, 'not_found');
    expectError(await step(entryId, approver(JT), { action: 'remove', reason: '—' }), 404, 'not_found');
    expectError(await post(h.app, '/v1/dishonesty-entries', CASEWORKER, { subject: { kind: 'person', idNumber: residentId() }, kind: 'other', evidence: '—' }), 403, 'forbidden');
    expectError(await post(h.app, '/v1/dishonesty-entries', SUPERVISOR, { subject: { kind: 'person', idNumber: residentId() }, kind: 'other', evidence: '—' }), 403, 'forbidden');
    // A case the proposer cannot read is not there.
    const away = await startCase(h.app, cw(`${JT}001`), { type: 'dibao', orgCode: `${JT}001`, applicant: { name: '外县', idNumber: residentId(JT) }, household: { size: 1, monthlyIncomeFen: 30_000 } });
    expectError(await post(h.app, '/v1/dishonesty-entries', APPROVER, { subject: { kind: 'person', idNumber: residentId() }, kind: 'other', sourceCaseId: away.caseId, evidence: '—' }), 404, 'not_found');
  });
});
