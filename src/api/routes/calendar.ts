import { and, eq, ne } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publishCalendarYear } from '../../db/calendar.js';
import type { Db } from '../../db/client.js';
import { cases } from '../../db/schema.js';
import type { Temporal } from '../../temporal/client.js';
import { calendarChangedSignal } from '../../workflows/messages.js';
import { requireRole } from '../auth.js';
import { ERROR_RESPONSES, badRequest } from '../errors.js';
import { IsoDateString } from '../schemas.js';

/**
 * The State Council publishes each next year's holidays late in the year. Loading that schedule here
 * (by the platform that receives it) makes every deadline that ran into the year count it, without a
 * release: open cases with a provisional due date are told to count again.
 */
export const calendarRoutes =
  ({ db, temporal }: { db: Db; temporal: Temporal }): FastifyPluginAsyncZod =>
  async (app) => {
    app.put('/calendar/years/:year', {
      schema: {
        tags: ['calendar'],
        summary: 'Load a year’s official schedule: days off and make-up working days (调休)',
        params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: z.strictObject({
          source: z.string().trim().min(1).max(500).describe('e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
          days: z
            .array(z.strictObject({ date: IsoDateString, working: z.boolean(), note: z.string().max(200).optional() }))
            .max(366)
            .describe('weekdays off (working: false) and weekend days worked (working: true)'),
        }),
        response: { 200: z.object({ year: z.number(), days: z.number(), casesRecounted: z.number() }), ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        requireRole(request.actor, ['system'], 'load the official calendar');
        const { year } = request.params;
        const wrong = request.body.days.findIndex((d) => !d.date.startsWith(`${year}-`));
        if (wrong >= 0) throw badRequest(`days.${wrong}.date`, `is not in ${year}`);
        await publishCalendarYear(db, year, request.body.days, request.body.source);
        const provisional = await db
          .select({ caseId: cases.caseId })
          .from(cases)
          .where(and(eq(cases.dueProvisional, true), ne(cases.step, 'closed')));
        for (const { caseId } of provisional) {
          await temporal.client.workflow
            .getHandle(caseId)
            .signal(calendarChangedSignal)
            .catch((err: unknown) => request.log.warn({ err, caseId }, 'could not tell a case about the new calendar'));
        }
        return { year, days: request.body.days.length, casesRecounted: provisional.length };
      },
    });
  };
