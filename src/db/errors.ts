// What a PostgreSQL failure means, read from its SQLSTATE (drizzle wraps the driver's error, with the
// query and its parameters in the message: never show or log that message).

interface PgLike {
  code?: string;
  constraint_name?: string;
  routine?: string;
}

/** The PostgreSQL (or driver) error behind a failure. */
export function postgresErrorOf(err: unknown): PgLike | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as PgLike).code;
    if (typeof code === 'string' && code.length > 0) return e as PgLike;
  }
  return undefined;
}

/** A data exception or an integrity violation: deterministic, never cured by a retry. */
export const isDataError = (err: unknown) => /^2[23][0-9A-Z]{3}$/.test(postgresErrorOf(err)?.code ?? '');

/** The database is down, restarting or out of reach: try again later. */
export function isUnavailable(err: unknown): boolean {
  const code = postgresErrorOf(err)?.code ?? '';
  return /^(08|53|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'].includes(code);
}
