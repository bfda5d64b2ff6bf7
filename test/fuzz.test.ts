import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, SUPERVISOR_JINTANG, SYSTEM, WC, YIBAO, member } from './support/actors.js';
import { act, expectStatus, get, json, type Json } from './support/api.js';
import { startCase, startTemporaryCase, submitApplication } from './support/cases.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, residentId, tokenFor, useHarness } from './support/harness.js';

// Property-based: every route the app has, with arbitrary path parameters, query strings and bodies
// (NUL, unpaired surrogates, 2^53, negatives, huge strings, wrong types, deep nesting, %00 and %FF in
// the path), as several roles and without a token. The service never answers 5xx — 503 `unavailable`
// (a dependency past its deadline) is the one tolerated 5xx — every error is in the one shape, and the
// service still works afterwards.

const h = useHarness('fuzz');

/** An app of our own on the harness: a short Temporal deadline, so a request that would hang answers 503 fast. */
let app: FastifyInstance;

const ROUTE_RUNS = Number(process.env.FUZZ_RUNS ?? 40);

interface Route {
  method: string;
  /** OpenAPI form: /v1/cases/{caseId}/actions */
  path: string;
  params: string[];
  query: string[];
}

/** Every route of the app, as its OpenAPI document lists them (the docs' own routes are hidden). */
function routesOf(a: FastifyInstance): Route[] {
  const doc = (a as unknown as { swagger(): { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> } }).swagger();
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
}

// ---- the callers ----------------------------------------------------------------------------------

const CALLERS: Array<Actor | null | 'garbage'> = [
  CASEWORKER,
  OTHER_STREET,
  APPROVER,
  YIBAO,
  member(WC, 1),
  SUPERVISOR,
  SUPERVISOR_JINTANG,
  SYSTEM,
  { sub: 'nat-calendar', role: 'system', org: '000000' },
  AUDITOR,
  null,
  'garbage',
];
const headersOf = (who: (typeof CALLERS)[number]): Record<string, string> =>
  who === null ? {} : who === 'garbage' ? { authorization: 'Bearer not.a.token\u00ff' } : { authorization: `Bearer ${tokenFor(who)}` };

// ---- nasty values ---------------------------------------------------------------------------------

const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '',
  ' ',
  'null',
  '-1',
  '0',
  '9007199254740992',
  '1e400',
  'NaN',
  '2019-12-31T00:00:00Z',
  '9999-99-99',
  '2026-02-30',
  '../../etc/passwd',
  "'; drop table cases; --",
  '%00',
  '%FF',
  'a'.repeat(101),
  'x'.repeat(5000),
  '\u202e王五',
  '11010519491231002X',
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const nastyNumber = fc.constantFrom(2 ** 53, 2 ** 53 - 1, -(2 ** 53), -1, 0, 1.5, 1e308, -1e308, 2 ** 31, 4.9e-324);

const deep = (n: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

const nastyLeaf: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constantFrom(true, false, null, [], {}, deep(2000), ['\u0000'], { '\u0000': 1 }, { __proto__x: 1, constructor: { prototype: 1 } }),
  fc.integer(),
);

const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, nastyLeaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(nastyString, tie('v'), { maxKeys: 4 })),
})).v;

/** Every path into a JSON value (each object key and array index), for mutating valid bodies. */
function pathsOf(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...pathsOf(x, [...prefix, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
  return [];
}

type Mutation = { at: number; kind: 'replace' | 'delete' | 'extra'; value: unknown; key: string };

function mutate(seed: unknown, mutations: Mutation[]): unknown {
  const out = structuredClone(seed) as Json;
  for (const m of mutations) {
    const paths = pathsOf(out);
    if (paths.length === 0) return m.value;
    const path = paths[m.at % paths.length] as Array<string | number>;
    let parent: Json = out;
    for (const p of path.slice(0, -1)) parent = parent[p as never];
    const last = path[path.length - 1] as string | number;
    if (m.kind === 'replace') parent[last as never] = m.value as never;
    else if (m.kind === 'delete' && !Array.isArray(parent)) delete parent[last as never];
    else {
      const target = parent[last as never] as unknown;
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Json)[m.key] = m.value;
      else parent[last as never] = m.value as never;
    }
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'extra' as const),
  value: nastyLeaf,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'acceptedAt', '\u0000'), nastyString),
});

