import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction opened on a `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/**
 * What both a `Db` and a `Tx` are. Calling `.transaction` on it opens a transaction on a `Db` and a
 * savepoint on a `Tx`, so a repository function can run inside a caller's transaction.
 */
export type DbOrTx = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** One pool per process; closed on shutdown. */
export function createDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
