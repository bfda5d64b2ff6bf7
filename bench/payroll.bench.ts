import { afterAll, beforeAll, bench, describe } from 'vitest';
import type { Database } from '../src/db/client.js';
import { createPayroll, preparePayroll } from '../src/db/payrolls.js';
import { addMonths } from '../src/domain/months.js';
import { freshDatabase } from '../test/support/harness.js';

// Issues 9 and 22: a county payroll prepared in one statement (every benefit owed, its basis, its amounts
// computed in SQL, one payment per benefit-month-payee), no benefit's workflow touched. Two baselines in the
// same run write as many rows with a bare INSERT … SELECT: into a plain copy of the table (no key, no
// index), and into the payments table itself; the ratios say what the payroll's own work costs over
// writing its rows. PAYROLL_BENEFITS sets the size (default 100,000).
const BENEFITS = Number(process.env.PAYROLL_BENEFITS ?? 100_000);
const COUNTY = '420106';
let database: Database;
let month = '2026-01';

beforeAll(async () => {
  ({ database } = await freshDatabase('bench_payroll'));
  const { sql } = database;
  // Two thirds 低保 (one payee), one third 特困 dispersed (the person and the carer), over 9 streets.
  await sql`
    insert into benefits (benefit_id, case_id, type, org_code, county_code, applicant_id_hash, applicant_name, status, first_month, review_due_date, review_overdue, version, opened_at, updated_at)
    select 'benefit-bench-' || i, 'case-bench-' || i, case when i % 3 = 0 then 'tekun' else 'dibao' end,
           ${COUNTY} || lpad((i % 9 + 1)::text, 3, '0'), ${COUNTY}, 'hash-' || i, '受助人' || i, 'active', '2026-01', '2027-01-01', false, 1, now(), now()
      from generate_series(1, ${BENEFITS}) as i`;
  await sql`
    insert into benefit_bases (benefit_id, from_month, basis)
    select 'benefit-bench-' || i, '2026-01',
           case when i % 3 = 0
             then '{"householdSize":1,"perCapitaIncomeFen":0,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"tekun-basic"},"adjustmentFen":0},{"payee":"carer","name":"护理员","component":{"kind":"tekun-care","selfCare":"partial"},"adjustmentFen":0}]}'::jsonb
             else '{"householdSize":2,"perCapitaIncomeFen":40000,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"dibao-gap"},"adjustmentFen":0}]}'::jsonb
           end
      from generate_series(1, ${BENEFITS}) as i`;
  await sql`
    insert into benefit_payees (benefit_id, payee, name, bank_name, account_encrypted, account_masked)
    select 'benefit-bench-' || i, p, '受助人' || i, '中国农业银行', 'encrypted', '****1234'
      from generate_series(1, ${BENEFITS}) as i, unnest(array['applicant', 'carer']) as p
     where p = 'applicant' or i % 3 = 0`;
  await sql`analyze`;
  await sql`create table bench_rows (like benefit_payments including defaults)`;
  // The second baseline writes into the payments table itself (its key, indexes and foreign keys) for months
  // no payroll reads, under a payroll of its own.
  await sql`insert into payrolls (payroll_id, county_code, month, status, requested_by, requested_at) values ('bench-baseline', '000000', '2031-01', 'prepared', 'bench', now())`;
}, 600_000);

let baselineMonth = 0;

afterAll(async () => {
  await database?.close();
});

describe(`monthly payroll, ${BENEFITS.toLocaleString('en')} benefits`, () => {
  bench(
    'baseline: INSERT … SELECT of as many payment rows',
    async () => {
      await database.sql`truncate bench_rows`;
      await database.sql`
        insert into bench_rows (benefit_id, month, payee, payroll_id, county_code, org_code, type, amount_fen, status, attempts, updated_at)
        select p.benefit_id, '2026-01', p.payee, 'bench', ${COUNTY}, b.org_code, b.type, 100000, 'prepared', 1, now()
          from benefit_payees p join benefits b using (benefit_id)`;
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );

  bench(
    'baseline: INSERT … SELECT of as many rows into benefit_payments itself (key, indexes, foreign keys)',
    async () => {
      baselineMonth++;
      await database.sql`
        insert into benefit_payments (benefit_id, month, payee, payroll_id, county_code, org_code, type, amount_fen, status, attempts, updated_at)
        select p.benefit_id, ${`2031-${String(baselineMonth).padStart(2, '0')}`}, p.payee, 'bench-baseline', ${COUNTY}, b.org_code, b.type, 100000, 'prepared', 1, now()
          from benefit_payees p join benefits b using (benefit_id)`;
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );

  bench(
    'prepare a payroll (select owed months and bases, compute, insert one payment per benefit-month-payee)',
    async () => {
      const { row } = await createPayroll(database.db, { countyCode: COUNTY, month, actor: { sub: 'bench', role: 'approver', org: COUNTY }, at: new Date() });
      await preparePayroll(database.db, row.payrollId);
      month = addMonths(month, 1);
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );
});
