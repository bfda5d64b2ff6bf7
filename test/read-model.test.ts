import { beforeAll, describe, expect, it } from 'vitest';
import { slaStats } from '../src/db/cases.js';
import { useDatabase } from './support/harness.js';

// The supervisor's overdue list must stay an index read as the cases table grows.
const database = useDatabase('read_model');
beforeAll(async () => {
  await database.sql`
    insert into cases (case_id, type, org_code, county_code, department, status, step, applicant_name, applicant_id_masked,
                       applicant_id_hash, accepted_at, overdue, version, view, case_number)
    select 'c-' || i, 'dibao', '420106' || lpad((i % 20)::text, 3, '0'), case when i % 2 = 0 then '420106' else '510121' end,
           'minzheng', 'open', 'economic-check', 'x', 'x', 'h' || i, now() - (i || ' minutes')::interval, i % 50 = 0, 1, '{}'::jsonb,
           '420106-2025-' || lpad(i::text, 6, '0')
    from generate_series(1, 20000) as i`;
  await database.sql`analyze cases`;
});

async function plan(query: string, ...params: string[]): Promise<string> {
  const rows = await database.sql.unsafe(`explain (format json) ${query}`, params);
  return JSON.stringify(rows[0]);
}

describe('read-model indexes', () => {
  it('serves "overdue cases of this county, newest first" from the partial index, without a scan or a sort', async () => {
    const p = await plan(
      'select * from cases where county_code = $1 and overdue = true order by accepted_at desc, case_id desc limit 21',
      '420106',
    );
    expect(p).toContain('cases_county_overdue_idx');
    expect(p).not.toContain('Seq Scan');
    expect(p).not.toContain('"Node Type":"Sort"');
  });

  it('serves a street’s list, newest first, from its index', async () => {
    const p = await plan('select * from cases where org_code = $1 order by accepted_at desc, case_id desc limit 21', '420106001');
    expect(p).toContain('cases_org_accepted_idx');
    expect(p).not.toContain('Seq Scan');
  });
});

describe('SLA statistics from the kept counts', () => {
  // 600 cases of 330102 over 2025-11 … 2026-03 (Shanghai), accepted at 15:xx UTC so that some fall on the
  // next Shanghai day, in every state; then steps change some of them as the workflows would.
  beforeAll(async () => {
    await database.sql`
      insert into cases (case_id, type, org_code, county_code, department, status, step, applicant_name, applicant_id_masked,
                         applicant_id_hash, accepted_at, due_at, overdue, decided_at, decided_late, version, view, case_number)
      select 's-' || i, (array['dibao','tekun','medical'])[1 + i % 3], '330102' || lpad((i % 4)::text, 3, '0'), '330102', 'minzheng',
             (array['open','approved','rejected','withdrawn'])[1 + i % 4], case when i % 4 = 0 then 'economic-check' else 'closed' end,
             'x', 'x', 'h' || i, timestamptz '2025-10-31 15:30:00+00' + (i * 6 || ' hours')::interval,
             now() + ((i % 10) - 2 || ' days')::interval, i % 4 = 0 and i % 7 = 0,
             case when i % 4 in (1, 2) then now() end, case when i % 4 in (1, 2) then i % 5 = 0 end, 1, '{}'::jsonb, '330102-2025-' || lpad(i::text, 6, '0')
      from generate_series(1, 600) as i`;
    await database.sql`update cases set status = 'approved', step = 'closed', decided_at = now(), decided_late = true, overdue = false, version = 2
                       where county_code = '330102' and case_id in ('s-4', 's-28', 's-56', 's-100')`;
    await database.sql`update cases set org_code = '330102009' where case_id in ('s-8', 's-9')`;
    await database.sql`update cases set overdue = true where case_id in ('s-12', 's-16')`;
  });

  /** The same figures counted from every case, as the statistics were before the counts. */
  async function counted(org: string, from?: string, to?: string) {
    const rows = await database.sql.unsafe(
      `select org_code as "orgCode", type, count(*) filter (where status = 'open')::int as open,
              count(*) filter (where decided_at is not null and not decided_late)::int as "decidedOnTime",
              count(*) filter (where decided_at is not null and decided_late)::int as "decidedLate",
              count(*) filter (where overdue)::int as "overdueNow",
              count(*) filter (where step <> 'closed' and not overdue and due_at < now() + interval '3 days')::int as "dueSoon"
       from cases where ${org.length === 6 ? 'county_code' : 'org_code'} = $1
         and ($2::date is null or (accepted_at at time zone 'Asia/Shanghai')::date >= $2::date)
         and ($3::date is null or (accepted_at at time zone 'Asia/Shanghai')::date <= $3::date)
       group by 1, 2 order by 1, 2`,
      [org, from ?? null, to ?? null],
    );
    return rows.map((r) => ({ ...r }));
  }

  it.each([
    ['330102', undefined, undefined],
    ['330102', '2025-11-01', '2026-02-28'],
    ['330102', '2025-11-15', '2026-01-10'],
    ['330102', '2025-12-03', '2025-12-20'],
    ['330102', '2025-12-01', '2025-12-31'],
    ['330102', undefined, '2025-12-31'],
    ['330102', '2026-01-01', undefined],
    ['330102', '2025-11-30', '2025-12-01'],
    ['330102001', '2025-11-02', '2026-03-15'],
    ['330102009', undefined, undefined],
  ])('%s from %s to %s matches a count over every case', async (org, from, to) => {
    const expected = await counted(org, from, to);
    expect(expected.length).toBeGreaterThan(0);
    expect(await slaStats(database.db, org, from, to)).toEqual(expected);
  });
});
