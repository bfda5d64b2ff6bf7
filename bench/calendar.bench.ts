import { bench, describe } from 'vitest';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { computeDeadline } from '../src/domain/deadline.js';

// Deadlines are computed in an activity on every acceptance, resumption and recount: they must stay cheap.
const calendar = new WorkingCalendar(officialCalendarData());

describe('working-day calendar', () => {
  bench('build the calendar from the packaged data (once per activity call)', () => {
    new WorkingCalendar(officialCalendarData());
  });
  bench('22 working days across National Day', () => {
    calendar.addWorkingDays('2026-09-28', 22);
  });
  bench('a 30-working-day deadline with its reminder', () => {
    computeDeadline(calendar, { startDate: '2026-12-01', workingDays: 30, reminderWorkingDays: 3 });
  });
});
