import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal workers need real processes: one fork per file, each with its own test environment.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two files at a time, each with its own Temporal test server and database.
    maxWorkers: 2,
  },
});
