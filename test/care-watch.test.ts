import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { publishCalendarYear } from '../src/db/calendar.js';
import { notifications } from '../src/db/schema.js';
import { forgetWorkingCalendar } from '../src/api/working-days.js';
import { CARE_WATCH_HOUR } from '../src/domain/care-watch.js';
import { addCalendarDays, shanghaiDate, startOfShanghaiDay, yearOf } from '../src/domain/dates.js';
import { CARE_WATCH_SCHEDULE_ID } from '../src/worker-setup.js';
import { SUPERVISOR, WC, cw } from './support/actors.js';
import { expectStatus, get, post, type Json } from './support/api.js';
import { approve } from './support/benefits.js';
import { eventually, recordHistory, sleepUntil, useHarness } from './support/harness.js';

// The daily care watch (issue 21): at 07:00 each day the street's caseworkers hear of each discovery whose
// visit and each benefit whose contact fell overdue — once per deadline missed — and the county's
// supervisors hear the counts. Its deadlines: the visit in working days on the street's calendar, the
// contact in calendar days.

const h = useHarness('care_watch');
const FIXED = `${WC}002`; // the National Day 2026 timeline, watched day by day
const LIVE = `${WC}003`; // the schedule's timeline, on the time-skipping clock
const PROVINCE = '420000';

const report = (street: string, name: string, extra: Json = {}) =>
  post(h.app, '/v1/discoveries', cw(street), { source: 'grid', orgCode: street, person: { name }, address: '和平大道 8 号', situation: '独居老人，无固定收入', ...extra });

/** The notes of one kind about one discovery or benefit (its id opens the event key). */
const notesAbout = (id: string, kind: string) =>
  h.database.db.select().from(notifications).where(and(eq(notifications.kind, kind), like(notifications.eventKey, `${id}:%`)));
const summariesOf = (date: string) =>
  h.database.db.select().from(notifications).where(and(eq(notifications.kind, 'care-watch'), eq(notifications.eventKey, `${WC}:care-watch:${date}`)));

/** Waits for the schedule's watch of the county's day to have completed (read, not awaited: awaiting lets the test server skip time). */
const watched = (date: string) =>
  eventually(async () => expect((await h.env.client.workflow.getHandle(`care-watch-${WC}-${date}`).describe()).status.name).toBe('COMPLETED'), 30_000);

/** The county's watch of one day, run as the schedule runs it (a child workflow), under an id of its own. */
let runs = 0;
const watchDay = (date: string) =>
  h.env.client.workflow.execute('countyCareWatchWorkflow', { taskQueue: h.taskQueue, workflowId: `care-watch-test-${date}-${++runs}`, args: [{ countyCode: WC, date }] });

