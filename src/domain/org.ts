/**
 * Chinese administrative division codes: 区/县 6 digits, 街道/镇 9 digits beginning with its county's 6.
 * The county a street or county code belongs to.
 */
export const countyOf = (code: string): string => code.slice(0, 6);

/** A county's code (6 digits), not a street's (9). */
export const isCountyCode = (code: string): boolean => code.length === 6;

/** The State Council's code: the national calendar and national policy. */
export const NATIONAL = '000000';

/** The province (two digits then 0000) a street, county or province code belongs to. */
export const provinceOf = (code: string): string => `${code.slice(0, 2)}0000`;
