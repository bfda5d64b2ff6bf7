import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findBenefit } from '../../db/benefits.js';
import { findCase } from '../../db/cases.js';
import { spending } from '../../db/payrolls.js';
import { servicesPolicy, tekunStandard } from '../../db/policies.js';
import { findOrder, listOrders, placeOrder, stepOrder, type ServiceOrderRow } from '../../db/service-orders.js';
import { msg, roleName } from '../../domain/catalogue.js';
import { shanghaiDate } from '../../domain/dates.js';
import { formatFen } from '../../domain/money.js';
import { lastDayOf, type Month } from '../../domain/months.js';
import { countyOf } from '../../domain/org.js';
import { stepActor, type Actor } from '../../domain/roles.js';
import { allowedServiceActions, capExceeded, countyYearLimitFen, mayReadServiceOrders, serviceActionProblem, serviceStatusAfter } from '../../domain/services.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound, validationFailed } from '../errors.js';
import { withResourceId } from '../idempotency.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { CatalogueParams, ServiceCatalogue, ServiceOrder, ServiceOrderActionBody, ServiceOrderBody, ServiceOrderList, ServiceOrderParams, ServiceOrdersQuery } from '../schemas/services.js';


function present(actor: Actor, r: ServiceOrderRow) {
  return {
    orderId: r.orderId!,
    seq: r.id,
    orgCode: r.orgCode,
    personName: r.personName,
    benefitId: r.benefitId,
    caseId: r.caseId,
    service: r.service,
    serviceName: r.serviceName,
    unit: r.unit,
    units: r.units,
    unitPriceFen: r.unitPriceFen,
    amountFen: r.amountFen,
    provider: r.provider,
    month: r.month,
    status: r.status,
    settlementId: r.settlementId,
    history: r.history,
    allowedActions: allowedServiceActions(actor, r),
  };
}

/** The assistance a county spent in a year as recorded (services included); undefined before its records. */
async function yearSpendingFen(deps: ApiDeps, countyCode: string, year: number): Promise<number | undefined> {
  const rows = await spending(deps.db, countyCode, `${year}-01`, `${year}-12`);
  return rows.length > 0 ? rows.reduce((n, r) => n + r.amountFen, 0) : undefined;
}

/** Whose service: a benefit's person or a case's applicant, of the caller's own street (else not there). */
async function personOf(deps: ApiDeps, actor: Actor, body: { benefitId?: string | undefined; caseId?: string | undefined }) {
  if (body.benefitId) {
    const b = await findBenefit(deps.db, body.benefitId);
    if (!b || actor.org !== b.orgCode) throw notFound(msg('benefit.notFound', { id: body.benefitId }));
    if (b.status === 'stopped') throw invalidTransition(msg('service.benefitStopped'));
    return { orgCode: b.orgCode, personIdHash: b.applicantIdHash, personName: b.applicantName, benefitId: b.benefitId, caseId: b.caseId };
  }
  const c = await findCase(deps.db, body.caseId!);
  if (!c || actor.org !== c.orgCode) throw notFound(msg('case.notFound', { id: body.caseId! }));
  return { orgCode: c.orgCode, personIdHash: c.applicantIdHash, personName: c.applicantName, benefitId: null, caseId: c.caseId };
}

