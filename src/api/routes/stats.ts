import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { slaMonthly, slaStats } from '../../db/cases.js';
import { listScope, requireRole } from '../auth.js';
import { SPENDING_READERS, STATS_READERS } from '../../domain/roles.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { badRequest, ErrorBody } from '../errors.js';
import { SlaMonthly, SlaMonthlyQuery, SlaQuery, SlaStats } from '../schemas/stats.js';
import { Spending, SpendingQuery } from '../schemas/benefits.js';
import { spending } from '../../db/payrolls.js';
import { countOverdueCooperation } from '../../db/cooperation.js';
import { countyOf } from '../../domain/org.js';
import { contactsOverdueByStreet, contactOverdueWhere, nextContactOn } from '../../db/contacts.js';
import { overdueDiscoveriesByStreet } from '../../db/discoveries.js';
import { contactPolicy } from '../../db/policies.js';
import { contactEveryDays } from '../../domain/contacts.js';
import { shanghaiDate } from '../../domain/dates.js';

/** The supervisor's board of 走访联系: per street, discoveries unvisited after their due date and benefits past their next contact, today. */
async function careByStreet(db: ApiDeps['db'], orgCode: string) {
  const today = shanghaiDate(Date.now());
  const policy = await contactPolicy(db, countyOf(orgCode), today);
  const discoveries = await overdueDiscoveriesByStreet(db, orgCode, today);
  const contacts = await contactsOverdueByStreet(db, orgCode, contactOverdueWhere(today, nextContactOn((type, alone) => contactEveryDays(type, alone, policy))));
  const streets = [...new Set([...discoveries, ...contacts].map((r) => r.orgCode))].sort();
  const count = (rows: typeof discoveries, street: string) => rows.find((r) => r.orgCode === street)?.n ?? 0;
  return streets.map((street) => ({ orgCode: street, discoveriesOverdue: count(discoveries, street), contactsOverdue: count(contacts, street) }));
}

export const statsRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/stats/sla', {
      schema: {
        tags: ['stats'],
        summary: 'Per street and type: open, decided on time, decided late, overdue now (cases accepted from..to)',
        querystring: SlaQuery,
        response: {
          200: SlaStats,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, STATS_READERS, 'what.readSla');
        const { from, to } = request.query;
        const orgCode = listScope(actor, request.query.orgCode);
        if (from && to && from > to) throw badRequest('to', msg('field.notBeforeFrom'));
        // One after the other: a query left running beside a failed one outlives the request (and holds the pool at close).
        const items = await slaStats(db, orgCode, from, to);
        const cooperationOverdue = await countOverdueCooperation(db, countyOf(orgCode));
        return { orgCode, from: from ?? null, to: to ?? null, items, cooperationOverdue, care: await careByStreet(db, orgCode) };
      },
    });

    app.get('/stats/sla/monthly', {
      schema: {
        tags: ['stats'],
        summary: 'Per month (Asia/Shanghai): decided, on time, late, on-time rate; 临时救助 急难型 paid within or after 24 hours',
        querystring: SlaMonthlyQuery,
        response: { 200: SlaMonthly, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, STATS_READERS, 'what.readSla');
        const { from, to, type } = request.query;
        if (from > to) throw badRequest('to', msg('field.notBeforeFrom'));
        const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
        if (span >= 36) throw badRequest('to', msg('field.atMost36Months'));
        const orgCode = listScope(actor, request.query.orgCode);
        const rows = await slaMonthly(db, orgCode, type, from, to);
        return {
          orgCode,
          type: type ?? null,
          items: rows.map((r) => ({ ...r, onTimeRate: r.decided > 0 ? r.decidedOnTime / r.decided : null })),
        };
      },
    });

    app.get('/stats/spending', {
      schema: {
        tags: ['stats'],
        summary: 'Money paid per month × type × street: benefit payments sent, 临时救助 paid and services verified (the base of the 5% cap on bought services, 001 §十)',
        querystring: SpendingQuery,
        response: { 200: Spending, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, SPENDING_READERS, 'what.readSpending');
        const { from, to } = request.query;
        if (from > to) throw badRequest('to', msg('field.notBeforeFrom'));
        const orgCode = listScope(actor, request.query.orgCode);
        const items = await spending(db, orgCode, from, to);
        return { orgCode, from, to, items, totalFen: items.reduce((s, i) => s + i.amountFen, 0) };
      },
    });
  };
