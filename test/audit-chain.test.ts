import { describe, expect, it } from 'vitest';
import { backfillAuditChains, insertAuditEntries, verifyAuditTrail } from '../src/db/audit.js';
import type { HistoryEntry } from '../src/domain/views.js';
import { useDatabase } from './support/harness.js';

// The audit chain in PostgreSQL alone: concurrent writers of one case still make one chain, and rows
// written before the chain existed are chained once by the migration's backfill.

const d = useDatabase('audit_chain');

const entry = (seq: number, extra: Record<string, unknown> = {}): HistoryEntry => ({
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  actor: { sub: 'cw-zhang', role: 'caseworker', org: '420106001' },
  action: `step-${seq}`,
  summary: `第 ${seq} 步`,
  ...extra,
});

describe('the audit chain', () => {
  it('two writers of one case at once still make one chain, each entry once', async () => {
    const caseId = 'case-concurrent';
    // Ten transactions race, each with two entries, half of them repeating another's (a retried write).
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        d.db.transaction((tx) => insertAuditEntries(tx, caseId, [entry(i + 1, { amountFen: i * 100, note: undefined }), entry(((i + 5) % 10) + 1)])),
      ),
    );
    const rows = await d.sql<{ seq: number; chain_index: number }[]>`select seq, chain_index from audit_entries where case_id = ${caseId} order by chain_index`;
    expect(rows.map((r) => r.chain_index)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.seq)).size).toBe(10);
    expect(await verifyAuditTrail(d.db, caseId)).toEqual({ ok: true, entries: 10 });
  });

  it('chains the rows written before it once, and never a row written after its mark', async () => {
    // Rows as the service wrote them before drizzle/0010: no chain columns.
    await d.sql`insert into audit_entries (case_id, seq, at, actor_sub, actor_role, actor_org, action, summary, details)
                values ('case-legacy', 1, '2025-01-01T00:00:00Z', 'cw', 'caseworker', '420106001', 'accept', '受理', '{"kind":"emergency"}'),
                       ('case-legacy', 2, '2025-01-02T00:00:00Z', 'cw', 'caseworker', '420106001', 'approve', '审批', '{"amountFen":100000}')`;
    await d.sql`update audit_chain_backfill set upto_id = (select max(id) from audit_entries), chained_at = null`;
    expect((await verifyAuditTrail(d.db, 'case-legacy')).brokenAt?.reason).toBe('unchained');
    expect(await backfillAuditChains(d.db)).toBe(2);
    expect(await verifyAuditTrail(d.db, 'case-legacy')).toEqual({ ok: true, entries: 2 });
    // Once: a second run chains nothing, and the next write continues the chain.
    expect(await backfillAuditChains(d.db)).toBe(0);
    await d.db.transaction((tx) => insertAuditEntries(tx, 'case-legacy', [entry(3)]));
    expect(await verifyAuditTrail(d.db, 'case-legacy')).toEqual({ ok: true, entries: 3 });

    // A row slipped in later without a hash is not chained by anyone: it shows.
    await d.sql`insert into audit_entries (case_id, seq, at, actor_sub, actor_role, actor_org, action, summary)
                values ('case-legacy', 4, now(), 'x', 'caseworker', '420106001', 'forged', '伪造')`;
    await d.db.transaction((tx) => insertAuditEntries(tx, 'case-legacy', [entry(5)]));
    expect((await verifyAuditTrail(d.db, 'case-legacy')).brokenAt).toMatchObject({ reason: 'unchained', seq: 4 });
    // The chain columns of a chained row cannot be rewritten.
    await expect(d.sql`update audit_entries set hash = 'x' where case_id = 'case-legacy' and seq = 1`).rejects.toThrow(/append-only/);
  });
});