/** 服务类救助 (001 §五, §十). */
export const serviceRoutes =
  (deps: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/service-catalogue/:countyCode', {
      schema: { tags: ['services'], summary: '服务类救助: the county’s catalogue in force today (service, unit, price)', params: CatalogueParams, response: { 200: ServiceCatalogue, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, params } = request;
        if (countyOf(actor.org) !== params.countyCode || actor.role === 'committee') throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.readServiceCatalogue') }));
        const { value, placeholder } = await servicesPolicy(deps.db, params.countyCode, shanghaiDate(Date.now()));
        return { countyCode: params.countyCode, placeholder, items: value.catalogue };
      },
    });

    app.post('/service-orders', {
      schema: {
        tags: ['services'],
        summary: '服务类救助: order a service for a benefit’s person or a case’s applicant (the street’s caseworker); 409 cap_exceeded with the figures past either cap',
        headers: IdempotencyHeaders,
        body: ServiceOrderBody,
        response: { 201: ServiceOrder, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        if ((body.benefitId === undefined) === (body.caseId === undefined)) throw validationFailed([{ path: 'benefitId', message: msg('service.nameOne') }, { path: 'caseId', message: msg('service.nameOne') }]);
        if (actor.role !== 'caseworker') throw forbidden(msg('service.mayNotOrder'));
        const person = await personOf(deps, actor, body);
        const countyCode = countyOf(person.orgCode);
        const month = body.month as Month;
        const asOf = lastDayOf(month);
        const { value: catalogue } = await servicesPolicy(deps.db, countyCode, asOf);
        const item = catalogue.catalogue.find((i) => i.service === body.service);
        if (!item) throw badRequest('service', msg('service.notInCatalogue', { county: countyCode }));
        const amountFen = item.unitPriceFen * body.units;
        // The caps: the 特困 basic standard of the month; 5 % of last year's spending as recorded (or the policy's figure before the records).
        const personMonthLimit = (await tekunStandard(deps.db, countyCode, asOf)).basicFen;
        const year = Number(month.slice(0, 4));
        const prior = (await yearSpendingFen(deps, countyCode, year - 1)) ?? catalogue.priorYearSpendingFen ?? 0;
        // A refusal (a cap) releases the key: the order corrected may be sent with it again.
        const row = await withResourceId(deps.db, actor, 'service', body, request.headers['idempotency-key'], (requestId) =>
          placeOrder(
            deps.db,
            {
              ...person,
              countyCode,
              service: item.service,
              serviceName: item.name,
              unit: item.unit,
              units: body.units,
              unitPriceFen: item.unitPriceFen,
              amountFen,
              provider: body.provider,
              month,
              history: [{ action: 'order', at: new Date().toISOString(), by: stepActor(actor) }],
              requestId,
              createdBy: actor.sub,
            },
            (used) => {
              const over = capExceeded(amountFen, { personMonth: { limitFen: personMonthLimit, usedFen: used.personMonthFen }, countyYear: { limitFen: countyYearLimitFen(prior), usedFen: used.countyYearFen } });
              if (!over) return;
              const figures = { limit: formatFen(over.limitFen), used: formatFen(over.usedFen), requested: formatFen(over.requestedFen) };
              throw new ApiError(409, 'cap_exceeded', over.cap === 'person-month' ? msg('service.capPersonMonth', figures) : msg('service.capCountyYear', figures), over);
            },
          ),
        );
        return reply.status(201).send(present(actor, row));
      },
    });

    app.get('/service-orders', {
      schema: { tags: ['services'], summary: '服务类救助: a street’s or a county’s orders', querystring: ServiceOrdersQuery, response: { 200: ServiceOrderList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, query } = request;
        const orgCode = query.orgCode ?? (actor.role === 'caseworker' ? actor.org : countyOf(actor.org));
        const readable = orgCode.length === 9 ? mayReadServiceOrders(actor, orgCode) : actor.role !== 'caseworker' && mayReadServiceOrders(actor, `${orgCode}001`);
        if (!readable) throw forbidden(msg('auth.mayNotRead', { role: roleName(actor.role, actor.dept), resource: msg('noun.serviceOrders'), org: orgCode }));
        const rows = await listOrders(deps.db, { orgCode, ...(query.status ? { status: query.status } : {}), ...(query.month ? { month: query.month as Month } : {}), ...(query.before ? { beforeId: query.before } : {}), limit: query.limit });
        return { items: rows.map((r) => present(actor, r)), nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
      },
    });

    app.post('/service-orders/:orderId/actions', {
      schema: {
        tags: ['services'],
        summary: '服务类救助: deliver (the street’s caseworker), verify (the county’s 民政 approver: from then it is spending), cancel',
        params: ServiceOrderParams,
        body: ServiceOrderActionBody,
        response: { 200: ServiceOrder, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body, params } = request;
        const found = await findOrder(deps.db, params.orderId);
        if (!found || !mayReadServiceOrders(actor, found.orgCode)) throw notFound(msg('service.notFound', { id: params.orderId }));
        const row = await stepOrder(deps.db, params.orderId, (r) => {
          const problem = serviceActionProblem(actor, r, body.action);
          if (problem) throw problem.status === 403 ? forbidden(problem.message) : invalidTransition(problem.message);
          const note = body.action === 'cancel' ? body.reason : body.note;
          const step = { action: body.action, at: new Date().toISOString(), by: stepActor(actor), ...(note ? { note } : {}) };
          return { status: serviceStatusAfter(body.action), ...(body.action === 'verify' ? { verifiedAt: new Date() } : {}), step };
        });
        if (!row) throw notFound(msg('service.notFound', { id: params.orderId }));
        return present(actor, row);
      },
    });
  };
