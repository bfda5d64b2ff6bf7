/**
 * `npm run bench:read-model` — P3: the supervisor's reads against a county with 100,000 cases.
 *
 * Fills a fresh database (migrated by src/db/migrate.ts's migrateDatabase) with N cases of one county
 * (武昌区 420106, 12 streets) by one set-based INSERT … SELECT generate_series, VACUUM ANALYZEs it (as
 * autovacuum would leave it), then times the repository functions exactly as the routes call them —
 * `listCases` for `GET /v1/cases?overdue=true` by a supervisor (county scope, limit 20 + 1) and
 * `slaStats` for `GET /v1/stats/sla` — interleaved, after a warm-up; reports p50/p90/p99/max against
 * the goal p99 ≤ 10 ms, with each query's plan (EXPLAIN ANALYZE of the SQL drizzle issued). Writes
 * bench/reports/read-model-<date>.md and drops the database.
 *
 * Options: --cases 100000 --runs 200 --warmup 20 --overdue-share 0.03 --keep (keep the database) --out FILE
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql as drizzleSql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { listCases, slaStats } from '../src/db/cases.js';
import type { Db } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import * as schema from '../src/db/schema.js';
import { newHistogram, percentiles, type Histogram } from './load/hist.js';
import { loadAverage } from './load/cpu.js';
import { databaseUrl, dropDatabase, gitDescribe, log, ROOT } from './load/stack.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'overdue-share': { type: 'string', default: '0.03' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const N = Number(args.cases);
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const OVERDUE_SHARE = Number(args['overdue-share']);
if (!(N > 0 && N <= 5_000_000 && RUNS > 0 && RUNS <= 100_000 && OVERDUE_SHARE >= 0 && OVERDUE_SHARE <= 1)) {
  console.error('bad options: --cases 1..5000000, --runs 1..100000, --overdue-share 0..1');
  process.exit(2);
}
const GOAL_P99_MS = 10;
const COUNTY = '420106';
const dbName = `jiuzhu_bench_readmodel_${process.pid}`;

/**
 * One county's history over three years: 12 streets; 85 % 低保, the rest spread over the other types
 * (with their departments); 4 % of the cases still open, the rest decided (a few late);
 * `overdueShare` of all cases open past their due date. `view` is a ~1.5 KB object shaped like a case
 * view with six history entries (the list query reads it for the rows it returns).
 */
function fillSql(n: number, overdueShare: number): string {
  const overdueEvery = overdueShare > 0 ? Math.max(1, Math.round(1 / overdueShare)) : 0;
  return `
insert into cases (case_id, application_id, type, org_code, county_code, department, status, step,
  applicant_name, applicant_id_masked, applicant_id_hash, accepted_at, due_date, due_at, due_provisional,
  suspended, overdue, overdue_since, decided_at, decided_late, amount_fen, version, view, updated_at, case_number)
select
  c.case_id, null, c.type, c.org_code, '${COUNTY}', c.department,
  case when c.open then 'open' when c.g % 9 = 0 then 'rejected' else 'approved' end,
  case when c.open then (array['economic-check','home-visit','publicity','decision'])[1 + c.g % 4] else 'closed' end,
  '申请人' || c.g, '420106********' || lpad((c.g % 10000)::text, 4, '0'), md5('person-' || c.g),
  c.accepted_at, (c.accepted_at + interval '31 days')::date, c.accepted_at + interval '31 days 16 hours', false,
  false, c.overdue, case when c.overdue then c.accepted_at + interval '32 days' end,
  case when not c.open then c.accepted_at + make_interval(days => 5 + c.g % 30) end,
  case when not c.open then 5 + c.g % 30 > 31 end,
  case when not c.open and c.g % 9 <> 0 then 30000 + (c.g % 50) * 1000 end,
  6,
  jsonb_build_object(
    'caseId', c.case_id, 'type', c.type, 'orgCode', c.org_code, 'countyCode', '${COUNTY}', 'department', c.department,
    'status', case when c.open then 'open' else 'approved' end, 'applicant', jsonb_build_object('name', '申请人' || c.g, 'idNumberMasked', '420106********0000'),
    'household', jsonb_build_object('size', 1 + c.g % 4, 'monthlyIncomeFen', 30000),
    'acceptedAt', c.accepted_at, 'overdue', c.overdue, 'version', 6,
    'history', (select jsonb_agg(jsonb_build_object('seq', s, 'at', c.accepted_at + make_interval(days => s),
      'actor', jsonb_build_object('sub', 'caseworker-' || c.org_code, 'role', 'caseworker', 'org', c.org_code),
      'action', (array['accept','record-economic-check','record-home-visit','publicity-opened','publicity-closed','decide'])[s],
      'summary', '街道经办人员办理第' || s || '步, 家庭人均收入核对完毕, 入户调查记录齐全')) from generate_series(1, 6) s)
  ),
  c.accepted_at + interval '40 days',
  '${COUNTY}-2025-' || lpad(c.g::text, 7, '0')
from (
  select g, 'case-' || md5('bench-' || g) as case_id,
    t.type, t.department,
    '${COUNTY}' || lpad((1 + g % 12)::text, 3, '0') as org_code,
    now() - make_interval(secs => ((g::bigint * 7919) % (3 * 365 * 86400))) as accepted_at,
    g % 25 = 0 or ${overdueEvery > 0 ? `g % ${overdueEvery} = 1` : 'false'} as open,
    ${overdueEvery > 0 ? `g % ${overdueEvery} = 1` : 'false'} as overdue
  from generate_series(1, ${n}) g
  cross join lateral (
    select case when g % 20 < 17 then 'dibao' else (array['tekun','medical','temporary'])[1 + g % 3] end as type
  ) t0
  cross join lateral (
    select t0.type, case t0.type when 'medical' then 'yibao' else 'minzheng' end as department
  ) t
) c`;
}

