import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/dates.js';
import { listDishonestyEntries } from '../../db/eligibility.js';
import type { Db } from '../../db/client.js';
import { requireRole } from '../auth.js';
import { personKey } from '../case-service.js';
import { ERROR_RESPONSES } from '../errors.js';
import { Applicant } from '../schemas.js';

/**
 * 失信名单 look-up for county staff. The ID number travels in the body, never in a URL that access logs
 * keep; the list holds only a keyed hash and the masked number.
 */
export const dishonestyRoutes =
  ({ db, piiHashKey }: { db: Db; piiHashKey: string }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/dishonesty-list/lookups', {
      schema: {
        tags: ['applications'],
        summary: '失信名单: the entries for one person (reason, source case, start, expiry)',
        body: z.strictObject({ idNumber: Applicant.shape.idNumber }),
        response: {
          200: z.object({
            listedNow: z.boolean(),
            entries: z.array(
              z.object({
                applicantIdMasked: z.string(),
                reason: z.string(),
                sourceCaseId: z.string().nullable(),
                startDate: z.string(),
                expiresOn: z.string(),
                active: z.boolean(),
              }),
            ),
          }),
          ...ERROR_RESPONSES,
        },
      },
      handler: async (request) => {
        requireRole(request.actor, ['approver', 'supervisor', 'auditor'], 'look up the dishonesty list');
        const rows = await listDishonestyEntries(db, personKey(piiHashKey, request.body.idNumber));
        const today = shanghaiDate(Date.now());
        const entries = rows.map((r) => ({
          applicantIdMasked: r.applicantIdMasked,
          reason: r.reason,
          sourceCaseId: r.sourceCaseId,
          startDate: r.startDate,
          expiresOn: r.expiresOn,
          active: r.startDate <= today && today <= r.expiresOn,
        }));
        return { listedNow: entries.some((e) => e.active), entries };
      },
    });
  };
