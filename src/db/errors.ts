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

/**
 * SQLSTATEs a retry can cure: the connection failed (08…), the server is short of resources (53…: 53300
 * too many connections), shutting down or restarting (57P01 admin shutdown, 57P03 cannot connect now),
 * the statement ran past statement_timeout (57014), or lost a race it may win next time (40001, 40P01, 55P03).
 */
const RETRYABLE_SQLSTATE = /^(08|53|57P)|^(57014|40001|40P01|55P03)$/;
/** The driver's and the socket's own codes: the database is out of reach, or did not answer in time. */
const RETRYABLE_DRIVER = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** The SQLSTATE or driver code when the database is down, restarting, out of reach or past its timeout (try again later); else undefined. */
export function postgresUnavailable(err: unknown): string | undefined {
  const code = postgresErrorOf(err)?.code;
  return code !== undefined && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_DRIVER.has(code)) ? code : undefined;
}
