import { describe, expect, it } from 'vitest';
import { paymentsOf } from '../src/db/payments.js';
import { ledgerIsBalanced } from '../src/db/reserve-fund.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { APPROVER, JT, approver, cw } from './support/actors.js';
import { act, actOk, actionsOf, expectError, fieldsOf, get, getCase, json, post, type Json } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { DAY, HOUR, eventually, recordHistory, useHarness } from './support/harness.js';
import { recipientsOf } from './support/notifications.js';

// Time moves only when these tests sleep the time-skipping server, so each describe block reads as a timeline.

const h = useHarness('temporary_clock');

const temporary = (street: string, temporaryRequest: Json) => startTemporaryCase(h.app, street, { reason: '突发重病', ...temporaryRequest });
const view = (c: Json, street: string) => getCase(h.app, cw(street), c.caseId);

describe('the 24-hour emergency window', () => {
  const street = `${JT}101`;
  let late: Json; // not approved in time
  let onTime: Json; // approved and paid at once
  let short: Json; // approved, but the reserve is empty

  it('escalates when approval or money is late, and not when the payout was on time', async () => {
    late = await temporary(street, { kind: 'emergency', amountFen: 100_000 });
    onTime = await temporary(street, { kind: 'emergency', amountFen: 100_000 });
    expect((await actOk(h.app, cw(street), onTime.caseId, { action: 'approve', amountFen: 100_000 })).step).toBe('paperwork');
    // Drain the reserve: 30,000 − 1,000 leaves room for five 5,000 元 payouts, so the sixth waits.
    const drains = [];
    for (let i = 0; i < 6; i++) drains.push(await temporary(street, { kind: 'emergency', amountFen: 500_000 }));
    const drained = await Promise.all(drains.map((d) => actOk(h.app, cw(street), d.caseId, { action: 'approve', amountFen: 500_000 })));
    short = drains[drained.findIndex((d) => d.temporary.awaitingFunds)]!;
    expect(drained.filter((d) => d.temporary.awaitingFunds)).toHaveLength(1);

    await h.env.sleep(23 * HOUR);
    expect((await view(late, street)).overdue).toBe(false);
    await h.env.sleep(1 * HOUR + 60_000);
    await eventually(async () => {
      const l = await view(late, street);
      expect(l).toMatchObject({ overdue: true, step: 'approval' });
      expect(actionsOf(l)).toContain('payment-escalated');
      const s = await view(short, street);
      expect(s).toMatchObject({ overdue: true, step: 'payment' });
      expect(actionsOf(s)).toContain('payment-escalated');
    });
    expect(await recipientsOf(h.database.db, late.caseId, 'payment-escalated')).toEqual([`approver:${JT}`, `caseworker:${street}`, `supervisor:${JT}`]);

    // The county approver's inbox has it; reading it marks it once; another county sees nothing of it.
    const inbox = json(await get(h.app, '/v1/notifications?unread=true', approver(JT))).items as Json[];
    const escalation = inbox.find((n) => n.caseId === late.caseId && n.kind === 'payment-escalated')!;
    expect(escalation).toMatchObject({ readAt: null });
    const read = json(await post(h.app, `/v1/notifications/${escalation.id}/read`, approver(JT), {}));
    expect(read.readAt).not.toBeNull();
    expect(json(await post(h.app, `/v1/notifications/${escalation.id}/read`, approver(JT), {})).readAt).toBe(read.readAt);
    expect((json(await get(h.app, '/v1/notifications?unread=true', approver(JT))).items as Json[]).map((n) => n.id)).not.toContain(escalation.id);
    expectError(await post(h.app, `/v1/notifications/${escalation.id}/read`, APPROVER, {}), 404, 'not_found');
    expect((json(await get(h.app, '/v1/notifications', APPROVER)).items as Json[]).map((n) => n.caseId)).not.toContain(late.caseId);
    const o = await view(onTime, street);
    expect(o.overdue).toBe(false);
    expect(actionsOf(o)).not.toContain('payment-escalated');
    const overdueList = json(await get(h.app, '/v1/cases?overdue=true&type=temporary', { role: 'supervisor', org: JT })).items.map((i: Json) => i.caseId);
    expect(overdueList).toEqual(expect.arrayContaining([late.caseId, short.caseId]));
    expect(overdueList).not.toContain(onTime.caseId);
  });

  it('records a late payment as late once the money goes out', async () => {
    const paid = await actOk(h.app, cw(street), late.caseId, { action: 'approve', amountFen: 100_000 });
    expect(paid).toMatchObject({ step: 'paperwork', overdue: false, temporary: { paidLate: true } });

    await post(h.app, `/v1/reserve-funds/${street}/replenishments`, approver(JT), { amountFen: 1_000_000 });
    await eventually(async () => expect(await view(short, street)).toMatchObject({ step: 'paperwork', overdue: false, temporary: { paidLate: true } }));
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);
  });

  it('flags paperwork not received within 10 working days, without clawing the money back', async () => {
    const before = json(await get(h.app, `/v1/reserve-funds/${street}`, cw(street)));
    await h.env.sleep(16 * DAY);
    await eventually(async () => {
      const o = await view(onTime, street);
      expect(o.temporary.paperwork.overdue).toBe(true);
      expect(actionsOf(o)).toContain('paperwork-overdue');
    });
    expect(await recipientsOf(h.database.db, onTime.caseId, 'paperwork-overdue')).toEqual([`caseworker:${street}`, `supervisor:${JT}`]);
    const after = json(await get(h.app, `/v1/reserve-funds/${street}`, cw(street)));
    expect(after.balanceFen).toBe(before.balanceFen);
    expect(after.entries.filter((e: Json) => e.kind === 'reversal')).toHaveLength(0);
    // Late paperwork still closes the case.
    expect(await actOk(h.app, cw(street), onTime.caseId, { action: 'submit-paperwork', documents: ['住院证明'] })).toMatchObject({ step: 'closed' });
  });
});

