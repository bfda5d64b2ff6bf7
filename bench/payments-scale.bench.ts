import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import type { Database } from '../src/db/client.js';
import { createPayroll, markPayrollSent, payrollPayments, payrollTotals, preparePayroll, releasePayroll, bankFileRows, spending } from '../src/db/payrolls.js';
import { benefitPayments } from '../src/db/schema.js';
import { addMonths, type Month } from '../src/domain/months.js';
import { freshDatabase } from '../test/support/harness.js';

// Issue 22, scale past this machine: the payments table as a province fills it. A province runs ~2.5
// million benefits, ≈ 30 million payment rows a year. Here SCALE_COUNTIES counties (34) of
// SCALE_BENEFITS_PER_COUNTY (24,510: a province's county) are paid SCALE_MONTHS (12) months — the first and the
// last through the real payroll (prepare, release, sent: payments, attempts), those between copied from
// the first in bulk — ≈ 10 million payment rows; after the first
// month, the sixth and the last, the table's and its indexes' sizes and the reads that touch it — a
// benefit's payments, a payroll's totals, its first page and a page deep in it, its bank file, a county's
// spending over the year — are timed with the same reads at the first checkpoint as their baseline: what
// grows with the table shows there. Report: bench/reports/payments-scale-<date>.md.
// An hour on this machine: run only when asked (PAYMENTS_SCALE=1), not by `npm run bench`.
const ASKED = process.env.PAYMENTS_SCALE === '1';
const COUNTIES = Number(process.env.SCALE_COUNTIES ?? 34);
const PER_COUNTY = Number(process.env.SCALE_BENEFITS_PER_COUNTY ?? 24_510);
const MONTHS = Number(process.env.SCALE_MONTHS ?? 12);
const CHECKPOINTS = new Set([1, Math.min(6, MONTHS), MONTHS]);
const RUNS = 30;
const FIRST: Month = '2026-01';
const APPROVER = { sub: 'bench', role: 'approver' as const, org: '420000' };

const countyCode = (c: number) => `4${String(100 + c).padStart(5, '0')}`.slice(0, 6);
const counties = Array.from({ length: COUNTIES }, (_, c) => countyCode(c));

let database: Database;
const started = { at: Date.now(), load: loadavg()[0]! };
let seededMs = 0;
interface Checkpoint {
  month: number;
  rows: number;
  attempts: number;
  monthMs: number;
  prepareMs: number;
  sizes: Array<{ name: string; bytes: number }>;
  reads: Array<{ name: string; median: number; p90: number; rows: number }>;
}
const checkpoints: Checkpoint[] = [];
const monthTimes: Array<{ month: Month; ms: number; prepareMs: number }> = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

/** A read timed RUNS times, each with another county, payroll or benefit (a cold row each time, as in life). */
async function timed(name: string, read: (i: number) => Promise<number>): Promise<Checkpoint['reads'][number]> {
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    rows = await read(i);
    ms.push(performance.now() - t);
  }
  return { name, median: median(ms), p90: p90(ms), rows };
}

async function measure(month: number, monthMs: number, prepareMs: number): Promise<void> {
  const { sql, db } = database;
  await sql`vacuum analyze benefit_payments`;
  await sql`vacuum analyze benefit_payment_attempts`;
  const sizes = await sql<{ name: string; bytes: string }[]>`
    select c.relname as name, pg_relation_size(c.oid)::text as bytes from pg_class c
     where c.relname in ('benefit_payments', 'benefit_payment_attempts')
        or c.oid in (select indexrelid from pg_index where indrelid in ('benefit_payments'::regclass, 'benefit_payment_attempts'::regclass))
     order by c.relname`;
  const [counts] = await sql<{ rows: number; attempts: number }[]>`
    select (select count(*) from benefit_payments)::int as rows, (select count(*) from benefit_payment_attempts)::int as attempts`;
  const last = addMonths(FIRST, month - 1);
  const payrollOf = (i: number) => `payroll-${counties[i % COUNTIES]}-${addMonths(FIRST, i % month)}`;
  const benefitOf = (i: number) => `b-${(i * 7919) % COUNTIES}-${(i * 104_729) % PER_COUNTY}`;
  const reads = [
    await timed('a benefit’s payments (its page)', async (i) => (await db.select().from(benefitPayments).where(eq(benefitPayments.benefitId, benefitOf(i))).orderBy(benefitPayments.month, benefitPayments.payee)).length),
    await timed('a payroll’s totals (by street and type)', async (i) => (await payrollTotals(db, payrollOf(i))).payments),
    await timed('a payroll’s first page of 50 lines', async (i) => (await payrollPayments(db, payrollOf(i), undefined, 50)).length),
    await timed('a payroll’s page of 50 deep in it (keyset)', async (i) => (await payrollPayments(db, payrollOf(i), { benefitId: `b-${i % COUNTIES}-5`, month: FIRST, payee: 'applicant' }, 50)).length),
    await timed('a payroll’s bank file (all its lines)', async (i) => (await bankFileRows(db, payrollOf(i))).length),
    await timed('a county’s spending, the months so far', async (i) => (await spending(db, counties[i % COUNTIES]!, FIRST, last)).length),
  ];
  checkpoints.push({ month, rows: counts!.rows, attempts: counts!.attempts, monthMs, prepareMs, sizes: sizes.map((s) => ({ name: s.name, bytes: Number(s.bytes) })), reads });
}

