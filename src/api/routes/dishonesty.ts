import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { entryFromCase, findEntry, listEntries, proposeEntry, stepEntry, type DishonestyEntryRow } from '../../db/dishonesty-entries.js';
import { listDishonestyEntries } from '../../db/dishonesty-list.js';
import { dishonestyListingDays } from '../../db/policies.js';
import { msg, render, roleName } from '../../domain/catalogue.js';
import { normaliseCreditCode } from '../../domain/credit-code.js';
import { shanghaiDate, type IsoDate } from '../../domain/dates.js';
import { allowedDishonestyActions, dishonestyActionProblem, isListedOn, listingPeriod, mayPropose, mayReadEntries, statusAfter, type DishonestyStep, type EntryFacts } from '../../domain/dishonesty.js';
import { countyOf } from '../../domain/org.js';
import { maskResidentId } from '../../domain/resident-id.js';
import { stepActor, type Actor } from '../../domain/roles.js';
import { personKey } from '../applicant.js';
import { requireReader, requireRole } from '../auth.js';
import { readCase } from '../case-access.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound } from '../errors.js';
import { withResourceId } from '../idempotency.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import {
  DishonestyEntries,
  DishonestyEntriesQuery,
  DishonestyEntry,
  DishonestyEntryActionBody,
  DishonestyEntryBody,
  DishonestyEntryList,
  DishonestyEntryParams,
  DishonestyLookup,
} from '../schemas/dishonesty.js';

/** What the rules read of an entry: an entry a revocation wrote has no proposal step, and no proposer. */
const factsOf = (r: DishonestyEntryRow): EntryFacts => ({ status: r.status, countyCode: r.countyCode ?? '', proposedBy: r.history.find((s) => s.action === 'propose')?.by.sub });


/** An entry as its readers see it: a person only by the mask, with what the caller may do to it now. */
function present(actor: Actor, r: DishonestyEntryRow, today: IsoDate) {
  const countyCode = r.countyCode ?? '';
  return {
    entryId: r.entryId!,
    seq: r.id,
    status: r.status,
    kind: r.kind,
    subject: r.subjectKind === 'person' ? { kind: 'person' as const, idNumberMasked: r.applicantIdMasked! } : { kind: 'organisation' as const, creditCode: r.creditCode!, name: r.organisationName! },
    countyCode,
    sourceCaseId: r.sourceCaseId,
    evidence: r.evidence,
    reason: r.reason,
    startDate: r.startDate,
    listedUntil: r.expiresOn,
    listedNow: isListedOn(r, today),
    history: r.history,
    allowedActions: allowedDishonestyActions(actor, factsOf(r)),
  };
}

/** An entry of the caller's county, or of its proposal: one it may not read is not there (404). */
async function readEntry(deps: ApiDeps, actor: Actor, entryId: string): Promise<DishonestyEntryRow> {
  const row = await findEntry(deps.db, entryId);
  // Its proposer reads it too (a 医保 approver's proposal is decided by 民政).
  if (!row || !row.countyCode || !(mayReadEntries(actor, row.countyCode) || factsOf(row).proposedBy === actor.sub)) throw notFound(msg('dishonesty.notFound', { id: entryId }));
  return row;
}

/**
 * 失信名单 look-up for county staff. The ID number travels in the body, never in a URL that access logs
 * keep; the list holds only a keyed hash and the masked number.
 */
