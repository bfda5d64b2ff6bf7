import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { anchorHash, appendLinks, verifyChain, type AnchorCheck, type AnchorHead, type ChainVerdict, type ChainedFields } from '../domain/audit-chain.js';
import type { HistoryEntry } from '../domain/views.js';
import type { Db, DbOrTx, Tx } from './client.js';
import { auditAnchorHeads, auditAnchors, auditChainBackfill, auditEntries } from './schema.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** One writer per case chain at a time: two steps of a case recorded at once still make one chain. */
const lockChain = (tx: DbOrTx, caseId: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit-chain:${caseId}`}, 0))`);

/** The case's rows written before the chain existed (up to the migration's mark), not yet chained: oldest first. */
async function chainLegacy(tx: DbOrTx, caseId: string): Promise<number> {
  const legacy = await tx
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.caseId, caseId), isNull(auditEntries.hash), lte(auditEntries.id, sql`(select upto_id from audit_chain_backfill)`)))
    .orderBy(asc(auditEntries.seq), asc(auditEntries.id));
  if (legacy.length === 0) return 0;
  const links = appendLinks(sha256, await chainHead(tx, caseId), legacy);
  for (const [i, row] of legacy.entries()) await tx.update(auditEntries).set(links[i]!).where(eq(auditEntries.id, row.id));
  return legacy.length;
}

/** Under the case's lock: which of `seqs` are written, the chain's head, whether legacy rows are unchained. */
async function chainState(tx: DbOrTx, caseId: string, seqs: number[]): Promise<{ present: number[]; head: { chainIndex: number; hash: string | null }; legacy: boolean }> {
  const [row] = await tx.execute<{ present: number[] | null; chain_index: number | null; hash: string | null; legacy: boolean }>(sql`
    select (select array_agg(seq) from audit_entries where case_id = ${caseId} and seq = any(${`{${seqs.join(',')}}`}::int[])) as present,
           h.chain_index, h.hash,
           exists (select 1 from audit_entries where case_id = ${caseId} and hash is null
                      and id <= (select upto_id from audit_chain_backfill)) as legacy
      from (select 1) one
      left join lateral (select chain_index, hash from audit_entries where case_id = ${caseId} and chain_index is not null
                          order by chain_index desc limit 1) h on true`);
  return {
    present: (row?.present ?? []).map(Number),
    head: row?.chain_index != null ? { chainIndex: Number(row.chain_index), hash: row.hash } : { chainIndex: 0, hash: null },
    legacy: row?.legacy ?? false,
  };
}

async function chainHead(tx: DbOrTx, caseId: string): Promise<{ chainIndex: number; hash: string | null }> {
  const [head] = await tx
    .select({ chainIndex: auditEntries.chainIndex, hash: auditEntries.hash })
    .from(auditEntries)
    .where(and(eq(auditEntries.caseId, caseId), sql`${auditEntries.chainIndex} is not null`))
    .orderBy(sql`${auditEntries.chainIndex} desc`)
    .limit(1);
  return head ? { chainIndex: head.chainIndex!, hash: head.hash } : { chainIndex: 0, hash: null };
}

/**
 * Inserts the entries not yet there, each chained to the case's previous entry (in write order), under
 * the case's lock; (case, seq) is unique, so a retried write leaves one copy. Returns the actions of
 * those this call inserted. Runs in the caller's transaction (the lock lasts until it commits), not a
 * savepoint of its own: nothing here is undone alone.
 */
export async function insertAuditEntries(tx: Tx, caseId: string, entries: HistoryEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  await lockChain(tx, caseId);
  // What the chain needs, read at once: which of these entries are there, the head, and whether rows
  // from before the chain wait to be chained (then chained first, and the head read again).
  const state = await chainState(tx, caseId, entries.map((e) => e.seq));
  const { present, legacy } = state;
  let { head } = state;
  if (legacy) {
    await chainLegacy(tx, caseId);
    head = await chainHead(tx, caseId);
  }
  const seen = new Set(present);
  const rows: ChainedFields[] = [...entries]
    .filter((e) => !seen.has(e.seq))
    .sort((a, b) => a.seq - b.seq)
    .map(({ seq, at, actor, action, summary, ...details }) => ({
      caseId,
      seq,
      at: new Date(at),
      actorSub: actor.sub,
      actorRole: actor.role,
      actorOrg: actor.org,
      actorName: actor.name ?? null,
      action,
      summary,
      // As PostgreSQL's jsonb gives it back (no undefined members), so the hash reads back the same.
      details: JSON.parse(JSON.stringify(details)) as unknown,
    }));
  if (rows.length === 0) return [];
  const links = appendLinks(sha256, head, rows);
  const inserted = await tx
    .insert(auditEntries)
    .values(rows.map((r, i) => ({ ...r, ...links[i]! })))
    .onConflictDoNothing()
    .returning({ action: auditEntries.action });
  return inserted.map((r) => r.action);
}

export type AuditRow = typeof auditEntries.$inferSelect;

