/**
 * Chinese administrative division codes: 区/县 6 digits, 街道/镇 9 digits beginning with its county's 6.
 * The county a street or county code belongs to.
 */
export const countyOf = (code: string): string => code.slice(0, 6);
