import { describe, expect, it } from 'vitest';
import { paymentsOf } from '../src/db/payments.js';
import { ledgerIsBalanced } from '../src/db/reserve-fund.js';
import { JT, WC, approver, cw, member, supervisor } from './support/actors.js';
import { act, actionsOf, expectError, fieldsOf, get, getCase, json, post, type Json, type Who } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { eventually, recordHistory, sleepUntil, useHarness } from './support/harness.js';
import { notificationsOf } from './support/notifications.js';

// 一事一议 through the HTTP API: escalation, votes, the deadline, and what the case does with the outcome.

// 金堂县 (JT): 5 members, quorum 3 (3 approvals needed).
// 武昌区 (WC): 7 members, quorum 5 (4 approvals needed).

const h = useHarness('deliberation');

const temporaryCase = (street: string, kind: 'emergency' | 'expense', amountFen: number) =>
  startTemporaryCase(h.app, street, { kind, amountFen, reason: kind === 'emergency' ? '突发重病，急需救治' : '大病医疗支出，分期救助' });

const caseView = (c: Json) => getCase(h.app, cw(c.orgCode), c.caseId);
const deliberation = async (id: string, who: Who) => json(await get(h.app, `/v1/deliberations/${id}`, who));
const vote = (id: string, who: Who, body: Json) => post(h.app, `/v1/deliberations/${id}/votes`, who, body);

/** Escalates a case to 一事一议 as its caseworker; returns the case after it and the deliberation id. */
async function escalate(c: Json, proposedAmountFen: number): Promise<{ after: Json; id: string }> {
  const res = await act(h.app, cw(c.orgCode), c.caseId, { action: 'escalate', reason: '情况复杂，超出常规标准', proposedAmountFen });
  expect(res.statusCode, res.body).toBe(200);
  const after = json(res);
  const id = after.temporary.deliberationId as string;
  expect(id).toBe(`${c.caseId}-yishiyiyi-1`);
  return { after, id };
}

