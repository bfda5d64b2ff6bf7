import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/api/app.js';
import type { ConsoleOptions } from '../../src/api/deps.js';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Actor } from '../../src/domain/roles.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, tokenFor, type TestHarness } from './harness.js';

// The console (web/) in a real browser against a real running service: the built console served by
// the app at /, the harness's Temporal server and PostgreSQL, Debian's Chromium driven by
// playwright-core (Playwright's own browser download cannot work here).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');
export const WEB = resolve('web');

export interface RunningConsole {
  app: FastifyInstance;
  /** Where the app listens: http://127.0.0.1:port */
  base: string;
  browser: Browser;
}

const BUILD_LOCK = resolve(WEB, '.build-lock');
/** A lock older than this was left by a run that died: taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Builds the console as production serves it, once per test run: browser files run side by side (two
 * workers), and a second build would empty web/dist under the first file's pages. The first file builds
 * under a lock directory (mkdir is atomic); the others wait for it and find the run's marker.
 */
async function buildOncePerRun(): Promise<void> {
  const marker = resolve(WEB, 'dist', `.built-${inject('testRunId')}`);
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (existsSync(marker)) return;
    // NODE_ENV=production: vitest sets it to test, which would give React's development build.
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    writeFileSync(marker, '');
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Builds the console (once per run), serves it with the API on a free port, and starts Chromium. */
export async function startConsole(h: Pick<TestHarness, 'database' | 'temporal'>, options: Partial<ConsoleOptions> = {}): Promise<RunningConsole> {
  await buildOncePerRun();
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

export async function stopConsole(c: RunningConsole | undefined): Promise<void> {
  await c?.browser.close();
  await c?.app.close();
}

/** A fresh page signed in as `actor` (the token in session storage, as the sign-in page leaves it), or signed out. */
export async function pageAs(browser: Browser, actor: Actor | null, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  if (actor) await context.addInitScript({ content: `sessionStorage.setItem('jiuzhu.token', ${JSON.stringify(tokenFor(actor))})` });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

export interface ConsoleUnderTest {
  readonly app: FastifyInstance;
  readonly base: string;
  /** A fresh page signed in as `actor` (the token in session storage, as the sign-in page leaves it). */
  pageAs(actor: Actor, viewport?: { width: number; height: number }): Promise<Page>;
  /** A full-page picture in test/artifacts. */
  shot(page: Page, name: string): Promise<unknown>;
}

/** The console for this file's tests (`startConsole` in its hooks); a failed test leaves a picture of each page it had open. */
export function useConsole(h: TestHarness, name: string): ConsoleUnderTest {
  let running: RunningConsole | undefined;
  const open = new Set<Page>();
  const up = () => running ?? (() => { throw new Error('the console is not up yet'); })();

  beforeAll(async () => {
    running = await startConsole(h);
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      let n = 0;
      for (const page of open) if (!page.isClosed()) await page.screenshot({ path: `${ARTIFACTS}/${name}-failed-${n++}.png`, fullPage: true }).catch(() => undefined);
    }
    for (const page of open) await page.context().close().catch(() => undefined);
    open.clear();
  });

  afterAll(() => stopConsole(running));

  return {
    get app() {
      return up().app;
    },
    get base() {
      return up().base;
    },
    async pageAs(actor, viewport = { width: 1440, height: 900 }) {
      const page = await pageAs(up().browser, actor, viewport);
      page.setDefaultTimeout(20_000);
      open.add(page);
      return page;
    },
    shot,
  };
}

/**
 * Clicks 提交 and waits for a sign the form was submitted: the button loading, the dialog gone, or a
 * refusal shown. Under heavy load (CI beside other suites) a click was seen to do nothing at all — no
 * request, no error, the button idle (issue 18's note); the click is then given once more, and said.
 */
export async function submitDialog(dialog: Locator, what = '', name: RegExp = /^提\s?交$/): Promise<void> {
  const page = dialog.page();
  const ok = dialog.getByRole('button', { name });
  await ok.click({ timeout: 10_000 }).catch(async (err: unknown) => {
    // Once (console-corrections, a full CI run) no button by that name was found for 20 s though the
    // picture showed 提交: say what the footer's primary button was then, and click it.
    const primary = dialog.locator('.ant-modal-footer .ant-btn-primary');
    if ((await primary.count()) !== 1) throw err;
    console.log(`[submit] ${what}: no button named ${name} after 10 s; the footer's reads ${JSON.stringify(await primary.textContent())} (${await primary.getAttribute('class')}), clicking it`);
    await primary.click();
  });
  // Counts only: they answer at once, where a locator action would wait for an element the dialog took away.
  // The button gone counts too: a dialog locator without a name may next match the dialog the submit opened.
  const submitted = async () =>
    (await dialog.count()) === 0 ||
    (await ok.count()) === 0 ||
    (await dialog.locator('button.ant-btn-loading').count()) > 0 ||
    (await dialog.locator('.ant-alert-error, .ant-form-item-explain-error').count()) > 0;
  for (let waited = 0; waited < 3_000; waited += 100) {
    if (await submitted()) return;
    await page.waitForTimeout(100);
  }
  console.log(`[dropped click] ${what}: 提交 showed no sign of submitting after 3 s; clicking again`);
  await ok.click({ timeout: 5_000 });
}

/** The form item holding this control, once it shows an error. */
export const errorAt = (dialog: Locator, label: string) => dialog.locator('.ant-form-item-has-error').filter({ has: dialog.page().getByLabel(label, { exact: true }) });
/** Waits until the list `id` shows the rows of its current filters, not the previous ones it keeps while fetching. */
export const listSettled = (page: Page, id: string) => page.locator(`[data-list="${id}"][aria-busy="false"]`).waitFor();
/** A list's row holding this text. */
export const rowOf = (page: Page, text: string) => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text });

/** Console errors and failed page scripts; the API's 4xx/5xx, but for those a step provokes on purpose. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !/status of 40[049]/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  return problems;
}

/**
 * Picks a radio by its label and waits until it is the one checked: under load a click meant for 是 was
 * seen to land on 否 (the dialog still settling under the pointer), and the form rightly sent the 否 it
 * showed. The choice is confirmed on the screen before the form is sent; a click that did not take is
 * given again and said.
 */
export async function choose(group: Locator | Page, label: string | RegExp): Promise<void> {
  const page = 'goto' in group ? group : group.page();
  const named = { name: label, exact: true };
  const radio = group.getByRole('radio', named);
  // The radio's own label (antd wraps the input in it): the same text elsewhere in the dialog is not it.
  const own = group.locator('label', { has: page.getByRole('radio', named) });
  for (let attempt = 0; attempt < 3; attempt++) {
    await own.click();
    for (let waited = 0; waited < 2_000; waited += 100) {
      if (await radio.isChecked()) return;
      await page.waitForTimeout(100);
    }
    // Which one the click left checked tells a click that missed (the other) from one that did nothing (none).
    const other = group.locator('label:has(input:checked)');
    const shown = (await other.count()) > 0 ? ((await other.first().textContent()) ?? '').trim() : 'none';
    console.log(`[radio] ${label}: not checked after its click (checked: ${shown}); clicking again`);
  }
  throw new Error(`the radio ${label} could not be chosen`);
}
