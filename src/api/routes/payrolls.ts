import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bankFileRows, createPayroll, findPayroll, firstBenefitMonth, listPayrolls, payrollPayments, payrollTotals, recordReturns, type PaymentKey, type PayrollRow } from '../../db/payrolls.js';
import { isMonth, payrollMonthProblem, shanghaiMonth } from '../../domain/months.js';
import { PAYROLL_READERS, canSee, civilAffairs, isCivilAffairsApprover, type Actor } from '../../domain/roles.js';
import { countyOf } from '../../domain/org.js';
import { payrollReleaseUpdate } from '../../workflows/messages.js';
import { sendBankFile } from '../bank-accounts.js';
import type { ApiDeps } from '../deps.js';
import { msg, roleName, statusName } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound, refuseBody } from '../errors.js';
import { PAYROLL_ACTIONS, PaymentsPage, PaymentsQuery, Payroll, PayrollBody, PayrollList, PayrollListQuery, PayrollParams, ReturnsBody, ReturnsResult } from '../schemas/benefits.js';
import { executeUpdate, startOnce } from '../workflow-calls.js';


type PayrollAction = (typeof PAYROLL_ACTIONS)[number];
/** The one status each action is taken in (else 409). */
const STATUS_FOR: Record<PayrollAction, PayrollRow['status']> = { release: 'prepared', file: 'sent', returns: 'sent' };
const allowedPayrollActions = (actor: Actor, row: PayrollRow): PayrollAction[] => (isCivilAffairsApprover(actor) ? PAYROLL_ACTIONS.filter((a) => row.status === STATUS_FOR[a]) : []);

const reference = (p: PaymentKey) => `${p.benefitId}/${p.month}/${p.payee}`;

function parseReference(ref: string): PaymentKey {
  const [benefitId, month, payee] = ref.split('/') as [string, string, string];
  return { benefitId, month, payee };
}