// ---- seeds: valid requests the mutations start from -----------------------------------------------

let idSeq = 200;
const freshId = () => residentId('420106', '19700101', String(idSeq++ % 1000).padStart(3, '0'));

const fixtures = { caseId: '', temporaryCaseId: '', applicationId: '', deliberationId: '' };

function bodySeeds(route: Route): unknown[] {
  const applicant = { name: '王五', idNumber: freshId(), phone: '13900000000' };
  const household = { size: 3, monthlyIncomeFen: 60_000, address: '武昌区中山路1号' };
  switch (`${route.method} ${route.path}`) {
    case 'POST /v1/cases':
      return [
        { type: 'dibao', orgCode: `${WC}001`, applicant, household },
        { type: 'temporary', orgCode: `${WC}001`, applicant, household, temporary: { kind: 'emergency', amountFen: 50_000, reason: '火灾' } },
        { type: 'dibao', orgCode: `${WC}001`, applicant, household, acceptedAt: '2019-12-31T00:00:00Z' },
      ];
    case 'POST /v1/applications':
      return [
        {
          orgCode: `${WC}001`,
          applicant,
          household,
          requested: ['dibao'],
          commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
          assessment: { causeOfHardship: '户主重病', health: { note: '住院' } },
          pledgedInsteadOfProof: ['收入证明'],
        },
      ];
    case 'POST /v1/cases/{caseId}/actions':
      return [
        { action: 'record-economic-check', perCapitaIncomeFen: 30_000, assetsWithinLimits: true },
        { action: 'record-home-visit', findings: '独居老人' },
        { action: 'request-supplement', items: ['户口本'] },
        { action: 'approve', amountFen: 50_000 },
        { action: 'escalate', reason: '情况复杂', proposedAmountFen: 60_000 },
        { action: 'decide', decision: 'approve', monthlyAmountFen: 50_000 },
        { action: 'withdraw', reason: '申请人撤回' },
        { action: 'refer-to-employment', note: '就业' },
      ];
    case 'POST /v1/deliberations/{id}/votes':
      return [
        { vote: 'approve', amountFen: 60_000, reason: '同意' },
        { vote: 'reject', reason: '不同意' },
      ];
    case 'POST /v1/reserve-funds/{orgCode}/replenishments':
      return [{ amountFen: 100_000, note: '补充' }];
    case 'PUT /v1/calendar/years/{year}':
      return [{ source: '国务院办公厅通知', days: [{ date: '2031-01-01', working: false, note: '元旦' }] }];
    case 'POST /v1/dishonesty-list/lookups':
      return [{ idNumber: applicant.idNumber }];
    case 'POST /v1/codec/decode':
    case 'POST /v1/codec/encode': {
      // Encrypted-looking payloads: the test key's id, an unknown one, none; data random or empty.
      const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64');
      const sealed = (keyId?: string) => ({ metadata: { encoding: b64('binary/encrypted'), ...(keyId ? { 'encryption-key-id': b64(keyId) } : {}) }, data: b64(Buffer.alloc(40, 7)) });
      return [{ payloads: [sealed('test'), sealed('gone'), sealed()] }, { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] }];
    }
    case 'POST /v1/payrolls/{payrollId}/release':
      return [{}, { force: true }];
    default:
      return route.method === 'GET' ? [undefined] : [{}];
  }
}

function paramSeeds(route: Route, name: string): string[] {
  switch (name) {
    case 'caseId':
      return [fixtures.caseId, fixtures.temporaryCaseId];
    case 'applicationId':
      return [fixtures.applicationId];
    case 'id':
      return route.path.startsWith('/v1/deliberations') ? [fixtures.deliberationId] : ['1', '2'];
    case 'orgCode':
      return [`${WC}001`, '510121001'];
    case 'year':
      return ['2031', '2027'];
    default:
      return ['x'];
  }
}

const QUERY_SEEDS: Record<string, string[]> = {
  orgCode: [`${WC}001`, WC, '510121'],
  caseId: [],
  type: ['dibao', 'temporary'],
  status: ['open'],
  overdue: ['true'],
  dueBefore: ['2026-12-31'],
  cursor: [Buffer.from(JSON.stringify(['0000-01-01T00:00:00Z', 'x'])).toString('base64url'), Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])).toString('base64url')],
  limit: ['1', '0', '-1', '1000000', '9007199254740993'],
  from: ['2026-01-01'],
  to: ['2025-01-01'],
  unread: ['true'],
  before: ['1', '9007199254740993', '-5'],
};