/** A month like the first, written in bulk: its payments and their attempts, each county's payroll sent. */
async function copyFirstMonth(month: Month): Promise<void> {
  const { sql } = database;
  await sql`
    insert into benefit_payments (benefit_id, month, payee, payroll_id, county_code, org_code, type, amount_fen, status, attempts, sent_at, updated_at)
    select benefit_id, ${month}, payee, 'payroll-' || county_code || '-' || ${month}, county_code, org_code, type, amount_fen, status, attempts, now(), now()
      from benefit_payments where month = ${FIRST}`;
  await sql`
    insert into benefit_payment_attempts (benefit_id, month, payee, attempt, payroll_id, amount_fen, name, bank_name, account_encrypted, account_masked, status, sent_at)
    select benefit_id, ${month}, payee, attempt, 'payroll-' || substr(payroll_id, 9, 6) || '-' || ${month}, amount_fen, name, bank_name, account_encrypted, account_masked, status, now()
      from benefit_payment_attempts where month = ${FIRST}`;
  await sql`update payrolls set status = 'sent', sent_at = now() where month = ${month}`;
  await sql`update benefits set covered_through = ${month}`;
}

beforeAll(async () => {
  if (!ASKED) return;
  ({ database } = await freshDatabase('bench_payments_scale'));
  const { sql } = database;
  const t = performance.now();
  // Two thirds 低保 (one payee), one third 特困 dispersed (the person and the carer), nine streets a county.
  await sql`
    insert into benefits (benefit_id, case_id, type, org_code, county_code, applicant_id_hash, applicant_name, status, first_month, review_due_date, review_overdue, version, opened_at, updated_at)
    select 'b-' || c || '-' || i, 'case-' || c || '-' || i, case when i % 3 = 0 then 'tekun' else 'dibao' end,
           (${counties}::text[])[c + 1] || lpad((i % 9 + 1)::text, 3, '0'), (${counties}::text[])[c + 1], 'hash-' || c || '-' || i, '受助人', 'active', ${FIRST}, '2027-06-01', false, 1, now(), now()
      from generate_series(0, ${COUNTIES - 1}) as c, generate_series(0, ${PER_COUNTY - 1}) as i`;
  await sql`
    insert into benefit_bases (benefit_id, from_month, basis)
    select benefit_id, ${FIRST},
           case when type = 'tekun'
             then '{"householdSize":1,"perCapitaIncomeFen":0,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"tekun-basic"},"adjustmentFen":0},{"payee":"carer","name":"护理员","component":{"kind":"tekun-care","selfCare":"partial"},"adjustmentFen":0}]}'::jsonb
             else '{"householdSize":2,"perCapitaIncomeFen":40000,"employedMembers":0,"payees":[{"payee":"applicant","name":"受助人","component":{"kind":"dibao-gap"},"adjustmentFen":0}]}'::jsonb
           end
      from benefits`;
  await sql`
    insert into benefit_payees (benefit_id, payee, name, bank_name, account_encrypted, account_masked)
    select b.benefit_id, p, '受助人', '中国农业银行', 'encrypted-account-of-about-this-length', '****1234'
      from benefits b, unnest(array['applicant', 'carer']) as p
     where p = 'applicant' or b.type = 'tekun'`;
  // No county here has standards of its own: each pays by the national ones it falls back to.
  await sql`vacuum analyze`;
  seededMs = performance.now() - t;

  // The first and the last month through the real payroll; the months between copied from the first in
  // bulk (their payrolls created, then marked sent), so the table is filled in minutes, not an hour.
  for (let m = 1; m <= MONTHS; m++) {
    const month = addMonths(FIRST, m - 1);
    const t0 = performance.now();
    let prepareMs = 0;
    const real = m === 1 || m === MONTHS;
    for (const county of counties) {
      const at = new Date();
      const { row } = await createPayroll(database.db, { countyCode: county, month, actor: APPROVER, at });
      if (!real) continue;
      const tp = performance.now();
      await preparePayroll(database.db, row.payrollId);
      prepareMs += performance.now() - tp;
      await releasePayroll(database.db, row.payrollId, APPROVER, at);
      await markPayrollSent(database.db, row.payrollId, at);
    }
    if (!real) await copyFirstMonth(month);
    const ms = performance.now() - t0;
    if (real) monthTimes.push({ month, ms, prepareMs });
    if (CHECKPOINTS.has(m)) await measure(m, ms, prepareMs);
  }
}, 6 * 3_600_000);

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const msf = (x: number) => (x < 10 ? `${x.toFixed(2)} ms` : `${Math.round(x)} ms`);