export async function auditTrail(db: Db, caseId: string): Promise<AuditRow[]> {
  return db.select().from(auditEntries).where(eq(auditEntries.caseId, caseId)).orderBy(asc(auditEntries.seq));
}

/** Every anchor that named the case's head, with all its heads to recompute it. */
async function anchorsOf(db: DbOrTx, caseId: string): Promise<AnchorCheck[]> {
  const named = await db
    .select({ countyCode: auditAnchors.countyCode, day: auditAnchors.day, prevHash: auditAnchors.prevHash, storedHash: auditAnchors.hash, chainIndex: auditAnchorHeads.chainIndex, hash: auditAnchorHeads.hash })
    .from(auditAnchorHeads)
    .innerJoin(auditAnchors, and(eq(auditAnchors.countyCode, auditAnchorHeads.countyCode), eq(auditAnchors.day, auditAnchorHeads.day)))
    .where(eq(auditAnchorHeads.caseId, caseId));
  const checks: AnchorCheck[] = [];
  for (const a of named) {
    const heads = await db
      .select({ caseId: auditAnchorHeads.caseId, chainIndex: auditAnchorHeads.chainIndex, hash: auditAnchorHeads.hash })
      .from(auditAnchorHeads)
      .where(and(eq(auditAnchorHeads.countyCode, a.countyCode), eq(auditAnchorHeads.day, a.day)));
    checks.push({ countyCode: a.countyCode, day: a.day, prevHash: a.prevHash, storedHash: a.storedHash, head: { chainIndex: a.chainIndex, hash: a.hash }, heads });
  }
  return checks;
}

/** Whether the case's trail is as written: its chain and the anchors that named it (src/domain/audit-chain.ts). */
export async function verifyAuditTrail(db: DbOrTx, caseId: string): Promise<ChainVerdict> {
  const rows = await db.select().from(auditEntries).where(eq(auditEntries.caseId, caseId));
  return verifyChain(sha256, rows, await anchorsOf(db, caseId));
}

/**
 * Anchors a county's day (Asia/Shanghai): the head, as of the day's end, of each chain of the county's
 * cases written to that day, hashed with the county's previous anchor. Once per county and day: a
 * second run finds the first.
 */
export async function anchorAuditDay(db: Db, countyCode: string, day: string): Promise<{ heads: number; hash: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit-anchor:${countyCode}`}, 0))`);
    const [existing] = await tx.select().from(auditAnchors).where(and(eq(auditAnchors.countyCode, countyCode), eq(auditAnchors.day, day)));
    if (existing) return { heads: existing.heads, hash: existing.hash };
    const heads = await tx.execute<{ case_id: string; chain_index: number; hash: string }>(sql`
      select distinct on (a.case_id) a.case_id, a.chain_index, a.hash
        from audit_entries a join cases c on c.case_id = a.case_id
       where c.county_code = ${countyCode} and a.hash is not null
         and a.recorded_at < (${day}::date + 1)::timestamp at time zone 'Asia/Shanghai'
         and a.case_id in (select case_id from audit_entries
                            where recorded_at >= ${day}::date::timestamp at time zone 'Asia/Shanghai'
                              and recorded_at < (${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')
       order by a.case_id, a.chain_index desc`);
    const [previous] = await tx
      .select({ hash: auditAnchors.hash })
      .from(auditAnchors)
      .where(and(eq(auditAnchors.countyCode, countyCode), sql`${auditAnchors.day} < ${day}`))
      .orderBy(sql`${auditAnchors.day} desc`)
      .limit(1);
    const list: AnchorHead[] = heads.map((h) => ({ caseId: h.case_id, chainIndex: h.chain_index, hash: h.hash }));
    const prevHash = previous?.hash ?? null;
    const hash = anchorHash(sha256, { countyCode, day, heads: list, prevHash });
    await tx.insert(auditAnchors).values({ countyCode, day, heads: list.length, prevHash, hash });
    if (list.length > 0) await tx.insert(auditAnchorHeads).values(list.map((h) => ({ countyCode, day, ...h })));
    return { heads: list.length, hash };
  });
}

/**
 * The documented backfill (`npm run migrate` runs it after the SQL migrations): chains, case by case,
 * the rows written before drizzle/0010, once. Later rows are chained as they are written.
 */
export async function backfillAuditChains(db: Db): Promise<number> {
  const [mark] = await db.select().from(auditChainBackfill);
  if (!mark || mark.chainedAt) return 0;
  const pending = await db.selectDistinct({ caseId: auditEntries.caseId }).from(auditEntries).where(and(isNull(auditEntries.hash), lte(auditEntries.id, mark.uptoId)));
  let chained = 0;
  for (const { caseId } of pending) {
    chained += await db.transaction(async (tx) => {
      await lockChain(tx, caseId);
      return chainLegacy(tx, caseId);
    });
  }
  await db.update(auditChainBackfill).set({ chainedAt: new Date() });
  return chained;
}
