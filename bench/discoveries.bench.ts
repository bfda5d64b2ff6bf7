import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { buildApp } from '../src/api/app.js';
import type { Database } from '../src/db/client.js';
import { dataConverterFor } from '../src/temporal/client.js';
import { TEST_JWT_SECRET, TEST_PAYLOAD_KEYS, TEST_PII_HASH_KEY, freshDatabase, residentId, tokenFor } from '../test/support/harness.js';

// Issue 21: a department's match list of 10,000 rows imported in ≤ 10 s. Timed end to end through the
// route (app.inject: auth, the body's check of every row and resident ID, keyed hashes, due dates on the
// working calendar, one INSERT … ON CONFLICT) against a bare INSERT … SELECT of as many rows into the
// same table in the same run. Each run imports new people; a second import of the same list is timed too.
const ROWS = 10_000;
const COUNTY = '420106';
const GOAL_MS = 10_000;
let database: Database;
let app: FastifyInstance;
let connection: Connection;
let run = 0;
const loadAtStart = loadavg()[0]!;
const timings = { import: [] as number[], again: [] as number[], baseline: [] as number[] };
const auth = { authorization: `Bearer ${tokenFor({ sub: 'bench-match', role: 'system', org: COUNTY })}` };

/** Run n's list: 10,000 people distinct from each other and from other runs' (birth year and month by row and run). */
const listOf = (n: number) =>
  Array.from({ length: ROWS }, (_, i) => ({
    source: 'department-match',
    orgCode: `${COUNTY}${String((i % 20) + 1).padStart(3, '0')}`,
    person: { name: `比对对象${n}-${i}`, idNumber: residentId(COUNTY, `19${40 + Math.floor(i / 1000)}${String(n).padStart(2, '0')}01`, String(i % 1000).padStart(3, '0')) },
    address: `和平大道 ${i} 号`,
    situation: '民政与人社数据比对：家庭人均收入低于低保标准，未享受救助',
  }));

beforeAll(async () => {
  ({ database } = await freshDatabase('bench_discoveries'));
  connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
  const client = new Client({ connection, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY, requestDeadlineMs: 8_000 }, db: database.db, temporal: { client, taskQueue: 'tq-none', callTimeoutMs: 500, close: async () => {} } });
}, 120_000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x)} ms`;

afterAll(async () => {
  const imp = median(timings.import);
  const base = median(timings.baseline);
  const day = new Date().toISOString().slice(0, 10);
  const report = `# 主动发现: a match list of ${ROWS.toLocaleString('en')} rows (${day})

\`npm run bench -- bench/discoveries.bench.ts\`. Goal (issue 21): ≤ ${GOAL_MS / 1000} s.

| what | runs | median | min | max |
| --- | --- | --- | --- | --- |
| import end to end: \`POST /v1/discoveries:import\` through app.inject, every row new | ${timings.import.length} | ${ms(imp)} | ${ms(Math.min(...timings.import))} | ${ms(Math.max(...timings.import))} |
| the same list again (every row pending already: nothing written) | ${timings.again.length} | ${ms(median(timings.again))} | ${ms(Math.min(...timings.again))} | ${ms(Math.max(...timings.again))} |
| baseline: bare INSERT … SELECT of ${ROWS.toLocaleString('en')} rows into \`discoveries\` | ${timings.baseline.length} | ${ms(base)} | ${ms(Math.min(...timings.baseline))} | ${ms(Math.max(...timings.baseline))} |

**Ratio import ÷ baseline: ${(imp / base).toFixed(1)}×.** Goal ${imp <= GOAL_MS ? 'met' : 'NOT met'}.

Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}; 2 shared cores.
`;
  await mkdir('bench/reports', { recursive: true });
  await writeFile(`bench/reports/discoveries-${day}.md`, report);
  console.log(report);
  await app?.close();
  await connection?.close();
  await database?.close();
});

describe(`主动发现 import, ${ROWS.toLocaleString('en')} rows`, () => {
  bench(
    'baseline: bare INSERT … SELECT of as many rows',
    async () => {
      const started = performance.now();
      await database.sql`
        insert into discoveries (source, org_code, county_code, person_name, person_key, address, situation, found_on, visit_due_date, created_by)
        select 'visit', ${COUNTY} || lpad((i % 20 + 1)::text, 3, '0'), ${COUNTY}, '基线' || i, md5(random()::text || i), '和平大道', '基线', current_date, current_date + 7, 'bench'
          from generate_series(1, ${ROWS}) as i`;
      timings.baseline.push(performance.now() - started);
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );

  bench(
    'import a match list end to end (POST /v1/discoveries:import), then the same list again',
    async () => {
      run++;
      const payload = { rows: listOf(run) };
      let started = performance.now();
      const res = await app.inject({ method: 'POST', url: '/v1/discoveries:import', headers: auth, payload });
      timings.import.push(performance.now() - started);
      if (res.statusCode !== 200) { console.error(`import answered ${res.statusCode}: ${res.body.slice(0, 300)}`); throw new Error(`import answered ${res.statusCode}`); }
      started = performance.now();
      await app.inject({ method: 'POST', url: '/v1/discoveries:import', headers: auth, payload });
      timings.again.push(performance.now() - started);
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );
});
