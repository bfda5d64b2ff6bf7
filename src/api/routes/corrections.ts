import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findBenefit, renameApplicant } from '../../db/benefits.js';
import { findCase, type CaseRow } from '../../db/cases.js';
import { appliedCorrections, correctionEventOf, decideCorrection, findCorrection, listCorrections, proposeCorrection, type CorrectionRow } from '../../db/corrections.js';
import { msg, roleName } from '../../domain/catalogue.js';
import {
  CORRECTION_PATH_LABELS,
  allowedCorrectionActions,
  correctedView,
  correctionActionProblem,
  correctionAuditSeq,
  correctsBenefit,
  describeValue,
  mayPropose,
  mayReadCorrections,
  normalisedValue,
  statusAfter,
  valueIn,
  valueProblem,
  type CorrectionEffect,
  type CorrectionFacts,
  type CorrectionPath,
  type CorrectionStep,
  type CorrectionValue,
} from '../../domain/corrections.js';
import { stepActor, type Actor } from '../../domain/roles.js';
import type { HistoryEntry } from '../../domain/views.js';
import { benefitCorrectionUpdate } from '../../workflows/messages.js';
import { listScope, requireRole } from '../auth.js';
import { readCase } from '../case-access.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound } from '../errors.js';
import { actionUpdateId, withResourceId } from '../idempotency.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { BenefitCorrectionParams, CaseCorrectionParams, Correction, CorrectionActionBody, CorrectionBody, CorrectionList, CorrectionParams, CorrectionsQuery } from '../schemas/corrections.js';
import { executeUpdate } from '../workflow-calls.js';

const factsOf = (r: CorrectionRow): CorrectionFacts => ({ status: r.status, countyCode: r.countyCode, proposedBy: r.proposedBy });

/** A correction as its readers see it, with what the caller may do to it now. */
const present = (actor: Actor, r: CorrectionRow) => ({
  correctionId: r.correctionId,
  seq: r.id,
  caseId: r.caseId,
  benefitId: r.benefitId,
  orgCode: r.orgCode,
  countyCode: r.countyCode,
  path: r.path,
  pathLabel: CORRECTION_PATH_LABELS[r.path],
  value: r.value,
  before: r.before ?? null,
  reason: r.reason,
  evidence: r.evidence,
  status: r.status,
  proposedBy: r.proposedBy,
  fromMonth: r.fromMonth,
  effect: r.effect ?? null,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  history: r.history,
  allowedActions: allowedCorrectionActions(actor, factsOf(r)),
});

/** A correction's entry in its case's audit trail: both values, who, why. */
function auditEntry(r: CorrectionRow, actor: Actor, step: CorrectionStep, kind: 'propose' | 'decide'): HistoryEntry {
  const change = `${CORRECTION_PATH_LABELS[r.path]}：${describeValue(r.path, step.before)} → ${describeValue(r.path, step.after)}`;
  const effect = r.effect?.backPayFen ? `；应补发 ${describeValue(r.path, r.effect.backPayFen)}` : r.effect?.recoveryFen ? `；须追回 ${describeValue(r.path, r.effect.recoveryFen)}` : '';
  const summary = { propose: `提出更正 ${change}（${r.reason}）`, approve: `批准更正 ${change}${r.fromMonth ? `，${r.fromMonth} 起` : ''}${effect}`, refuse: `不予更正 ${change}（${step.reason ?? ''}）` }[step.action];
  return {
    seq: correctionAuditSeq(r.id, kind),
    at: step.at,
    actor: { sub: actor.sub, role: actor.role, org: actor.org, ...(actor.name ? { name: actor.name } : {}) },
    action: `correction-${step.action}`,
    summary,
    correctionId: r.correctionId,
    path: r.path,
    before: step.before,
    after: step.after,
    ...(kind === 'propose' ? { reason: r.reason, evidence: r.evidence } : {}),
    ...(step.note ? { note: step.note } : {}),
    ...(step.reason ? { reason: step.reason } : {}),
    ...(r.fromMonth && kind === 'decide' ? { fromMonth: r.fromMonth } : {}),
    ...(r.effect && kind === 'decide' ? { effect: r.effect } : {}),
  };
}

/** The case's record as it stands now: its approved corrections applied. */
async function currentValue(deps: ApiDeps, found: CaseRow, path: CorrectionPath): Promise<CorrectionValue | null | undefined> {
  return valueIn(correctedView(found.view, await appliedCorrections(deps.db, found.caseId)), path);
}

/**
 * 容错纠错 (001 §十三(三)): the street proposes a correction of a case's record with its reason and
 * evidence; the county's 民政 approver (not the proposer) approves or refuses; an approved one applies
 * from then — a decided amount through the case's benefit, from its first month not yet sent, with the
 * 补发 or recovery it implies. The original stays in the workflow's history and beside the new value.
 */
