import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Payees' bank account numbers: stored AES-256-GCM encrypted, shown masked, decrypted only into the
// bank file. The key is derived from the PII key (PII_HASH_KEY) with its own label, so one secret
// to keep, two uses apart.

const keyOf = (piiKey: string) => Buffer.from(hkdfSync('sha256', piiKey, 'jiuzhu', 'bank account numbers v1', 32));

export function encryptAccount(piiKey: string, account: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(piiKey), iv);
  const data = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

export function decryptAccount(piiKey: string, stored: string): string {
  const [iv, tag, data] = stored.split('.').map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv('aes-256-gcm', keyOf(piiKey), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/** The last four digits only: 6222 **** **** 1234 reads as ****1234. */
export const maskAccount = (account: string) => `****${account.slice(-4)}`;

/** 元 with two decimals from integer fen, exactly (no floating point). */
export const yuanOf = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A CSV field: a leading formula character neutralised (CSV injection), quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