async function voteOk(id: string, who: Who, body: Json): Promise<Json> {
  const res = await vote(id, who, body);
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

describe('escalation opens a deliberation', () => {
  it('shows it open with the county’s committee size, quorum, approvals needed and due date', async () => {
    const street = `${JT}011`;
    const c = await temporaryCase(street, 'expense', 900_000);
    const { after, id } = await escalate(c, 850_000);
    expect(after).toMatchObject({ status: 'open', step: 'deliberation' });
    for (const a of ['approve', 'reject', 'forward-to-county', 'escalate', 'withdraw']) expect(after.allowedActions).not.toContain(a);
    expect(after.history.at(-1)).toMatchObject({ action: 'escalate', deliberationId: id, proposedAmountFen: 850_000 });

    const d = await deliberation(id, member(JT, 1));
    expect(d).toMatchObject({
      deliberationId: id,
      caseId: c.caseId,
      // The ballot names the case as people know it: its 受理编号 and the applicant.
      caseNumber: c.caseNumber,
      applicantName: c.applicant.name,
      orgCode: street,
      status: 'open',
      proposedAmountFen: 850_000,
      reason: '情况复杂，超出常规标准',
      members: 5,
      quorum: 3,
      needed: 3,
      votes: [],
      outcome: null,
    });
    expect(d.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.dueAt).toBe(`${d.dueDate}T16:00:00.000Z`);
    expect(d.dueDate > after.acceptedAt.slice(0, 10)).toBe(true);
    // The street, the county's supervisors and approvers can read it; another county cannot; unknown is 404.
    expect((await get(h.app, `/v1/deliberations/${id}`, cw(street))).statusCode).toBe(200);
    expect((await get(h.app, `/v1/deliberations/${id}`, supervisor(JT))).statusCode).toBe(200);
    expectError(await get(h.app, `/v1/deliberations/${id}`, supervisor(WC)), 404, 'not_found');
    expectError(await get(h.app, `/v1/deliberations/${id}`, cw(`${JT}012`)), 404, 'not_found');
    expectError(await get(h.app, '/v1/deliberations/no-such-deliberation', member(JT, 1)), 404, 'not_found');

    // The committee of the county was told to vote.
    const told = await notificationsOf(h.database.db, c.caseId, 'deliberation');
    expect(told.map((n) => [n.recipientRole, n.recipientOrg])).toEqual([['committee', JT]]);
  });
});

describe('the committee decides', () => {
  it('approves with a quorum of approvals at the lower median amount, paid as a county disbursement, the reserve untouched', async () => {
    const street = `${JT}021`;
    const c = await temporaryCase(street, 'emergency', 900_000);
    const { id } = await escalate(c, 900_000);

    const first = await voteOk(id, member(JT, 1), { vote: 'approve', amountFen: 600_000, reason: '医疗费用属实' });
    expect(first).toMatchObject({ status: 'open', votes: [expect.objectContaining({ sub: `cm-${JT}-1`, vote: 'approve', amountFen: 600_000 })] });
    expect((await voteOk(id, member(JT, 2), { vote: 'approve', amountFen: 800_000, reason: '家庭困难' })).status).toBe('open');
    const decided = await voteOk(id, member(JT, 3), { vote: 'approve', amountFen: 700_000, reason: '同意救助' });
    expect(decided).toMatchObject({ status: 'approved', outcome: { approved: true, amountFen: 700_000, approvals: 3, rejections: 0 } });
    expect(decided.votes).toHaveLength(3);
    expect((await deliberation(id, member(JT, 1))).status).toBe('approved');

    const paid = await eventually(async () => {
      const v = await caseView(c);
      expect(v.step).toBe('paperwork');
      return v;
    });
    expect(paid).toMatchObject({ status: 'approved', amountFen: 700_000 });
    expect(paid.allowedActions).toContain('submit-paperwork');
    expect(paid.temporary).toMatchObject({ paidFen: 700_000, approval: { amountFen: 700_000, by: 'committee' } });
    expect(paid.temporary.installments).toEqual([expect.objectContaining({ instalment: 1, amountFen: 700_000, status: 'paid', source: 'county' })]);
    expect(actionsOf(paid).filter((a) => a === 'instalment-paid')).toHaveLength(1);
    expect(actionsOf(paid)).toEqual(expect.arrayContaining(['escalate', 'deliberation-approved', 'instalment-paid', 'paperwork-due']));

    const rows = await paymentsOf(h.database.db, c.caseId);
    expect(rows).toEqual([expect.objectContaining({ source: 'county', amountFen: 700_000, instalment: 1, reserveEntryId: null })]);

    // The street's reserve fund never moved: still at its preset, with nothing in its ledger.
    const fund = json(await get(h.app, `/v1/reserve-funds/${street}`, cw(street)));
    expect(fund.balanceFen).toBe(3_000_000);
    expect(fund.entries).toEqual([]);
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);

    // Closed: a fourth member’s vote comes too late.
    expectError(await vote(id, member(JT, 4), { vote: 'reject', reason: '迟到的意见' }), 409, 'invalid_transition');
  });

  it('rejects a tie at the deadline (武昌区: 3 for, 3 against of 7) and closes the case rejected', async () => {
    const street = `${WC}021`;
    const c = await temporaryCase(street, 'expense', 1_200_000);
    const { id } = await escalate(c, 1_000_000);
    const opened = await deliberation(id, member(WC, 1));
    expect(opened).toMatchObject({ members: 7, quorum: 5, needed: 4 });

    for (const n of [1, 2, 3]) await voteOk(id, member(WC, n), { vote: 'approve', amountFen: 1_000_000, reason: '同意' });
    for (const n of [4, 5, 6]) await voteOk(id, member(WC, n), { vote: 'reject', reason: '不符合条件' });
    // A quorum, but the seventh vote could still carry it: undecided until the deadline.
    expect(await deliberation(id, member(WC, 1))).toMatchObject({ status: 'open', outcome: null });
    expect((await caseView(c)).step).toBe('deliberation');

    await sleepUntil(h, new Date(Date.parse(opened.dueAt) + 60_000).toISOString());
    const d = await eventually(async () => {
      const v = await deliberation(id, member(WC, 1));
      expect(v.status).toBe('rejected');
      return v;
    });
    expect(d.outcome).toMatchObject({ approved: false, amountFen: null, approvals: 3, rejections: 3 });

    const closed = await eventually(async () => {
      const v = await caseView(c);
      expect(v.step).toBe('closed');
      return v;
    });
    expect(closed).toMatchObject({ status: 'rejected', amountFen: null, closedReason: '一事一议未通过' });
    expect(closed.allowedActions).not.toContain('approve');
    expect(actionsOf(closed)).toContain('deliberation-rejected');
    expect(await paymentsOf(h.database.db, c.caseId)).toEqual([]);
    expectError(await vote(id, member(WC, 7), { vote: 'approve', reason: '迟到的意见' }), 409, 'invalid_transition');
  });

  it('without a quorum by the deadline stays open and tells the supervisors; later votes decide it', async () => {
    const street = `${JT}031`;
    const c = await temporaryCase(street, 'expense', 800_000);
    const { id } = await escalate(c, 800_000);
    const opened = await deliberation(id, member(JT, 1));
    await voteOk(id, member(JT, 1), { vote: 'approve', amountFen: 500_000, reason: '同意' });
    await voteOk(id, member(JT, 2), { vote: 'approve', reason: '同意，按提议金额' });

    await sleepUntil(h, new Date(Date.parse(opened.dueAt) + 60_000).toISOString());
    const missed = await eventually(async () => {
      const v = await deliberation(id, member(JT, 1));
      expect(v.quorumMissedAt).not.toBeNull();
      return v;
    });
    expect(missed).toMatchObject({ status: 'open', outcome: null });
    expect(missed.votes).toHaveLength(2);
    const told = await notificationsOf(h.database.db, c.caseId, 'deliberation-no-quorum');
    expect(told.map((n) => [n.recipientRole, n.recipientOrg])).toEqual(expect.arrayContaining([['supervisor', JT]]));
    // The message names the applicant and the case's 受理编号 (the internal id is no one's to read out).
    const view = await caseView(c);
    expect(told.find((n) => n.recipientRole === 'supervisor')!.message).toContain(`（${view.caseNumber}）`);
    expect(view.step).toBe('deliberation');

    // The third approval reaches both the quorum and the majority: approved at the lower median of the named amounts.
    const decided = await voteOk(id, member(JT, 3), { vote: 'approve', amountFen: 900_000, reason: '同意' });
    expect(decided).toMatchObject({ status: 'approved', outcome: { approved: true, amountFen: 500_000, approvals: 3, rejections: 0 } });
    await recordHistory(h, id, 'deliberation-approved-late');

    const paid = await eventually(async () => {
      const v = await caseView(c);
      expect(v.temporary.installments[0]?.status).toBe('paid');
      return v;
    });
    expect(paid).toMatchObject({ status: 'approved', amountFen: 500_000 });
    expect(paid.temporary.installments).toEqual([expect.objectContaining({ amountFen: 500_000, source: 'county', status: 'paid' })]);
    expect(await paymentsOf(h.database.db, c.caseId)).toEqual([expect.objectContaining({ source: 'county', amountFen: 500_000 })]);
  });

  it('past the deadline, the vote that completes the quorum decides on what is cast (a late vote is no more lenient)', async () => {
    const street = `${JT}032`;
    const c = await temporaryCase(street, 'expense', 600_000);
    const { id } = await escalate(c, 600_000);
    const opened = await deliberation(id, member(JT, 1));
    await voteOk(id, member(JT, 1), { vote: 'approve', reason: '同意' });
    await voteOk(id, member(JT, 2), { vote: 'reject', reason: '已有其他救助' });
    await sleepUntil(h, new Date(Date.parse(opened.dueAt) + 60_000).toISOString());
    await eventually(async () => expect((await deliberation(id, member(JT, 1))).quorumMissedAt).not.toBeNull());

    // 1 for, 2 against, 2 not voted: before the deadline this would wait; after it, the quorum decides.
    const decided = await voteOk(id, member(JT, 3), { vote: 'reject', reason: '不符合一事一议条件' });
    expect(decided).toMatchObject({ status: 'rejected', outcome: { approved: false, approvals: 1, rejections: 2 } });
    await eventually(async () => expect(await caseView(c)).toMatchObject({ status: 'rejected', step: 'closed' }));
  });
});

