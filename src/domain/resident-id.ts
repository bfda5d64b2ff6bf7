// 18-digit PRC resident identity number (GB 11643-1999). Pure; workflow-sandbox safe.
import { isIsoDate, type IsoDate } from './dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FORMAT_RE = /^\d{17}[\dX]$/;

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('Expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function birthDateOf(id: string): IsoDate {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Canonical form: lowercase x (common in user input) becomes X. Store IDs in this form. */
export function normaliseResidentId(id: string): string {
  return typeof id === 'string' ? id.toUpperCase() : '';
}

export function isValidResidentId(id: string): boolean {
  const s = normaliseResidentId(id);
  return FORMAT_RE.test(s) && isIsoDate(birthDateOf(s)) && residentIdCheckChar(s.slice(0, 17)) === s[17];
}

/**
 * 17 stars + the check character, e.g. '*****************X'. The read model keeps the birth date of
 * household members and the county of every case: with them, a mask showing the sequence digits left
 * one candidate number, which the person hash then confirmed. With the check character alone about 91
 * numbers fit a known county and birth date and billions fit none, so the number comes back only to whoever
 * holds PII_HASH_KEY, and never from the mask alone.
 */
export function maskResidentId(id: string): string {
  const s = normaliseResidentId(id);
  if (!FORMAT_RE.test(s)) throw new RangeError('Not an 18-character resident ID');
  return narrowMask(s);
}

/** A mask written before (14 stars + the last 4) narrowed to today's: only the last character stays. */
export const narrowMask = (masked: string): string => (masked.length === 18 ? `${'*'.repeat(17)}${masked.slice(17)}` : masked);

/** Born by `today`: a birth date in the future is a typing error, however valid the checksum. */
export const bornBy = (id: string, today: IsoDate): boolean => isValidResidentId(id) && residentIdBirthDate(id) <= today;

export function residentIdBirthDate(id: string): IsoDate {
  const s = normaliseResidentId(id);
  if (!isValidResidentId(s)) throw new RangeError('Invalid resident ID');
  return birthDateOf(s);
}
