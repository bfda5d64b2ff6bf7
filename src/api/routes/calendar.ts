import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publishCalendarYear } from '../../db/calendar.js';
import { forgetWorkingCalendar } from '../working-days.js';
import { openCasesCountingOn } from '../../db/cases.js';
import { openReviewsCountingOn } from '../../db/benefits.js';
import { isCalendarAuthority } from '../../domain/roles.js';
import { calendarChangedSignal } from '../../workflows/messages.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES, badRequest, forbidden } from '../errors.js';
import { CalendarYearParams, PublishedYear, PublishedYearResult } from '../schemas/calendar.js';
import { signalCases } from '../workflow-calls.js';

/**
 * The State Council publishes each next year's holidays late in the year, a province its own extra days.
 * Loading that schedule here (by the platform that receives it) replaces the year for that region and
 * makes every clock of the region that ran into the year count it, without a release: open cases with a
 * provisional due date and benefits with an open review are told to count again.
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
        if (!isCalendarAuthority(request.actor)) throw forbidden('only a national (000000) or provincial (xx0000) system token may load the official calendar');
        const { year } = request.params;
        const { days } = request.body;
        const wrong = days.findIndex((d) => !d.date.startsWith(`${year}-`));
        if (wrong >= 0) throw badRequest(`days.${wrong}.date`, `不在 ${year} 年内`);
        const repeated = days.findIndex((d, i) => days.findIndex((e) => e.date === d.date) < i);
        if (repeated >= 0) throw badRequest(`days.${repeated}.date`, `${days[repeated]!.date} 重复：每个日期只能出现一次`);
        // A provincial token loads its province's calendar; the national one everyone's.
        const region = request.actor.org;
        await publishCalendarYear(db, region, year, days, request.body.source);
        forgetWorkingCalendar();
        // Every clock of the region that counted on the year counts again: case deadlines and open reviews.
        const counting = await openCasesCountingOn(db, region, year);
        await signalCases(temporal, counting, calendarChangedSignal, request.log, 'could not tell a case about the new calendar');
        const reviews = await openReviewsCountingOn(db, region, year);
        await signalCases(temporal, reviews, calendarChangedSignal, request.log, 'could not tell a benefit about the new calendar');
        return { year, region, days: days.length, casesRecounted: counting.length, benefitsRecounted: reviews.length };
      },
    });
  };
