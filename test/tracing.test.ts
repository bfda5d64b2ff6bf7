import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { RequestIdClientInterceptor } from '../src/temporal/request-id.js';
import { startTracing, tracingClientInterceptors, type Tracing } from '../src/tracing.js';
import { createWorker } from '../src/worker-setup.js';
import { writeWorkflowBundle } from '../src/workflow-bundle.js';
import { CASEWORKER, WC } from './support/actors.js';
import { post } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, eventually, residentId, useHarness } from './support/harness.js';

// Tracing on, as with OTEL_EXPORTER_OTLP_ENDPOINT set, but into memory: the API, the Temporal client,
// the traced workflow bundle and the activities must land in one trace.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
const h = useHarness('tracing', { app: false });
const taskQueue = 'tq-traced';
let worker: Worker;
let running: Promise<void>;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  tracing = startTracing('jiuzhu-test', {}, new SimpleSpanProcessor(exporter))!;
  const bundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-traced-')), 'workflow-bundle-traced.js');
  await writeWorkflowBundle(bundle, { traced: true });
  worker = await createWorker({ connection: h.env.nativeConnection, namespace: 'default', taskQueue, db: h.database.db, payloadKeys: TEST_PAYLOAD_KEYS, workflowBundlePath: bundle, tracing });
  running = worker.run();
  const client = new Client({
    connection: h.env.connection,
    dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS),
    interceptors: { workflow: [new RequestIdClientInterceptor(), ...tracingClientInterceptors()] },
  });
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: { client, taskQueue, callTimeoutMs: 30_000, close: async () => {} }, traced: true });
}, 120_000);

afterAll(async () => {
  await app?.close();
  worker?.shutdown();
  await running;
  await tracing?.shutdown();
});

describe('OpenTelemetry traces', () => {
  it('follow a case start from the API through the Temporal client and the workflow to its activities, in one trace', async () => {
    const res = await post(app, '/v1/cases', CASEWORKER, {
      type: 'dibao',
      orgCode: `${WC}001`,
      applicant: { name: '吴九', idNumber: residentId('420106', '19790909', '909') },
      household: { size: 2, monthlyIncomeFen: 40_000 },
    });
    expect(res.statusCode).toBe(201);
    const spans = await eventually(async () => {
      const all = exporter.getFinishedSpans();
      const names = all.map((s) => s.name);
      // The workflow's own span (RunWorkflow) ends with the case; its steps' spans end at once.
      expect(names).toEqual(expect.arrayContaining(['POST /v1/cases', 'StartWorkflow:dibaoWorkflow', 'StartActivity:recordCase', 'RunActivity:recordCase']));
      return all;
    });
    const root = spans.find((s) => s.name === 'POST /v1/cases')!;
    expect(root.attributes['http.response.status_code']).toBe(201);
    // The API recorded the acceptance and started the workflow; the workflow's first write (confirming it) runs under the same trace.
    for (const name of ['StartWorkflow:dibaoWorkflow', 'StartActivity:recordCase', 'RunActivity:recordCase']) {
      expect(spans.find((s) => s.name === name)?.spanContext().traceId, name).toBe(root.spanContext().traceId);
    }
    // Acceptance's reads were made by the API at the window, under its request's span: no activity for them.
    expect(spans.map((s) => s.name)).not.toContain('RunActivity:acceptanceFacts');
    // No personal data in span names or attributes.
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain('吴九');
  });
});