interface Query {
  name: string;
  route: string;
  run: (db: Db) => Promise<unknown[]>;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadStart = loadAverage();
  gitDescribe(); // the commit measured, before any report is written
  log(`P3 read model: ${N} cases in county ${COUNTY}, ${RUNS} runs per query after ${WARMUP} warm-up runs; database ${dbName}`);
  const url = databaseUrl(dbName);
  await dropDatabase(dbName);
  let cleanup = async () => {
    if (!args.keep) await dropDatabase(dbName);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    await migrateDatabase(url);
    // The same driver settings as src/db/client.ts's createDatabase, plus a logger to capture the SQL.
    const captured: { sql: string; params: unknown[] }[] = [];
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    const db: Db = drizzle(sql, { schema, logger: { logQuery: (q, params) => void captured.push({ sql: q, params }) } });
    const done = cleanup;
    cleanup = async () => {
      await sql.end({ timeout: 5 });
      await done();
    };

    let t = performance.now();
    await sql.unsafe(fillSql(N, OVERDUE_SHARE));
    const fillS = (performance.now() - t) / 1000;
    t = performance.now();
    await sql.unsafe('vacuum analyze cases, case_sla_counts');
    const vacuumS = (performance.now() - t) / 1000;
    const [shape] = await sql<{ total: number; open: number; overdue: number; streets: number; size: string }[]>`
      select count(*)::int as total, count(*) filter (where status = 'open')::int as open,
        count(*) filter (where overdue)::int as overdue, count(distinct org_code)::int as streets,
        pg_size_pretty(pg_total_relation_size('cases')) as size
      from cases`;
    log(`filled in ${fillS.toFixed(1)} s (vacuum analyze ${vacuumS.toFixed(1)} s): ${JSON.stringify(shape)}`);

    // Page 2 of the overdue list continues after page 1's last row, as the route's cursor does.
    const page1 = await listCases(db, { orgCode: COUNTY, overdue: true, limit: 21 });
    const last = page1[19] ?? page1[page1.length - 1];
    const today = new Date();
    const isoDay = (d: Date) => d.toISOString().slice(0, 10);
    const queries: Query[] = [
      // The floor: one round trip through the same driver, so the machine's noise can be read off.
      { name: 'baseline: select 1', route: '(round trip through drizzle and postgres.js only)', run: (d) => d.execute(drizzleSql`select 1`) },
      { name: 'overdue list, first page', route: 'GET /v1/cases?overdue=true (supervisor, county scope)', run: (d) => listCases(d, { orgCode: COUNTY, overdue: true, limit: 21 }) },
      {
        name: 'overdue list, second page',
        route: 'GET /v1/cases?overdue=true&cursor=… (supervisor)',
        run: (d) => listCases(d, { orgCode: COUNTY, overdue: true, limit: 21, ...(last ? { after: { acceptedAt: last.acceptedAt, caseId: last.caseId } } : {}) }),
      },
      { name: 'SLA statistics, all time', route: 'GET /v1/stats/sla (supervisor, county)', run: (d) => slaStats(d, COUNTY) },
      {
        name: 'SLA statistics, last 30 days',
        route: 'GET /v1/stats/sla?from=…&to=… (supervisor, county)',
        run: (d) => slaStats(d, COUNTY, isoDay(new Date(today.getTime() - 30 * 86400_000)), isoDay(today)),
      },
      { name: 'case list, first page (no filter)', route: 'GET /v1/cases (supervisor, county scope)', run: (d) => listCases(d, { orgCode: COUNTY, limit: 21 }) },
    ];

    // Interleaved: each run times every query once, so the machine's noise falls on all alike.
    const hist = new Map<string, Histogram>(queries.map((q) => [q.name, newHistogram()]));
    const rows = new Map<string, number>();
    for (let i = 0; i < WARMUP + RUNS; i++) {
      for (const q of queries) {
        const t0 = performance.now();
        const r = await q.run(db);
        const us = Math.max(1, Math.round((performance.now() - t0) * 1000));
        if (i >= WARMUP) hist.get(q.name)!.recordValue(us);
        rows.set(q.name, r.length);
      }
      captured.length = 0;
    }

    // Each query's plan, from the SQL and parameters drizzle sent.
    const plans = new Map<string, string>();
    const executionMs = new Map<string, number>();
    captured.length = 0;
    for (const q of queries) {
      await q.run(db);
      const stmt = captured.pop();
      if (!stmt) continue;
      const params = stmt.params.map((p) => (p instanceof Date ? p.toISOString() : p)) as postgres.ParameterOrJSON<never>[];
      const plan = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) ${stmt.sql}`, params);
      plans.set(q.name, `${stmt.sql}\n\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
      const exec = plan.map((r) => /^Execution Time: ([\d.]+) ms/.exec(r['QUERY PLAN'])?.[1]).find((x) => x !== undefined);
      if (exec) executionMs.set(q.name, Number(exec));
    }

