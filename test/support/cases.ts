import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../src/domain/roles.js';
import {
  caseActionUpdate,
  caseRegisteredUpdate,
  caseViewQuery,
  type CaseActionRequest,
  type CaseInput,
  type CaseView,
} from '../../src/workflows/messages.js';
import type { Harness } from './harness.js';

export const CASEWORKER: Actor = { sub: 'cw-zhang', role: 'caseworker', org: '420106001' };
export const OTHER_STREET: Actor = { sub: 'cw-li', role: 'caseworker', org: '420106002' };
export const APPROVER: Actor = { sub: 'ap-wang', role: 'approver', org: '420106' };
export const SUPERVISOR: Actor = { sub: 'sv-chen', role: 'supervisor', org: '420106' };

export function caseInput(overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseId: `case-${randomUUID()}`,
    applicationId: null,
    type: 'dibao',
    orgCode: '420106001',
    applicant: { name: '张三', idNumberMasked: '420106********1237', idHash: 'test-hash' },
    household: { size: 2, monthlyIncomeFen: 50_000 },
    acceptedBy: CASEWORKER,
    ...overrides,
  };
}

export interface StartedCase {
  handle: WorkflowHandle;
  view: CaseView;
}

/** Starts a 低保 workflow directly (no API) and waits until it is registered. */
export async function startDibao(h: Harness, overrides: Partial<CaseInput> = {}): Promise<StartedCase> {
  const input = caseInput(overrides);
  const handle = await h.env.client.workflow.start('dibaoWorkflow', { taskQueue: h.taskQueue, workflowId: input.caseId, args: [input] });
  const view = await handle.executeUpdate(caseRegisteredUpdate);
  return { handle, view };
}

export const act = (handle: WorkflowHandle, actor: Actor, request: CaseActionRequest) =>
  handle.executeUpdate(caseActionUpdate, { args: [{ actor, request }] });

export const viewOf = (handle: WorkflowHandle) => handle.query(caseViewQuery);

/** Economic check and home visit: the case is then in publicity. */
export async function throughHomeVisit(handle: WorkflowHandle): Promise<CaseView> {
  await act(handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 40_000, assetsWithinLimits: true });
  return act(handle, CASEWORKER, { action: 'record-home-visit', findings: '住房简陋，无固定收入' });
}
