import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, buildTestApp, residentId, startHarness, type Harness } from './support/harness.js';

let h: Harness;
let app: FastifyInstance;
beforeAll(async () => {
  h = await startHarness('smoke');
  app = await buildTestApp(h);
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

it('starts a case', async () => {
  const cw = bearer({ role: 'caseworker', org: '420106001' });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: cw,
    payload: { type: 'dibao', orgCode: '420106001', applicant: { name: '张三', idNumber: residentId() }, household: { size: 2, monthlyIncomeFen: 50000 } },
  });
  console.log(res.statusCode, res.body);
  expect(res.statusCode).toBe(201);
  const t0 = await h.env.currentTimeMs();
  console.log(new Date(t0));
});