export const payrollRoutes =
  ({ db, temporal, accounts }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    async function readable(actor: Actor, payrollId: string): Promise<PayrollRow> {
      const row = await findPayroll(db, payrollId);
      const visible = row && PAYROLL_READERS.includes(actor.role) && canSee(actor, civilAffairs(row.countyCode));
      if (!visible) throw notFound(msg('payroll.notFound', { id: payrollId }));
      return row;
    }

    const view = async (row: PayrollRow, actor: Actor) => ({
      payrollId: row.payrollId,
      countyCode: row.countyCode,
      month: row.month,
      status: row.status as 'preparing',
      requestedBy: row.requestedBy,
      requestedAt: row.requestedAt.toISOString(),
      preparedAt: row.preparedAt?.toISOString() ?? null,
      releasedBy: row.releasedBy,
      releasedAt: row.releasedAt?.toISOString() ?? null,
      sentAt: row.sentAt?.toISOString() ?? null,
      totals: await payrollTotals(db, row.payrollId),
      allowedActions: allowedPayrollActions(actor, row),
    });

    app.post('/payrolls', {
      schema: {
        tags: ['payroll'],
        summary: 'Prepare a county’s monthly payroll (civil-affairs approver); the same county and month again is the same payroll',
        body: PayrollBody,
        response: { 201: Payroll, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const { countyCode, month } = request.body;
        if (!isCivilAffairsApprover(actor)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.preparePayroll') }));
        if (!canSee(actor, civilAffairs(countyCode))) throw forbidden(msg('auth.outsideScope', { org: countyCode }));
        const problem = payrollMonthProblem(month, await firstBenefitMonth(db, countyCode), shanghaiMonth(Date.now()));
        if (problem) throw badRequest('month', problem);
        const { row } = await createPayroll(db, { countyCode, month, actor, at: new Date() });
        await startOnce(temporal, 'payrollWorkflow', row.payrollId, { payrollId: row.payrollId });
        return reply.status(201).send(await view((await findPayroll(db, row.payrollId))!, actor));
      },
    });

    app.get('/payrolls', {
      schema: { tags: ['payroll'], summary: 'A county’s payrolls, the latest month first (the county’s approvers, supervisors and auditors)', querystring: PayrollListQuery, response: { 200: PayrollList, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const { actor } = request;
        const countyCode = request.query.countyCode ?? countyOf(actor.org);
        if (!PAYROLL_READERS.includes(actor.role)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.readPayrolls') }));
        if (!canSee(actor, civilAffairs(countyCode))) throw forbidden(msg('auth.outsideScope', { org: countyCode }));
        const { limit, offset, sortBy, sortOrder } = request.query;
        const { rows, total } = await listPayrolls(db, countyCode, { limit, ...(offset !== undefined ? { offset } : {}), ...(sortBy ? { sortBy, sortOrder } : {}) });
        return {
          mayPrepare: isCivilAffairsApprover(actor),
          items: rows.map((r) => ({ payrollId: r.payrollId, countyCode: r.countyCode, month: r.month, status: r.status as 'preparing', requestedAt: r.requestedAt.toISOString(), releasedAt: r.releasedAt?.toISOString() ?? null, sentAt: r.sentAt?.toISOString() ?? null })),
          total,
        };
      },
    });

    app.get('/payrolls/:payrollId', {
      schema: { tags: ['payroll'], summary: 'Status, totals by street and type, counts', params: PayrollParams, response: { 200: Payroll, ...ERROR_RESPONSES } },
      handler: async (request) => view(await readable(request.actor, request.params.payrollId), request.actor),
    });

    app.post('/payrolls/:payrollId/release', {
      schema: {
        tags: ['payroll'],
        summary: 'Release a prepared payroll (the county’s civil-affairs approver): its payments are sent and the bank file is ready',
        params: PayrollParams,
        response: { 200: Payroll, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        refuseBody(request.body);
        const row = await readable(actor, request.params.payrollId);
        if (!isCivilAffairsApprover(actor)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.releasePayroll') }));
        if (row.status !== STATUS_FOR.release) throw invalidTransition(msg('payroll.is', { status: statusName(row.status) }));
        await executeUpdate(temporal, row.payrollId, payrollReleaseUpdate, { args: [{ actor }] });
        return view((await findPayroll(db, row.payrollId))!, actor);
      },
    });

    app.get('/payrolls/:payrollId/payments', {
      schema: { tags: ['payroll'], summary: 'The payroll’s payments, in reference order (accounts masked)', params: PayrollParams, querystring: PaymentsQuery, response: { 200: PaymentsPage, ...ERROR_RESPONSES } },
      handler: async (request) => {
        const row = await readable(request.actor, request.params.payrollId);
        const { cursor, limit } = request.query;
        let after: PaymentKey | undefined;
        if (cursor) {
          after = parseReference(Buffer.from(cursor, 'base64url').toString('utf8'));
          if (!after.payee || !isMonth(after.month)) throw badRequest('cursor', msg('field.cursor'));
        }
        const rows = await payrollPayments(db, row.payrollId, after, limit + 1);
        const page = rows.slice(0, limit);
        return {
          items: page.map((p) => ({ ...p, reference: reference(p) })),
          nextCursor: rows.length > limit ? Buffer.from(reference(page.at(-1)!)).toString('base64url') : null,
        };
      },
    });

    app.get('/payrolls/:payrollId/file', {
      schema: {
        tags: ['payroll'],
        summary: 'The bank file (代发, CSV UTF-8): payee name, account, amount in 元 with two decimals, reference — once released; the civil-affairs approver only',
        params: PayrollParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8, with a byte-order mark'), ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const row = await readable(actor, request.params.payrollId);
        if (!isCivilAffairsApprover(actor)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.readAccounts') }));
        if (row.status !== STATUS_FOR.file) throw invalidTransition(msg('payroll.fileAfterRelease', { status: statusName(row.status) }));
        const rows = (await bankFileRows(db, row.payrollId)).map((p) => ({ name: p.name, account: accounts.decrypt(p.accountEncrypted!), amountFen: p.amountFen, reference: reference(p) }));
        request.log.info({ payrollId: row.payrollId, rows: rows.length }, 'bank file produced');
        return sendBankFile(reply, row.payrollId, rows);
      },
    });

    app.post('/payrolls/:payrollId/returns', {
      schema: {
        tags: ['payroll'],
        summary: 'The bank’s returns: each payment named becomes failed, and the next payroll pays it again once',
        params: PayrollParams,
        body: ReturnsBody,
        response: { 200: ReturnsResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const row = await readable(actor, request.params.payrollId);
        if (!isCivilAffairsApprover(actor)) throw forbidden(msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.recordReturns') }));
        if (row.status !== STATUS_FOR.returns) throw invalidTransition(msg('payroll.nothingSent', { status: statusName(row.status) }));
        const items = request.body.items.map((i) => ({ ...parseReference(i.reference), reason: i.reason }));
        const result = await recordReturns(db, row.payrollId, items, new Date());
        if ('badIndex' in result) throw badRequest(`items.${result.badIndex}.reference`, result.message);
        request.log.info({ payrollId: row.payrollId, failed: result.failed }, 'bank returns recorded');
        return { failed: result.failed, payroll: await view(row, actor) };
      },
    });

  };
