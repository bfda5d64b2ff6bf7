import { createHash, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { casesOfEvent, claimDisasterCases, findDisasterEvent, insertDisasterEvent, markDisasterCasesStarted, type DisasterEventRow } from '../../db/disaster.js';
import { disaster } from '../../domain/aid/disaster.js';
import { msg, roleName } from '../../domain/catalogue.js';
import { countyOf } from '../../domain/org.js';
import { departmentOf, type Actor } from '../../domain/roles.js';
import { caseActionUpdate, type CaseInput } from '../../workflows/messages.js';
import { applicantRecord } from '../applicant.js';
import type { ApiDeps } from '../deps.js';
import type { RouteDeadline } from '../deadline.js';
import { ApiError, ERROR_RESPONSES, forbidden, notFound, validationFailed, type FieldProblem } from '../errors.js';
import { DisasterDecisionsBody, DisasterDecisionsResult, DisasterEventBody, DisasterEventCreated, DisasterEventParams, DisasterIntakeBody, DisasterIntakeResult } from '../schemas/disaster.js';
import { executeUpdate, startOnce } from '../workflow-calls.js';

/** Workflows started, and decisions sent, at once: enough to keep Temporal busy, not to swamp it. */
const CONCURRENCY = 32;

/** Runs `work` over the items, at most `limit` at a time, in order of the items. */
async function eachBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** 应急: the county's emergency-management approver; a system of the county (the disaster platform) records events and households. */
const isYingji = (actor: Actor) => actor.role === 'approver' && departmentOf(actor) === 'yingji';
const mayRecord = (actor: Actor) => isYingji(actor) || actor.role === 'system';
const refused = (actor: Actor, what: 'what.openDisaster' | 'what.decideDisaster') => forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg(what) }));

/** The event as the caller may act on it: another county's is not found (404), a role that may not is 403. */
async function eventFor(deps: ApiDeps, actor: Actor, eventId: string, may: (a: Actor) => boolean, what: 'what.openDisaster' | 'what.decideDisaster'): Promise<DisasterEventRow> {
  const event = await findDisasterEvent(deps.db, eventId);
  if (!event || countyOf(actor.org) !== event.countyCode) throw notFound(msg('disaster.eventNotFound', { id: eventId }));
  if (!may(actor)) throw refused(actor, what);
  return event;
}

