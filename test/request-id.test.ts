import { Client } from '@temporalio/client';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { RequestIdClientInterceptor } from '../src/temporal/request-id.js';
import { REQUEST_ID_HEADER } from '../src/workflows/messages.js';
import { CASEWORKER, WC } from './support/actors.js';
import { post } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, eventually, installRuntime, residentId, useHarness } from './support/harness.js';

// Before the harness installs its own: this file reads what the workers log, at DEBUG.
const logged: LogEntry[] = [];
installRuntime('WARN', new DefaultLogger('DEBUG', (entry) => logged.push(entry)));
const h = useHarness('request_id', { app: false });

let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  // The API's own client, with the interceptor production uses (src/temporal/client.ts).
  const client = new Client({ connection: h.env.connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS), interceptors: { workflow: [new RequestIdClientInterceptor()] } });
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: { ...h.temporal, client } });
});
afterAll(() => app?.close());

const body = { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '孙八', idNumber: residentId('420106', '19810808', '808') }, household: { size: 2, monthlyIncomeFen: 40_000 } };

describe('a request id', () => {
  it('comes back on every response, ours or the caller’s when it is a plain token', async () => {
    const mine = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'gw-7f3a.01' } });
    expect(mine.headers['x-request-id']).toBe('gw-7f3a.01');
    const odd = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b\u202e<script>' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follows a start and a step into the workflow, the activities it schedules and their log lines', async () => {
    const started = await post(app, '/v1/cases', CASEWORKER, body, { 'x-request-id': 'start-0001' });
    expect(started.statusCode).toBe(201);
    const caseId = started.json().caseId as string;
    const step = await post(app, `/v1/cases/${caseId}/actions`, CASEWORKER, { action: 'request-supplement', items: ['户口簿'] }, { 'x-request-id': 'step-0002' });
    expect(step.statusCode).toBe(200);

    const history = await h.env.client.workflow.getHandle(caseId).fetchHistory();
    const header = (e: NonNullable<typeof history.events>[number]) => {
      const p = (e.workflowExecutionStartedEventAttributes ?? e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input)?.header?.fields?.[REQUEST_ID_HEADER];
      return p?.data ? JSON.parse(Buffer.from(p.data).toString()) : undefined;
    };
    expect(header(history.events![0]!)).toBe('start-0001');
    // The start is the workflow's start (the API recorded the acceptance); the step is an Update, and its
    // write a local activity (a marker, no scheduled event).
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates.map(header)).toEqual(['step-0002']);

    // The SDK's own lines about each activity (the line it writes once the activity ran).
    await eventually(async () => {
      const done = logged.filter((l) => l.message === 'Activity completed' && l.meta?.workflowId === caseId);
      expect(done.map((l) => [l.meta?.activityType, l.meta?.requestId])).toEqual(
        expect.arrayContaining([
          ['recordCase', 'start-0001'],
          ['recordCase', 'step-0002'],
        ]),
      );
    });
  });
});
