import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Actor } from '../../src/domain/roles.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, tokenFor, useHarness, type TestHarness } from './harness.js';

// The console (web/) in a real browser against a real running service: the built console served by
// the app at /, a time-skipping Temporal server with our worker, and PostgreSQL. Debian's Chromium,
// driven by playwright-core (Playwright's own browser download cannot work here).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');
export const WEB = resolve('web');

export interface ConsoleHarness {
  readonly h: TestHarness;
  readonly app: FastifyInstance;
  /** The console's address. */
  readonly base: string;
  /** A fresh page signed in as `actor` (the token in session storage, as the sign-in page leaves it). */
  pageAs(actor: (Partial<Actor> & Pick<Actor, 'role' | 'org'>) | null, viewport?: { width: number; height: number }): Promise<Page>;
}

/** One line of set-up for a browser test file: the harness, the built console served by the API, Chromium. */
export function useConsole(name: string): ConsoleHarness {
  const h = useHarness(name, { app: false });
  let app: FastifyInstance | undefined;
  let base = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    // The console as production serves it, built by Vite. NODE_ENV=production: vitest sets it to test,
    // which would give React's development build.
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await buildApp({
      config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
      db: h.database.db,
      temporal: h.temporal,
      console: { dir: resolve(WEB, 'dist'), devTokens: true, temporalUiUrl: 'http://localhost:8233', temporalNamespace: 'default' },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash scripts/install-browser.sh`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    h,
    get app() {
      if (!app) throw new Error(`useConsole('${name}') is not started yet`);
      return app;
    },
    get base() {
      return base;
    },
    async pageAs(actor, viewport = { width: 1280, height: 800 }) {
      if (!browser) throw new Error(`useConsole('${name}') is not started yet`);
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      if (actor) await context.addInitScript({ content: `sessionStorage.setItem('jiuzhu.token', ${JSON.stringify(tokenFor(actor))})` });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
  };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
