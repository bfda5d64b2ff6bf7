import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from './support/harness.js';

// The supervisor's overdue list must stay an index read as the cases table grows.
const database = useDatabase('read_model');
beforeAll(async () => {
  await database.sql`
    insert into cases (case_id, type, org_code, county_code, department, status, step, applicant_name, applicant_id_masked,
                       applicant_id_hash, accepted_at, overdue, version, view)
    select 'c-' || i, 'dibao', '420106' || lpad((i % 20)::text, 3, '0'), case when i % 2 = 0 then '420106' else '510121' end,
           'minzheng', 'open', 'economic-check', 'x', 'x', 'h' || i, now() - (i || ' minutes')::interval, i % 50 = 0, 1, '{}'::jsonb
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
