import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { streetsWithCases, temporaryCasesAwaitingFunds } from '../../db/cases.js';
import { ReserveConflictError } from '../../db/money-checks.js';
import { reservePresetFen } from '../../db/policies.js';
import { countyReserveFunds, replenishReserve, reserveFundOf, type LedgerPage } from '../../db/reserve-fund.js';
import { shanghaiDate } from '../../domain/dates.js';
import { countyOf } from '../../domain/org.js';
import { RESERVE_OVERVIEW_READERS, departmentOf } from '../../domain/roles.js';
import { reserveReplenishedSignal } from '../../workflows/messages.js';
import { requireReader, requireRole, requireScope } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ApiError, ERROR_RESPONSES, forbidden } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { requireWithinLimit } from '../limits.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { Replenished, ReplenishmentBody, ReserveFund, ReserveFundParams, ReserveFundQuery, ReserveOverview, ReserveOverviewQuery } from '../schemas/reserve-funds.js';
import { signalCases } from '../workflow-calls.js';

/** A fund below this share of its preset is shown as low (ours: the street should ask for money before it runs out). */
const LOW_BALANCE_RATIO = 0.3;

export const reserveFundRoutes =
  ({ db, temporal }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    /**
     * The fund as it stands. Every street has one by policy: until its first movement (when the preset
     * is written to the ledger) it shows the preset balance and no entries; reading writes nothing.
     */
    async function fundView(orgCode: string, page: LedgerPage) {
      const fund = await reserveFundOf(db, orgCode, page);
      if (!fund) {
        const presetFen = await reservePresetFen(db, countyOf(orgCode), shanghaiDate(Date.now()));
        return { orgCode, countyCode: countyOf(orgCode), balanceFen: presetFen, presetFen, entries: [], entriesTotal: 0 };
      }
      return { ...fund, entries: fund.entries.map(isoDates) };
    }

    app.get('/reserve-funds', {
      schema: {
        tags: ['money'],
        summary: 'A county’s reserve funds, one per street that has used its fund or has cases, with low balances marked',
        querystring: ReserveOverviewQuery,
        response: { 200: ReserveOverview, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, RESERVE_OVERVIEW_READERS, 'what.readFunds');
        const countyCode = request.query.countyCode ?? actor.org;
        requireReader(actor, 'reserveFund', countyCode);
        const [funds, streets] = await Promise.all([countyReserveFunds(db, countyCode), streetsWithCases(db, countyCode)]);
        const presetFen = await reservePresetFen(db, countyCode, shanghaiDate(Date.now()));
        const unused = streets.filter((s) => !funds.some((f) => f.orgCode === s)).map((orgCode) => ({ orgCode, balanceFen: presetFen, presetFen, used: false, updatedAt: null }));
        const used = funds.map((f) => ({ ...f, used: true, updatedAt: f.updatedAt.toISOString() }));
        const items = [...used, ...unused]
          .sort((a, b) => a.orgCode.localeCompare(b.orgCode))
          .map((f) => ({ ...f, low: f.balanceFen < f.presetFen * LOW_BALANCE_RATIO }));
        return { countyCode, lowBalanceRatio: LOW_BALANCE_RATIO, items };
      },
    });

    app.get('/reserve-funds/:orgCode', {
      schema: {
        tags: ['money'],
        summary: 'A street’s reserve fund (临时救助备用金): balance and ledger, newest first',
        params: ReserveFundParams,
        querystring: ReserveFundQuery,
        response: { 200: ReserveFund, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        requireReader(request.actor, 'reserveFund', request.params.orgCode);
        const { limit, offset, sortBy, sortOrder } = request.query;
        return fundView(request.params.orgCode, { limit, ...(offset !== undefined ? { offset } : {}), ...(sortBy ? { sortBy, sortOrder } : {}) });
      },
    });

    app.post('/reserve-funds/:orgCode/replenishments', {
      schema: {
        tags: ['money'],
        summary: 'Replenish a street’s reserve fund (county approver); cases waiting for money are paid',
        params: ReserveFundParams,
        headers: IdempotencyHeaders,
        body: ReplenishmentBody,
        response: { 201: Replenished, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const { orgCode } = request.params;
        requireRole(actor, ['approver'], 'what.replenish');
        // The reserve is civil affairs' money: another department's approver does not move it.
        if (departmentOf(actor) !== 'minzheng') throw forbidden(msg('fund.otherDepartment', { dept: msg(`dept.${departmentOf(actor)}`) }));
        requireScope(actor, orgCode);
        await requireWithinLimit(db, orgCode, request.body.amountFen, 'amountFen');
        const key = request.headers['idempotency-key'];
        const result = await replenishReserve(db, {
          orgCode,
          presetFen: await reservePresetFen(db, countyOf(orgCode), shanghaiDate(Date.now())),
          amountFen: request.body.amountFen,
          actorSub: actor.sub,
          // Scoped to the street and the caller: the same key elsewhere is another request.
          entryKey: `replenish:${orgCode}:${key ? `${actor.sub}:${key}` : randomUUID()}`,
          note: request.body.note,
          at: new Date(),
        }).catch((err: unknown) => {
          if (err instanceof ReserveConflictError) {
            throw new ApiError(409, 'idempotency_key_reused', msg('idempotency.reused'));
          }
          throw err;
        });
        // Wakes the street's cases that wait for money, oldest first; each retries its payout under the
        // fund lock. A lost signal only delays the payment until the workflow's hourly re-check.
        await signalCases(temporal, await temporaryCasesAwaitingFunds(db, orgCode), reserveReplenishedSignal, request.log, 'could not signal a case waiting for funds');
        const fund = await fundView(orgCode, { limit: 100 });
        return reply.status(201).send({ ...fund, replenishment: { entryId: result.entryId, amountFen: request.body.amountFen, duplicate: result.duplicate } });
      },
    });
  };
