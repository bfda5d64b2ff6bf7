import { createHash, randomUUID } from 'node:crypto';
import { claimKeyNoting, releaseKey } from '../db/idempotency.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../domain/roles.js';
import { msg } from '../domain/catalogue.js';
import { ApiError } from './errors.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Key order must not change the hash of "the same body". */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Claims an Idempotency-Key for this caller: the first request fixes the body; the same body later
 * gets the same case id, another body a 409. The case id is derived from the key, so even two
 * concurrent first requests start one workflow.
 */
async function claimIdempotencyKey(db: Db, actor: Actor, key: string, body: unknown, prefix = 'case'): Promise<string> {
  return (await claimNoting(db, actor, key, body, prefix)).id;
}

async function claimNoting(db: Db, actor: Actor, key: string, body: unknown, prefix: string): Promise<{ id: string; fresh: boolean }> {
  const caseId = `${prefix}-${sha256(`${actor.sub}\n${key}`).slice(0, 32)}`;
  const requestHash = sha256(canonicalJson(body));
  const { stored, fresh } = await claimKeyNoting(db, { scope: actor.sub, key, requestHash, resourceId: caseId });
  if (stored.requestHash !== requestHash) {
    throw new ApiError(409, 'idempotency_key_reused', msg('idempotency.reused'));
  }
  return { id: stored.resourceId, fresh };
}

/**
 * The Update id of an action sent with an Idempotency-Key: the key is claimed for this case and body,
 * so a retry is the same Update (applied once) and the key reused with another body is a 409.
 */
export async function actionUpdateId(db: Db, actor: Actor, caseId: string, body: unknown, key: string): Promise<string> {
  return claimIdempotencyKey(db, actor, `action:${caseId}:${key}`, body, 'update');
}

/** One member's ballot is one Update: the same ballot again is that Update, another ballot a second one the workflow refuses. */
export const ballotUpdateId = (actor: Actor, ballot: unknown) => `vote:${actor.sub}:${sha256(canonicalJson(ballot)).slice(0, 32)}`;

/** The id a creating request names its resource by: claimed with its Idempotency-Key, or fresh without one. */
export async function resourceId(db: Db, actor: Actor, prefix: string, body: unknown, key: string | undefined): Promise<string> {
  return key ? claimIdempotencyKey(db, actor, key, body, prefix) : `${prefix}-${randomUUID().replace(/-/g, '')}`;
}

/**
 * The id of a resource created by one write at the end of `work`: as `resourceId`, except that a
 * refusal (an ApiError below 500) thrown before the write releases a key this request claimed — the
 * request created nothing, so the corrected one (fewer units, another date) may use the same key.
 */
export async function withResourceId<T>(db: Db, actor: Actor, prefix: string, body: unknown, key: string | undefined, work: (id: string) => Promise<T>): Promise<T> {
  if (!key) return work(`${prefix}-${randomUUID().replace(/-/g, '')}`);
  const { id, fresh } = await claimNoting(db, actor, key, body, prefix);
  try {
    return await work(id);
  } catch (err) {
    if (fresh && err instanceof ApiError && err.statusCode < 500) await releaseKey(db, { scope: actor.sub, key, resourceId: id });
    throw err;
  }
}