describe('votes refused', () => {
  it('409s a second vote, 403s other roles and counties, 404s an unknown deliberation, 400s a bad body, 409s a vote after the close', async () => {
    const street = `${JT}041`;
    const c = await temporaryCase(street, 'expense', 700_000);
    const { id } = await escalate(c, 700_000);
    const url = `/v1/deliberations/${id}/votes`;

    await voteOk(id, member(JT, 1), { vote: 'approve', amountFen: 700_000, reason: '同意' });
    expectError(await vote(id, member(JT, 1), { vote: 'reject', reason: '改变主意' }), 409, 'invalid_transition');

    expectError(await post(h.app, url, approver(JT), { vote: 'approve', reason: '越权' }), 403, 'forbidden');
    expectError(await post(h.app, url, cw(street), { vote: 'approve', reason: '越权' }), 403, 'forbidden');
    expectError(await post(h.app, url, supervisor(JT), { vote: 'approve', reason: '越权' }), 403, 'forbidden');
    expectError(await post(h.app, url, member(WC, 1), { vote: 'approve', reason: '外县委员' }), 404, 'not_found');
    expectError(await vote('no-such-deliberation', member(JT, 2), { vote: 'approve', reason: '同意' }), 404, 'not_found');

    expect(fieldsOf(expectError(await vote(id, member(JT, 2), { vote: 'maybe', reason: '犹豫' }), 400, 'validation_failed'))).toEqual(['vote']);
    expect(fieldsOf(expectError(await vote(id, member(JT, 2), { vote: 'approve' }), 400, 'validation_failed'))).toEqual(['reason']);
    expect(fieldsOf(expectError(await vote(id, member(JT, 2), { vote: 'approve', reason: '   ' }), 400, 'validation_failed'))).toEqual(['reason']);
    expect(fieldsOf(expectError(await vote(id, member(JT, 2), { vote: 'approve', amountFen: 0, reason: '零' }), 400, 'validation_failed'))).toEqual([
      'amountFen',
    ]);
    const unknown = expectError(await vote(id, member(JT, 2), { vote: 'approve', reason: '同意', sneaky: true }), 400, 'validation_failed');
    expect(JSON.stringify(unknown.details)).toContain('sneaky');

    // None of the refused attempts counted.
    expect((await deliberation(id, member(JT, 1))).votes.map((v: Json) => v.sub)).toEqual([`cm-${JT}-1`]);

    // Three rejections of five make a majority for approval impossible: rejected at once, before the deadline.
    await voteOk(id, member(JT, 2), { vote: 'reject', reason: '不符合条件' });
    const third = await voteOk(id, member(JT, 3), { vote: 'reject', reason: '不符合条件' });
    expect(third).toMatchObject({ status: 'open' }); // a quorum, and the two missing votes could still approve
    const final = await voteOk(id, member(JT, 4), { vote: 'reject', reason: '不符合条件' });
    expect(final).toMatchObject({ status: 'rejected', outcome: { approved: false, approvals: 1, rejections: 3 } });
    expectError(await vote(id, member(JT, 5), { vote: 'approve', reason: '迟到' }), 409, 'invalid_transition');
    await eventually(async () => expect(await caseView(c)).toMatchObject({ status: 'rejected', step: 'closed' }));
  });
});

