import { describe, it, expect } from 'vitest';
import {
  isValidResidentId,
  maskResidentId,
  normaliseResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
} from '../src/domain/resident-id.js';

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

  it('masks to 14 stars + last 4: neither birthplace nor birth date', () => {
    expect(maskResidentId('11010519491231002X')).toBe('**************002X');
    expect(maskResidentId('11010519491231002x')).toBe('**************002X');
    expect(maskResidentId('420106199001011231')).toBe('**************1231');
    expect(() => maskResidentId('123')).toThrow(RangeError);
  });

  it('extracts the birth date', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(() => residentIdBirthDate('110105194912310021')).toThrow(RangeError);
  });

  it('check char requires 17 digits', () => {
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });
});
