import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal workers need real processes: one fork per file, each with its own test environment.
    pool: 'forks',
    // The PostgreSQL for the tests (TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one), then
    // the workflow bundle and the Temporal test server.
    globalSetup: ['scripts/test-database.ts', 'test/support/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two files at a time, each with its own Temporal test server and database.
    maxWorkers: 2,
  },
});
