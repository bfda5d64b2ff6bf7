import { msg, type Message } from './catalogue.js';
/** Money is integer fen (分); 1 元 = 100 fen. */
export type Fen = number;

export const isPositiveFen = (n: unknown): n is Fen => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** "1,234.50 元" for summaries; never used for arithmetic. */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')} 元`;
}

/** An amount above the region's per-transaction maximum is a slip of the keyboard, not aid. */
export function overLimit(amountFen: number, maxTransactionFen: number | undefined): Message | undefined {
  return maxTransactionFen !== undefined && amountFen > maxTransactionFen ? msg('field.overLimit', { limit: formatFen(maxTransactionFen) }) : undefined;
}

/** The largest amount JSON carries exactly; an amount above a policy's own ceiling is refused earlier. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;
