import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Actor } from '../../src/domain/roles.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, tokenFor, type TestHarness } from './harness.js';

// The console in a real browser, set up once per file: the production build served by the app on a
// real port over the harness's Temporal and PostgreSQL, and Debian's Chromium driven by playwright-core.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');
const WEB = resolve('web');

export interface ConsoleUnderTest {
  readonly app: FastifyInstance;
  readonly base: string;
  /** A fresh page signed in as `actor` (the token in session storage, as the sign-in page leaves it). */
  pageAs(actor: Actor, viewport?: { width: number; height: number }): Promise<Page>;
  /** A full-page picture in test/artifacts. */
  shot(page: Page, name: string): Promise<unknown>;
}

/** Builds and serves the console for this file's tests; a failed test leaves a picture of each page it had open. */
export function useConsole(h: TestHarness, name: string): ConsoleUnderTest {
  let app: FastifyInstance | undefined;
  let base = '';
  let browser: Browser | undefined;
  const open = new Set<Page>();
  const dist = resolve(ARTIFACTS, `web-${name}`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // NODE_ENV=production: vitest sets it to test, which would give React's development build. Each file
    // builds into its own folder: two browser test files run at once, and one's build never empties the other's.
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    app = await buildApp({
      config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
      db: h.database.db,
      temporal: h.temporal,
      console: { dir: dist, devTokens: true, temporalUiUrl: 'http://localhost:8233', temporalNamespace: 'default' },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash scripts/install-browser.sh`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      let n = 0;
      for (const page of open) if (!page.isClosed()) await page.screenshot({ path: `${ARTIFACTS}/${name}-failed-${n++}.png`, fullPage: true }).catch(() => undefined);
    }
    for (const page of open) await page.context().close().catch(() => undefined);
    open.clear();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  return {
    get app() {
      if (!app) throw new Error('the console is not up yet');
      return app;
    },
    get base() {
      return base;
    },
    async pageAs(actor, viewport = { width: 1440, height: 900 }) {
      if (!browser) throw new Error('the browser is not up yet');
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
      await context.addInitScript({ content: `sessionStorage.setItem('jiuzhu.token', ${JSON.stringify(tokenFor(actor))})` });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      open.add(page);
      return page;
    },
    shot: (page, file) => page.screenshot({ path: `${ARTIFACTS}/${file}.png`, fullPage: true }),
  };
}
