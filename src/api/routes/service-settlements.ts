import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  findSettlement,
  linesOf,
  listProviders,
  listSettlements,
  noteSettlementStep,
  ordersOf,
  providersWithoutAccount,
  recordSettlementReturns,
  setProviderAccount,
  settleMonth,
  type ProviderRow,
} from '../../db/service-settlements.js';
import { listOf, msg, roleName, type WhatKey } from '../../domain/catalogue.js';
import type { Month } from '../../domain/months.js';
import { countyOf } from '../../domain/org.js';
import { stepActor, type Actor } from '../../domain/roles.js';
import { mayReadProviders, mayReadSettlements, maySettleServices } from '../../domain/services.js';
import { maskAccount, sendBankFile } from '../bank-accounts.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, ERROR_RESPONSES, badRequest, forbidden, notFound } from '../errors.js';
import { Provider, ProviderAccountBody, ProviderList, ProviderParams, Settlement, SettlementBody, SettlementList, SettlementParams, SettlementReturnsBody, SettlementReturnsResult, SettlementsQuery } from '../schemas/services.js';

// 服务类救助 paid to its providers: a county's 民政 approver records each provider's account, then settles a
// month's verified orders in one settlement (a line per provider), sends the bank file — the payroll's format
// (bank-accounts.ts) — and records the bank's returns. Each step is kept in the settlement's (or the
// provider's) history, and the orders' histories name the settlement that paid them.

const refuse = (actor: Actor, what: WhatKey) => forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg(what) }));
const step = (actor: Actor, action: string) => ({ action, at: new Date().toISOString(), by: stepActor(actor) });
/** What the county's 民政 approver does with a settlement at any time: produce its bank file, record the bank's returns. */
const SETTLEMENT_ACTIONS: Array<'file' | 'returns'> = ['file', 'returns'];
const reference = (settlementId: string, line: number) => `${settlementId}/${line}`;

const presentProvider = (p: ProviderRow) => ({ countyCode: p.countyCode, name: p.name, bankName: p.bankName, accountMasked: p.accountMasked, updatedAt: p.updatedAt.toISOString() });