export const dishonestyRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/dishonesty-list/lookups', {
      schema: {
        tags: ['applications'],
        summary: '失信名单: the entries for one person (reason, source case, start, expiry)',
        body: DishonestyLookup,
        response: {
          200: DishonestyEntries,
          ...ERROR_RESPONSES,
        },
      },
      handler: async (request) => {
        const { actor } = request;
        requireReader(actor, 'dishonestyList', actor.org);
        const rows = await listDishonestyEntries(deps.db, personKey(deps.piiHashKey, request.body.idNumber));
        const today = shanghaiDate(Date.now());
        // Another county's entry says only that the person is listed elsewhere, and until when.
        const entries = rows.map((r) => {
          const elsewhere = r.countyCode !== actor.org;
          return {
            applicantIdMasked: r.applicantIdMasked,
            elsewhere,
            reason: elsewhere ? null : r.reason,
            sourceCaseId: elsewhere ? null : r.sourceCaseId,
            startDate: elsewhere ? null : r.startDate,
            expiresOn: r.expiresOn,
            active: r.startDate <= today && today <= r.expiresOn,
          };
        });
        return { listedNow: entries.some((e) => e.active), entries };
      },
    });

    app.post('/dishonesty-entries', {
      schema: {
        tags: ['applications'],
        summary: '失信: propose an entry for a person or an organisation (a county approver); the county’s 民政 approver confirms it',
        headers: IdempotencyHeaders,
        body: DishonestyEntryBody,
        response: { 201: DishonestyEntry, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        requireRole(actor, ['approver'], 'what.proposeDishonesty');
        const countyCode = actor.org;
        if (!mayPropose(actor, countyCode)) throw forbidden(msg('auth.outsideScope', { org: countyCode }));
        if (body.sourceCaseId) {
          const found = await readCase(deps.db, actor, body.sourceCaseId);
          if (found.countyCode !== countyCode) throw badRequest('sourceCaseId', msg('dishonesty.caseElsewhere', { id: body.sourceCaseId, county: countyCode }));
        }
        const { subject } = body;
        const who =
          subject.kind === 'person'
            ? { subjectKind: 'person' as const, applicantIdHash: personKey(deps.piiHashKey, subject.idNumber), applicantIdMasked: maskResidentId(subject.idNumber) }
            : { subjectKind: 'organisation' as const, creditCode: normaliseCreditCode(subject.creditCode), organisationName: subject.name };
        const row = await withResourceId(deps.db, actor, 'dishonesty', body, request.headers['idempotency-key'], async (requestId) => {
          const proposed = await proposeEntry(
            deps.db,
            { ...who, requestId, kind: body.kind, reason: render(msg(`dishonesty.kind.${body.kind}`), 'zh'), evidence: body.evidence, sourceCaseId: body.sourceCaseId ?? null, countyCode, createdBy: actor.sub },
            { action: 'propose', at: new Date().toISOString(), by: stepActor(actor) },
          );
          if (proposed) return proposed;
          // One entry per person and case (a false commitment's revocation lists the applicant itself).
          const first = who.subjectKind === 'person' && body.sourceCaseId ? await entryFromCase(deps.db, who.applicantIdHash, body.sourceCaseId) : undefined;
          throw invalidTransition(msg('dishonesty.alreadyFromCase', { id: first?.entryId ?? '', caseId: body.sourceCaseId ?? '' }));
        });
        return reply.status(201).send(present(actor, row, shanghaiDate(Date.now())));
      },
    });

    app.get('/dishonesty-entries', {
      schema: {
        tags: ['applications'],
        summary: '失信: the county’s entries, newest first, by status',
        querystring: DishonestyEntriesQuery,
        response: { 200: DishonestyEntryList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, query } = request;
        const countyCode = query.countyCode ?? countyOf(actor.org);
        if (!mayReadEntries(actor, countyCode)) throw forbidden(msg('auth.mayNotRead', { role: roleName(actor.role, actor.dept), resource: msg('noun.dishonestyList'), org: countyCode }));
        const rows = await listEntries(deps.db, { countyCode, ...(query.status ? { status: query.status } : {}), ...(query.before ? { beforeId: query.before } : {}), limit: query.limit });
        const today = shanghaiDate(Date.now());
        return { items: rows.map((r) => present(actor, r, today)), nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
      },
    });

    app.get('/dishonesty-entries/:entryId', {
      schema: { tags: ['applications'], summary: '失信: one entry with its history', params: DishonestyEntryParams, response: { 200: DishonestyEntry, ...ERROR_RESPONSES } },
      handler: async (request) => present(request.actor, await readEntry(deps, request.actor, request.params.entryId), shanghaiDate(Date.now())),
    });

    app.post('/dishonesty-entries/:entryId/actions', {
      schema: {
        tags: ['applications'],
        summary: '失信: confirm (listed until a date) or reject a proposal, appeal a listing, remove it; `allowedActions` says which now',
        params: DishonestyEntryParams,
        body: DishonestyEntryActionBody,
        response: { 200: DishonestyEntry, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body, params } = request;
        const found = await readEntry(deps, actor, params.entryId);
        const countyCode = found.countyCode!;
        const today = shanghaiDate(Date.now());
        if (body.action === 'confirm' && body.listedUntil !== undefined && body.listedUntil < today) throw badRequest('listedUntil', msg('field.fromToday'));
        const days = body.action === 'confirm' ? await dishonestyListingDays(deps.db, countyCode, today) : 0;
        const row = await stepEntry(deps.db, params.entryId, (r) => {
          const problem = dishonestyActionProblem(actor, factsOf(r), body.action);
          if (problem) throw problem.status === 403 ? forbidden(problem.message) : invalidTransition(problem.message);
          const step: DishonestyStep = { action: body.action, at: new Date().toISOString(), by: stepActor(actor) };
          if (body.action !== 'confirm') return { status: statusAfter(body.action), step: { ...step, reason: body.reason } };
          const running = r.startDate && r.expiresOn ? { startDate: r.startDate, expiresOn: r.expiresOn } : undefined;
          const period = listingPeriod(today, days, body.listedUntil, running);
          return { status: statusAfter('confirm'), startDate: period.startDate, expiresOn: period.expiresOn, step: { ...step, listedUntil: period.expiresOn } };
        });
        if (!row) throw notFound(msg('dishonesty.notFound', { id: params.entryId }));
        return present(actor, row, today);
      },
    });
  };
