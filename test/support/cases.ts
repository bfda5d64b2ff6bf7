import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/domain/roles.js';
import {
  caseActionUpdate,
  caseRegisteredUpdate,
  caseViewQuery,
  type CaseInput,
  type TemporaryRequest,
} from '../../src/workflows/messages.js';
import type { CaseActionRequest } from '../../src/domain/action-payloads.js';
import type { CaseView } from '../../src/domain/views.js';
import { CASEWORKER, cw } from './actors.js';
import { expectStatus, post, type Json, type Who } from './api.js';
import { residentId, type Harness } from './harness.js';

// Starting cases, the two ways the tests do: through the API (what a caller sees), or a workflow
// started directly on the harness's task queue (what the workflow itself does, without HTTP).

/** Starts a case through the API as `who`: the case as created. */
export async function startCase(app: FastifyInstance, who: Who, body: Json, headers: Record<string, string> = {}): Promise<Json> {
  return expectStatus(await post(app, '/v1/cases', who, body, headers), 201);
}

let applicants = 0;
/** A 临时救助 case through the API, opened by the street's caseworker for an applicant no other call uses. */
export function startTemporaryCase(app: FastifyInstance, street: string, temporary: Json): Promise<Json> {
  applicants++;
  return startCase(app, cw(street), {
    type: 'temporary',
    orgCode: street,
    applicant: { name: `申请人${applicants}`, idNumber: residentId(street.slice(0, 6), '19700101', String(100 + (applicants % 900))) },
    household: { size: 3, monthlyIncomeFen: 60_000 },
    temporary,
  });
}

/** Submits an application (one door, a case per aid) through the API as `who`: the application as accepted. */
export async function submitApplication(app: FastifyInstance, who: Who, body: Json, headers: Record<string, string> = {}): Promise<Json> {
  return expectStatus(await post(app, '/v1/applications', who, body, headers), 201);
}

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

/** A 临时救助 case's workflow input, as the API would build it. */
export function temporaryInput(orgCode: string, temporary: TemporaryRequest, overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseId: `case-${randomUUID()}`,
    applicationId: null,
    type: 'temporary',
    orgCode,
    applicant: { name: '王五', idNumberMasked: `${orgCode.slice(0, 6)}********1234`, idHash: 'test-hash' },
    household: { size: 3, monthlyIncomeFen: 40_000 },
    acceptedBy: cw(orgCode),
    temporary,
    ...overrides,
  };
}

export interface StartedCase {
  handle: WorkflowHandle;
  view: CaseView;
}

/** Starts a case workflow directly (no API) and waits until it is registered. */
export async function startWorkflow(client: Client, taskQueue: string, workflowType: string, input: CaseInput): Promise<StartedCase> {
  const handle = await client.workflow.start(workflowType, { taskQueue, workflowId: input.caseId, args: [input] });
  const view = await handle.executeUpdate(caseRegisteredUpdate);
  return { handle, view };
}

/** Starts a 低保 workflow directly on the harness (no API). */
export const startDibao = (h: Pick<Harness, 'env' | 'taskQueue'>, overrides: Partial<CaseInput> = {}) =>
  startWorkflow(h.env.client, h.taskQueue, 'dibaoWorkflow', caseInput(overrides));

/** One action on a directly started workflow, as the API's route sends it: the case after it. */
export const updateCase = (handle: WorkflowHandle, actor: Actor, request: CaseActionRequest) =>
  handle.executeUpdate(caseActionUpdate, { args: [{ actor, request }] });

export const viewOf = (handle: WorkflowHandle) => handle.query(caseViewQuery);

/** Economic check and home visit: the case is then in publicity. */
export async function throughHomeVisit(handle: WorkflowHandle): Promise<CaseView> {
  await updateCase(handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 40_000, assetsWithinLimits: true });
  return updateCase(handle, CASEWORKER, { action: 'record-home-visit', findings: '住房简陋，无固定收入' });
}

/** The failure type a rejected Update carries (e.g. InvalidTransition): the call must have been refused. */
export async function rejection(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}