    const loadEnd = loadAverage();
    const L: string[] = [];
    L.push(`# Read-model bench (P3): ${N.toLocaleString('en')} cases in one county (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`, '');
    L.push('Written by `npm run bench:read-model` (bench/read-model.ts). The repository functions (`listCases`, `slaStats` in src/db/case-records.ts) are called exactly as the routes call them, through drizzle and postgres.js, from this process; times are wall-clock per call (round trip, planning, execution, row mapping). Goal: p99 ≤ 10 ms. `baseline: select 1` is the floor (one round trip), measured interleaved with the others: on a busy machine its tail shows how much of each p99 is scheduling noise rather than the query; the last column is the query\'s own execution time inside PostgreSQL.', '');
    L.push('| | |', '| --- | --- |');
    L.push(`| commit | ${gitDescribe()} |`);
    L.push(`| machine | ${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${(await sql<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v ?? '?'} on 127.0.0.1 (shared with other work) |`);
    L.push(`| load average (1/5/15 min) | start ${loadStart}; end ${loadEnd} |`);
    L.push(`| data | ${shape?.total} cases in ${COUNTY} (${shape?.streets} streets), ${shape?.open} open, ${shape?.overdue} overdue; accepted over 3 years; \`cases\` with indexes ${shape?.size}; filled by one INSERT … SELECT generate_series in ${fillS.toFixed(1)} s, then VACUUM ANALYZE (cases and the SLA counts its triggers kept) |`);
    L.push(`| runs | ${RUNS} per query after ${WARMUP} warm-up runs, interleaved |`, '');
    L.push('| query | route | rows | p50 ms | p90 ms | p99 ms | max ms | p99 ≤ 10 ms | execution in PostgreSQL ms (EXPLAIN ANALYZE, once) |');
    L.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: |');
    for (const q of queries) {
      const p = percentiles(hist.get(q.name)!);
      L.push(`| ${q.name} | ${q.route} | ${rows.get(q.name)} | ${p.p50.toFixed(2)} | ${p.p90.toFixed(2)} | ${p.p99.toFixed(2)} | ${p.max.toFixed(2)} | ${p.p99 <= GOAL_P99_MS ? 'yes' : '**no**'} | ${executionMs.get(q.name)?.toFixed(2) ?? '?'} |`);
      log(`${q.name}: p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms (${rows.get(q.name)} rows)`);
    }
    L.push('', '## Plans', '');
    for (const q of queries) {
      L.push(`<details><summary>${q.name}</summary>`, '', '```', plans.get(q.name) ?? '(not captured)', '```', '', '</details>', '');
    }
    const dir = path.join(ROOT, 'bench', 'reports');
    mkdirSync(dir, { recursive: true });
    const day = startedAt.toISOString().slice(0, 10);
    let file = args.out ? path.resolve(args.out) : path.join(dir, `read-model-${day}.md`);
    if (!args.out && existsSync(file)) file = path.join(dir, `read-model-${day}-${startedAt.toISOString().slice(11, 16).replace(':', '')}.md`);
    writeFileSync(file, L.join('\n'));
    log(`report: ${path.relative(ROOT, file)}`);
  } finally {
    await cleanup();
    if (!args.keep) log(`dropped database ${dbName}`);
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