/** A path segment as it goes on the wire: encoded, raw (%00, %FF as given) or unencodable (a lone surrogate). */
function segment(value: string, raw: boolean): string {
  if (raw) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8: send its WTF-8 bytes.
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

function requestArb(route: Route) {
  const seeds = bodySeeds(route);
  const paramArb = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...paramSeeds(route, name)).map((v) => segment(v, false)) },
      { weight: 2, arbitrary: fc.constantFrom('%00', '%FF', '%ED%A0%80', 'a'.repeat(101), '%2e%2e', 'case-%00', '%C0%AF') },
      { weight: 2, arbitrary: nastyString.map((v) => segment(v, false)) },
    );
  const queryArb = fc.dictionary(
    fc.oneof({ weight: 4, arbitrary: route.query.length ? fc.constantFrom(...route.query) : fc.constant('q') }, { weight: 1, arbitrary: nastyString }),
    fc.oneof(fc.constantFrom(...(route.query.flatMap((q) => QUERY_SEEDS[q] ?? []).concat(['%00', '%FF', 'a'.repeat(101)]))), nastyString.map((v) => segment(v, false)), fc.constant(fixtures.caseId)),
    { maxKeys: 3 },
  );
  const bodyArb =
    route.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 0, maxLength: 3 })).map(([s, ms]) => mutate(s, ms)) },
          { weight: 2, arbitrary: anyJson },
          { weight: 1, arbitrary: fc.constantFrom(deep(5000), 'not json', '{"a":', 12, '"\\u0000"') },
        );
  return fc.record({
    who: fc.constantFrom(...CALLERS),
    params: fc.tuple(...route.params.map(paramArb)) as fc.Arbitrary<string[]>,
    query: queryArb,
    body: bodyArb,
    rawQuery: fc.boolean(),
  });
}

type Sample = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

function urlOf(route: Route, s: Sample): string {
  let i = 0;
  const path = route.path.replace(/\{\w+\}/g, () => s.params[i++] ?? 'x');
  const q = Object.entries(s.query)
    .map(([k, v]) => `${segment(k, false)}=${s.rawQuery ? v : segment(v, false)}`)
    .join('&');
  return q ? `${path}?${q}` : path;
}

async function send(route: Route, s: Sample): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...headersOf(s.who), 'idempotency-key': `fuzz-${Math.random()}` };
  const payload = s.body === undefined ? undefined : typeof s.body === 'string' && (s.body === 'not json' || s.body.startsWith('{')) ? s.body : JSON.stringify(s.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return app.inject({ method: route.method as 'GET', url: urlOf(route, s), headers, ...(payload !== undefined ? { payload } : {}) });
}

/** The one error shape (src/api/errors.ts). */
function shapeProblem(res: LightMyRequestResponse): string | undefined {
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return `not JSON: ${res.body.slice(0, 200)}`;
  }
  const e = (body as { error?: Json }).error;
  if (!e || typeof e !== 'object') return 'no error object';
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return 'error.code / error.message not strings';
  const extra = Object.keys(body as object).filter((k) => k !== 'error').concat(Object.keys(e).filter((k) => !['code', 'message', 'details'].includes(k)));
  if (extra.length) return `extra keys ${extra.join(',')}`;
  return undefined;
}

/** What went wrong with one response, or undefined: no 5xx but 503 unavailable with Retry-After, errors in the shape. */
function verdict(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) {
    const ok = res.statusCode === 503 && (res.json() as Json).error?.code === 'unavailable' && Number(res.headers['retry-after']) > 0;
    if (!ok) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  }
  if (res.statusCode >= 400) {
    const p = shapeProblem(res);
    if (p) return `status ${res.statusCode} outside the error shape (${p})`;
  }
  return undefined;
}

const describeSample = (route: Route, s: Sample) =>
  `${route.method} ${urlOf(route, s)} as ${s.who === null ? 'nobody' : s.who === 'garbage' ? 'a garbage token' : `${s.who.role}:${s.who.org}${s.who.dept ? `:${s.who.dept}` : ''}`} body=${JSON.stringify(s.body)?.slice(0, 300)}`;

let routes: Route[] = [];
const statuses = new Map<number, number>();
let requests = 0;

