/** Money is integer fen (分); 1 元 = 100 fen. */
export type Fen = number;

export const isFen = (n: unknown): n is Fen => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
export const isPositiveFen = (n: unknown): n is Fen => isFen(n) && n > 0;

/** "1,234.50 元" for summaries; never used for arithmetic. */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')} 元`;
}