describe('escalate refused', () => {
  it('400s a missing proposedAmountFen, 403s a supervisor, 404s a committee member (not its ballot), 409s after approval or a second escalation', async () => {
    const street = `${JT}051`;
    const c = await temporaryCase(street, 'emergency', 200_000);
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'escalate', reason: '复杂' }), 400, 'validation_failed'))).toEqual([
      'proposedAmountFen',
    ]);
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'escalate', proposedAmountFen: 200_000 }), 400, 'validation_failed'))).toEqual(['reason']);
    expectError(await act(h.app, supervisor(JT), c.caseId, { action: 'escalate', reason: '越权', proposedAmountFen: 200_000 }), 403, 'forbidden');
    // A committee member reads only the cases of its open ballots: this one does not exist for it.
    expectError(await act(h.app, member(JT, 1), c.caseId, { action: 'escalate', reason: '越权', proposedAmountFen: 200_000 }), 404, 'not_found');

    const approved = await act(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 200_000 });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(json(approved)).toMatchObject({ status: 'approved', step: 'paperwork' });
    expectError(await act(h.app, cw(street), c.caseId, { action: 'escalate', reason: '事后上会', proposedAmountFen: 200_000 }), 409, 'invalid_transition');
    const after = await caseView(c);
    expect(after.temporary.deliberationId).toBeNull();
    expect(actionsOf(after)).not.toContain('escalate');

    // A case already in deliberation cannot be escalated a second time.
    const other = await temporaryCase(street, 'expense', 900_000);
    await escalate(other, 900_000);
    expectError(await act(h.app, cw(street), other.caseId, { action: 'escalate', reason: '再次上会', proposedAmountFen: 900_000 }), 409, 'invalid_transition');
  });
});