afterAll(async () => {
  if (!ASKED) return;
  const day = new Date().toISOString().slice(0, 10);
  const base = checkpoints[0];
  const benefits = COUNTIES * PER_COUNTY;
  const lines = [
    `# The payments table at a province's scale (${day})`,
    '',
    `\`PAYMENTS_SCALE=1 npx vitest bench --run bench/payments-scale.bench.ts\` (bench/payments-scale.bench.ts). ${COUNTIES} counties × ${PER_COUNTY.toLocaleString('en')} benefits = ${benefits.toLocaleString('en')} benefits (⅔ 低保 one payee, ⅓ 特困 two), paid ${MONTHS} months: the first and the last through the real payroll (createPayroll → preparePayroll → releasePayroll → markPayrollSent, one county at a time), those between copied from the first in bulk. Seeded in ${Math.round(seededMs / 1000)} s. PostgreSQL on this machine (shared_buffers 128 MB, 2 shared cores).`,
    '',
    '## The real payroll’s months (the first on an empty table, the last on the full one)',
    '',
    '| month | all counties | of which prepare | per county prepare |',
    '| --- | ---: | ---: | ---: |',
    ...monthTimes.map((m) => `| ${m.month} | ${(m.ms / 1000).toFixed(1)} s | ${(m.prepareMs / 1000).toFixed(1)} s | ${Math.round(m.prepareMs / COUNTIES)} ms |`),
    '',
    '## Sizes',
    '',
    `| relation | ${checkpoints.map((c) => `after month ${c.month} (${c.rows.toLocaleString('en')} payments)`).join(' | ')} | bytes per payment row at the end |`,
    `| --- | ${checkpoints.map(() => '---:').join(' | ')} | ---: |`,
    ...(base?.sizes ?? []).map((s) => {
      const end = checkpoints.at(-1)!;
      const endBytes = end.sizes.find((x) => x.name === s.name)?.bytes ?? 0;
      return `| ${s.name} | ${checkpoints.map((c) => mib(c.sizes.find((x) => x.name === s.name)?.bytes ?? 0)).join(' | ')} | ${(endBytes / end.rows).toFixed(0)} |`;
    }),
    '',
    `## Reads (median / p90 of ${RUNS}, each on another benefit, payroll or county), against the first checkpoint`,
    '',
    `| read | rows | ${checkpoints.map((c) => `month ${c.month}`).join(' | ')} | last ÷ first |`,
    `| --- | ---: | ${checkpoints.map(() => '---').join(' | ')} | ---: |`,
    ...(base?.reads ?? []).map((r, i) => {
      const end = checkpoints.at(-1)!.reads[i]!;
      return `| ${r.name} | ${end.rows.toLocaleString('en')} | ${checkpoints.map((c) => `${msf(c.reads[i]!.median)} / ${msf(c.reads[i]!.p90)}`).join(' | ')} | ${(end.median / r.median).toFixed(2)}× |`;
    }),
    '',
    `Run time ${Math.round((Date.now() - started.at) / 60_000)} min. Load average (1 min) at start ${started.load.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}.`,
    '',
  ];
  const report = lines.join('\n');
  await mkdir('bench/reports', { recursive: true });
  await writeFile(`bench/reports/payments-scale-${day}.md`, report);
  console.log(report);
  await database?.close();
});

describe.skipIf(!ASKED)(`payments of ${COUNTIES} counties × ${PER_COUNTY} benefits over ${MONTHS} months`, () => {
  let i = 0;
  bench('a benefit’s payments on the full table (its page)', async () => {
    i++;
    await database.db.select().from(benefitPayments).where(eq(benefitPayments.benefitId, `b-${i % COUNTIES}-${(i * 104_729) % PER_COUNTY}`));
  });
});