describe('the daily schedule on the time-skipping clock', () => {
  it('tells the caseworkers the morning after each deadline passes, across a provincial holiday, once; the board counts it', async () => {
    // A provincial holiday of the test's making, from the day after today: seven days off, then five
    // working days (a weekend among them made a working day), so the visit is due twelve days on.
    // The API's today is the wall clock's; the test server's clock starts there.
    const today = shanghaiDate(Date.now());
    const days = [
      ...Array.from({ length: 7 }, (_, i) => ({ date: addCalendarDays(today, i + 1), working: false })),
      ...Array.from({ length: 5 }, (_, i) => ({ date: addCalendarDays(today, i + 8), working: true })),
    ];
    for (const year of new Set(days.map((d) => yearOf(d.date)))) {
      await publishCalendarYear(h.database.db, PROVINCE, year, days.filter((d) => yearOf(d.date) === year), 'test: a provincial holiday');
    }
    forgetWorkingCalendar();
    const d = expectStatus(await report(LIVE, '孙假期'), 201);
    expect(d).toMatchObject({ foundOn: today, visitDueDate: addCalendarDays(today, 12) });

    const b = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, { orgCode: LIVE, applicant: { name: '李联系', idNumberMasked: '', idHash: 'hash-care-watch-live' } });
    const benefit = expectStatus(await get(h.app, `/v1/benefits/${b.benefitId}`, cw(LIVE)), 200);
    const opened = shanghaiDate((benefit.history as Json[]).find((e) => e.action === 'open')!.at);
    const contactDue = addCalendarDays(opened, 30);
    // The contact falls due on a day off: it does not move.
    await publishCalendarYear(h.database.db, PROVINCE, yearOf(contactDue), [
      ...days.filter((x) => yearOf(x.date) === yearOf(contactDue)),
      ...[-1, 0, 1].map((n) => ({ date: addCalendarDays(contactDue, n), working: false })),
    ], 'test: a provincial holiday');
    expect(expectStatus(await get(h.app, `/v1/benefits/${b.benefitId}`, cw(LIVE)), 200).contact.nextDueOn).toBe(contactDue);

    const at = (date: string, minutes: number) => new Date(startOfShanghaiDay(date).getTime() + CARE_WATCH_HOUR * 3_600_000 + minutes * 60_000).toISOString();
    const schedule = await h.env.client.workflow.start('careWatchScheduleWorkflow', { taskQueue: h.taskQueue, workflowId: CARE_WATCH_SCHEDULE_ID, args: [{}] });
    // The morning of the due date: not yet overdue.
    await sleepUntil(h, at(d.visitDueDate, 5));
    await watched(d.visitDueDate);
    expect(await notesAbout(d.discoveryId, 'discovery-visit-overdue')).toEqual([]);
    // The morning after: told, once, and the next morning nothing more.
    const dayAfter = addCalendarDays(d.visitDueDate, 1);
    await sleepUntil(h, at(dayAfter, 5));
    await eventually(async () => expect(await notesAbout(d.discoveryId, 'discovery-visit-overdue')).toHaveLength(1));
    await sleepUntil(h, at(addCalendarDays(dayAfter, 1), 5));
    await watched(addCalendarDays(dayAfter, 1));
    expect(await notesAbout(d.discoveryId, 'discovery-visit-overdue')).toHaveLength(1);
    expect((await notesAbout(d.discoveryId, 'discovery-visit-overdue'))[0]!.recipientOrg).toBe(LIVE);

    // The contact: not on its due date (a holiday), told the morning after, once.
    await sleepUntil(h, at(contactDue, 5));
    await watched(contactDue);
    expect(await notesAbout(b.benefitId, 'contact-overdue')).toEqual([]);
    await sleepUntil(h, at(addCalendarDays(contactDue, 1), 5));
    await watched(addCalendarDays(contactDue, 1));
    expect((await notesAbout(b.benefitId, 'contact-overdue')).map((n) => n.eventKey)).toEqual([`${b.benefitId}:contact-overdue:${contactDue}`]);
    await sleepUntil(h, at(addCalendarDays(contactDue, 2), 5));
    await watched(addCalendarDays(contactDue, 2));
    expect(await notesAbout(b.benefitId, 'contact-overdue')).toHaveLength(1);

    // The schedule goes on, one run a day.
    const described = await h.env.client.workflow.getHandle(CARE_WATCH_SCHEDULE_ID).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.runId).not.toBe(schedule.firstExecutionRunId);
    await recordHistory(h, CARE_WATCH_SCHEDULE_ID, 'care-watch-schedule', schedule.firstExecutionRunId);
    await recordHistory(h, `care-watch-${WC}-${dayAfter}`, 'county-care-watch');
    // Stopped here: the day-by-day tests below run the county's watch themselves.
    await h.env.client.workflow.getHandle(CARE_WATCH_SCHEDULE_ID).terminate('test: the schedule’s part is done');
  });
});

