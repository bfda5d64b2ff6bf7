/** Guards the money repositories (reserve ledger, payments, filings) share. */

/**
 * The same payment key (or ledger key) was used for a different movement: a different amount, source
 * or fund. Not a retry, so neither paying nor pretending it was paid is right; a caller should not retry it.
 */
export class ReserveConflictError extends Error {
  override readonly name = 'ReserveConflictError';
}

export function checkOrg(orgCode: string): void {
  if (typeof orgCode !== 'string' || orgCode.length < 6) throw new RangeError(`invalid org code: ${String(orgCode)}`);
}

export function checkAmount(name: string, fen: number, allowZero = false): void {
  if (!Number.isSafeInteger(fen) || fen < 0 || (fen === 0 && !allowZero)) {
    throw new RangeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} safe integer of fen, got ${fen}`);
  }
}

export function checkInstalment(instalment: number): void {
  if (!Number.isSafeInteger(instalment)) throw new RangeError(`instalment must be an integer, got ${instalment}`);
}

/** postgres.js errors may arrive wrapped (drizzle's DrizzleQueryError keeps the original as `cause`). */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
