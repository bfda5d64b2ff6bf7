import { beforeAll, describe, expect, it } from 'vitest';
import { findCase, listCases } from '../src/db/cases.js';
import { loadWorkingCalendar, publishCalendarYear } from '../src/db/calendar.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { CASEWORKER, SUPERVISOR, SYSTEM } from './support/actors.js';
import { startDibao, updateCase, viewOf, type StartedCase } from './support/cases.js';
import { bearer, eventually, recordHistory, sleepUntil, useHarness } from './support/harness.js';
import { recipientsOf } from './support/notifications.js';

// The clock runs on the time-skipping server, moved to fixed instants in 2027. 2027's schedule is not
// in the packaged data, so this file publishes a test schedule for it the way an operator would
// (calendar overrides): National Day 10-01..10-07 off, Sunday 09-26 and Saturday 10-09 make-up days.
const NATIONAL_DAY_2027 = [
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, working: false })),
  { date: '2027-09-26', working: true },
  { date: '2027-10-09', working: true },
];

const h = useHarness('deadline_clock');
let a: StartedCase; // reminder, overdue, late decision
let b: StartedCase; // suspended across National Day
let c: StartedCase; // a step taken, then suspended like b: its timer, kept, rings before the deadline given back
beforeAll(async () => {
  await publishCalendarYear(h.database.db, '000000', 2027, NATIONAL_DAY_2027, 'test schedule for 2027');
  await sleepUntil(h, '2027-09-27T10:00:00+08:00'); // a Monday
  a = await startDibao(h);
  b = await startDibao(h);
  c = await startDibao(h);
  await updateCase(c.handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
  await updateCase(c.handle, CASEWORKER, { action: 'request-supplement', items: ['收入证明'] });
});

/** The timer commands in a case's history, and whether it took the patch that keeps its timer across changes. */
async function timersOf(s: StartedCase) {
  const events = (await h.env.client.workflow.getHandle(s.view.caseId).fetchHistory()).events ?? [];
  const patches = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_patch' ? [Buffer.from(e.markerRecordedEventAttributes.details!['patch-data']!.payloads![0]!.data!).toString()] : []));
  return {
    started: events.filter((e) => e.timerStartedEventAttributes).length,
    cancelled: events.filter((e) => e.timerCanceledEventAttributes).length,
    fired: events.filter((e) => e.timerFiredEventAttributes).length,
    // Asked by its own name (older runs) or with its generation (src/workflows/patches.ts).
    kept: patches.some((p) => p.includes('clock-timer-kept') || p.includes('settled-2026-12')),
  };
}

describe('deadline clock across National Day', () => {
  it('counts 22 working days from the first working day after acceptance, skipping the holiday', () => {
    // 09-28..09-30 (3), 10-08 (4), make-up Saturday 10-09 (5), then 17 more → Tuesday 11-02.
    expect(a.view).toMatchObject({ dueDate: '2027-11-02', dueAt: '2027-11-02T16:00:00.000Z', dueProvisional: false, reminderDate: '2027-10-29' });
  });

  it('suspends for a supplement and moves the due date by the suspended working days', async () => {
    const suspended = await updateCase(b.handle, CASEWORKER, { action: 'request-supplement', items: ['户口簿复印件', '收入证明'] });
    expect(suspended).toMatchObject({ suspended: true, dueDate: '2027-11-02' });
    expect((await findCase(h.database.db, b.view.caseId))?.suspended).toBe(true);

    await sleepUntil(h, '2027-10-12T10:00:00+08:00');
    const resumed = await updateCase(b.handle, CASEWORKER, { action: 'supplement-received', note: '材料已补齐' });
    // Suspended 09-27 → 10-12: 7 working days (09-28, 09-29, 09-30, 10-08, 10-09, 10-11, 10-12).
    expect(resumed).toMatchObject({ suspended: false, dueDate: '2027-11-11', reminderDate: '2027-11-09' });
    expect(resumed.history.at(-1)).toMatchObject({ action: 'supplement-received', previousDueDate: '2027-11-02', dueDate: '2027-11-11' });
    expect(await findCase(h.database.db, b.view.caseId)).toMatchObject({ suspended: false, dueDate: '2027-11-11', version: resumed.version });
    // The recount on resumption and both writes as local activities, one at a time (patch serial-local-activities).
    // -v2: the clock's timer kept across the steps (patch clock-timer-kept).
    await recordHistory(h, b.view.caseId, 'dibao-supplement-resumed-v3');
  });

  it('keeps one timer across a case’s steps: the first step sets it (patch clock-timer-kept), later ones neither cancel nor start one', async () => {
    // c: its start's timer, cancelled at its first step and set again as the kept one; 补正 and its receipt touch neither.
    const resumed = await updateCase(c.handle, CASEWORKER, { action: 'supplement-received', note: '材料已补齐' });
    expect(resumed).toMatchObject({ suspended: false, dueDate: '2027-11-11', reminderDate: '2027-11-09' });
    expect(await timersOf(c)).toEqual({ started: 2, cancelled: 1, fired: 0, kept: true });
  });

  it('reminds on the day three working days remain, not before', async () => {
    await sleepUntil(h, '2027-10-28T23:00:00+08:00');
    expect((await viewOf(a.handle)).history.map((e) => e.action)).not.toContain('deadline-reminder');

    await sleepUntil(h, '2027-10-29T01:00:00+08:00');
    const reminder = await eventually(async () => {
      const entry = (await viewOf(a.handle)).history.find((e) => e.action === 'deadline-reminder');
      expect(entry).toBeDefined();
      return entry!;
    });
    // Fired as the reminder day began in Asia/Shanghai (a timer lands a few ms after its instant).
    expect(shanghaiDate(reminder.at)).toBe('2027-10-29');
    expect(Date.parse(reminder.at) - Date.parse('2027-10-28T16:00:00.000Z')).toBeLessThan(60_000);
    await eventually(async () => {
      expect(await recipientsOf(h.database.db, a.view.caseId, 'deadline-reminder')).toEqual(['caseworker:420106001', 'supervisor:420106']);
    });
  });

  it('turns overdue at the end of the due day, notifies the supervisors and lists the case as overdue', async () => {
    await sleepUntil(h, '2027-11-02T23:30:00+08:00');
    expect((await viewOf(a.handle)).overdue).toBe(false);

    await sleepUntil(h, '2027-11-03T00:30:00+08:00');
    await eventually(async () => {
      const row = await findCase(h.database.db, a.view.caseId);
      expect(row).toMatchObject({ overdue: true });
      expect(row!.overdueSince?.toISOString()).toBe('2027-11-02T16:00:00.000Z');
    });
    expect(await recipientsOf(h.database.db, a.view.caseId, 'overdue')).toEqual(['caseworker:420106001', 'supervisor:420106']);
    const overdueList = await listCases(h.database.db, { orgCode: '420106', overdue: true, limit: 10 });
    expect(overdueList.map((r) => r.caseId)).toEqual([a.view.caseId]);
    // The suspended-and-resumed case is still within its moved deadline.
    expect((await viewOf(b.handle)).overdue).toBe(false);
  });

  it('a kept timer that rings on a deadline since given back does nothing', async () => {
    // c's timer was set for its first reminder (10-29) and kept when 补正 gave days back: it rang then, and only set the next.
    expect(await timersOf(c)).toEqual({ started: 3, cancelled: 1, fired: 1, kept: true });
    expect((await viewOf(c.handle)).history.map((e) => e.action)).not.toContain('deadline-reminder');
  });

  it('records a decision after the deadline as late, and the case stays late once decided', async () => {
    await updateCase(a.handle, CASEWORKER, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
    await updateCase(a.handle, CASEWORKER, { action: 'record-home-visit', findings: '情况属实' });
    await sleepUntil(h, '2027-11-11T12:00:00+08:00');
    await eventually(async () => expect((await viewOf(a.handle)).step).toBe('decision'));
    const decided = await updateCase(a.handle, CASEWORKER, { action: 'decide', decision: 'approve' });
    expect(decided).toMatchObject({ status: 'approved', overdue: false, decidedLate: true });
    expect(decided.history.at(-1)).toMatchObject({ action: 'decide', late: true });
    expect(await findCase(h.database.db, a.view.caseId)).toMatchObject({ decidedLate: true, overdue: false });
  });

  it('the case whose timer rang early was reminded on the day its given-back deadline set, and is not overdue', async () => {
    // Now 11-11, c's due day: the reminder came on 11-09, from the timer its early ring set.
    const view = await viewOf(c.handle);
    const reminders = view.history.filter((e) => e.action === 'deadline-reminder');
    expect(reminders.map((e) => shanghaiDate(e.at))).toEqual(['2027-11-09']);
    expect(view).toMatchObject({ dueDate: '2027-11-11', overdue: false });
    await recordHistory(h, c.view.caseId, 'dibao-timer-rang-early-v2');
  });

  it('marks a deadline that runs into an unpublished year as provisional, and counts it again once the year is loaded', async () => {
    await sleepUntil(h, '2027-12-13T10:00:00+08:00'); // a Monday
    const { view, handle } = await startDibao(h);
    // 2028 counts weekends only: 14 working days in December, then 2028-01-03 … 01-12.
    expect(view).toMatchObject({ dueProvisional: true, dueDate: '2028-01-12' });

    // The State Council's schedule: loaded by a national (or provincial) system, never a county's.
    const system = bearer({ ...SYSTEM, org: '000000' });
    const put = (body: object, headers = system) => h.app.inject({ method: 'PUT', url: '/v1/calendar/years/2028', headers, payload: body });
    const schedule = { source: 'test schedule for 2028', days: [{ date: '2028-01-03', working: false, note: '元旦调休' }] };
    expect((await put(schedule, bearer(SUPERVISOR))).statusCode).toBe(403);
    expect((await put(schedule, bearer(SYSTEM))).statusCode).toBe(403); // a county's system
    const wrongYear = await put({ ...schedule, days: [{ date: '2027-12-31', working: false }] });
    expect(wrongYear.statusCode).toBe(400);
    expect(wrongYear.json().error.details[0].path).toBe('days.0.date');

    const loaded = await put(schedule);
    expect(loaded.statusCode, loaded.body).toBe(200);
    expect(loaded.json().casesRecounted).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect(await viewOf(handle)).toMatchObject({ dueProvisional: false, dueDate: '2028-01-13' }));
    expect((await viewOf(handle)).history.at(-1)).toMatchObject({ action: 'deadline-recomputed', previousDueDate: '2028-01-12', dueDate: '2028-01-13' });
    expect(await findCase(h.database.db, view.caseId)).toMatchObject({ dueProvisional: false, dueDate: '2028-01-13' });
  });

  it('a province’s days move its own cases only; loading a year again replaces it, and every case counting on it recounts', async () => {
    // Still Monday 2027-12-13: a 武昌区 (湖北 42) case and a 金堂县 (四川 51) case, both due 2028-01-13 on the national 2028.
    const hubei = await startDibao(h);
    const sichuan = await startDibao(h, { orgCode: '510121001' });
    for (const c of [hubei, sichuan]) expect(c.view).toMatchObject({ dueProvisional: false, dueDate: '2028-01-13' });
    const put = (org: string, days: object[]) =>
      h.app.inject({ method: 'PUT', url: '/v1/calendar/years/2028', headers: bearer({ ...SYSTEM, org }), payload: { source: `2028 年节假日安排（${org}，测试）`, days } });
    const twice = await put('510000', [{ date: '2028-01-04', working: false }, { date: '2028-01-04', working: true }]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0].path).toBe('days.1.date');

    // 四川's own day off (Tuesday 01-04): its case moves a day, 湖北's does not.
    const provincial = await put('510000', [{ date: '2028-01-04', working: false, note: '省内补充假日' }]);
    expect(provincial.json()).toMatchObject({ year: 2028, region: '510000', days: 1 });
    await eventually(async () => expect(await viewOf(sichuan.handle)).toMatchObject({ dueDate: '2028-01-14' }));
    expect(await findCase(h.database.db, sichuan.view.caseId)).toMatchObject({ dueDate: '2028-01-14' });
    expect((await viewOf(hubei.handle)).history.map((e) => e.action)).not.toContain('deadline-recomputed');
    expect((await loadWorkingCalendar(h.database.db, '420106001')).isWorkingDay('2028-01-04')).toBe(true);

    // The State Council's corrected notice for 2028 no longer lists 01-03: the day goes, and both cases count again.
    const corrected = await put('000000', [{ date: '2028-03-01', working: false }]);
    expect(corrected.json()).toMatchObject({ region: '000000', days: 1 });
    expect(corrected.json().casesRecounted).toBeGreaterThanOrEqual(2);
    const national = await h.database.sql<{ date: string }[]>`select to_char(date, 'YYYY-MM-DD') as date from calendar_overrides where region = '000000' and date between '2028-01-01' and '2028-12-31'`;
    expect(national.map((d) => d.date)).toEqual(['2028-03-01']);
    await eventually(async () => expect(await viewOf(hubei.handle)).toMatchObject({ dueDate: '2028-01-12' }));
    await eventually(async () => expect(await viewOf(sichuan.handle)).toMatchObject({ dueDate: '2028-01-13' }));
    expect((await viewOf(hubei.handle)).history.at(-1)).toMatchObject({ action: 'deadline-recomputed', previousDueDate: '2028-01-13', dueDate: '2028-01-12' });
    expect(await findCase(h.database.db, hubei.view.caseId)).toMatchObject({ dueProvisional: false, dueDate: '2028-01-12' });
    // -v2: the recounts as local activities in the case's one line (patch serial-local-activities); -v3 keeps
    // the clock's timer across the steps (patch clock-timer-kept).
    await recordHistory(h, hubei.view.caseId, 'dibao-deadline-recounted-v4');
  });
});
