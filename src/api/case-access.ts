import { findCase, type CaseRow } from '../db/cases.js';
import { policiesInForce } from '../db/policies.js';
import type { CaseType } from '../domain/cases.js';
import { shanghaiDate } from '../domain/dates.js';
import { countyOf } from '../domain/org.js';
import type { Db } from '../db/client.js';
import { CASE_STARTERS, canReadCase, type Actor, type Department } from '../domain/roles.js';
import type { HistoryEntry } from '../domain/views.js';
import { hasOpenDeliberation } from '../db/deliberations.js';
import { requireAccess } from './auth.js';
import { requireWithinLimit } from './limits.js';
import { badRequest, forbidden, notFound } from './errors.js';

/** Who took the case or application in: the actor of its acceptance. */
const startedBy = (history: readonly HistoryEntry[]) => history.find((e) => e.action === 'accept')?.actor;

/**
 * A case the caller may read (`canReadCase`): 404 if there is none, or it is outside the caller's
 * street, county or department, or its need to know (which it is not said).
 */
export async function readCase(db: Db, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  if (!row) throw notFound(`case ${caseId} not found`);
  const onOpenBallot = actor.role === 'committee' && (await hasOpenDeliberation(db, caseId));
  if (!canReadCase(actor, { orgCode: row.orgCode, department: row.department as Department, startedBy: startedBy(row.view.history), onOpenBallot })) {
    throw notFound(`case ${caseId} not found`);
  }
  return row;
}

/** Who may start a case where, and who may backdate it — never to before the policies it needs were in force. */
export async function authorizeStart(
  db: Db,
  actor: Actor,
  body: { orgCode: string; acceptedAt?: string; temporary?: { amountFen: number } },
  types: readonly CaseType[],
  now: number,
): Promise<void> {
  requireAccess(actor, CASE_STARTERS, 'start cases', body.orgCode);
  if (body.temporary) await requireWithinLimit(db, body.orgCode, body.temporary.amountFen, 'temporary.amountFen');
  if (body.acceptedAt === undefined) return;
  if (actor.role !== 'system') throw forbidden('only a system import may set acceptedAt');
  if (Date.parse(body.acceptedAt) > now) throw badRequest('acceptedAt', 'must not be in the future');
  const asOf = shanghaiDate(body.acceptedAt);
  if (!(await policiesInForce(db, countyOf(body.orgCode), types, asOf))) throw badRequest('acceptedAt', `is before the region's policies were in force (${asOf})`);
}
