import { createHmac } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { streetsWithCases } from '../../db/cases.js';
import {
  campaignLedger,
  countDiscoveries,
  discoveryBy,
  findCampaign,
  findDiscovery,
  latestCampaignPushes,
  listDiscoveries,
  openCampaign,
  recordCampaignPush,
  reportDiscoveries,
  stepDiscovery,
  type DiscoveryRow,
  type NewDiscovery,
} from '../../db/discoveries.js';
import { insertNotifications } from '../../db/notifications.js';
import { discoveryVisitDays } from '../../db/policies.js';
import { msg, render, roleName } from '../../domain/catalogue.js';
import { shanghaiDate, type IsoDate } from '../../domain/dates.js';
import {
  allowedDiscoveryActions,
  discoveryActionProblem,
  discoveryStatusAfter,
  isDiscoveryOverdue,
  mayOpenCampaign,
  mayPushCampaignList,
  mayReadCampaign,
  mayReadDiscoveries,
  mayReport,
  visitDueDate,
} from '../../domain/discoveries.js';
import { countyOf } from '../../domain/org.js';
import { maskResidentId } from '../../domain/resident-id.js';
import { stepActor, type Actor } from '../../domain/roles.js';
import { personKey } from '../applicant.js';
import type { RouteDeadline } from '../deadline.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound, validationFailed } from '../errors.js';
import { withResourceId } from '../idempotency.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { Campaign, CampaignBody, CampaignParams, CampaignPush, DiscoveriesQuery, Discovery, DiscoveryActionBody, DiscoveryImport, DiscoveryImportResult, DiscoveryList, DiscoveryParams, DiscoveryReport } from '../schemas/discoveries.js';
import { workingCalendarOf } from '../working-days.js';
import { openApplication } from './applications.js';
import type { z } from 'zod';

type Report = z.infer<typeof DiscoveryReport>;

/** 10,000 rows at up to 1.6 KB each. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;


function present(actor: Actor, r: DiscoveryRow, today: IsoDate, existing = false) {
  return {
    discoveryId: r.discoveryId!,
    seq: r.id,
    source: r.source,
    orgCode: r.orgCode,
    status: r.status,
    person: { name: r.personName, idNumberMasked: r.personIdMasked },
    address: r.address,
    situation: r.situation,
    foundOn: r.foundOn,
    visitDueDate: r.visitDueDate,
    overdue: isDiscoveryOverdue(r, today),
    visitedOn: r.visitedOn,
    findings: r.findings,
    applicationId: r.applicationId,
    outcome: r.outcome,
    existing,
    history: r.history,
    allowedActions: allowedDiscoveryActions(actor, r),
  };
}

/**
 * The rows reports become: the person by a keyed hash (the ID number's, or without one, of name,
 * street and address: the same report twice is the same person), the visit due on the street's
 * calendar the policy's working days after the day found.
 */
async function rowsOf(deps: ApiDeps, actor: Actor, reports: readonly Report[], today: IsoDate, single = false): Promise<NewDiscovery[]> {
  const calendarOf = await workingCalendarOf(deps.db);
  const days = new Map<string, number>();
  // A list's rows share a few found-on days and provinces: each due date is counted once.
  const dues = new Map<string, IsoDate>();
  const rows: NewDiscovery[] = [];
  for (const [i, r] of reports.entries()) {
    const countyCode = countyOf(r.orgCode);
    const foundOn = r.foundOn ?? today;
    if (foundOn > today) throw badRequest(single ? 'foundOn' : `rows.${i}.foundOn`, msg('field.notAfterToday'));
    if (!days.has(countyCode)) days.set(countyCode, await discoveryVisitDays(deps.db, countyCode, today));
    const dueKey = `${countyCode}:${foundOn}`;
    if (!dues.has(dueKey)) dues.set(dueKey, visitDueDate(calendarOf(r.orgCode), foundOn, days.get(countyCode)!));
    const id = r.person.idNumber;
    const idHash = id ? personKey(deps.piiHashKey, id) : null;
    rows.push({
      source: r.source,
      orgCode: r.orgCode,
      countyCode,
      personName: r.person.name,
      personIdHash: idHash,
      personIdMasked: id ? maskResidentId(id) : null,
      personKey: idHash ?? createHmac('sha256', deps.piiHashKey).update(`${r.person.name}\n${r.orgCode}\n${r.address}`).digest('hex'),
      address: r.address,
      situation: r.situation,
      foundOn,
      visitDueDate: dues.get(dueKey)!,
      history: [{ action: 'report', at: new Date().toISOString(), by: stepActor(actor) }],
      createdBy: actor.sub,
    });
  }
  return rows;
}