/** A case id per event and key, the same on every call: the key is the caller's, hashed so any text makes an id. */
const caseIdOf = (eventId: string, key: string) => `${eventId}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * 受灾人员救助 (001 §二(七)): 应急 records a disaster event and opens a case for each affected household,
 * up to a thousand in one request and idempotent per event and key; its approver decides them one by
 * one (the case action `decide`) or in batches.
 */
export const disasterRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/disaster-events', {
      schema: { tags: ['cases'], summary: '受灾人员救助: record a disaster event (应急 approver, or a system, of its county)', body: DisasterEventBody, response: { 201: DisasterEventCreated, ...ERROR_RESPONSES } },
      handler: async (request, reply) => {
        const { actor, body } = request;
        if (!mayRecord(actor)) throw refused(actor, 'what.openDisaster');
        if (actor.org !== body.countyCode) throw forbidden(msg('auth.outsideScope', { org: body.countyCode }));
        const eventId = `disaster-${randomUUID()}`;
        await insertDisasterEvent(deps.db, { eventId, name: body.name, occurredOn: body.occurredOn, kind: body.kind, countyCode: body.countyCode, createdBy: actor.sub });
        return reply.status(201).send({ eventId });
      },
    });

    app.post('/disaster-events/:eventId/cases', {
      // A thousand households are more than the API's default body limit, and their workflows' starts take
      // seconds: this route has its own limit and deadline (a retry after a 503 starts whatever is left).
      bodyLimit: 4 * 1024 * 1024,
      config: { requestDeadlineMs: 30_000 } satisfies RouteDeadline,
      schema: {
        tags: ['cases'],
        summary: '受灾人员救助: open a case per affected household (≤ 1,000 a request); the same event and key again creates nothing',
        params: DisasterEventParams,
        body: DisasterIntakeBody,
        response: { 201: DisasterIntakeResult, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        const event = await eventFor(deps, actor, request.params.eventId, mayRecord, 'what.openDisaster');
        const problems: FieldProblem[] = [];
        const seen = new Set<string>();
        body.households.forEach((h, i) => {
          if (countyOf(h.orgCode) !== event.countyCode) problems.push({ path: `households.${i}.orgCode`, message: msg('disaster.streetOutsideCounty', { county: event.countyCode }) });
          if (seen.has(h.key)) problems.push({ path: `households.${i}.key`, message: msg('disaster.keyTwice', { key: h.key }) });
          seen.add(h.key);
        });
        if (problems.length > 0) throw validationFailed(problems);
        const keyed = body.households.map((h) => ({ key: h.key, caseId: caseIdOf(event.eventId, h.key) }));
        const { created, rows } = await claimDisasterCases(deps.db, event.eventId, keyed);
        // Cases whose workflow is not started yet: those just created, and any a failed earlier call left behind.
        const toStart = new Set(rows.filter((r) => !r.started).map((r) => r.key));
        const acceptedAt = new Date().toISOString();
        const inputs: CaseInput[] = body.households
          .filter((h) => toStart.has(h.key))
          .map((h) => ({
            caseId: caseIdOf(event.eventId, h.key),
            applicationId: null,
            type: 'disaster',
            orgCode: h.orgCode,
            applicant: applicantRecord(deps.piiHashKey, h.applicant),
            household: { size: h.household.size, monthlyIncomeFen: h.household.monthlyIncomeFen ?? 0, ...(h.household.address ? { address: h.household.address } : {}) },
            acceptedAt,
            acceptedBy: actor,
            // 容缺审批、告知承诺 in a public emergency (001 §四(四)): a commitment stands in for a missing proof,
            // verified afterwards; the workflow checks our records itself (a listed applicant waits for the county's review).
            intake: {
              department: 'yingji',
              ...(h.pledgedInsteadOfProof?.length ? { pledgedInsteadOfProof: h.pledgedInsteadOfProof } : {}),
              disaster: { eventId: event.eventId, key: h.key, needs: h.needs, ...(h.amountFen ? { amountFen: h.amountFen } : {}) },
            },
          }));
        await eachBounded(inputs, CONCURRENCY, (input) => startOnce(deps.temporal, disaster.workflowType, input.caseId, input));
        await markDisasterCasesStarted(deps.db, inputs.map((i) => i.caseId));
        for (const _ of inputs) deps.metrics.casesStarted.inc({ type: 'disaster' });
        const byKey = new Map(rows.map((r) => [r.key, r.caseId]));
        return reply.status(201).send({
          created: created.size,
          existing: body.households.length - created.size,
          cases: body.households.map((h) => ({ key: h.key, caseId: byKey.get(h.key)! })),
        });
      },
    });

    app.post('/disaster-events/:eventId/decisions', {
      schema: {
        tags: ['cases'],
        summary: '受灾人员救助: decide cases of the event in a batch (应急 approver); each case as its own decide, refusals listed',
        params: DisasterEventParams,
        body: DisasterDecisionsBody,
        response: { 200: DisasterDecisionsResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body } = request;
        const event = await eventFor(deps, actor, request.params.eventId, isYingji, 'what.decideDisaster');
        const ours = await casesOfEvent(deps.db, event.eventId, body.caseIds);
        const strangers = body.caseIds.flatMap((id, i) => (ours.has(id) ? [] : [{ path: `caseIds.${i}`, message: msg('disaster.notOfEvent', { id: event.eventId }) }]));
        if (strangers.length > 0) throw validationFailed(strangers);
        const decide =
          body.decision === 'approve'
            ? { action: 'decide' as const, decision: 'approve' as const, amountFen: body.amountFen!, ...(body.months !== undefined ? { months: body.months } : {}) }
            : { action: 'decide' as const, decision: 'reject' as const, reason: body.reason! };
        const results = await eachBounded([...new Set(body.caseIds)], CONCURRENCY, async (caseId) => {
          try {
            const view = await executeUpdate(deps.temporal, caseId, caseActionUpdate, { args: [{ actor, request: decide }] });
            return { caseId, outcome: 'decided' as const, status: view.status };
          } catch (err) {
            if (err instanceof ApiError) return { caseId, outcome: 'refused' as const, code: err.code };
            throw err;
          }
        });
        const decided = results.filter((r) => r.outcome === 'decided').length;
        return { decided, refused: results.length - decided, results };
      },
    });
  };
