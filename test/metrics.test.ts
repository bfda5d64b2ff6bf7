import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { freePort, sleep } from '../scripts/dev/util.js';
import { CASEWORKER, SYSTEM, WC, cw } from './support/actors.js';
import { act, expectError, get } from './support/api.js';
import { startCase, startTemporaryCase } from './support/cases.js';
import { buildApp } from '../src/api/app.js';
import { createDatabase } from '../src/db/client.js';
import { DAY, TEST_JWT_SECRET, TEST_PII_HASH_KEY, eventually, residentId, useHarness } from './support/harness.js';

const h = useHarness('metrics');

const NAME = '钱七隐私';
const ID = residentId('420106', '19700707', '707');

/** The value of one sample (`name{labels} value`) in a Prometheus text exposition. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('the API’s /metrics', () => {
  it('counts requests by route template, starts, steps and refusals, and reads overdue cases and reserves from the read model — with no person or case in it', async () => {
    const overdue = await startCase(h.app, SYSTEM, {
      type: 'dibao',
      orgCode: `${WC}001`,
      applicant: { name: NAME, idNumber: ID },
      household: { size: 2, monthlyIncomeFen: 40_000 },
      acceptedAt: new Date(Date.now() - 60 * DAY).toISOString(),
    });
    expect(overdue.overdue).toBe(true);
    expect((await act(h.app, CASEWORKER, overdue.caseId, { action: 'request-supplement', items: ['户口簿'] })).statusCode).toBe(200);
    expectError(await act(h.app, CASEWORKER, overdue.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 1 }), 409, 'invalid_transition');
    expectError(await act(h.app, CASEWORKER, overdue.caseId, { action: 'supplement-received', note: 'x'.repeat(5_000) }), 400, 'validation_failed');
    const street = `${WC}003`;
    const emergency = await startTemporaryCase(h.app, street, { kind: 'emergency', amountFen: 120_000, reason: '火灾' });
    expect((await act(h.app, cw(street), emergency.caseId, { action: 'approve', amountFen: 120_000 })).statusCode).toBe(200);

    const res = await get(h.app, '/metrics', null);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.body;
    expect(sample(text, 'jiuzhu_http_requests_total', { route: '/v1/cases', method: 'POST', status: '201' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'jiuzhu_http_requests_total', { route: '/v1/cases/:caseId/actions', status: '409' })).toBe(1);
    expect(sample(text, 'jiuzhu_http_request_duration_seconds_count', { route: '/v1/cases', method: 'POST' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'jiuzhu_cases_started_total', { type: 'dibao' })).toBe(1);
    expect(sample(text, 'jiuzhu_cases_started_total', { type: 'temporary' })).toBe(1);
    expect(sample(text, 'jiuzhu_case_actions_total', { type: 'dibao', action: 'request-supplement', outcome: 'done' })).toBe(1);
    expect(sample(text, 'jiuzhu_case_actions_total', { action: 'decide', outcome: 'conflict' })).toBe(1);
    // A body the schema refuses never reaches a case: it shows as the route's 400.
    expect(sample(text, 'jiuzhu_http_requests_total', { route: '/v1/cases/:caseId/actions', status: '400' })).toBe(1);
    expect(sample(text, 'jiuzhu_cases_overdue', { county: WC, type: 'dibao' })).toBe(1);
    expect(sample(text, 'jiuzhu_reserve_balance_fen', { street: `${WC}003` })).toBeGreaterThan(0);
    // Route templates, never raw paths; no name, ID number or case id anywhere.
    for (const secret of [NAME, ID, overdue.caseId]) expect(text).not.toContain(secret);
  });

  it('counts in the worker what it recorded once: the escalation of an overdue case and a reserve payout', async () => {
    const text = await eventually(async () => {
      const t = await h.workerMetrics.registry.metrics();
      expect(sample(t, 'jiuzhu_escalations_total', { kind: 'overdue' })).toBe(1);
      return t;
    });
    expect(sample(text, 'jiuzhu_payouts_total', { source: 'reserve' })).toBe(1);
    expect(sample(text, 'jiuzhu_payout_amount_fen_total', { source: 'reserve' })).toBe(120_000);
    expect(text).not.toContain(NAME);
  });
});

describe('/metrics with PostgreSQL down', () => {
  it('still answers, without the read-model gauges', async () => {
    const down = createDatabase('postgres://postgres@127.0.0.1:1/nothing', { max: 1 });
    const app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: down.db, temporal: h.temporal });
    try {
      await get(app, '/healthz', null);
      const res = await get(app, '/metrics', null);
      expect(res.statusCode).toBe(200);
      expect(sample(res.body, 'jiuzhu_http_requests_total', { route: '/healthz' })).toBe(1);
      expect(sample(res.body, 'jiuzhu_cases_overdue')).toBeUndefined();
    } finally {
      await app.close();
      await down.close();
    }
  });
});

describe('the worker process’s /metrics', () => {
  it('serves its own counters and the Temporal SDK’s worker metrics on one port', async () => {
    const [port, sdkPort] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        TEMPORAL_ADDRESS: h.env.address,
        TASK_QUEUE: `tq-metrics-process-${port}`,
        WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        METRICS_BIND_ADDRESS: `127.0.0.1:${port}`,
        TEMPORAL_SDK_METRICS_BIND_ADDRESS: `127.0.0.1:${sdkPort}`,
      },
      stdio: 'ignore',
    });
    try {
      let text = '';
      for (let i = 0; i < 120 && !/^temporal_/m.test(text); i++) {
        await sleep(250);
        text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      }
      expect(text).toContain('# TYPE jiuzhu_reminders_total counter');
      expect(text).toContain('# TYPE jiuzhu_activity_failures_total counter');
      expect(text).toMatch(/^temporal_\w+/m);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