async function readDiscovery(deps: ApiDeps, actor: Actor, discoveryId: string): Promise<DiscoveryRow> {
  const row = await findDiscovery(deps.db, discoveryId);
  if (!row || !mayReadDiscoveries(actor, row.orgCode)) throw notFound(msg('discovery.notFound', { id: discoveryId }));
  return row;
}

/** 主动发现 and the yearly 摸底排查 (001 §六; 004). */
export const discoveryRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/discoveries', {
      schema: {
        tags: ['discoveries'],
        summary: '主动发现: report a person in hardship (the street’s caseworker, or an importing system of its county); the visit is due in the policy’s working days',
        headers: IdempotencyHeaders,
        body: DiscoveryReport,
        response: { 201: Discovery, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        if (!mayReport(actor, body.orgCode)) throw forbidden(msg('discovery.mayNotReport', { role: roleName(actor.role, actor.dept), org: body.orgCode }));
        const today = shanghaiDate(Date.now());
        const [report] = await rowsOf(deps, actor, [body], today, true);
        const answer = await withResourceId(deps.db, actor, 'discovery', body, request.headers['idempotency-key'], async (requestId) => {
          const { createdIds } = await reportDiscoveries(deps.db, [{ ...report!, requestId }]);
          // Already pending: this request's own earlier write (a retry), or the same person from the same source.
          const id = createdIds[0];
          const found = id !== undefined ? await discoveryBy(deps.db, { id }) : ((await discoveryBy(deps.db, { requestId })) ?? (await discoveryBy(deps.db, { source: report!.source, personKey: report!.personKey })));
          if (!found) throw invalidTransition(msg('discovery.notFound', { id: requestId }));
          return present(actor, found, today, id === undefined && found.requestId !== requestId);
        });
        return reply.status(201).send(answer);
      },
    });

    app.post('/discoveries::import', {
      // A match list of 10,000 rows is megabytes and seconds: this route alone takes more than the API's
      // 256 KB, and a minute rather than the request deadline (one transaction: all rows or none).
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { requestDeadlineMs: 60_000 } satisfies RouteDeadline,
      schema: {
        tags: ['discoveries'],
        summary: '主动发现: a department’s match list (an importing system of the county; up to 10,000 rows), idempotent per person and source',
        body: DiscoveryImport,
        response: { 200: DiscoveryImportResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body } = request;
        const refused = body.rows.flatMap((r, i) => (actor.role === 'system' && mayReport(actor, r.orgCode) ? [] : [{ path: `rows.${i}.orgCode`, message: msg('discovery.mayNotReport', { role: roleName(actor.role, actor.dept), org: r.orgCode }) }]));
        // Not a system of a county any row lies in: it reports nothing here. Some rows elsewhere: each named.
        if (actor.role !== 'system' || refused.length === body.rows.length) throw forbidden(msg('discovery.mayNotReport', { role: roleName(actor.role, actor.dept), org: actor.org }));
        if (refused.length > 0) throw validationFailed(refused.slice(0, 20));
        const { createdIds, existing } = await reportDiscoveries(deps.db, await rowsOf(deps, actor, body.rows, shanghaiDate(Date.now())));
        return { created: createdIds.length, existing };
      },
    });

    app.get('/discoveries', {
      schema: { tags: ['discoveries'], summary: '主动发现台账: a street’s or a county’s discoveries, by status, overdue ones first when asked', querystring: DiscoveriesQuery, response: { 200: DiscoveryList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, query } = request;
        const orgCode = query.orgCode ?? (actor.role === 'caseworker' ? actor.org : countyOf(actor.org));
        const readable = orgCode.length === 9 ? mayReadDiscoveries(actor, orgCode) : actor.role !== 'caseworker' && mayReadDiscoveries(actor, `${orgCode}001`);
        if (!readable) throw forbidden(msg('auth.mayNotRead', { role: roleName(actor.role, actor.dept), resource: msg('noun.discoveries'), org: orgCode }));
        const today = shanghaiDate(Date.now());
        const filter = { orgCode, ...(query.status ? { status: query.status } : {}), ...(query.overdue === 'true' ? { overdueOn: today } : {}) };
        // One after the other: a query left running beside a failed one outlives the request (and holds the pool at close).
        const rows = await listDiscoveries(deps.db, { ...filter, ...(query.before ? { beforeId: query.before } : {}), limit: query.limit });
        const total = await countDiscoveries(deps.db, filter);
        return { items: rows.map((r) => present(actor, r, today)), total, nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
      },
    });

    app.get('/discoveries/:discoveryId', {
      schema: { tags: ['discoveries'], summary: '主动发现: one discovery with its steps', params: DiscoveryParams, response: { 200: Discovery, ...ERROR_RESPONSES } },
      handler: async (request) => present(request.actor, await readDiscovery(deps, request.actor, request.params.discoveryId), shanghaiDate(Date.now())),
    });

    app.post('/discoveries/:discoveryId/actions', {
      schema: {
        tags: ['discoveries'],
        summary: '主动发现: visit {findings}, then invite to apply, close {reason} or refer {receivingOrg} (the street’s caseworker); `allowedActions` says which now',
        params: DiscoveryParams,
        body: DiscoveryActionBody,
        response: { 200: Discovery, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body, params } = request;
        const before = await readDiscovery(deps, actor, params.discoveryId);
        const today = shanghaiDate(Date.now());
        // An invitation opens the application first (once per discovery: its key), then marks the discovery.
        let applicationId: string | undefined;
        if (body.action === 'invite') {
          const early = discoveryActionProblem(actor, before, 'invite');
          if (early) throw early.status === 403 ? forbidden(early.message) : invalidTransition(early.message);
          if (body.application.orgCode !== before.orgCode) throw badRequest('application.orgCode', msg('discovery.otherStreet', { org: before.orgCode }));
          applicationId = (await openApplication(deps, actor, body.application, `discovery-invite:${before.discoveryId!}`)).applicationId;
        }
        const row = await stepDiscovery(deps.db, params.discoveryId, async (r) => {
          const problem = discoveryActionProblem(actor, r, body.action);
          if (problem) throw problem.status === 403 ? forbidden(problem.message) : invalidTransition(problem.message);
          const step = { action: body.action, at: new Date().toISOString(), by: stepActor(actor) };
          const status = discoveryStatusAfter(body.action);
          switch (body.action) {
            case 'visit': {
              const on = body.on ?? today;
              if (on > today) throw badRequest('on', msg('field.notAfterToday'));
              if (on < r.foundOn) throw badRequest('on', msg('discovery.visitBeforeFound', { foundOn: r.foundOn }));
              return { change: { status, visitedOn: on, findings: body.findings }, step: { ...step, note: body.findings } };
            }
            case 'invite':
              return { change: { status, applicationId: applicationId! }, step: { ...step, note: applicationId! } };
            case 'close':
              return { change: { status, outcome: body.reason }, step: { ...step, note: body.reason } };
            case 'refer':
              return { change: { status, outcome: body.receivingOrg }, step: { ...step, note: body.note ? `${body.receivingOrg}：${body.note}` : body.receivingOrg } };
          }
        });
        if (!row) throw notFound(msg('discovery.notFound', { id: params.discoveryId }));
        return present(actor, row, today);
      },
    });

    app.post('/campaigns', {
      schema: {
        tags: ['discoveries'],
        summary: '摸底排查: open the county’s yearly campaign (its 民政 approver or supervisor; one a county and year); its streets are told',
        body: CampaignBody,
        response: { 201: Campaign, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        if (!mayOpenCampaign(actor, body.countyCode)) throw forbidden(msg('campaign.mayNot'));
        const campaignId = `campaign-${body.countyCode}-${body.year}`;
        const row = await openCampaign(deps.db, { campaignId, countyCode: body.countyCode, year: body.year, openedBy: actor.sub });
        if (!row) throw invalidTransition(msg('campaign.exists', { county: body.countyCode, year: body.year, id: campaignId }));
        const streets = await streetsWithCases(deps.db, body.countyCode);
        await insertNotifications(
          deps.db,
          streets.map((street) => ({
            eventKey: `${campaignId}:opened`,
            caseId: null,
            kind: 'campaign',
            recipientRole: 'caseworker',
            recipientOrg: street,
            message: `${body.year} 年困难群众摸底排查已开展：请全面走访辖区困难群众，发现一人登记一人（主动发现台账）`,
            createdAt: new Date().toISOString(),
          })),
        );
        return reply.status(201).send(await ledgerOf(deps, row));
      },
    });

    app.get('/campaigns/:campaignId', {
      schema: { tags: ['discoveries'], summary: '摸底排查: the ledger, street by street (found, visited, invited, overdue)', params: CampaignParams, response: { 200: Campaign, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const row = await findCampaign(deps.db, { campaignId: request.params.campaignId });
        if (!row || !mayReadCampaign(request.actor, row.countyCode)) throw notFound(msg('campaign.notFound', { id: request.params.campaignId }));
        return ledgerOf(deps, row);
      },
    });

    app.post('/campaigns/:campaignId/pushes', {
      schema: {
        tags: ['discoveries'],
        summary: '摸底排查: a street pushes its list of the year to the county (a caseworker of one of its streets; as often as it has news); the county’s 民政 approvers and supervisors are told the counts',
        params: CampaignParams,
        response: { 201: CampaignPush, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, params } = request;
        const c = await findCampaign(deps.db, { campaignId: params.campaignId });
        // Another county's campaign is not there for this caller.
        if (!c || countyOf(actor.org) !== c.countyCode) throw notFound(msg('campaign.notFound', { id: params.campaignId }));
        if (!mayPushCampaignList(actor, c.countyCode)) throw forbidden(msg('campaign.mayNotPush'));
        const [counts] = await yearLedger(deps, c, actor.org);
        const row = await deps.db.transaction(async (tx) => {
          const pushed = await recordCampaignPush(tx, { campaignId: c.campaignId, orgCode: actor.org, pushedBy: actor.sub, discovered: counts?.discovered ?? 0, visited: counts?.visited ?? 0, invited: counts?.invited ?? 0, overdue: counts?.overdue ?? 0 });
          const message = render(msg('campaign.pushed', { street: actor.org, year: c.year, discovered: pushed.discovered, visited: pushed.visited, invited: pushed.invited, overdue: pushed.overdue }), 'zh');
          const note = { eventKey: `${c.campaignId}:push:${pushed.pushId}`, caseId: null, kind: 'campaign-push', recipientOrg: c.countyCode, message, createdAt: pushed.pushedAt.toISOString() };
          await insertNotifications(tx, [
            { ...note, recipientRole: 'approver', recipientDept: 'minzheng' },
            { ...note, recipientRole: 'supervisor' },
          ]);
          return pushed;
        });
        return reply.status(201).send({ campaignId: row.campaignId, orgCode: row.orgCode, pushedAt: row.pushedAt.toISOString(), discovered: row.discovered, visited: row.visited, invited: row.invited, overdue: row.overdue });
      },
    });
  };

/** A campaign's year counted street by street as of today (one street's, when given). */
const yearLedger = (deps: ApiDeps, c: { countyCode: string; year: number }, street?: string) =>
  campaignLedger(deps.db, c.countyCode, `${c.year}-01-01`, `${c.year}-12-31`, shanghaiDate(Date.now()), street);

async function ledgerOf(deps: ApiDeps, c: { campaignId: string; countyCode: string; year: number; openedAt: Date }) {
  const counted = await yearLedger(deps, c);
  const pushes = new Map((await latestCampaignPushes(deps.db, c.campaignId)).map((p) => [p.orgCode, p.pushedAt.toISOString()]));
  // A street that pushed an empty list is in the ledger too.
  const zero = { discovered: 0, visited: 0, invited: 0, overdue: 0 };
  const streets = [...counted, ...[...pushes.keys()].filter((org) => !counted.some((s) => s.orgCode === org)).map((orgCode) => ({ orgCode, ...zero }))]
    .sort((a, b) => a.orgCode.localeCompare(b.orgCode))
    .map((s) => ({ ...s, pushedAt: pushes.get(s.orgCode) ?? null }));
  const sum = (k: 'discovered' | 'visited' | 'invited' | 'overdue') => streets.reduce((n, s) => n + s[k], 0);
  return { campaignId: c.campaignId, countyCode: c.countyCode, year: c.year, openedAt: c.openedAt.toISOString(), streets, totals: { discovered: sum('discovered'), visited: sum('visited'), invited: sum('invited'), overdue: sum('overdue') } };
}
