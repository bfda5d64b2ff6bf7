import { describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate, startOfShanghaiDay } from '../src/domain/dates.js';
import { RECONCILIATION_SCHEDULE_ID } from '../src/worker-setup.js';
import { SUPERVISOR, WC, cw } from './support/actors.js';
import { actOk, expectStatus, get } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { eventually, recordHistory, sleepUntil, useHarness } from './support/harness.js';

// The daily schedule on the time-skipping server: at 01:00 it reconciles the day just ended for every
// county with money, stores what it found, tells the county's supervisors of a difference, anchors the
// day's audit chains, and continues as new for the next day.

const h = useHarness('reconciliation_schedule');
const STREET = `${WC}001`;

describe('the daily reconciliation schedule', () => {
  it('writes the day’s result, notifies the supervisors of a difference, anchors the audit trail and reports the metric', async () => {
    const c = await startTemporaryCase(h.app, STREET, { kind: 'emergency', amountFen: 80_000, reason: '火灾' });
    await actOk(h.app, cw(STREET), c.caseId, { action: 'approve', amountFen: 80_000 });
    // A ledger entry edited behind the service's back.
    await h.database.sql`update reserve_entries set amount_fen = amount_fen - 500 where org_code = ${STREET} and kind = 'payout'`;

    const today = shanghaiDate(await h.env.currentTimeMs());
    const schedule = await h.env.client.workflow.start('reconciliationScheduleWorkflow', { taskQueue: h.taskQueue, workflowId: RECONCILIATION_SCHEDULE_ID, args: [{}] });
    await sleepUntil(h, new Date(startOfShanghaiDay(addCalendarDays(today, 1)).getTime() + 61 * 60_000).toISOString());

    const [stored] = await eventually(async () => {
      const rows = await h.database.sql<{ ok: boolean; differences: number; result: { checks: Array<{ check: string; ok: boolean }> } }[]>`
        select ok, differences, result from reconciliations where county_code = ${WC} and day = ${today}`;
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(stored).toMatchObject({ ok: false });
    expect(stored!.differences).toBeGreaterThan(0);
    expect(stored!.result.checks.filter((k) => !k.ok).map((k) => k.check)).toEqual(['reserve-ledgers']);

    const notes = await h.database.sql<{ recipient_role: string; recipient_org: string; message: string }[]>`
      select recipient_role, recipient_org, message from notifications where kind = 'reconciliation-difference'`;
    expect(notes).toEqual([expect.objectContaining({ recipient_role: 'supervisor', recipient_org: WC })]);
    expect(notes[0]!.message).toContain(today);
    const inbox = expectStatus(await get(h.app, '/v1/notifications', SUPERVISOR), 200);
    expect(JSON.stringify(inbox)).toContain('对账发现');

    // The anchor of the day names the emergency case's chain head.
    const [anchor] = await eventually(async () => {
      const rows = await h.database.sql<{ heads: number }[]>`select heads from audit_anchors where county_code = ${WC} and day = ${today}`;
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(anchor!.heads).toBeGreaterThanOrEqual(1);
    const [head] = await h.database.sql<{ case_id: string }[]>`select case_id from audit_anchor_heads where county_code = ${WC} and day = ${today}`;
    expect(head!.case_id).toBe(c.caseId);

    // What the API answers for that day is what the run stored; the metric says how many.
    const answered = expectStatus(await get(h.app, `/v1/reconciliations?countyCode=${WC}&date=${today}`, SUPERVISOR), 200);
    expect(answered).toMatchObject({ source: 'scheduled', date: today, ok: false, differences: stored!.differences });
    const metrics = (await get(h.app, '/metrics', null)).body;
    const line = metrics.split('\n').find((l) => l.startsWith(`jiuzhu_reconciliation_differences{county="${WC}",check="reserve-ledgers"}`));
    expect(Number(line!.split(' ').at(-1))).toBeGreaterThan(0);
    expect(metrics).toContain(`jiuzhu_reconciliation_differences{county="${WC}",check="workflows"} 0`);

    // The schedule continued as new, waiting for the next day.
    const described = await eventually(async () => {
      const d = await h.env.client.workflow.getHandle(RECONCILIATION_SCHEDULE_ID).describe();
      expect(d.runId).not.toBe(schedule.firstExecutionRunId);
      return d;
    });
    expect(described.status.name).toBe('RUNNING');
    await recordHistory(h, RECONCILIATION_SCHEDULE_ID, 'reconciliation-schedule', schedule.firstExecutionRunId);
    await recordHistory(h, `reconciliation-${WC}-${today}`, 'county-reconciliation');
  });
});
