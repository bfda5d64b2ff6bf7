import type { PageRequest } from './DataTable';

/** A page of a list the API hands out newest first by `before` (a `seq`), with its total when it counts one. */
export interface SeqPage<T> {
  items: T[];
  nextBefore: number | null;
  total?: number;
}

const STEP = 200;

/**
 * A DataTable page (offset, limit) read from a list paged by `before`: the pages up to it, 200 rows at a
 * time. Without a total from the API, one more row is promised while there are more, so the pager offers
 * the next page.
 */
export async function pageBySeq<T>(fetchPage: (before: number | undefined, limit: number) => Promise<SeqPage<T>>, page: PageRequest): Promise<{ items: T[]; total: number }> {
  const want = page.offset + page.limit;
  const items: T[] = [];
  let before: number | undefined;
  let total: number | undefined;
  let more = true;
  while (more && items.length < want) {
    const r = await fetchPage(before, STEP);
    items.push(...r.items);
    total ??= r.total;
    more = r.nextBefore !== null;
    before = r.nextBefore ?? undefined;
  }
  return { items: items.slice(page.offset, want), total: total ?? items.length + (more ? 1 : 0) };
}
