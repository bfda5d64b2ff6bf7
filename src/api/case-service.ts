import { createHash, createHmac, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { allowedActions, checkAction } from '../domain/cases.js';
import { maskResidentId, normaliseResidentId } from '../domain/resident-id.js';
import { CASE_STARTERS, canSeeCase, type Actor, type Department } from '../domain/roles.js';
import { findCase, type CaseRow } from '../db/case-records.js';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import type { Temporal } from '../temporal/client.js';
import {
  CaseFailure,
  WORKFLOW_TYPES,
  actionContextOf,
  caseActionUpdate,
  caseRegisteredUpdate,
  type ApplicantRecord,
  type CaseInput,
  type CaseIntake,
  type CaseView,
} from '../workflows/messages.js';
import { ApiError, badRequest, forbidden, invalidTransition, notFound } from './errors.js';
import { APPROVAL_REQUIRES, type CaseActionBody, type StartCaseBody } from './schemas.js';
import { requireScope } from './auth.js';

export interface CaseServiceDeps {
  db: Db;
  temporal: Temporal;
  piiHashKey: string;
}

export type CaseResponse = CaseView & { allowedActions: string[] };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Key order must not change the hash of "the same body". */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function withAllowedActions(actor: Actor, view: CaseView): CaseResponse {
  return { ...view, allowedActions: allowedActions(actor, actionContextOf(view)) };
}

/** Keyed hash that finds one person across cases without keeping the ID number in the read model. */
export const personKey = (key: string, idNumber: string) => createHmac('sha256', key).update(normaliseResidentId(idNumber)).digest('hex');

/** What workflows keep of an applicant: the name, the masked ID and its keyed hash, never the number. */
export function applicantRecord(piiHashKey: string, a: StartCaseBody['applicant']): ApplicantRecord {
  const idNumber = normaliseResidentId(a.idNumber);
  return { name: a.name, idNumberMasked: maskResidentId(idNumber), idHash: personKey(piiHashKey, idNumber), ...(a.phone ? { phone: a.phone } : {}) };
}

/** The type's own intake fields; the workflow checks our records (dishonesty list, 低保/特困) itself. */
function intakeOf(body: StartCaseBody): CaseIntake {
  return {
    ...(body.pledgedInsteadOfProof?.length ? { pledgedInsteadOfProof: body.pledgedInsteadOfProof } : {}),
    ...(body.tekun ? { tekun: body.tekun } : {}),
    ...(body.medical ? { medical: body.medical } : {}),
    ...(body.education ? { education: body.education } : {}),
    ...(body.housing ? { housing: body.housing } : {}),
  };
}

/** Who may start a case where, and who may backdate it. */
export function authorizeStart(actor: Actor, body: { orgCode: string; acceptedAt?: string }, now: number): void {
  if (!CASE_STARTERS.includes(actor.role)) throw forbidden(`role ${actor.role} may not start cases`);
  requireScope(actor, body.orgCode);
  if (body.acceptedAt !== undefined) {
    if (actor.role !== 'system') throw forbidden('only a system import may set acceptedAt');
    if (Date.parse(body.acceptedAt) > now) throw badRequest('acceptedAt', 'must not be in the future');
  }
}

/**
 * Claims an Idempotency-Key for this caller: the first request fixes the body; the same body later
 * gets the same case id, another body a 409. The case id is derived from the key, so even two
 * concurrent first requests start one workflow.
 */
export async function claimIdempotencyKey(db: Db, actor: Actor, key: string, body: unknown, prefix = 'case'): Promise<string> {
  const caseId = `${prefix}-${sha256(`${actor.sub}\n${key}`).slice(0, 32)}`;
  const requestHash = sha256(canonicalJson(body));
  await db.insert(idempotencyKeys).values({ scope: actor.sub, key, requestHash, resourceId: caseId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, actor.sub), eq(idempotencyKeys.key, key)));
  if (!row) throw new Error('idempotency key vanished');
  if (row.requestHash !== requestHash) {
    throw new ApiError(409, 'idempotency_key_reused', 'Idempotency-Key was already used with a different body');
  }
  return row.resourceId;
}

