import { sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
/**
 * What both a `Db` and a transaction opened on it are. Calling `.transaction` on it opens a transaction
 * on a `Db` and a savepoint in a transaction, so a repository function can run inside a caller's.
 */
export type DbOrTx = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface PoolOptions {
  max?: number;
  /** A connection attempt gives up after this (the query fails with CONNECT_TIMEOUT: 503). */
  connectTimeoutMs?: number;
  /** The server cancels a statement running longer (SQLSTATE 57014: 503); unset, none. */
  statementTimeoutMs?: number;
}

/**
 * Waits for a new connection after a failed one: short and capped, so the pool is back within half a
 * second of the database (postgres.js's own backoff grows to 20 s while the database is down).
 */
const reconnectDelaySeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

/** One pool per process; closed on shutdown. Every wait on PostgreSQL is bounded: connecting, and (when given) each statement. */
export function createDatabase(url: string, options: PoolOptions = {}): Database {
  const pool = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: (options.connectTimeoutMs ?? 2_000) / 1000,
    backoff: reconnectDelaySeconds,
    // An idle connection is closed before a server-side or network timeout could strand it.
    idle_timeout: 60,
    // No JIT: the planner cannot count the rows of our jsonb and set-returning functions (a payroll's payee
    // lines, the months owed) and estimates millions, so PostgreSQL JIT-compiled statements that read a few
    // thousand rows — measured at ~1.5 s a payroll prepare, ten times the work (bench/reports/payments-scale-*.md).
    connection: { jit: 'off', ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}) },
  });
  const db = drizzle(pool, { schema });
  return { db, sql: pool, close: () => pool.end({ timeout: 5 }) };
}

/** Readiness: true when the database answers a trivial query. */
export async function databaseReachable(db: Db): Promise<boolean> {
  return db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
}

/**
 * postgres.js can throw from a `setImmediate` after a connection closed under it (porsager/postgres
 * #1066, #1154; fix pending in #1168): `socket.write` on a null socket. The query it belonged to was
 * already rejected with CONNECTION_CLOSED and is retried by its caller, so that one error is logged
 * and survived; every other uncaught exception still ends the process.
 */
export function surviveDriverSocketRace(log: (message: string) => void = console.warn): void {
  process.on('uncaughtException', (err) => {
    const fromDriver = err instanceof TypeError && /reading 'write'/.test(err.message) && /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '');
    if (fromDriver) {
      log('PostgreSQL connection closed mid-write (postgres.js socket race); the query was rejected and is retried');
      return;
    }
    console.error(err);
    process.exit(1);
  });
}
