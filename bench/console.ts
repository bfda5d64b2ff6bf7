/**
 * npm run bench:console — the console's first screen (issue 10: interactive within 1 s on this machine
 * against a local server). Builds web/ for production, serves it from the API (buildApp, as `npm start`
 * does) on a fresh migrated database, and opens it in Debian's Chromium over and over: a cold page
 * (new browser context: no cache) to the sign-in button, and a signed-in one to the work queue's table
 * (its list call answered from PostgreSQL), then the work queue again in the same browser (its hashed
 * chunks cached, as for a caseworker's second visit). Prints p50/p90/max and writes bench/reports/console-*.md.
 * Not part of npm test: a timed figure on a shared machine is a measurement, not a pass/fail test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/api/app.js';
import { parseConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { connectTemporal } from '../src/temporal/client.js';
import { loadAverage } from './load/cpu.js';
import { databaseUrl, dropDatabase, gitDescribe, log, ROOT } from './load/stack.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(args.runs);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB = path.join(ROOT, 'web');

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const loadStart = loadAverage();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash scripts/install-browser.sh`);
  log('building the console (vite build, NODE_ENV=production)');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  const dbName = `jiuzhu_bench_console_${process.pid}`;
  await dropDatabase(dbName);
  await migrateDatabase(databaseUrl(dbName));
  const config = parseConfig({ NODE_ENV: 'development', DATABASE_URL: databaseUrl(dbName) });
  const database = createDatabase(config.databaseUrl);
  const temporal = connectTemporal(config); // lazy: the first screens never call Temporal
  const app = await buildApp({ config, db: database.db, temporal, console: { dir: path.join(WEB, 'dist'), devTokens: true } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = createSigner({ key: config.jwtSecret, algorithm: 'HS256', expiresIn: 3_600_000 })({ sub: 'bench', role: 'caseworker', org: '420106001' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const signIn: number[] = [];
  const queue: number[] = [];
  const queueWarm: number[] = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      const cold = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const page = await cold.newPage();
      let t = performance.now();
      await page.goto(base);
      await page.getByRole('button', { name: /登\s?录/ }).waitFor();
      const a = performance.now() - t;
      await cold.close();

      const signed = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      await signed.addInitScript({ content: `sessionStorage.setItem('jiuzhu.token', ${JSON.stringify(token)})` });
      const p2 = await signed.newPage();
      t = performance.now();
      await p2.goto(base);
      await p2.getByText('暂无待办案件').or(p2.getByRole('table')).first().waitFor();
      const b = performance.now() - t;
      // The same browser the next morning: the hashed chunks are cached (immutable), index.html is not.
      const p3 = await signed.newPage();
      t = performance.now();
      await p3.goto(base);
      await p3.getByText('暂无待办案件').or(p3.getByRole('table')).first().waitFor();
      const c = performance.now() - t;
      await signed.close();
      if (i >= 2) {
        signIn.push(a);
        queue.push(b);
        queueWarm.push(c);
      } // the first two warm the server and the browser
      log(`run ${i + 1}: sign-in page ${a.toFixed(0)} ms, work queue ${b.toFixed(0)} ms, work queue again ${c.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await app.close();
    await temporal.close();
    await database.close();
    await dropDatabase(dbName);
  }
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${RUNS} | ${percentile(xs, 50).toFixed(0)} | ${percentile(xs, 90).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${percentile(xs, 50) <= 1000 ? 'yes' : '**no**'} |`;
  const day = new Date().toISOString().slice(0, 10);
  const lines = [
    `# Console bench: the first screen (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    'Written by `npm run bench:console` (bench/console.ts): the production build of web/ served by the API on 127.0.0.1, opened in Debian’s Chromium (headless, a fresh browser context per run: nothing cached), timed from `page.goto` until the element is on screen. Goal (issue 10): interactive within 1 s.',
    '',
    `| | |`,
    `| --- | --- |`,
    `| commit | ${gitDescribe()} |`,
    `| machine | ${os.cpus().length} cores, Node ${process.version} |`,
    `| load average (1/5/15 min) | start ${loadStart}; end ${loadAverage()} |`,
    '',
    '| screen | runs | p50 ms | p90 ms | max ms | p50 ≤ 1 s |',
    '| --- | ---: | ---: | ---: | ---: | :---: |',
    row('sign-in page (button 登录 visible)', signIn),
    row('work queue, signed in (its table or 暂无待办案件 visible)', queue),
    row('work queue again, same browser (chunks cached)', queueWarm),
    '',
  ];
  const dir = path.join(ROOT, 'bench/reports');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `console-${day}.md`);
  writeFileSync(file, lines.join('\n'));
  log(`report: ${path.relative(ROOT, file)}`);
  process.stdout.write(`${lines.slice(-6).join('\n')}\n`);
}

await main();
