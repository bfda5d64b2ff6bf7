import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createJiuzhuClient } from '../clients/typescript/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, SUPERVISOR_JINTANG, SYSTEM, WC, member } from './support/actors.js';
import { act, expectError, expectStatus, fieldsOf, get, json, post, type Json } from './support/api.js';
import { startCase, startTemporaryCase } from './support/cases.js';
import { DAY, TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, residentId, tokenFor, useHarness } from './support/harness.js';

// What the console (web/) needs of the API: work queues, person search, the board's figures, the
// county's reserves, the committee's ballots, and the development sign-in route.

const h = useHarness('console-api', { app: false });
let app: FastifyInstance;
let production: FastifyInstance;

beforeAll(async () => {
  const deps = { config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, payloadKeys: TEST_PAYLOAD_KEYS }, db: h.database.db, temporal: h.temporal };
  app = await buildApp({ ...deps, console: { devTokens: true, temporalUiUrl: 'http://localhost:8233' } });
  production = await buildApp({ ...deps, console: { devTokens: false } });
});
afterAll(async () => {
  await app?.close();
  await production?.close();
});

const PERSON = residentId('420106', '19620704', '331');
const dibao = (name: string, idNumber: string, extra: Json = {}) => ({
  type: 'dibao',
  orgCode: `${WC}001`,
  applicant: { name, idNumber },
  household: { size: 2, monthlyIncomeFen: 40_000 },
  ...extra,
});
const list = async (query: string, who = CASEWORKER) => expectStatus(await get(app, `/v1/cases?${query}`, who), 200);

describe('the OpenAPI document', () => {
  it('defines every schema it references, and lists the console’s routes', async () => {
    const spec = json(await get(app, '/docs/json', null));
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(spec.components.schemas, ref).toHaveProperty(ref as string);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/cases/searches', '/v1/stats/sla/monthly', '/v1/reserve-funds', '/v1/deliberations', '/console-config', '/dev/token']),
    );
  });

  it('validates against the OpenAPI specification’s own schema, every $ref resolving (what code generators check)', async () => {
    const spec = json(await get(app, '/docs/json', null));
    const validator = new Validator();
    const result = await validator.validate(spec);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2_000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toMatch(/^3\./);
    // Every reference resolves to a schema (the validator's own resolver).
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('is what the console’s client types were generated from (npm run openapi)', async () => {
    const spec = json(await get(app, '/docs/json', null));
    const types = astToString(await openapiTS(spec as Parameters<typeof openapiTS>[0]));
    const committed = readFileSync('clients/typescript/schema.d.ts', 'utf8').split('\n').slice(1).join('\n');
    expect(committed === types, 'clients/typescript/schema.d.ts is stale: run npm run openapi').toBe(true);
  });
});

describe('development sign-in', () => {
  it('issues a token for a role and org that the API accepts', async () => {
    const res = expectStatus(await post(app, '/dev/token', null, { role: 'supervisor', org: WC }), 201);
    const list = await app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: `Bearer ${res.token}` } });
    expect(list.statusCode).toBe(200);
  });

  it('400s a caseworker without a street, at the field', async () => {
    expect(fieldsOf(expectError(await post(app, '/dev/token', null, { role: 'caseworker', org: WC }), 400, 'validation_failed'))).toEqual(['org']);
    expect(fieldsOf(expectError(await post(app, '/dev/token', null, { role: 'king', org: WC }), 400, 'validation_failed'))).toEqual(['role']);
  });

  it('is absent in production; the console configuration says so', async () => {
    expectError(await post(production, '/dev/token', null, { role: 'supervisor', org: WC }), 404, 'not_found');
    expect(json(await get(production, '/console-config', null))).toMatchObject({ devSignIn: false, oidc: null });
    expect(json(await get(app, '/console-config', null))).toMatchObject({ devSignIn: true, temporalUiUrl: 'http://localhost:8233' });
  });
});