beforeAll(async () => {
  app = await buildApp({
    config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, payloadKeys: TEST_PAYLOAD_KEYS },
    db: h.database.db,
    temporal: { ...h.temporal, callTimeoutMs: 3_000 },
  });
  await app.ready();
  routes = routesOf(app);
  const dibao = await startCase(app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '张三', idNumber: freshId() }, household: { size: 2, monthlyIncomeFen: 50_000 } });
  fixtures.caseId = dibao.caseId;
  const temp = await startTemporaryCase(app, `${WC}001`, { kind: 'expense', amountFen: 900_000, reason: '大病医疗支出' });
  fixtures.temporaryCaseId = temp.caseId;
  const escalated = expectStatus(await act(app, CASEWORKER, temp.caseId, { action: 'escalate', reason: '情况复杂', proposedAmountFen: 800_000 }), 200);
  fixtures.deliberationId = escalated.temporary.deliberationId;
  const a = await submitApplication(app, CASEWORKER, {
    orgCode: `${WC}001`,
    applicant: { name: '李四', idNumber: freshId() },
    household: { size: 3, monthlyIncomeFen: 60_000 },
    requested: ['dibao'],
    commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
  });
  fixtures.applicationId = a.applicationId;
}, 120_000);

afterAll(async () => {
  await app?.close();
  console.log(`fuzz: ${requests} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});

describe('fuzzing every route', () => {
  it('finds the routes of the app', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining(['GET /healthz', 'GET /readyz', 'POST /v1/cases', 'POST /v1/cases/{caseId}/actions', 'POST /v1/deliberations/{id}/votes', 'PUT /v1/calendar/years/{year}']));
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it(
    'never answers 5xx (but 503 unavailable) and every error is { error: { code, message, details? } }',
    async () => {
      const failures: string[] = [];
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(requestArb(route), async (s) => {
            const res = await send(route, s);
            requests++;
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const problem = verdict(res);
            if (problem) {
              failures.push(`${describeSample(route, s)} → ${problem}`);
              return false;
            }
            return true;
          }),
          { numRuns: ROUTE_RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true },
        ).catch(() => undefined);
      }
      expect(failures, failures.join('\n')).toEqual([]);
    },
    120_000,
  );

  it('the fixed edge cases of the path: %00, %FF, a 101-character parameter, NUL in the query', async () => {
    const urls = [
      '/v1/cases/%00',
      '/v1/cases/%FF',
      `/v1/cases/${'a'.repeat(101)}`,
      '/v1/cases/%ED%A0%80',
      '/v1/audit?caseId=%00',
      '/v1/audit?caseId=%FF',
      '/v1/cases?cursor=%00',
      `/v1/cases?cursor=${Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])).toString('base64url')}`,
      `/v1/cases?cursor=${Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', 'x'])).toString('base64url')}`,
      '/v1/notifications?before=9007199254740993',
      '/v1/notifications?before=99999999999',
      '/v1/reserve-funds/%00',
      `/v1/applications/${'a'.repeat(101)}`,
      `/v1/deliberations/${'a'.repeat(201)}`,
    ];
    const bad: string[] = [];
    for (const url of urls) {
      for (const who of [SUPERVISOR, AUDITOR, CASEWORKER]) {
        const res = await get(app, url, who);
        const problem = verdict(res) ?? (res.statusCode >= 400 ? undefined : res.statusCode === 200 && url.includes('%00') ? 'NUL accepted' : undefined);
        if (problem) bad.push(`GET ${url} as ${who.role} → ${problem}`);
      }
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('is healthy afterwards: /healthz is 200 and a case can still be started and read', async () => {
    expect((await get(app, '/healthz', null)).statusCode).toBe(200);
    const c = await startCase(app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '赵六', idNumber: freshId() }, household: { size: 1, monthlyIncomeFen: 10_000 } });
    const read = json(await get(app, `/v1/cases/${c.caseId}`, CASEWORKER));
    expect(read).toMatchObject({ caseId: c.caseId, status: 'open' });
    // The fixtures the fuzz hammered still answer.
    expect((await get(app, `/v1/cases/${fixtures.caseId}`, CASEWORKER)).statusCode).toBe(200);
    expect((await get(app, `/v1/deliberations/${fixtures.deliberationId}`, SUPERVISOR)).statusCode).toBe(200);
  });
});
