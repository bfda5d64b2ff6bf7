import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerIsBalanced, paymentsOf } from '../src/db/reserve-fund.js';
import { notifications } from '../src/db/schema.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { client, expectError, fieldsOf, json, type Json, type Who } from './support/api.js';
import { buildTestApp, eventually, recordHistory, residentId, startHarness, type Harness } from './support/harness.js';

// Time moves only when these tests sleep the time-skipping server, so each describe block reads as a timeline.
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const JT = '510121';
const cw = (street: string): Who => ({ sub: `cw-${street}`, role: 'caseworker', org: street });
const approver: Who = { sub: 'ap-jt', role: 'approver', org: JT };

let h: Harness;
let app: FastifyInstance;
const { post, get } = client(() => app);
beforeAll(async () => {
  h = await startHarness('temporary_clock');
  app = await buildTestApp(h);
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

let seq = 0;
async function temporary(street: string, temporaryRequest: Json): Promise<Json> {
  seq++;
  const res = await post('/v1/cases', cw(street), {
    type: 'temporary',
    orgCode: street,
    applicant: { name: `申请人${seq}`, idNumber: residentId(JT, '19700101', String(200 + seq)) },
    household: { size: 2, monthlyIncomeFen: 30_000 },
    temporary: { reason: '突发重病', ...temporaryRequest },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}
const act = async (c: Json, who: Who, body: Json) => {
  const res = await post(`/v1/cases/${c.caseId}/actions`, who, body);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};
const view = async (c: Json, street: string) => json(await get(`/v1/cases/${c.caseId}`, cw(street)));
const actions = (v: Json) => (v.history as Json[]).map((e) => e.action);
const notified = async (caseId: string, kind: string) =>
  (await h.database.db.select().from(notifications).where(and(eq(notifications.caseId, caseId), eq(notifications.kind, kind))))
    .map((n) => `${n.recipientRole}:${n.recipientOrg}`)
    .sort();

describe('the 24-hour emergency window', () => {
  const street = `${JT}101`;
  let late: Json; // not approved in time
  let onTime: Json; // approved and paid at once
  let short: Json; // approved, but the reserve is empty

  it('escalates when approval or money is late, and not when the payout was on time', async () => {
    late = await temporary(street, { kind: 'emergency', amountFen: 100_000 });
    onTime = await temporary(street, { kind: 'emergency', amountFen: 100_000 });
    expect((await act(onTime, cw(street), { action: 'approve', amountFen: 100_000 })).step).toBe('paperwork');
    // Drain the reserve: 30,000 − 1,000 leaves room for five 5,000 元 payouts, so the sixth waits.
    const drains = [];
    for (let i = 0; i < 6; i++) drains.push(await temporary(street, { kind: 'emergency', amountFen: 500_000 }));
    const drained = await Promise.all(drains.map((d) => act(d, cw(street), { action: 'approve', amountFen: 500_000 })));
    short = drains[drained.findIndex((d) => d.temporary.awaitingFunds)]!;
    expect(drained.filter((d) => d.temporary.awaitingFunds)).toHaveLength(1);

    await h.env.sleep(23 * HOUR);
    expect((await view(late, street)).overdue).toBe(false);
    await h.env.sleep(1 * HOUR + 60_000);
    await eventually(async () => {
      const l = await view(late, street);
      expect(l).toMatchObject({ overdue: true, step: 'approval' });
      expect(actions(l)).toContain('payment-escalated');
      const s = await view(short, street);
      expect(s).toMatchObject({ overdue: true, step: 'payment' });
      expect(actions(s)).toContain('payment-escalated');
    });
    expect(await notified(late.caseId, 'payment-escalated')).toEqual([`approver:${JT}`, `caseworker:${street}`, `supervisor:${JT}`]);

    // The county approver's inbox has it; reading it marks it once; another county sees nothing of it.
    const inbox = json(await get('/v1/notifications?unread=true', approver)).items as Json[];
    const escalation = inbox.find((n) => n.caseId === late.caseId && n.kind === 'payment-escalated')!;
    expect(escalation).toMatchObject({ readAt: null });
    const read = json(await post(`/v1/notifications/${escalation.id}/read`, approver, {}));
    expect(read.readAt).not.toBeNull();
    expect(json(await post(`/v1/notifications/${escalation.id}/read`, approver, {})).readAt).toBe(read.readAt);
    expect((json(await get('/v1/notifications?unread=true', approver)).items as Json[]).map((n) => n.id)).not.toContain(escalation.id);
    expectError(await post(`/v1/notifications/${escalation.id}/read`, { role: 'approver', org: '420106' }, {}), 404, 'not_found');
    expect((json(await get('/v1/notifications', { role: 'approver', org: '420106' })).items as Json[]).map((n) => n.caseId)).not.toContain(late.caseId);
    const o = await view(onTime, street);
    expect(o.overdue).toBe(false);
    expect(actions(o)).not.toContain('payment-escalated');
    const overdueList = json(await get('/v1/cases?overdue=true&type=temporary', { role: 'supervisor', org: JT })).items.map((i: Json) => i.caseId);
    expect(overdueList).toEqual(expect.arrayContaining([late.caseId, short.caseId]));
    expect(overdueList).not.toContain(onTime.caseId);
  });

  it('records a late payment as late once the money goes out', async () => {
    const paid = await act(late, cw(street), { action: 'approve', amountFen: 100_000 });
    expect(paid).toMatchObject({ step: 'paperwork', overdue: false, temporary: { paidLate: true } });

    await post(`/v1/reserve-funds/${street}/replenishments`, approver, { amountFen: 1_000_000 });
    await eventually(async () => expect(await view(short, street)).toMatchObject({ step: 'paperwork', overdue: false, temporary: { paidLate: true } }));
    expect(await ledgerIsBalanced(h.database.db, street)).toBe(true);
  });

  it('flags paperwork not received within 10 working days, without clawing the money back', async () => {
    const before = json(await get(`/v1/reserve-funds/${street}`, cw(street)));
    await h.env.sleep(16 * DAY);
    await eventually(async () => {
      const o = await view(onTime, street);
      expect(o.temporary.paperwork.overdue).toBe(true);
      expect(actions(o)).toContain('paperwork-overdue');
    });
    expect(await notified(onTime.caseId, 'paperwork-overdue')).toEqual([`caseworker:${street}`, `supervisor:${JT}`]);
    const after = json(await get(`/v1/reserve-funds/${street}`, cw(street)));
    expect(after.balanceFen).toBe(before.balanceFen);
    expect(after.entries.filter((e: Json) => e.kind === 'reversal')).toHaveLength(0);
    // Late paperwork still closes the case.
    expect(await act(onTime, cw(street), { action: 'submit-paperwork', documents: ['住院证明'] })).toMatchObject({ step: 'closed' });
  });
});

describe('一次审批、分阶段救助', () => {
  const street = `${JT}102`;

  it('pays each of three instalments once, on its date, and a stop ends the rest', async () => {
    const c = await temporary(street, { kind: 'expense', amountFen: 300_001 });
    const approved = await act(c, cw(street), { action: 'approve', amountFen: 300_001, installments: { count: 3, intervalDays: 30 } });
    expect(approved).toMatchObject({ status: 'approved', step: 'installments', decidedLate: false });
    const plan = approved.temporary.installments as Json[];
    expect(plan.map((i) => i.amountFen)).toEqual([100_001, 100_000, 100_000]);

    await eventually(async () => expect((await view(c, street)).temporary.installments[0]).toMatchObject({ status: 'paid', source: 'reserve' }));
    expect((await view(c, street)).temporary.installments[1].status).toBe('scheduled');

    await h.env.sleep(30 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[1].status).toBe('paid'));
    const second = (await view(c, street)).temporary.installments[1];
    expect(shanghaiDate(second.paidAt)).toBe(second.dueDate);

    const stopped = await act(c, cw(street), { action: 'stop-installments', reason: '申请人已就业，困难解除' });
    expect(stopped.temporary.installments.map((i: Json) => i.status)).toEqual(['paid', 'paid', 'stopped']);
    await h.env.sleep(31 * DAY);
    await eventually(async () => expect((await view(c, street)).step).toBe('closed'));
    const final = await view(c, street);
    expect(final.temporary.paidFen).toBe(200_001);
    expect(actions(final).filter((a) => a === 'instalment-paid')).toHaveLength(2);
    await recordHistory(h, c.caseId, 'temporary-expense-instalments');
    expect((await paymentsOf(h.database.db, c.caseId)).map((p) => [p.instalment, p.amountFen])).toEqual([
      [1, 100_001],
      [2, 100_000],
    ]);
  });

  it('waits for the follow-up check: needs ended skips the instalment, needs continuing pays it', async () => {
    const c = await temporary(street, { kind: 'expense', amountFen: 90_000 });
    const approved = await act(c, cw(street), { action: 'approve', amountFen: 90_000, installments: { count: 3, intervalDays: 7 }, followUpRequired: true });
    await eventually(async () => expect((await view(c, street)).temporary.installments[0].status).toBe('awaiting-follow-up'));
    expect((await view(c, street)).allowedActions).toEqual(['confirm-follow-up', 'stop-installments', 'refer-to-employment', 'refer-to-charity']);
    expect(approved.temporary.followUpRequired).toBe(true);

    // Only the instalment that is due may be confirmed.
    const wrong = await post(`/v1/cases/${c.caseId}/actions`, cw(street), { action: 'confirm-follow-up', instalment: 2, needsContinue: true, findings: 'x' });
    expect(expectError(wrong, 400, 'validation_failed').message).toContain('instalment');
    expect(fieldsOf(expectError(await post(`/v1/cases/${c.caseId}/actions`, cw(street), { action: 'confirm-follow-up', instalment: 1 }), 400, 'validation_failed'))).toEqual(
      expect.arrayContaining(['needsContinue', 'findings']),
    );

    const skipped = await act(c, cw(street), { action: 'confirm-follow-up', instalment: 1, needsContinue: false, findings: '本期医疗费用已由医保报销' });
    expect(skipped.temporary.installments[0]).toMatchObject({ status: 'skipped', followUp: { needsContinue: false } });
    expectError(await post(`/v1/cases/${c.caseId}/actions`, cw(street), { action: 'confirm-follow-up', instalment: 1, needsContinue: true, findings: 'x' }), 409, 'invalid_transition');

    await h.env.sleep(7 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[1].status).toBe('awaiting-follow-up'));
    await act(c, cw(street), { action: 'confirm-follow-up', instalment: 2, needsContinue: true, findings: '仍需持续治疗' });
    await eventually(async () => expect((await view(c, street)).temporary.installments[1]).toMatchObject({ status: 'paid', amountFen: 30_000 }));

    await h.env.sleep(7 * DAY);
    await eventually(async () => expect((await view(c, street)).temporary.installments[2].status).toBe('awaiting-follow-up'));
    await act(c, cw(street), { action: 'confirm-follow-up', instalment: 3, needsContinue: false, findings: '已康复' });
    await eventually(async () => expect((await view(c, street)).step).toBe('closed'));
    const final = await view(c, street);
    expect(final.temporary.installments.map((i: Json) => i.status)).toEqual(['skipped', 'paid', 'skipped']);
    expect(final.temporary.paidFen).toBe(30_000);
    expect(await paymentsOf(h.database.db, c.caseId)).toHaveLength(1);
  });
});
