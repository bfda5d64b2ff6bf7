// Vitest global setup: the PostgreSQL the tests create their databases on (TEST_DATABASE_URL, read by
// test/support/harness.ts). Kept when set, or when PostgreSQL on 127.0.0.1:5432 takes user postgres
// without a password; otherwise (or with JIUZHU_EMBEDDED_PG=1) a throw-away embedded PostgreSQL
// (scripts/dev/embedded-postgres.ts) in a temporary directory, stopped and removed after the run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localServerAnswers } from './dev/database.js';
import { prepareCluster, startCluster } from './dev/embedded-postgres.js';
import { freePort } from './dev/util.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const forced = process.env.JIUZHU_EMBEDDED_PG === '1' || process.env.JIUZHU_EMBEDDED_PG === 'true';
  if (!forced) {
    const local = await localServerAnswers();
    if (local.ok) return undefined;
    console.log(`[test-database] ${local.reason}: starting an embedded PostgreSQL for the tests`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-test-pg-'));
  chmodSync(dir, 0o755); // as root, the server runs as an unprivileged user who must reach it
  const cluster = await prepareCluster({
    dataDir: path.join(dir, 'pg'),
    port: await freePort('127.0.0.1'),
    logFile: path.join(dir, 'pg.log'),
    log: (message) => console.log(`[test-database] ${message}`),
  });
  const server = await startCluster(cluster);
  // Test files run in worker processes forked after this, with this environment.
  process.env.TEST_DATABASE_URL = cluster.url('postgres');
  console.log(`[test-database] embedded PostgreSQL ${cluster.binaries.version} at ${process.env.TEST_DATABASE_URL}`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    if (cluster.dataDir !== path.join(dir, 'pg')) rmSync(cluster.dataDir, { recursive: true, force: true });
  };
}