describe('一次审批、分阶段救助', () => {
  const street = `${JT}102`;

  it('pays each of three instalments once, on its date, and a stop ends the rest', async () => {
    const c = await temporary(street, { kind: 'expense', amountFen: 300_001 });
    const approved = await actOk(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 300_001, installments: { count: 3, intervalDays: 30 } });
    expect(approved).toMatchObject({ status: 'approved', step: 'installments', decidedLate: false });
    const plan = approved.temporary.installments as Json[];
    expect(plan.map((i) => i.amountFen)).toEqual([100_001, 100_000, 100_000]);

    await eventually(async () => expect((await view(c, street)).temporary.installments[0]).toMatchObject({ status: 'paid', source: 'reserve' }));
    expect((await view(c, street)).temporary.installments[1].status).toBe('scheduled');

    await h.env.sleep(30 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[1].status).toBe('paid'));
    const second = (await view(c, street)).temporary.installments[1];
    expect(shanghaiDate(second.paidAt)).toBe(second.dueDate);

    const stopped = await actOk(h.app, cw(street), c.caseId, { action: 'stop-installments', reason: '申请人已就业，困难解除' });
    expect(stopped.temporary.installments.map((i: Json) => i.status)).toEqual(['paid', 'paid', 'stopped']);
    await h.env.sleep(31 * DAY);
    await eventually(async () => expect((await view(c, street)).step).toBe('closed'));
    const final = await view(c, street);
    expect(final.temporary.paidFen).toBe(200_001);
    expect(actionsOf(final).filter((a) => a === 'instalment-paid')).toHaveLength(2);
    await recordHistory(h, c.caseId, 'temporary-expense-instalments-v3');
    expect((await paymentsOf(h.database.db, c.caseId)).map((p) => [p.instalment, p.amountFen])).toEqual([
      [1, 100_001],
      [2, 100_000],
    ]);
  });

  it('waits for the follow-up check: needs ended skips the instalment, needs continuing pays it', async () => {
    const c = await temporary(street, { kind: 'expense', amountFen: 90_000 });
    const approved = await actOk(h.app, cw(street), c.caseId, { action: 'approve', amountFen: 90_000, installments: { count: 3, intervalDays: 7 }, followUpRequired: true });
    await eventually(async () => expect((await view(c, street)).temporary.installments[0].status).toBe('awaiting-follow-up'));
    expect((await view(c, street)).allowedActions).toEqual(['confirm-follow-up', 'stop-installments', 'refer-to-employment', 'refer-to-charity']);
    expect(approved.temporary.followUpRequired).toBe(true);

    // Only the instalment that is due may be confirmed.
    const wrong = await act(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 2, needsContinue: true, findings: 'x' });
    expect(expectError(wrong, 400, 'validation_failed').message).toContain('instalment');
    expect(fieldsOf(expectError(await act(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 1 }), 400, 'validation_failed'))).toEqual(
      expect.arrayContaining(['needsContinue', 'findings']),
    );

    const skipped = await actOk(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 1, needsContinue: false, findings: '本期医疗费用已由医保报销' });
    expect(skipped.temporary.installments[0]).toMatchObject({ status: 'skipped', followUp: { needsContinue: false } });
    expectError(await act(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 1, needsContinue: true, findings: 'x' }), 409, 'invalid_transition');

    await h.env.sleep(7 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[1].status).toBe('awaiting-follow-up'));
    await actOk(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 2, needsContinue: true, findings: '仍需持续治疗' });
    await eventually(async () => expect((await view(c, street)).temporary.installments[1]).toMatchObject({ status: 'paid', amountFen: 30_000 }));

    await h.env.sleep(7 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[2].status).toBe('awaiting-follow-up'));
    await actOk(h.app, cw(street), c.caseId, { action: 'confirm-follow-up', instalment: 3, needsContinue: false, findings: '已康复' });
    await eventually(async () => expect((await view(c, street)).step).toBe('closed'));
    const final = await view(c, street);
    expect(final.temporary.installments.map((i: Json) => i.status)).toEqual(['skipped', 'paid', 'skipped']);
    expect(final.temporary.paidFen).toBe(30_000);
    expect(await paymentsOf(h.database.db, c.caseId)).toHaveLength(1);
  });
});