describe('case lists for work queues', () => {
  let fresh: Json;
  let old: Json;
  beforeAll(async () => {
    fresh = await startCase(app, CASEWORKER, dibao('钱一', residentId('420106', '19800101', '501')));
    old = await startCase(app, SYSTEM, dibao('孙二', residentId('420106', '19800101', '502'), { acceptedAt: new Date(Date.now() - 10 * DAY).toISOString() }));
  });

  it('sorts soonest due first, with a cursor that keeps that order', async () => {
    const first = await list('sort=due&limit=1');
    expect(first.items.map((c: Json) => c.caseId)).toEqual([old.caseId]);
    const second = await list(`sort=due&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((c: Json) => c.caseId)).toEqual([fresh.caseId]);
    expectError(await get(app, `/v1/cases?sort=newest&cursor=${first.nextCursor}`, CASEWORKER), 400, 'validation_failed');
  });

  it('filters by step and by whose turn it is; carries the publicity end', async () => {
    expect((await list('step=economic-check')).items).toHaveLength(2);
    expect((await list('step=home-visit')).items).toHaveLength(0);
    expect((await list('waitingOn=me')).items).toHaveLength(2);
    // The county approver decides 低保 too, but nothing waits on it before the decision step.
    expect((await list('waitingOn=me', APPROVER)).items).toHaveLength(0);
    expect((await list('waitingOn=me', SUPERVISOR)).items).toHaveLength(0);
    await act(app, CASEWORKER, fresh.caseId, { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true });
    await act(app, CASEWORKER, fresh.caseId, { action: 'record-home-visit', findings: '独居老人' });
    const inPublicity = (await list('step=publicity')).items;
    expect(inPublicity).toHaveLength(1);
    expect(Date.parse(inPublicity[0].publicityClosesAt)).toBeGreaterThan(Date.now());
    // Publicity runs by itself: the case no longer waits on the street.
    expect((await list('waitingOn=me')).items.map((c: Json) => c.caseId)).toEqual([old.caseId]);
  });

  it('400s an unknown step or waitingOn value at its field', async () => {
    expect(fieldsOf(expectError(await get(app, '/v1/cases?step=nap', CASEWORKER), 400, 'validation_failed'))).toEqual(['step']);
    expect(fieldsOf(expectError(await get(app, '/v1/cases?waitingOn=you', CASEWORKER), 400, 'validation_failed'))).toEqual(['waitingOn']);
  });
});

describe('person search', () => {
  beforeAll(async () => {
    await startCase(app, CASEWORKER, dibao('周三', PERSON));
  });

  it('finds a person by the full ID number sent in the body, and by name', async () => {
    const byId = expectStatus(await post(app, '/v1/cases/searches', CASEWORKER, { idNumber: PERSON }), 200);
    expect(byId.items.map((c: Json) => c.applicant.name)).toEqual(['周三']);
    const byName = expectStatus(await post(app, '/v1/cases/searches', SUPERVISOR, { name: '周' }), 200);
    expect(byName.items).toHaveLength(1);
    expect(expectStatus(await post(app, '/v1/cases/searches', OTHER_STREET, { idNumber: PERSON }), 200).items).toEqual([]);
    expect(expectStatus(await post(app, '/v1/cases/searches', SUPERVISOR_JINTANG, { name: '周三' }), 200).items).toEqual([]);
  });

  it('400s a bad ID or both criteria; 403s the committee', async () => {
    expect(fieldsOf(expectError(await post(app, '/v1/cases/searches', CASEWORKER, { idNumber: '420106196207043310' }), 400, 'validation_failed'))).toContain('idNumber');
    expectError(await post(app, '/v1/cases/searches', CASEWORKER, { name: '周', idNumber: PERSON }), 400, 'validation_failed');
    expectError(await post(app, '/v1/cases/searches', member(WC, 1), { name: '周' }), 403, 'forbidden');
  });
});

describe('the board’s figures', () => {
  it('counts by month: decided, on time, emergency payouts within 24 hours', async () => {
    const c = await startTemporaryCase(app, `${WC}001`, { kind: 'emergency', amountFen: 100_000, reason: '火灾' });
    expectStatus(await act(app, CASEWORKER, c.caseId, { action: 'approve', amountFen: 100_000 }), 200);
    const month = new Date().toISOString().slice(0, 7);
    const res = expectStatus(await get(app, `/v1/stats/sla/monthly?from=${month}&to=${month}`, SUPERVISOR), 200);
    expect(res.items).toEqual([expect.objectContaining({ month, emergencyPaid: 1, emergencyPaidLate: 0 })]);
    const sla = expectStatus(await get(app, '/v1/stats/sla', SUPERVISOR), 200);
    expect(sla.items.every((i: Json) => typeof i.dueSoon === 'number')).toBe(true);
  });

  it('400s months out of order or too far apart; 403s the committee and another county', async () => {
    expect(fieldsOf(expectError(await get(app, '/v1/stats/sla/monthly?from=2026-05&to=2026-04', SUPERVISOR), 400, 'validation_failed'))).toEqual(['to']);
    expectError(await get(app, '/v1/stats/sla/monthly?from=2020-01&to=2026-04', SUPERVISOR), 400, 'validation_failed');
    expect(fieldsOf(expectError(await get(app, '/v1/stats/sla/monthly?from=2026-13&to=2026-04', SUPERVISOR), 400, 'validation_failed'))).toEqual(['from']);
    expectError(await get(app, '/v1/stats/sla/monthly?from=2026-01&to=2026-04', member(WC, 1)), 403, 'forbidden');
    expectError(await get(app, `/v1/stats/sla/monthly?from=2026-01&to=2026-04&orgCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
  });

  it('lists the county’s reserves, the used one moved and the unused ones at their preset', async () => {
    const res = expectStatus(await get(app, '/v1/reserve-funds', SUPERVISOR), 200);
    const street = res.items.find((f: Json) => f.orgCode === `${WC}001`);
    expect(street).toMatchObject({ used: true, balanceFen: street.presetFen - 100_000, low: false });
    expectError(await get(app, '/v1/reserve-funds', CASEWORKER), 403, 'forbidden');
    expectError(await get(app, `/v1/reserve-funds?countyCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
    expect(fieldsOf(expectError(await get(app, '/v1/reserve-funds?countyCode=42', SUPERVISOR), 400, 'validation_failed'))).toEqual(['countyCode']);
  });
});

describe('the committee’s ballots', () => {
  it('lists the county’s open deliberations for a member; 403s another county', async () => {
    const c = await startTemporaryCase(app, `${WC}003`, { kind: 'expense', amountFen: 900_000, reason: '大病医疗支出' });
    expectStatus(await act(app, { role: 'caseworker', org: `${WC}003` }, c.caseId, { action: 'escalate', reason: '超出常规标准', proposedAmountFen: 800_000 }), 200);
    const open = expectStatus(await get(app, '/v1/deliberations?status=open', member(WC, 1)), 200);
    expect(open.items.map((d: Json) => d.caseId)).toEqual([c.caseId]);
    expect(expectStatus(await get(app, '/v1/deliberations', AUDITOR), 200).items).toHaveLength(1);
    expectError(await get(app, `/v1/deliberations?countyCode=${WC}`, SUPERVISOR_JINTANG), 403, 'forbidden');
    expectError(await get(app, '/v1/deliberations', SYSTEM), 403, 'forbidden');
  });
});

// Last: the cases it starts would change the counts the lists above expect.
describe('the typed client other systems import (clients/typescript)', () => {
  it('talks to a running service with the contract’s types: a list, a start, and a 400 in the one error shape', async () => {
    const served = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: h.database.db, temporal: h.temporal });
    const address = await served.listen({ port: 0, host: '127.0.0.1' });
    try {
      const jiuzhu = createJiuzhuClient({ baseUrl: address, token: () => tokenFor(CASEWORKER) });
      const list = await jiuzhu.GET('/v1/cases', { params: { query: { limit: 5 } } });
      expect(list.response.status).toBe(200);
      expect(Array.isArray(list.data?.items)).toBe(true);
      const started = await jiuzhu.POST('/v1/cases', { body: dibao('周十', residentId('420106', '19601010', '110')) as never });
      expect(started.response.status).toBe(201);
      expect(started.data?.caseId).toMatch(/^case-/);
      // 22 working days ahead on acceptance day, as the deadline was counted; the history reads in Chinese.
      expect(started.data?.workingDaysLeft).toBe(22);
      expect(started.data?.history[0]?.summary).toMatch(/^受理低保申请：周十（\*{17}[\dX]），办理期限 \d{4}-\d{2}-\d{2}$/);
      const listed = await jiuzhu.GET('/v1/cases', { params: { query: { limit: 1 } } });
      expect(listed.data?.items[0]?.workingDaysLeft).toBe(22);
      const bad = await jiuzhu.POST('/v1/cases', { body: { ...dibao('周十一', '123'), household: { size: 0, monthlyIncomeFen: -1 } } as never });
      expect(bad.response.status).toBe(400);
      expect(bad.error?.error.code).toBe('validation_failed');
    } finally {
      await served.close();
    }
  });
});
