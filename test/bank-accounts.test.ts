import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccountCipher, parseAccountKeys } from '../src/api/bank-accounts.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { TEST_PII_HASH_KEY, useDatabase } from './support/harness.js';

// Payees' bank accounts under keys of their own (ACCOUNT_KEYS), rotatable as PAYLOAD_KEYS are: the newest
// seals, every one opens, and rows under an older key — or from before, under PII_HASH_KEY — are sealed again.

const db = useDatabase('bank-accounts');

const key = (seed: string) => Buffer.from(seed.padEnd(32, '!').slice(0, 32)).toString('base64');
const K1 = `k1:${key('account key one')}`;
const K2 = `k2:${key('account key two')}`;
const ACCOUNT = '6228480012345678901';

/** A value as the service sealed it before ACCOUNT_KEYS: no key id, the key derived from PII_HASH_KEY. */
function legacySeal(piiKey: string, account: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', piiKey, 'jiuzhu', 'bank account numbers v1', 32)), iv);
  const data = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

async function payee(benefitId: string, stored: string): Promise<void> {
  await db.sql`insert into benefits (benefit_id, case_id, type, org_code, county_code, applicant_id_hash, applicant_name, status, first_month, review_due_date, version, opened_at, updated_at)
                values (${benefitId}, ${`case-${benefitId}`}, 'dibao', '420106001', '420106', 'h', '张三', 'active', '2026-01', '2027-01-01', 1, now(), now())`;
  await db.sql`insert into benefit_payees (benefit_id, payee, name, bank_name, account_encrypted, account_masked) values (${benefitId}, 'applicant', '张三', '中国农业银行', ${stored}, '****8901')`;
}
const storedOf = async (benefitId: string) => (await db.sql<{ s: string }[]>`select account_encrypted as s from benefit_payees where benefit_id = ${benefitId}`)[0]!.s;

describe('bank-account keys', () => {
  it('seals under the newest key, named in the value; another key or the PII key does not open it', () => {
    const sealed = new AccountCipher(parseAccountKeys(K1)).encrypt(ACCOUNT);
    expect(sealed.startsWith('k1:')).toBe(true);
    expect(sealed).not.toContain(ACCOUNT);
    expect(new AccountCipher(parseAccountKeys(K1)).decrypt(sealed)).toBe(ACCOUNT);
    expect(() => new AccountCipher(parseAccountKeys(K2)).decrypt(sealed)).toThrow('no account key k1');
    // The person-hash key is no account key: a value sealed now is not opened by it, nor a legacy value without it.
    expect(() => new AccountCipher(parseAccountKeys(K2), TEST_PII_HASH_KEY).decrypt(sealed)).toThrow();
    expect(() => new AccountCipher(parseAccountKeys(K1)).decrypt(legacySeal(TEST_PII_HASH_KEY, ACCOUNT))).toThrow('no account key (legacy)');
    expect(() => parseAccountKeys('k1:short')).toThrow('ACCOUNT_KEYS');
  });

  it('a rotation keeps old rows readable, and re-encryption moves them (and legacy rows) to the newest key', async () => {
    await payee('b-k1', new AccountCipher(parseAccountKeys(K1)).encrypt(ACCOUNT));
    await payee('b-legacy', legacySeal(TEST_PII_HASH_KEY, ACCOUNT));
    // Rotated: k2 first, k1 still listed.
    const rotated = new AccountCipher(parseAccountKeys(`${K2},${K1}`), TEST_PII_HASH_KEY);
    expect(rotated.decrypt(await storedOf('b-k1'))).toBe(ACCOUNT);
    expect(rotated.decrypt(await storedOf('b-legacy'))).toBe(ACCOUNT);
    expect(await rotated.resealAll(db.db)).toBe(2);
    for (const id of ['b-k1', 'b-legacy']) {
      const stored = await storedOf(id);
      expect(stored.startsWith('k2:')).toBe(true);
      // Now k1 (and the PII key) can go: k2 alone opens every row.
      expect(new AccountCipher(parseAccountKeys(K2)).decrypt(stored)).toBe(ACCOUNT);
    }
    // Nothing left to move: a second run (another replica) rewrites nothing.
    expect(await rotated.resealAll(db.db)).toBe(0);
  });

  it('is required outside development, and must be id:base64 of 32 bytes', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(20), PII_HASH_KEY: 'p'.repeat(20), PAYLOAD_KEYS: K1 };
    expect(() => parseConfig(production)).toThrow(ConfigError);
    expect(() => parseConfig(production)).toThrow('ACCOUNT_KEYS: required outside development');
    expect(() => parseConfig({ ...production, ACCOUNT_KEYS: 'k1:c2hvcnQ=' })).toThrow('ACCOUNT_KEYS');
    expect(() => parseConfig({ ...production, ACCOUNT_KEYS: `${K1},${K1}` })).toThrow('ACCOUNT_KEYS');
    expect(parseConfig({ ...production, ACCOUNT_KEYS: `${K2},${K1}` }).accountKeys).toBe(`${K2},${K1}`);
  });
});
