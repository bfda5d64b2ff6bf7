// The tamper-evident audit trail: what each entry's hash covers, what a county's daily anchor covers, and
// what makes a case's chain whole. Pure: the hash function is handed in (sha256, src/db/audit.ts), the
// serialization is RFC 8785 (canonical JSON: sorted keys, one spelling per number), so the same entry
// hashes the same wherever it is read back.
import canonicalize from 'canonicalize';

export type HashFn = (text: string) => string;

/** An entry as stored: the fields its hash covers (never the row id or when the row was written). */
export interface ChainedFields {
  caseId: string;
  seq: number;
  at: Date;
  actorSub: string;
  actorRole: string;
  actorOrg: string;
  action: string;
  summary: string;
  details: unknown;
}

export interface ChainLink {
  chainIndex: number;
  prevHash: string | null;
  hash: string;
}

const canonical = (value: unknown): string => canonicalize(value)!;

/** The entry's hash: its fields, its place in the chain and the previous entry's hash. */
function entryHash(hash: HashFn, e: ChainedFields, chainIndex: number, prevHash: string | null): string {
  return hash(
    canonical({
      caseId: e.caseId,
      seq: e.seq,
      at: e.at.toISOString(),
      actor: { sub: e.actorSub, role: e.actorRole, org: e.actorOrg },
      action: e.action,
      summary: e.summary,
      details: e.details ?? {},
      chainIndex,
      prevHash,
    }),
  );
}

/** The links of entries appended, in order, after the chain's head (none yet: index 0, no hash). */
export function appendLinks(hash: HashFn, head: { chainIndex: number; hash: string | null }, entries: readonly ChainedFields[]): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = head;
  for (const e of entries) {
    const chainIndex = prev.chainIndex + 1;
    const link = { chainIndex, prevHash: prev.hash, hash: entryHash(hash, e, chainIndex, prev.hash) };
    links.push(link);
    prev = link;
  }
  return links;
}

export interface AnchorHead {
  caseId: string;
  chainIndex: number;
  hash: string;
}

/** A county's anchor for a day: the heads of that day's chains (by case), chained to the county's previous anchor. */
export function anchorHash(hash: HashFn, a: { countyCode: string; day: string; heads: readonly AnchorHead[]; prevHash: string | null }): string {
  const heads = [...a.heads].sort((x, y) => (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : 0)).map((h) => ({ caseId: h.caseId, chainIndex: h.chainIndex, hash: h.hash }));
  return hash(canonical({ countyCode: a.countyCode, day: a.day, heads, prevHash: a.prevHash }));
}

export type ChainBreak = 'unchained' | 'missing' | 'link' | 'altered' | 'anchor';

export interface StoredEntry extends ChainedFields {
  chainIndex: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** An anchor that named this case's head, with the anchor's own figures to recompute it. */
export interface AnchorCheck {
  day: string;
  countyCode: string;
  head: { chainIndex: number; hash: string };
  /** Every head of that anchor, and the hashes stored for it. */
  heads: readonly AnchorHead[];
  prevHash: string | null;
  storedHash: string;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  brokenAt?: { chainIndex: number; seq: number | null; reason: ChainBreak; message: string };
}

const BREAK_MESSAGES: Record<ChainBreak, string> = {
  unchained: '记录没有链哈希（链建立后写入的记录都必须有）',
  missing: '此前的记录缺失（链序号不连续）',
  link: '与上一条记录的哈希不相连',
  altered: '记录内容与其哈希不符（已被修改）',
  anchor: '与每日锚定的链头不符（记录被删除或改写）',
};

/**
 * A case's chain is whole when its entries, in chain order, are numbered 1, 2, … without a gap, each
 * names the previous one's hash and hashes to its own, and every daily anchor that named the case's head
 * still finds that entry with that hash (so a deleted or rewritten tail shows too) and recomputes itself.
 */
export function verifyChain(hash: HashFn, stored: readonly StoredEntry[], anchors: readonly AnchorCheck[]): ChainVerdict {
  const entries = [...stored].sort((a, b) => (a.chainIndex ?? Infinity) - (b.chainIndex ?? Infinity) || a.seq - b.seq);
  const broken = (chainIndex: number, seq: number | null, reason: ChainBreak): ChainVerdict => ({
    ok: false,
    entries: entries.length,
    brokenAt: { chainIndex, seq, reason, message: BREAK_MESSAGES[reason] },
  });
  let prevHash: string | null = null;
  for (const [i, e] of entries.entries()) {
    if (e.chainIndex === null || e.hash === null) return broken(i + 1, e.seq, 'unchained');
    if (e.chainIndex !== i + 1) return broken(e.chainIndex, e.seq, 'missing');
    if (e.prevHash !== prevHash) return broken(e.chainIndex, e.seq, 'link');
    if (entryHash(hash, e, e.chainIndex, e.prevHash) !== e.hash) return broken(e.chainIndex, e.seq, 'altered');
    prevHash = e.hash;
  }
  for (const a of [...anchors].sort((x, y) => x.head.chainIndex - y.head.chainIndex)) {
    const at = entries[a.head.chainIndex - 1];
    const recomputed = anchorHash(hash, { countyCode: a.countyCode, day: a.day, heads: a.heads, prevHash: a.prevHash });
    if (!at || at.hash !== a.head.hash || recomputed !== a.storedHash) return broken(a.head.chainIndex, at?.seq ?? null, 'anchor');
  }
  return { ok: true, entries: entries.length };
}
