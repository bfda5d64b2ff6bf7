import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publishCalendarYear } from '../../db/calendar.js';
import { forgetWorkingCalendar } from '../working-days.js';
import { openCasesWithProvisionalDueDate } from '../../db/cases.js';
import { isCalendarAuthority } from '../../domain/roles.js';
import { calendarChangedSignal } from '../../workflows/messages.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, badRequest, forbidden } from '../errors.js';
import { CalendarYearParams, PublishedYear, PublishedYearResult } from '../schemas/calendar.js';
import { signalCases } from '../workflow-calls.js';

/**
 * The State Council publishes each next year's holidays late in the year. Loading that schedule here
 * (by the platform that receives it) makes every deadline that ran into the year count it, without a
 * release: open cases with a provisional due date are told to count again.
 */
export const calendarRoutes =
  ({ db, temporal }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.put('/calendar/years/:year', {
      schema: {
        tags: ['calendar'],
        summary: 'Load a year’s official schedule: days off and make-up working days (调休)',
        params: CalendarYearParams,
        body: PublishedYear,
        response: { 200: PublishedYearResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        // The schedule is the State Council's (or a province's): a county's system may not move every deadline.
        if (!isCalendarAuthority(request.actor)) throw forbidden(msg('calendar.authority'));
        const { year } = request.params;
        const wrong = request.body.days.findIndex((d) => !d.date.startsWith(`${year}-`));
        if (wrong >= 0) throw badRequest(`days.${wrong}.date`, msg('field.notInYear', { year }));
        await publishCalendarYear(db, year, request.body.days, request.body.source);
        forgetWorkingCalendar();
        const provisional = await openCasesWithProvisionalDueDate(db);
        await signalCases(temporal, provisional, calendarChangedSignal, request.log, 'could not tell a case about the new calendar');
        return { year, days: request.body.days.length, casesRecounted: provisional.length };
      },
    });
  };
