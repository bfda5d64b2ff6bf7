import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../../src/api/app.js';
import type { ConsoleOptions } from '../../src/api/deps.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, type TestHarness } from './harness.js';

// The console (web/) in a real browser against a real running service: the built console served by
// the app at /, a time-skipping Temporal server with our worker, and PostgreSQL. Debian's Chromium,
// driven by playwright-core (Playwright's own browser download cannot work here).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');
export const WEB = resolve('web');

export interface RunningConsole {
  app: FastifyInstance;
  /** Where the app listens: http://127.0.0.1:port */
  base: string;
  browser: Browser;
}

/**
 * The console as production serves it, built by Vite (`npm test` type-checks it before vitest runs),
 * served by the app on the harness with development sign-in, and Chromium to drive it.
 */
export async function startConsole(h: Pick<TestHarness, 'database' | 'temporal'>, options: Partial<ConsoleOptions> = {}): Promise<RunningConsole> {
  // NODE_ENV=production: vitest sets it to test, which would give React's development build.
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await buildApp({
    config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
    db: h.database.db,
    temporal: h.temporal,
    console: { dir: resolve(WEB, 'dist'), devTokens: true, temporalNamespace: 'default', ...options },
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash scripts/install-browser.sh`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return { app, base, browser };
}
