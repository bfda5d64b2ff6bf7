// 统一社会信用代码 (GB 32100-2015): 18 characters from 31 (no I, O, Z, S, V), the last a check
// character over the first 17 (weights 3^i mod 31). An organisation on the 失信名单 is named by it.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function creditCodeCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CHARSET.indexOf(c) * WEIGHTS[i]!, 0);
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Upper-cased: the code is printed in capitals, typed either way. */
export const normaliseCreditCode = (code: string): string => code.trim().toUpperCase();

export function isValidCreditCode(code: string): boolean {
  const c = normaliseCreditCode(code);
  return FORMAT.test(c) && creditCodeCheckChar(c.slice(0, 17)) === c[17];
}
