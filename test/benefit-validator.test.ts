import { describe, expect, it } from 'vitest';
import { rejection } from './support/cases.js';
import type { Actor } from '../src/domain/roles.js';
import { CaseFailure, benefitActionUpdate, benefitStateQuery } from '../src/workflows/messages.js';
import { APPROVER, CASEWORKER, OTHER_STREET, SUPERVISOR, ZHUJIAN, approver } from './support/actors.js';
import { approve } from './support/benefits.js';
import { useHarness } from './support/harness.js';

// The benefit workflow's update validator on its own, as a client calling Temporal directly meets it:
// the same check the API runs first (checkBenefitAction), then the payload.

const h = useHarness('benefit_validator', { app: false });

async function act(benefitId: string, actor: Actor, request: object) {
  return h.env.client.workflow.getHandle(benefitId).executeUpdate(benefitActionUpdate, { args: [{ actor, request: request as never }] });
}


describe('the benefit’s update validator', () => {
  it('refuses role and scope (403), then status (409), then payload (400), recording nothing; then takes the step', async () => {
    const { benefitId } = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const before = await h.env.client.workflow.getHandle(benefitId).query(benefitStateQuery);

    expect(await rejection(act(benefitId, SUPERVISOR, { action: 'suspend', reason: '联系不上' }))).toBe(CaseFailure.Forbidden);
    expect(await rejection(act(benefitId, OTHER_STREET, { action: 'suspend', reason: '联系不上' }))).toBe(CaseFailure.Forbidden);
    expect(await rejection(act(benefitId, ZHUJIAN, { action: 'suspend', reason: '联系不上' }))).toBe(CaseFailure.Forbidden);
    expect(await rejection(act(benefitId, approver('510121'), { action: 'suspend', reason: '联系不上' }))).toBe(CaseFailure.Forbidden);
    // Out of scope and the wrong status: the scope answers.
    expect(await rejection(act(benefitId, OTHER_STREET, { action: 'resume' }))).toBe(CaseFailure.Forbidden);
    expect(await rejection(act(benefitId, CASEWORKER, { action: 'resume' }))).toBe(CaseFailure.InvalidTransition);
    // The wrong status and a bad payload: the status answers.
    expect(await rejection(act(benefitId, CASEWORKER, { action: 'resume', note: 7 }))).toBe(CaseFailure.InvalidTransition);
    expect(await rejection(act(benefitId, CASEWORKER, { action: 'stop', reason: 'bored' }))).toBe(CaseFailure.InvalidPayload);
    expect(await rejection(act(benefitId, CASEWORKER, { action: 'record-change', selfCare: 'none', reason: '护理等级' }))).toBe(CaseFailure.InvalidPayload);
    expect(await rejection(act(benefitId, CASEWORKER, { action: 'transfer' }))).toBe(CaseFailure.InvalidPayload);

    const events = await h.database.sql`select action from benefit_events where benefit_id = ${benefitId} order by id`;
    expect(events.map((e) => e.action)).toEqual(['open']);
    expect((await h.env.client.workflow.getHandle(benefitId).query(benefitStateQuery)).version).toBe(before.version);

    expect(await act(benefitId, APPROVER, { action: 'suspend', reason: '联系不上' })).toMatchObject({ status: 'suspended', version: before.version + 1 });
    expect(await act(benefitId, CASEWORKER, { action: 'resume' })).toMatchObject({ status: 'active', version: before.version + 2 });
  });
});
