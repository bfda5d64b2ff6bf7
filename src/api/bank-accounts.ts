import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { resealAccounts } from '../db/account-keys.js';
import type { Db } from '../db/client.js';
import { parsePayloadKeys, type PayloadKeys } from '../temporal/codec.js';

// Payees' bank account numbers: stored AES-256-GCM encrypted, shown masked, decrypted only into the
// bank file. Under keys of their own (ACCOUNT_KEYS), never the person-hash key: whoever holds the key
// that produces bank files must not also be able to test resident IDs against their hashes.

/** Keys by id, as ACCOUNT_KEYS gives them (`id:base64-of-32-bytes[,…]`): the first encrypts, every one decrypts. */
export type AccountKeys = PayloadKeys;

export function parseAccountKeys(spec: string): AccountKeys {
  try {
    return parsePayloadKeys(spec);
  } catch {
    throw new Error('ACCOUNT_KEYS: expected id:base64 of 32 bytes[,id:base64…]');
  }
}

/**
 * Stored as `keyId:iv.tag.data` (base64 parts). Rows written before ACCOUNT_KEYS carry no key id
 * (`iv.tag.data`) and were sealed under a key derived from PII_HASH_KEY: `legacyKey` reads them, for
 * `reencryptAccounts` only.
 */
export class AccountCipher {
  constructor(
    private readonly keys: AccountKeys,
    private readonly legacyKey?: string,
  ) {}

  encrypt(account: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys.get(this.keys.current)!, iv);
    const data = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
    return `${this.keys.current}:${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.')}`;
  }

  decrypt(stored: string): string {
    const colon = stored.indexOf(':');
    const key = colon < 0 ? this.legacy() : this.keys.keys.get(stored.slice(0, colon));
    if (!key) throw new Error(`no account key ${colon < 0 ? '(legacy)' : stored.slice(0, colon)}`);
    const [iv, tag, data] = stored.slice(colon + 1).split('.').map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  /** The key id new values are sealed under. */
  get currentKeyId(): string {
    return this.keys.current;
  }

  /** Rows under an older key (or the legacy one) sealed again under the current key; see resealAccounts. */
  resealAll(db: Db): Promise<number> {
    return resealAccounts(db, this.keys.current, (stored) => this.encrypt(this.decrypt(stored)));
  }

  private legacy(): Buffer | undefined {
    return this.legacyKey === undefined ? undefined : Buffer.from(hkdfSync('sha256', this.legacyKey, 'jiuzhu', 'bank account numbers v1', 32));
  }
}

/** The last four digits only: 6222 **** **** 1234 reads as ****1234. */
export const maskAccount = (account: string) => `****${account.slice(-4)}`;

/** 元 with two decimals from integer fen, exactly (no floating point). */
const yuanOf = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A CSV field: a leading formula character neutralised (CSV injection), quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One row of a bank file (代发): who, which account, how much, and the reference the bank's returns name. */
export interface BankFileRow {
  name: string;
  account: string;
  amountFen: number;
  reference: string;
}

/**
 * The bank file the payroll and the service settlements both send, in the one format the bank reads:
 * CSV in UTF-8 with a byte-order mark, CRLF lines, 户名,账号,金额 (元, two decimals),摘要 (the reference).
 */
export function sendBankFile(reply: FastifyReply, filename: string, rows: readonly BankFileRow[]): FastifyReply {
  const lines = ['户名,账号,金额,摘要', ...rows.map((r) => [r.name, r.account, yuanOf(r.amountFen), r.reference].map(csvField).join(','))];
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}.csv"`)
    .send(`\uFEFF${lines.join('\r\n')}\r\n`);
}
