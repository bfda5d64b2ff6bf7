import { describe, it, expect } from 'vitest';
import {
  isValidResidentId,
  maskResidentId,
  narrowMask,
  normaliseResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
} from '../src/domain/resident-id.js';
import { personKey } from '../src/api/applicant.js';

const withCheck = (first17: string): string => first17 + residentIdCheckChar(first17);

describe('resident ID', () => {
  it('accepts well-known valid samples', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('440524188001010014')).toBe(true);
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts computed IDs', () => {
    const id = withCheck('42010619900101123');
    expect(id).toHaveLength(18);
    expect(isValidResidentId(id)).toBe(true);
  });

  it('rejects a wrong checksum', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('440524188001010015')).toBe(false);
  });

  it('rejects wrong length and bad characters', () => {
    expect(isValidResidentId('11010519491231002')).toBe(false);
    expect(isValidResidentId('11010519491231002X0')).toBe(false);
    expect(isValidResidentId('')).toBe(false);
    expect(isValidResidentId('1101051949123100AX')).toBe(false);
    expect(isValidResidentId(' 11010519491231002X')).toBe(false);
  });

  it('rejects an impossible birth date even with a correct check char', () => {
    expect(isValidResidentId(withCheck('11010519490230002'))).toBe(false); // Feb 30
    expect(isValidResidentId(withCheck('11010520230229002'))).toBe(false); // not a leap year
    expect(isValidResidentId(withCheck('11010520240229002'))).toBe(true);
  });

  it('accepts lowercase x and normalises it', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(normaliseResidentId('11010519491231002x')).toBe('11010519491231002X');
  });

  it('masks to 17 stars + the check character: neither birthplace, birth date nor sequence', () => {
    expect(maskResidentId('11010519491231002X')).toBe('*****************X');
    expect(maskResidentId('11010519491231002x')).toBe('*****************X');
    expect(maskResidentId('420106199001011231')).toBe('*****************1');
    expect(narrowMask('**************1231')).toBe('*****************1');
    expect(narrowMask(maskResidentId('420106199001011231'))).toBe('*****************1');
    expect(() => maskResidentId('123')).toThrow(RangeError);
  });

  // The read model keeps, beside a mask and the person hash, the case's county and each member's birth
  // date. What is left unknown must be more than a handful of numbers, and the hash must not be testable
  // without PII_HASH_KEY (kept apart from the bank-account keys).
  it('leaves the mask + hash unresolvable: many candidates even with county and birth date known, and the hash needs the key', () => {
    const id = '420106199001011231';
    const fits = (mask: string, county: string, birth: string) =>
      Array.from({ length: 1000 }, (_, n) => `${county}${birth}${String(n).padStart(3, '0')}`)
        .map(withCheck)
        .filter((c) => [...mask].every((ch, i) => ch === '*' || ch === c[i])).length;
    // The old mask (14 stars + the last 4) with the county and birth date: exactly one number — the 60 ms recovery.
    expect(fits('**************1231', '420106', '19900101')).toBe(1);
    const withContext = fits(maskResidentId(id), '420106', '19900101');
    expect(withContext).toBeGreaterThanOrEqual(80);
    // With the mask alone (county and birth date unknown): every valid birth date of the last 120 years × 1000
    // sequence numbers of even one county, a tenth or so of them with the right check character.
    let dates = 0;
    for (let d = new Date(Date.UTC(1906, 0, 1)); d < new Date(Date.UTC(2026, 0, 1)); d.setUTCDate(d.getUTCDate() + 1)) dates++;
    const alone = (dates * 1000) / 11;
    expect(alone).toBeGreaterThan(3_000_000);
    // The hash cannot be tested against any candidate without the key: under another key nothing matches.
    const stored = personKey('the-county-pii-key-0123456789', id);
    expect(personKey('a-guessed-key-0123456789', id)).not.toBe(stored);
    expect(personKey('the-county-pii-key-0123456789', id)).toBe(stored);
  });

  it('extracts the birth date', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(() => residentIdBirthDate('110105194912310021')).toThrow(RangeError);
  });

  it('check char requires 17 digits', () => {
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });
});
