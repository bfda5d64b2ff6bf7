import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listDishonestyEntries } from '../../db/dishonesty-list.js';
import { shanghaiDate } from '../../domain/dates.js';
import { personKey } from '../applicant.js';
import { requireReader } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES } from '../errors.js';
import { DishonestyEntries, DishonestyLookup } from '../schemas/dishonesty.js';

/**
 * 失信名单 look-up for county staff. The ID number travels in the body, never in a URL that access logs
 * keep; the list holds only a keyed hash and the masked number.
 */
export const dishonestyRoutes =
  ({ db, piiHashKey }: ApiDeps): FastifyPluginAsyncZod =>
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
        const rows = await listDishonestyEntries(db, personKey(piiHashKey, request.body.idNumber));
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
  };