describe('the care watch of a day', () => {
  it('tells of a discovery only once its visit is overdue across National Day 2026, and once only', async () => {
    // Found Wednesday 30 September 2026: 1–7 October are a holiday, Saturday 10 October a working day.
    const d = expectStatus(await report(FIXED, '赵国庆', { foundOn: '2026-09-30' }), 201);
    expect(d.visitDueDate).toBe('2026-10-13');

    expect(await watchDay('2026-10-13')).toMatchObject({ discoveries: 0, newDiscoveries: 0 });
    expect(await notesAbout(d.discoveryId, 'discovery-visit-overdue')).toEqual([]);
    expect(await summariesOf('2026-10-13')).toEqual([]);

    expect(await watchDay('2026-10-14')).toMatchObject({ discoveries: 1, newDiscoveries: 1 });
    // The same day again (a second run, or a retry): nobody is told twice.
    expect(await watchDay('2026-10-14')).toMatchObject({ discoveries: 1, newDiscoveries: 0 });
    expect(await watchDay('2026-10-15')).toMatchObject({ discoveries: 1, newDiscoveries: 0 });
    const notes = await notesAbout(d.discoveryId, 'discovery-visit-overdue');
    expect(notes.map((n) => `${n.recipientRole}:${n.recipientOrg}`)).toEqual([`caseworker:${FIXED}`]);
    expect(notes[0]!.message).toBe('主动发现逾期未走访：赵国庆（和平大道 8 号），2026-09-30 发现，应于 2026-10-13 前走访');
    const [summary] = await summariesOf('2026-10-14');
    expect(summary).toMatchObject({ recipientRole: 'supervisor', recipientOrg: WC });
    expect(summary!.message).toBe('2026-10-14 走访联系提醒：逾期未走访的主动发现 1 件（新增 1），逾期未联系的待遇对象 0 户（新增 0）');
    // The caseworker reads it in the inbox; another street's does not.
    expect(JSON.stringify(expectStatus(await get(h.app, '/v1/notifications', cw(FIXED)), 200))).toContain('赵国庆');
    expect(JSON.stringify(expectStatus(await get(h.app, '/v1/notifications', cw(LIVE)), 200))).not.toContain('赵国庆');

    // Visited: the following days tell nothing more of it.
    expectStatus(await post(h.app, `/v1/discoveries/${d.discoveryId}/actions`, cw(FIXED), { action: 'visit', findings: '已入户核实', on: '2026-10-16' }), 200);
    expect(await watchDay('2026-10-17')).toMatchObject({ discoveries: 0 });
    expect(await notesAbout(d.discoveryId, 'discovery-visit-overdue')).toHaveLength(1);
  });

  it('tells of a benefit whose contact fell due across a month end, once per contact date missed', async () => {
    const b = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, { orgCode: FIXED, applicant: { name: '钱月末', idNumberMasked: '', idHash: 'hash-care-watch-fixed' } });
    // Contacted Friday 2 October 2026 (a holiday: contacts count calendar days): due again Sunday 1 November.
    expectStatus(await post(h.app, `/v1/benefits/${b.benefitId}/contacts`, cw(FIXED), { on: '2026-10-02', kind: 'call', findings: '电话联系，本人身体尚可' }), 201);

    expect(await watchDay('2026-11-01')).toMatchObject({ contacts: 0, newContacts: 0 });
    expect(await notesAbout(b.benefitId, 'contact-overdue')).toEqual([]);
    expect(await watchDay('2026-11-02')).toMatchObject({ contacts: 1, newContacts: 1 });
    expect(await watchDay('2026-11-02')).toMatchObject({ contacts: 1, newContacts: 0 });
    const notes = await notesAbout(b.benefitId, 'contact-overdue');
    expect(notes.map((n) => `${n.recipientRole}:${n.recipientOrg}`)).toEqual([`caseworker:${FIXED}`]);
    expect(notes[0]!.eventKey).toBe(`${b.benefitId}:contact-overdue:2026-11-01`);
    expect(notes[0]!.message).toContain('上次联系 2026-10-02，应于 2026-11-01 前联系');
    expect((await summariesOf('2026-11-02'))[0]!.message).toContain('逾期未联系的待遇对象 1 户（新增 1）');
  });
});

describe('the supervisor’s board', () => {
  it('the supervisor’s board counts, per street, the discoveries and contacts overdue now', async () => {
    const overdue = expectStatus(await report(`${WC}004`, '周未访', { foundOn: '2026-09-30' }), 201);
    expect(overdue.overdue).toBe(true);
    const board = expectStatus(await get(h.app, `/v1/stats/sla?orgCode=${WC}`, SUPERVISOR), 200);
    // The API's today is the wall clock's: the National Day discovery (visited) is not overdue, the
    // live one not yet; the benefit contacted on 2 October is.
    expect(board.care).toContainEqual({ orgCode: FIXED, discoveriesOverdue: 0, contactsOverdue: 1 });
    expect(board.care).toContainEqual({ orgCode: `${WC}004`, discoveriesOverdue: 1, contactsOverdue: 0 });
    expect((board.care as Json[]).map((c) => c.orgCode)).not.toContain(LIVE);
    const street = expectStatus(await get(h.app, '/v1/stats/sla', cw(FIXED)), 200);
    expect(street.care).toEqual([{ orgCode: FIXED, discoveriesOverdue: 0, contactsOverdue: 1 }]);
  });
});
