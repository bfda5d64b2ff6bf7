// npm run drill:backup [-- --from <postgres url> --keep]
//
// The backup and restore drill (README, "Backup and restore"): dumps the service's database with pg_dump
// (custom format), restores it into a fresh database beside it with pg_restore, and proves the copy whole:
// the same rows in every table, every county's books reconciled (src/domain/reconciliation.ts) and every
// case's audit chain verified (src/domain/audit-chain.ts). Temporal's own persistence is backed up by
// Temporal's operators, not here: on the restored copy the workflows check is answered by the copy's read
// model (what the workflows last wrote). Prints a JSON report; exits 1 if anything disagrees. The copy is
// dropped at the end unless --keep.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { verifyAuditTrail } from '../src/db/audit.js';
import { createDatabase } from '../src/db/client.js';
import { countiesWithMoney, reconcileCounty, type CaseProbe } from '../src/db/reconciliation.js';
import { shanghaiDate } from '../src/domain/dates.js';
import type { InstalmentView } from '../src/domain/views.js';

const { values: flags } = parseArgs({ options: { from: { type: 'string' }, keep: { type: 'boolean', default: false } } });

const log = (msg: string) => console.error(`[drill] ${msg}`);

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}): install the PostgreSQL client (bash scripts/install-tools.sh, or apt-get install -y --no-install-recommends postgresql-client)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.filter((a) => !a.startsWith('postgres')).join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** The restored copy's read model answers for its workflows: Temporal's history is not in this backup. */
const readModelProbe =
  (sql: postgres.Sql): CaseProbe =>
  async (caseIds) => {
    const rows = await sql<{ case_id: string; installments: InstalmentView[] | null }[]>`
      select case_id, view->'temporary'->'installments' as installments from cases where case_id in ${sql([...caseIds])}`;
    const found = new Map(rows.map((r) => [r.case_id, r.installments ?? []]));
    return new Map(caseIds.map((id) => [id, found.get(id) ?? null]));
  };

async function tableCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await sql.unsafe(`select count(*)::bigint as n from "${name}"`))[0]!.n);
  return counts;
}

async function main(): Promise<number> {
  const { loadDatabaseUrl } = await import('../src/config.js');
  const sourceUrl = flags.from ?? loadDatabaseUrl();
  const source = new URL(sourceUrl);
  const sourceName = decodeURIComponent(source.pathname.slice(1));
  const copyName = `${sourceName}_drill`.slice(0, 63);
  const copy = new URL(sourceUrl);
  copy.pathname = `/${copyName}`;
  const admin = new URL(sourceUrl);
  admin.pathname = '/postgres';

  const src = postgres(sourceUrl, { max: 1, onnotice: () => {} });
  const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-drill-'));
  let copyDb: ReturnType<typeof createDatabase> | undefined;
  try {
    // pg_dump refuses a server newer than itself: say so before trying.
    const serverMajor = Math.floor(Number((await src`select current_setting('server_version_num') as v`)[0]!.v) / 10000);
    const clientMajor = Number(/(\d+)\.\d+/.exec(run('pg_dump', ['--version']))?.[1]);
    if (clientMajor < serverMajor) throw new Error(`pg_dump ${clientMajor} is older than the server (${serverMajor}): install postgresql-client-${serverMajor}`);
    const before = await tableCounts(src);

    const dump = join(dir, `${sourceName}.dump`);
    log(`dumping ${sourceName} (pg_dump ${clientMajor}, server ${serverMajor})`);
    run('pg_dump', ['--format=custom', '--no-owner', '--file', dump, sourceUrl]);
    await adminSql.unsafe(`drop database if exists "${copyName}" with (force)`);
    await adminSql.unsafe(`create database "${copyName}"`);
    log(`restoring into ${copyName}`);
    run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', copy.toString(), dump]);

    copyDb = createDatabase(copy.toString(), { max: 2 });
    const after = await tableCounts(copyDb.sql);
    const missingRows = Object.keys(before).filter((t) => before[t] !== after[t]).map((t) => ({ table: t, source: before[t], restored: after[t] ?? null }));

    const now = new Date();
    const date = shanghaiDate(now);
    const reconciliations = [];
    for (const countyCode of await countiesWithMoney(copyDb.db)) {
      reconciliations.push(await reconcileCounty(copyDb.db, { countyCode, date, now }, readModelProbe(copyDb.sql)));
    }
    const cases = await copyDb.sql<{ case_id: string }[]>`select distinct case_id from audit_entries order by 1`;
    const broken = [];
    for (const { case_id } of cases) {
      const v = await verifyAuditTrail(copyDb.db, case_id);
      if (!v.ok) broken.push({ caseId: case_id, brokenAt: v.brokenAt });
    }
    const differences = reconciliations.reduce((n, r) => n + r.differences, 0);
    const ok = missingRows.length === 0 && differences === 0 && broken.length === 0;
    const report = {
      ok,
      source: sourceName,
      restoredInto: copyName,
      tables: Object.keys(after).length,
      rows: Object.values(after).reduce((a, b) => a + b, 0),
      missingRows,
      counties: reconciliations.map((r) => ({ countyCode: r.countyCode, ok: r.ok, differences: r.differences, failing: r.checks.filter((c) => !c.ok).map((c) => ({ check: c.check, differences: c.differences.slice(0, 20) })) })),
      auditTrails: { verified: cases.length, broken },
    };
    console.log(JSON.stringify(report, null, 2));
    log(ok ? 'OK: the restored copy has every row, its books reconcile and every audit trail verifies' : 'FAILED: see the report');
    return ok ? 0 : 1;
  } finally {
    await copyDb?.close();
    if (!flags.keep) await adminSql.unsafe(`drop database if exists "${copyName}" with (force)`);
    await src.end();
    await adminSql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`drill: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
