import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WC, cw } from './support/actors.js';
import { actOk } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { useHarness } from './support/harness.js';

// `npm run drill:backup` against a small database of its own: real money and audit rows written through
// the API, dumped with pg_dump, restored into a fresh database, and the copy reconciled and verified.

const h = useHarness('backup_drill');
const STREET = `${WC}001`;

/** The drill as an operator runs it, on this file's database; its report and exit status. */
function drill(): { status: number | null; report: { ok: boolean; rows: number; missingRows: unknown[]; counties: Array<{ countyCode: string; ok: boolean; failing: Array<{ check: string }> }>; auditTrails: { verified: number; broken: Array<{ caseId: string }> } }; stderr: string } {
  const url = h.database.sql.options;
  const from = `postgres://${url.user}@${url.host[0]}:${url.port[0]}/${url.database}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup-drill.ts', '--from', from], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  expect(r.stdout, r.stderr).toMatch(/^\{/);
  return { status: r.status, report: JSON.parse(r.stdout) as ReturnType<typeof drill>['report'], stderr: r.stderr };
}

describe('the backup and restore drill', () => {
  it('restores every row, reconciles the copy and verifies every audit trail; a planted difference fails it', async () => {
    for (const amountFen of [60_000, 70_000]) {
      const c = await startTemporaryCase(h.app, STREET, { kind: 'emergency', amountFen, reason: '火灾' });
      await actOk(h.app, cw(STREET), c.caseId, { action: 'approve', amountFen });
    }
    const clean = drill();
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.report).toMatchObject({ ok: true, missingRows: [], counties: [{ countyCode: WC, ok: true, failing: [] }], auditTrails: { verified: 2, broken: [] } });
    expect(clean.report.rows).toBeGreaterThan(10);
    expect(clean.stderr).toContain('OK: the restored copy');

    // Planted in the source, carried by the dump, found in the copy.
    await h.database.sql`update reserve_entries set balance_after_fen = balance_after_fen + 1 where org_code = ${STREET} and kind = 'payout'`;
    const planted = drill();
    expect(planted.status).toBe(1);
    expect(planted.report.ok).toBe(false);
    expect(planted.report.counties[0]!.failing.map((f) => f.check)).toEqual(['reserve-ledgers']);
  });
});
