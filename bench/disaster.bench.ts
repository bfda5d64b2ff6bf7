import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { buildTestApp, residentId, startHarness, tokenFor, type Harness } from '../test/support/harness.js';

// Issue 20: 应急 opens a case for each of 1,000 affected households in one request (target ≤ 10 s): one
// INSERT claims the thousand keys, then the workflows start 32 at a time (src/api/routes/disaster-events.ts).
// Each iteration is a new event, so every household is a new case; the worker runs beside it, as in production.
const HOUSEHOLDS = 1000;
const YINGJI = { sub: 'ap-yingji', role: 'approver' as const, org: '420106', dept: 'yingji' as const };
const headers = { authorization: `Bearer ${tokenFor(YINGJI)}` };
const households = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
  key: `household-${i}`,
  orgCode: `420106${String((i % 4) + 1).padStart(3, '0')}`,
  applicant: { name: `受灾户${i}`, idNumber: residentId('420106', '19700101', String(i).padStart(3, '0')) },
  household: { size: 3 },
  needs: ['transition-living'],
}));

let harness: Harness;
let app: FastifyInstance;

beforeAll(async () => {
  harness = await startHarness('bench_disaster');
  app = await buildTestApp(harness);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await harness?.close();
});

describe('受灾人员救助: mass intake', () => {
  bench(
    `open ${HOUSEHOLDS} households in one request`,
    async () => {
      const event = await app.inject({ method: 'POST', url: '/v1/disaster-events', headers, payload: { name: '基准洪涝', occurredOn: '2026-12-01', kind: 'flood', countyCode: '420106' } });
      const res = await app.inject({ method: 'POST', url: `/v1/disaster-events/${event.json<{ eventId: string }>().eventId}/cases`, headers, payload: { households } });
      if (res.statusCode !== 201 || res.json<{ created: number }>().created !== HOUSEHOLDS) throw new Error(`intake answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );
});
