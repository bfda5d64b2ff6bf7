import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reconcileCounty, storedReconciliation } from '../../db/reconciliation.js';
import { shanghaiDate } from '../../domain/dates.js';
import { countyOf } from '../../domain/org.js';
import { requireReader } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES, ErrorBody, badRequest } from '../errors.js';
import { Reconciliation, ReconciliationQuery } from '../schemas/reconciliations.js';
import { caseInstalments } from '../workflow-calls.js';

export const reconciliationRoutes =
  ({ db, temporal }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reconciliations', {
      schema: {
        tags: ['money'],
        summary:
          'A county’s books reconciled for a day (auditor, supervisor): reserve ledgers, payroll bank files, bank returns, benefit months, and the workflows of paid cases; each check with its counts and every difference found',
        querystring: ReconciliationQuery,
        response: { 200: Reconciliation, ...ERROR_RESPONSES, 503: ErrorBody },
      },
      handler: async (request) => {
        const { actor } = request;
        const countyCode = request.query.countyCode ?? countyOf(actor.org);
        requireReader(actor, 'reconciliation', countyCode);
        const now = new Date();
        const today = shanghaiDate(now);
        const date = request.query.date ?? today;
        if (date > today) throw badRequest('date', `对账日期 ${date} 晚于今天（${today}）`);
        const stored = await storedReconciliation(db, countyCode, date);
        if (stored) return { ...stored, source: 'scheduled' as const };
        const live = await reconcileCounty(db, { countyCode, date, now }, (caseIds) => caseInstalments(temporal, caseIds));
        return { ...live, source: 'live' as const };
      },
    });
  };