export const serviceSettlementRoutes =
  ({ db, accounts }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    async function readable(actor: Actor, settlementId: string) {
      const row = await findSettlement(db, settlementId);
      if (!row || !mayReadSettlements(actor, row.countyCode)) throw notFound(msg('settlement.notFound', { id: settlementId }));
      return row;
    }

    async function view(actor: Actor, settlementId: string) {
      const row = (await findSettlement(db, settlementId))!;
      return {
        settlementId: row.settlementId!,
        seq: row.id,
        countyCode: row.countyCode,
        month: row.month,
        orders: row.orders,
        amountFen: row.amountFen,
        createdAt: row.createdAt.toISOString(),
        lines: row.lines,
        failedLines: row.failedLines,
        items: (await linesOf(db, settlementId)).map((l) => ({
          line: l.line,
          reference: reference(settlementId, l.line),
          provider: l.provider,
          bankName: l.bankName,
          accountMasked: l.accountMasked,
          orders: l.orders,
          amountFen: l.amountFen,
          status: l.status,
          failureReason: l.failureReason,
        })),
        orderIds: await ordersOf(db, settlementId),
        withoutAccount: await providersWithoutAccount(db, row.countyCode, row.month as Month),
        history: row.history,
        allowedActions: maySettleServices(actor, row.countyCode) ? SETTLEMENT_ACTIONS : [],
      };
    }

    app.put('/service-providers/:countyCode', {
      schema: {
        tags: ['services'],
        summary: '服务类救助: a provider’s payee account, by the name the county’s orders give it (the county’s 民政 approver); stored encrypted, shown masked; replaces the one on record',
        params: ProviderParams,
        body: ProviderAccountBody,
        response: { 200: Provider, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor, body, params } = request;
        if (!maySettleServices(actor, params.countyCode)) throw refuse(actor, 'what.setProviderAccount');
        const row = await setProviderAccount(db, {
          countyCode: params.countyCode,
          name: body.name,
          bankName: body.bankName,
          accountEncrypted: accounts.encrypt(body.accountNumber),
          accountMasked: maskAccount(body.accountNumber),
          step: step(actor, 'set-account'),
        });
        return presentProvider(row);
      },
    });

    app.get('/service-providers/:countyCode', {
      schema: { tags: ['services'], summary: '服务类救助: the county’s providers with an account on record (accounts masked)', params: ProviderParams, response: { 200: ProviderList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, params } = request;
        if (!mayReadProviders(actor, params.countyCode)) throw refuse(actor, 'what.readProviders');
        return { items: (await listProviders(db, params.countyCode)).map(presentProvider), mayEdit: maySettleServices(actor, params.countyCode) };
      },
    });

    app.post('/service-settlements', {
      schema: {
        tags: ['services'],
        summary:
          '服务类救助: settle a county’s verified orders of a month with their providers (the county’s 民政 approver): one line per provider with an account on record; each order settled once, ever. 409 nothing_to_settle | already_settled',
        body: SettlementBody,
        response: { 201: Settlement, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor, body } = request;
        if (!maySettleServices(actor, body.countyCode)) throw refuse(actor, 'what.settleServices');
        const month = body.month as Month;
        const done = await settleMonth(db, { countyCode: body.countyCode, month, step: step(actor, 'settle'), createdBy: actor.sub });
        if ('refused' in done) {
          const where = { county: body.countyCode, month };
          if (done.refused === 'already') throw new ApiError(409, 'already_settled', msg('settlement.already', where));
          if (done.withoutAccount.length > 0) throw new ApiError(409, 'nothing_to_settle', msg('settlement.withoutAccount', { ...where, providers: listOf(done.withoutAccount) }), { withoutAccount: done.withoutAccount });
          throw new ApiError(409, 'nothing_to_settle', msg('settlement.nothing', where));
        }
        request.log.info({ settlementId: done.settlement.settlementId, orders: done.settlement.orders }, 'service settlement made');
        return reply.status(201).send(await view(actor, done.settlement.settlementId!));
      },
    });

    app.get('/service-settlements', {
      schema: { tags: ['services'], summary: '服务类救助: a county’s settlements, newest first', querystring: SettlementsQuery, response: { 200: SettlementList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor, query } = request;
        const countyCode = query.countyCode ?? countyOf(actor.org);
        if (!mayReadSettlements(actor, countyCode)) throw refuse(actor, 'what.readSettlements');
        const rows = await listSettlements(db, { countyCode, ...(query.month ? { month: query.month as Month } : {}), ...(query.before ? { beforeId: query.before } : {}), limit: query.limit });
        return {
          items: rows.map((r) => ({ settlementId: r.settlementId!, seq: r.id, countyCode: r.countyCode, month: r.month, orders: r.orders, amountFen: r.amountFen, createdAt: r.createdAt.toISOString(), lines: r.lines, failedLines: r.failedLines })),
          nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.id : null,
          maySettle: maySettleServices(actor, countyCode),
        };
      },
    });

    app.get('/service-settlements/:settlementId', {
      schema: { tags: ['services'], summary: '服务类救助: a settlement, its lines (accounts masked) and the orders it paid', params: SettlementParams, response: { 200: Settlement, ...ERROR_RESPONSES } },
      handler: async (request) => view(request.actor, (await readable(request.actor, request.params.settlementId)).settlementId!),
    });

    app.get('/service-settlements/:settlementId/file', {
      schema: {
        tags: ['services'],
        summary: '服务类救助: the settlement’s bank file, in the payroll’s format (代发, CSV UTF-8: 户名, 账号, 金额 in 元, 摘要 = settlementId/line); the county’s 民政 approver only',
        params: SettlementParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8, with a byte-order mark'), ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const row = await readable(actor, request.params.settlementId);
        if (!maySettleServices(actor, row.countyCode)) throw refuse(actor, 'what.readAccounts');
        const settlementId = row.settlementId!;
        const rows = (await linesOf(db, settlementId)).map((l) => ({ name: l.provider, account: accounts.decrypt(l.accountEncrypted), amountFen: l.amountFen, reference: reference(settlementId, l.line) }));
        // Who read the accounts, and when: the file is the one place they leave decrypted.
        await noteSettlementStep(db, settlementId, step(actor, 'file'));
        request.log.info({ settlementId, rows: rows.length }, 'bank file produced');
        return sendBankFile(reply, settlementId, rows);
      },
    });

    app.post('/service-settlements/:settlementId/returns', {
      schema: {
        tags: ['services'],
        summary: '服务类救助: the bank’s returns — each line named becomes failed, with its reason',
        params: SettlementParams,
        body: SettlementReturnsBody,
        response: { 200: SettlementReturnsResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const row = await readable(actor, request.params.settlementId);
        if (!maySettleServices(actor, row.countyCode)) throw refuse(actor, 'what.recordReturns');
        const settlementId = row.settlementId!;
        const items = request.body.items.map((i) => {
          const [id, line] = i.reference.split('/') as [string, string];
          return { line: id === settlementId ? Number(line) : 0, reason: i.reason };
        });
        const result = await recordSettlementReturns(db, settlementId, items, step(actor, 'returns'));
        if ('badIndex' in result) throw badRequest(`items.${result.badIndex}.reference`, msg('settlement.notLine'));
        request.log.info({ settlementId, failed: result.failed }, 'bank returns recorded');
        return { failed: result.failed, settlement: await view(actor, settlementId) };
      },
    });
  };