export async function startCase(
  deps: CaseServiceDeps,
  actor: Actor,
  body: StartCaseBody,
  idempotencyKey?: string,
): Promise<CaseResponse> {
  authorizeStart(actor, body, Date.now());
  const caseId = idempotencyKey ? await claimIdempotencyKey(deps.db, actor, idempotencyKey, body) : `case-${randomUUID().replace(/-/g, '')}`;
  const input: CaseInput = {
    caseId,
    applicationId: null,
    type: body.type,
    orgCode: body.orgCode,
    applicant: applicantRecord(deps.piiHashKey, body.applicant),
    household: body.household,
    ...(body.temporary ? { temporary: body.temporary } : {}),
    intake: intakeOf(body),
    ...(body.acceptedAt ? { acceptedAt: new Date(body.acceptedAt).toISOString() } : {}),
    acceptedBy: actor,
  };
  const view = await startOrJoin(deps.temporal, WORKFLOW_TYPES[body.type], caseId, input, caseRegisteredUpdate, async () => {
    const row = await findCase(deps.db, caseId);
    return row?.view as CaseView | undefined;
  });
  return withAllowedActions(actor, view);
}

/**
 * Starts a workflow under its business id, or joins the one a duplicate request already started, and
 * waits until it is registered. A workflow that has since closed (a key replayed long after) answers
 * from the read model.
 */
export async function startOrJoin<T>(
  temporal: Temporal,
  workflowType: string,
  workflowId: string,
  input: unknown,
  registered: UpdateDefinition<T, []>,
  readModel: () => Promise<T | undefined>,
): Promise<T> {
  try {
    await temporal.client.workflow.start(workflowType, { taskQueue: temporal.taskQueue, workflowId, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  try {
    return await temporal.client.workflow.getHandle(workflowId).executeUpdate(registered);
  } catch (err) {
    const stored = await readModel();
    if (stored) return stored;
    throw err;
  }
}

export async function readCase(db: Db, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  if (!row) throw notFound(`case ${caseId} not found`);
  if (!canSeeCase(actor, { orgCode: row.orgCode, department: row.department as Department })) {
    throw forbidden(`case of ${row.orgCode} (${row.department}) is outside ${actor.org}${actor.dept ? ` (${actor.dept})` : ''}`);
  }
  return row;
}

/** Maps a rejected Update to the caller's status: the validator's failure type says which. */
export function updateFailure(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) return invalidTransition('the case is closed');
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  switch (cause.type) {
    case CaseFailure.Forbidden:
      return forbidden(cause.message);
    case CaseFailure.InvalidTransition:
      return invalidTransition(cause.message);
    case CaseFailure.InvalidPayload: {
      // The validator names the field first ("field: problem"), so a client sees which one.
      const field = /^(?:invalid )?([\w.]+)(?::|$)/.exec(cause.message)?.[1];
      return new ApiError(400, 'validation_failed', cause.message, field ? [{ path: field, message: cause.message }] : undefined);
    }
    case CaseFailure.Conflict:
      return new ApiError(409, 'conflict', cause.message, cause.details?.[0]);
    default:
      return undefined;
  }
}

export async function actOnCase(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  body: CaseActionBody,
  idempotencyKey?: string,
): Promise<CaseResponse> {
  const row = await readCase(deps.db, actor, caseId);
  const view = row.view as CaseView;
  // Answer the common refusals from the read model; the workflow's validator is still the authority.
  const check = checkAction(body.action, actor, actionContextOf(view));
  if (!check.ok && (check.reason === 'forbidden' || view.step === 'closed')) {
    throw check.reason === 'forbidden' ? forbidden(check.message) : invalidTransition(check.message);
  }
  if (body.action === 'decide' && body.decision === 'approve') {
    const missing = (APPROVAL_REQUIRES[view.type] ?? []).filter((f) => body[f] === undefined);
    if (missing.length > 0) {
      throw new ApiError(400, 'validation_failed', `a ${view.type} approval needs ${missing.join(', ')}`, missing.map((path) => ({ path, message: 'required' })));
    }
  }
  try {
    const next = await deps.temporal.client.workflow.getHandle(caseId).executeUpdate(caseActionUpdate, {
      args: [{ actor, request: body }],
      // The same Idempotency-Key on a retried action is one Update, applied once.
      ...(idempotencyKey ? { updateId: `${actor.sub}:${idempotencyKey}` } : {}),
    });
    return withAllowedActions(actor, next);
  } catch (err) {
    throw updateFailure(err) ?? err;
  }
}
