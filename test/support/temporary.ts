import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../src/domain/roles.js';
import { caseRegisteredUpdate, type CaseInput, type CaseView, type TemporaryRequest } from '../../src/workflows/messages.js';

/** A 临时救助 case's workflow input, as the API would build it; the street defaults to 510121001 (金堂县). */
export function temporaryInput(orgCode: string, temporary: TemporaryRequest, overrides: Partial<CaseInput> = {}): CaseInput {
  const acceptedBy: Actor = { sub: `cw-${orgCode}`, role: 'caseworker', org: orgCode };
  return {
    caseId: `case-${randomUUID()}`,
    applicationId: null,
    type: 'temporary',
    orgCode,
    applicant: { name: '王五', idNumberMasked: `${orgCode.slice(0, 6)}********1234`, idHash: 'test-hash' },
    household: { size: 3, monthlyIncomeFen: 40_000 },
    acceptedBy,
    temporary,
    ...overrides,
  };
}

/** Starts a 临时救助 workflow directly (no API) and waits until it is registered. */
export async function startTemporary(client: Client, taskQueue: string, input: CaseInput): Promise<{ handle: WorkflowHandle; view: CaseView }> {
  const handle = await client.workflow.start('temporaryWorkflow', { taskQueue, workflowId: input.caseId, args: [input] });
  const view = await handle.executeUpdate(caseRegisteredUpdate);
  return { handle, view };
}
