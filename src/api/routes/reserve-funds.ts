import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/dates.js';
import { countyOf } from '../../domain/org.js';
import type { Db } from '../../db/client.js';
import { reservePresetFen } from '../../db/policies.js';
import { ReserveConflictError, listFilings, replenishReserve, reserveFundOf } from '../../db/reserve-fund.js';
import { cases } from '../../db/schema.js';
import type { Temporal } from '../../temporal/client.js';
import { reserveReplenishedSignal } from '../../workflows/messages.js';
import { requireRole, requireScope } from '../auth.js';
import { ApiError, ERROR_RESPONSES, forbidden } from '../errors.js';
import { IdempotencyHeaders, PositiveFen, StreetCode } from '../schemas.js';


const ReserveFund = z
  .object({
    orgCode: z.string(),
    countyCode: z.string(),
    balanceFen: z.number(),
    presetFen: z.number(),
    entries: z.array(
      z.object({
        id: z.number(),
        kind: z.string().describe('preset | payout | replenishment | reversal'),
        amountFen: z.number().describe('signed: money in positive, a payout negative'),
        balanceAfterFen: z.number(),
        caseId: z.string().nullable(),
        instalment: z.number().nullable(),
        actorSub: z.string(),
        note: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'ReserveFund' });

const Params = z.strictObject({ orgCode: StreetCode });

export const reserveFundRoutes =
  ({ db, temporal }: { db: Db; temporal: Temporal }): FastifyPluginAsyncZod =>
  async (app) => {
    /**
     * The fund as it stands. Every street has one by policy: until its first movement (when the preset
     * is written to the ledger) it shows the preset balance and no entries; reading writes nothing.
     */
    async function fundView(orgCode: string, limit: number) {
      const fund = await reserveFundOf(db, orgCode, limit);
      if (!fund) {
        const presetFen = await reservePresetFen(db, countyOf(orgCode), shanghaiDate(Date.now()));
        return { orgCode, countyCode: countyOf(orgCode), balanceFen: presetFen, presetFen, entries: [] };
      }
      return { ...fund, entries: fund.entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
    }

    app.get('/reserve-funds/:orgCode', {
      schema: {
        tags: ['money'],
        summary: 'A street’s reserve fund (临时救助备用金): balance and ledger, newest first',
        params: Params,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: ReserveFund, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        requireRole(request.actor, ['caseworker', 'approver', 'supervisor', 'auditor'], 'read reserve funds');
        requireScope(request.actor, request.params.orgCode);
        return fundView(request.params.orgCode, request.query.limit);
      },
    });

    app.post('/reserve-funds/:orgCode/replenishments', {
      schema: {
        tags: ['money'],
        summary: 'Replenish a street’s reserve fund (county approver); cases waiting for money are paid',
        params: Params,
        headers: IdempotencyHeaders,
        body: z.strictObject({ amountFen: PositiveFen, note: z.string().trim().min(1).max(2000).optional() }),
        response: { 201: ReserveFund.extend({ replenishment: z.object({ entryId: z.number(), amountFen: z.number(), duplicate: z.boolean() }) }), ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const { orgCode } = request.params;
        requireRole(actor, ['approver'], 'replenish reserve funds');
        // The reserve is civil affairs' money: another department's approver does not move it.
        if ((actor.dept ?? 'minzheng') !== 'minzheng') throw forbidden(`a ${actor.dept} approver may not replenish a 民政 reserve fund`);
        requireScope(actor, orgCode);
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
            throw new ApiError(409, 'idempotency_key_reused', 'Idempotency-Key was already used with a different body');
          }
          throw err;
        });
        await signalWaitingCases(db, temporal, orgCode, request.log);
        const fund = await fundView(orgCode, 100);
        return reply.status(201).send({ ...fund, replenishment: { entryId: result.entryId, amountFen: request.body.amountFen, duplicate: result.duplicate } });
      },
    });

    app.get('/filings', {
      schema: {
        tags: ['money'],
        summary: '备案: street approvals within the street’s authority, filed with the county',
        querystring: z.strictObject({ orgCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            items: z.array(z.object({ caseId: z.string(), orgCode: z.string(), kind: z.string(), amountFen: z.number(), approvedBy: z.string(), approvedAt: z.string() })),
          }),
          ...ERROR_RESPONSES,
        },
      },
      handler: async (request) => {
        const { actor } = request;
        requireRole(actor, ['approver', 'supervisor', 'auditor'], 'list filings');
        const county = request.query.orgCode ?? actor.org;
        requireScope(actor, county);
        const rows = await listFilings(db, county, request.query.limit);
        return { items: rows.map((r) => ({ caseId: r.caseId, orgCode: r.orgCode, kind: r.kind, amountFen: r.amountFen, approvedBy: r.approvedBy, approvedAt: r.approvedAt.toISOString() })) };
      },
    });
  };

/** Wakes the street's cases that wait for money, oldest first; each retries its payout under the fund lock. */
async function signalWaitingCases(db: Db, temporal: Temporal, orgCode: string, log: { warn: (o: object, m: string) => void }): Promise<void> {
  const waiting = await db
    .select({ caseId: cases.caseId })
    .from(cases)
    .where(and(eq(cases.orgCode, orgCode), eq(cases.type, 'temporary'), sql`(${cases.view} -> 'temporary' ->> 'awaitingFunds')::boolean`))
    .orderBy(asc(cases.acceptedAt));
  for (const { caseId } of waiting) {
    // A lost signal only delays the payment until the workflow's hourly re-check.
    await temporal.client.workflow
      .getHandle(caseId)
      .signal(reserveReplenishedSignal)
      .catch((err: unknown) => log.warn({ err, caseId }, 'could not signal a case waiting for funds'));
  }
}
