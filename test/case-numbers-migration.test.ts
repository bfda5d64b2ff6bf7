import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';

// drizzle/0008_case_numbers.sql numbers the cases recorded before it: per county and Shanghai year of
// acceptance, in acceptance order; the counters continue from there; old notifications name the case.
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = `jiuzhu_test_case_numbers_migration_${process.pid}`;
const url = new URL(BASE_URL);
url.pathname = `/${NAME}`;
const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
const before = mkdtempSync(join(tmpdir(), 'drizzle-0007-'));

afterAll(async () => {
  await sql.end();
  await admin.unsafe(`drop database if exists "${NAME}" with (force)`);
  await admin.end();
  rmSync(before, { recursive: true, force: true });
});

describe('migration 0008', () => {
  it('numbers existing cases per county and year in acceptance order, continues the counters, and names old notifications', async () => {
    await admin.unsafe(`drop database if exists "${NAME}" with (force)`);
    await admin.unsafe(`create database "${NAME}"`);
    // The migrations as they stood before 0008.
    const folder = resolve('drizzle');
    cpSync(folder, before, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    const upTo = journal.entries.findIndex((e) => e.tag === '0008_case_numbers');
    writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    await migrate(drizzle(sql), { migrationsFolder: before });

    // 2025-12-31 16:30 UTC is 2026-01-01 in Shanghai.
    const rows: Array<[string, string, string]> = [
      ['c-b', '420106', '2026-03-01T02:00:00Z'],
      ['c-a', '420106', '2026-01-05T02:00:00Z'],
      ['c-ny', '420106', '2025-12-31T16:30:00Z'],
      ['c-old', '420106', '2025-06-01T02:00:00Z'],
      ['c-jt', '510121', '2026-02-01T02:00:00Z'],
    ];
    for (const [id, county, at] of rows) {
      await sql`insert into cases (case_id, type, org_code, county_code, department, status, step, applicant_name, applicant_id_masked, applicant_id_hash, accepted_at, version, view)
                values (${id}, 'dibao', ${`${county}001`}, ${county}, 'minzheng', 'open', 'economic-check', ${`申请人${id}`}, 'x', ${`h-${id}`}, ${at}, 1, '{}'::jsonb)`;
    }
    await sql`insert into notifications (event_key, case_id, kind, recipient_role, recipient_org, message, created_at)
              values ('c-a:overdue', 'c-a', 'overdue', 'supervisor', '420106', '案件 c-a 已超期', now())`;

    await migrate(drizzle(sql), { migrationsFolder: folder });

    const numbered = await sql<Array<{ case_id: string; case_number: string }>>`select case_id, case_number from cases order by case_id`;
    expect(Object.fromEntries(numbered.map((r) => [r.case_id, r.case_number]))).toEqual({
      'c-old': '420106-2025-000001',
      'c-ny': '420106-2026-000001',
      'c-a': '420106-2026-000002',
      'c-b': '420106-2026-000003',
      'c-jt': '510121-2026-000001',
    });
    const counters = await sql`select county_code, year, last from case_number_counters order by county_code, year`;
    expect(counters.map((r) => [r.county_code, r.year, r.last])).toEqual([
      ['420106', 2025, 1],
      ['420106', 2026, 3],
      ['510121', 2026, 1],
    ]);
    expect((await sql`select message from notifications`)[0]!.message).toBe('案件 申请人c-a（420106-2026-000002） 已超期');
    // Unique from now on.
    await expect(sql`update cases set case_number = '420106-2026-000001' where case_id = 'c-a'`).rejects.toThrow(/cases_case_number_uq/);
  });
});
