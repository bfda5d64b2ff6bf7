import { describe, it, expect } from 'vitest';
import { officialCalendarData } from '../src/calendar/official-data.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { workingDaysLeft } from '../src/domain/deadline.js';
import {
  addCalendarDays,
  dayOfWeek,
  endOfShanghaiDay,
  isIsoDate,
  shanghaiDate,
  shanghaiDateTime,
  startOfShanghaiDay,
  yearOf,
} from '../src/domain/dates.js';

const data = officialCalendarData();
const cal = new WorkingCalendar(data);

describe('dates', () => {
  it('validates real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
  });

  it('maps instants to the Shanghai date at the 16:00Z boundary', () => {
    expect(shanghaiDate(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(shanghaiDate(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(shanghaiDate('2026-11-23T00:00:00+08:00')).toBe('2026-11-23');
    expect(shanghaiDate(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(() => shanghaiDate('not a date')).toThrow(RangeError);
  });

  it('gives start and end instants of a Shanghai day', () => {
    expect(startOfShanghaiDay('2026-11-23').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-11-22').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(() => endOfShanghaiDay('2026-02-30')).toThrow(RangeError);
  });

  it('does calendar-day arithmetic', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(dayOfWeek('2026-09-20')).toBe(0);
    expect(dayOfWeek('2026-09-28')).toBe(1);
    expect(yearOf('2027-01-06')).toBe(2027);
    expect(() => addCalendarDays('2026-01-01', 0.5)).toThrow(RangeError);
  });

  it('agrees with Date.UTC over 1950–2100', () => {
    const mismatches: string[] = [];
    let d = '1950-01-01';
    for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000) {
      const ref = new Date(t);
      if (d !== ref.toISOString().slice(0, 10) || dayOfWeek(d) !== ref.getUTCDay()) mismatches.push(d);
      d = addCalendarDays(d, 1);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('officialCalendarData', () => {
  it('loads chinese-days with a source tag and published years up to 2026', () => {
    expect(data.source).toMatch(/^chinese-days@\d+\.\d+\.\d+/);
    expect(data.publishedYears).toContain(2026);
    expect(data.publishedYears).not.toContain(2027);
    expect(data.holidays).toContain('2026-10-01');
    expect(data.workdays).toContain('2026-10-10');
    expect(officialCalendarData()).toBe(data); // cached
  });
});

describe('WorkingCalendar', () => {
  it('2026-09-28 + 22 working days → 2026-11-03 across National Day', () => {
    expect(cal.addWorkingDays('2026-09-28', 22)).toEqual({ date: '2026-11-03', provisional: false });
  });

  it('counts make-up weekend days and skips ordinary weekends', () => {
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday 调休
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday 调休
    expect(cal.addWorkingDays('2026-10-09', 1).date).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-09-18', 1).date).toBe('2026-09-20');
    expect(cal.addWorkingDays('2026-11-06', 1).date).toBe('2026-11-09'); // Fri → Mon
    expect(cal.isWorkingDay('2026-11-07')).toBe(false);
  });

  it('never counts the start date itself', () => {
    expect(cal.addWorkingDays('2026-11-09', 1).date).toBe('2026-11-10');
  });

  it('skips Spring Festival and Labour Day', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addCalendarDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14'); // Saturday 调休
    expect(cal.addWorkingDays('2026-02-14', 1).date).toBe('2026-02-24');
    for (let d = '2026-05-01'; d <= '2026-05-05'; d = addCalendarDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.addWorkingDays('2026-04-30', 1).date).toBe('2026-05-06');
    expect(cal.addWorkingDays('2026-04-30', 4).date).toBe('2026-05-09'); // Saturday 调休
  });

  it('marks spans into unpublished 2027 provisional and counts weekends only', () => {
    expect(cal.isPublished(2026)).toBe(true);
    expect(cal.isPublished(2027)).toBe(false);
    expect(cal.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    // 2027-01-01 (Fri) has no holiday data yet, so it counts.
    expect(cal.addWorkingDays('2026-12-30', 5)).toEqual({ date: '2027-01-06', provisional: true });
  });

  it('applies overrides over the base data', () => {
    const off = WorkingCalendar.withOverrides(data, [{ date: '2026-11-02', working: false }]);
    expect(off.addWorkingDays('2026-09-28', 22).date).toBe('2026-11-04');
    const noMakeUp = WorkingCalendar.withOverrides(data, [{ date: '2026-10-10', working: false }]);
    expect(noMakeUp.addWorkingDays('2026-09-28', 22).date).toBe('2026-11-04');
    const extraSat = WorkingCalendar.withOverrides(data, [{ date: '2026-11-07', working: true }]);
    expect(extraSat.addWorkingDays('2026-11-06', 1).date).toBe('2026-11-07');
    const holidayWorked = WorkingCalendar.withOverrides(data, [{ date: '2026-10-07', working: true }]);
    expect(holidayWorked.isWorkingDay('2026-10-07')).toBe(true);
    expect(holidayWorked.addWorkingDays('2026-09-28', 22).date).toBe('2026-11-02');
    // The base calendar is untouched.
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
  });

  it('publishing 2027 via extraPublishedYears removes the provisional flag', () => {
    const y2027 = WorkingCalendar.withOverrides(data, [{ date: '2027-01-01', working: false }], [2027]);
    expect(y2027.isPublished(2027)).toBe(true);
    expect(y2027.addWorkingDays('2026-12-30', 5)).toEqual({ date: '2027-01-07', provisional: false });
  });

  it('subtracts working days', () => {
    expect(cal.subtractWorkingDays('2026-11-03', 22)).toBe('2026-09-28');
    expect(cal.subtractWorkingDays('2026-10-08', 1)).toBe('2026-09-30'); // across National Day
    expect(cal.subtractWorkingDays('2026-10-11', 1)).toBe('2026-10-10'); // Sunday → make-up Saturday
    expect(cal.subtractWorkingDays('2026-10-08', 0)).toBe('2026-10-08');
    expect(cal.subtractWorkingDays('2026-10-03', 0)).toBe('2026-09-30'); // non-working → previous working day
  });

  it('counts working days between dates', () => {
    expect(cal.workingDaysBetween('2026-09-28', '2026-11-03')).toBe(22);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
    expect(cal.workingDaysBetween('2026-10-09', '2026-10-11')).toBe(1);
    expect(cal.workingDaysBetween('2026-11-03', '2026-11-03')).toBe(0);
    expect(cal.workingDaysBetween('2026-11-03', '2026-09-28')).toBe(0);
  });

  it('addWorkingDays and workingDaysBetween agree', () => {
    for (let start = '2025-12-01'; start <= '2026-12-31'; start = addCalendarDays(start, 7)) {
      for (const n of [1, 5, 10, 22]) {
        const { date } = cal.addWorkingDays(start, n);
        expect(cal.workingDaysBetween(start, date)).toBe(n);
        expect(cal.isWorkingDay(date)).toBe(true);
      }
    }
  });

  it('rejects bad input with RangeError', () => {
    expect(() => cal.addWorkingDays('2026-09-28', 0)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-09-28', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-09-28', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-09-28', Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026/09/28', 1)).toThrow(RangeError);
    expect(() => cal.subtractWorkingDays('2026-09-28', -1)).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('2026-09-28', 'x')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-09-31')).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: ['2026-02-30'], workdays: [], publishedYears: [] })).toThrow(RangeError);
    expect(() => WorkingCalendar.withOverrides(data, [{ date: 'bad', working: true }])).toThrow(RangeError);
  });
});

describe('workingDaysLeft', () => {
  // Due Tuesday 2026-11-03: the 22nd working day after 2026-09-28 (across National Day).
  it.each([
    ['2026-09-28', 22], // acceptance day: all 22 ahead
    ['2026-11-02', 1], // Monday
    ['2026-10-31', 2], // Saturday
    ['2026-11-03', 0], // the due day itself
    ['2026-10-03', 20], // inside National Day: none of its days count
    ['2026-11-04', -1], // the first working day after
    ['2026-11-08', -3], // the Sunday after: Wed, Thu, Fri since
  ])('on %s: %i', (today, left) => {
    expect(workingDaysLeft(cal, today, '2026-11-03')).toBe(left);
  });
});

describe('shanghaiDateTime', () => {
  it('shows an instant in Shanghai to the minute, and a day’s end as its 24:00', () => {
    expect(shanghaiDateTime('2026-11-03T16:00:00.000Z')).toBe('2026-11-03 24:00');
    expect(shanghaiDateTime('2026-11-03T01:05:00.000Z')).toBe('2026-11-03 09:05');
    expect(shanghaiDateTime('2026-11-03T17:30:00.000Z')).toBe('2026-11-04 01:30');
  });
});