export const correctionRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    async function propose(actor: Actor, found: CaseRow, body: { path: CorrectionPath; value: CorrectionValue; reason: string; evidence: string }, key: string | undefined) {
      requireRole(actor, ['caseworker'], 'what.proposeCorrection');
      if (!mayPropose(actor, found.orgCode)) throw forbidden(msg('auth.outsideScope', { org: found.orgCode }));
      const problem = valueProblem(body.path, body.value);
      if (problem) throw badRequest('value', problem);
      const value = normalisedValue(body.value);
      const before = await currentValue(deps, found, body.path);
      if (before === undefined) throw invalidTransition(msg('correction.noDecidedAmount', { id: found.caseId }));
      let benefitId: string | null = null;
      if (correctsBenefit(body.path)) {
        const benefit = found.view.decision?.benefitId ? await findBenefit(deps.db, found.view.decision.benefitId) : undefined;
        if (!benefit) throw invalidTransition(msg('correction.noBenefit', { id: found.caseId }));
        if (benefit.status === 'stopped') throw invalidTransition(msg('correction.benefitStopped', { id: benefit.benefitId }));
        benefitId = benefit.benefitId;
      }
      if (before === value) throw badRequest('value', msg('correction.sameValue'));
      return withResourceId(deps.db, actor, 'correction', { caseId: found.caseId, ...body }, key, async (correctionId) => {
        const step: CorrectionStep = { action: 'propose', at: new Date().toISOString(), by: stepActor(actor), before, after: value };
        return proposeCorrection(
          deps.db,
          { correctionId, caseId: found.caseId, benefitId, orgCode: found.orgCode, countyCode: found.countyCode, path: body.path, value, before, reason: body.reason.trim(), evidence: body.evidence.trim(), proposedBy: actor.sub },
          step,
          (row) => auditEntry(row, actor, step, 'propose'),
        );
      });
    }

    /** A correction of a street the caller reads; one it may not read is not there (404). */
    async function readCorrection(actor: Actor, correctionId: string): Promise<CorrectionRow> {
      const row = await findCorrection(deps.db, correctionId);
      if (!row || !mayReadCorrections(actor, row.orgCode)) throw notFound(msg('correction.notFound', { id: correctionId }));
      return row;
    }

    /** An approved amount goes to the benefit as its next step; its plan says from when, what it replaced and the effect. */
    async function applyAmount(actor: Actor, row: CorrectionRow): Promise<{ before: number; fromMonth: string; effect: CorrectionEffect }> {
      const benefit = await findBenefit(deps.db, row.benefitId!);
      if (!benefit || benefit.status === 'stopped') throw invalidTransition(msg('correction.benefitStopped', { id: row.benefitId! }));
      const step = { action: 'correct-amount' as const, correctionId: row.correctionId, monthlyAmountFen: row.value as number, reason: row.reason };
      // One Update per correction: an approval retried after a lost answer is the same step, applied once.
      await executeUpdate(deps.temporal, benefit.benefitId, benefitCorrectionUpdate, { args: [{ actor, step }], updateId: `correction:${row.correctionId}` });
      const details = await correctionEventOf(deps.db, benefit.benefitId, row.correctionId);
      if (!details) throw new Error(`benefit ${benefit.benefitId} has no entry for ${row.correctionId}`);
      return { before: details.previousMonthlyAmountFen as number, fromMonth: details.fromMonth as string, effect: details.effect as CorrectionEffect };
    }

    const proposeSchema = {
      tags: ['cases'],
      headers: IdempotencyHeaders,
      body: CorrectionBody,
      response: { 201: Correction, ...ERROR_RESPONSES },
      description:
        'The street’s caseworker: another role 403; a case it does not read 404. A value wrong for its path, or the value the record holds: 400 naming `value`. A decided amount on a case without one, or whose benefit has not started or has stopped: 409. An Idempotency-Key proposes once.',
    };

    app.post('/cases/:caseId/corrections', {
      schema: { ...proposeSchema, summary: '容错纠错: propose a correction of the case’s record (applicant, household, decided amount) with its reason and evidence', params: CaseCorrectionParams },
      handler: async (request, reply) => {
        const found = await readCase(deps.db, request.actor, request.params.caseId);
        return reply.status(201).send(present(request.actor, await propose(request.actor, found, request.body, request.headers['idempotency-key'])));
      },
    });

    app.post('/benefits/:benefitId/corrections', {
      schema: { ...proposeSchema, tags: ['benefits'], summary: '容错纠错 from a benefit: a correction of its case’s record (the same as POST /v1/cases/{caseId}/corrections)', params: BenefitCorrectionParams },
      handler: async (request, reply) => {
        const benefit = await findBenefit(deps.db, request.params.benefitId);
        if (!benefit) throw notFound(msg('benefit.notFound', { id: request.params.benefitId }));
        // The benefit's case, read as the case is: what the caller may not read is not there.
        const found = await readCase(deps.db, request.actor, benefit.caseId).catch((err: unknown) => {
          throw err instanceof ApiError && err.statusCode === 404 ? notFound(msg('benefit.notFound', { id: request.params.benefitId })) : err;
        });
        return reply.status(201).send(present(request.actor, await propose(request.actor, found, request.body, request.headers['idempotency-key'])));
      },
    });

    app.get('/corrections', {
      schema: { tags: ['cases'], summary: '容错纠错: the street’s (a caseworker’s) or the county’s corrections, newest first, by status and case', querystring: CorrectionsQuery, response: { 200: CorrectionList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, query } = request;
        const orgCode = listScope(actor, query.orgCode);
        if (!mayReadCorrections(actor, orgCode)) throw forbidden(msg('auth.mayNotRead', { role: roleName(actor.role, actor.dept), resource: msg('noun.corrections'), org: orgCode }));
        const rows = await listCorrections(deps.db, { orgCode, ...(query.status ? { status: query.status } : {}), ...(query.caseId ? { caseId: query.caseId } : {}), ...(query.before ? { beforeId: query.before } : {}), limit: query.limit });
        return { items: rows.map((r) => present(actor, r)), nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null };
      },
    });

    app.get('/corrections/:correctionId', {
      schema: { tags: ['cases'], summary: '容错纠错: one correction, both values, its history and (a decided amount) its effect', params: CorrectionParams, response: { 200: Correction, ...ERROR_RESPONSES } },
      handler: async (request) => present(request.actor, await readCorrection(request.actor, request.params.correctionId)),
    });

    app.post('/corrections/:correctionId/actions', {
      schema: {
        tags: ['cases'],
        summary: '容错纠错: approve {note?} or refuse {reason} (the county’s 民政 approver, never the proposer); an approved amount applies from the benefit’s first month not yet sent',
        description:
          'Another role, another department, or the proposer: 403; a correction the caller does not read: 404; one decided already: 409. The answer to an approved amount carries `effect` (补发 or recovery over the months already sent). An Idempotency-Key answers a retry as the first.',
        params: CorrectionParams,
        headers: IdempotencyHeaders,
        body: CorrectionActionBody,
        response: { 200: Correction, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body, params } = request;
        const found = await readCorrection(actor, params.correctionId);
        const key = request.headers['idempotency-key'];
        const requestId = key ? await actionUpdateId(deps.db, actor, found.correctionId, body, key) : null;
        if (requestId && found.decisionRequestId === requestId) return present(actor, found);
        const refuse = (r: CorrectionRow) => {
          const problem = correctionActionProblem(actor, factsOf(r), body.action);
          if (problem) throw problem.status === 403 ? forbidden(problem.message) : invalidTransition(problem.message);
        };
        refuse(found);
        const at = new Date().toISOString();
        const approving = body.action === 'approve';
        let step: CorrectionStep | undefined;
        let renamed: { benefitId: string; before: string } | undefined;
        const row = await decideCorrection(
          deps.db,
          params.correctionId,
          // Under the correction's row lock: a refusal racing this approval waits, then finds it decided.
          async (r, tx) => {
            refuse(r);
            // An amount the benefit already took (an approval whose answer was lost) is approved again, never refused.
            if (!approving && r.benefitId && (await correctionEventOf(tx, r.benefitId, r.correctionId))) throw invalidTransition(msg('correction.alreadyApplied', { id: r.correctionId }));
            const amount = approving && correctsBenefit(r.path) ? await applyAmount(actor, r) : undefined;
            // The correction's readers decide it: its case is read for its record, whichever department it is for.
            const caseRow = approving && !amount ? await findCase(deps.db, r.caseId) : undefined;
            const before = amount ? amount.before : caseRow ? ((await currentValue(deps, caseRow, r.path)) ?? null) : (r.before ?? null);
            step = { action: body.action, at, by: stepActor(actor), before, after: r.value, ...(body.action === 'approve' ? (body.note ? { note: body.note } : {}) : { reason: body.reason }) };
            const benefitId = r.path === 'applicant.name' && caseRow?.view.decision?.benefitId && (await findBenefit(deps.db, caseRow.view.decision.benefitId)) ? caseRow.view.decision.benefitId : undefined;
            renamed = benefitId ? { benefitId, before: String(before) } : undefined;
            return { status: statusAfter(body.action), step, requestId, ...(approving ? { before } : {}), ...(amount ? { fromMonth: amount.fromMonth, effect: amount.effect } : {}) };
          },
          (r) => auditEntry(r, actor, step!, 'decide'),
          // The applicant's corrected name reaches the benefit's payee (the bank file names them).
          (tx, r) => (renamed ? renameApplicant(tx, { benefitId: renamed.benefitId, correctionId: r.correctionId, before: renamed.before, name: r.value as string, actor, at: new Date(at) }) : Promise.resolve()),
        );
        if (!row) throw notFound(msg('correction.notFound', { id: params.correctionId }));
        return present(actor, row);
      },
    });
  };
