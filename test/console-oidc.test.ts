import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { freePort } from '../scripts/dev/util.js';
import { WC } from './support/actors.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, useHarness } from './support/harness.js';

// Production sign-in in a real browser: the console (NODE_ENV=production build, no development
// sign-in) against a real OpenID provider (panva's oidc-provider, certified), authorization code + PKCE.
// The provider issues RS256 JWT access tokens carrying role and org, which the API verifies against the
// provider's JWKS. The token never appears in a URL.

const WEB = resolve('web');
const DIST = mkdtempSync(join(tmpdir(), 'jiuzhu-console-'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_ID = 'jiuzhu-console';
const h = useHarness('console_oidc', { app: false });
let app: FastifyInstance;
let base: string;
let issuer: string;
let providerServer: Server;
let browser: Browser;

beforeAll(async () => {
  // Its own build directory: test/console.test.ts may be building web/dist at the same time.
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash scripts/install-browser.sh`);
  const port = await freePort('127.0.0.1');
  issuer = `http://127.0.0.1:${port}`;
  const apiPort = await freePort('127.0.0.1');
  base = `http://127.0.0.1:${apiPort}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [`${base}/signin/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }] },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:jiuzhu:api',
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'profile', audience: 'jiuzhu', accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    // The identity service's account: a supervisor of 武昌区.
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    extraTokenClaims: () => ({ role: 'supervisor', org: WC }),
    clientBasedCORS: () => true,
  });
  providerServer = provider.listen(port);

  app = await buildApp({
    config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY },
    db: h.database.db,
    temporal: h.temporal,
    oidc: { issuer, audience: 'jiuzhu' },
    console: { dir: DIST, devTokens: false, oidc: { issuer, clientId: CLIENT_ID, scope: 'openid profile' } },
  });
  await app.listen({ port: apiPort, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  providerServer?.close();
  rmSync(DIST, { recursive: true, force: true });
});

describe('signing in through the identity service (OIDC)', () => {
  it('redirects to the provider, comes back with a code, and calls the API with its JWT — no token in any URL', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const apiAuth: string[] = [];
    const apiStatus: number[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${base}/v1/`)) apiAuth.push(r.headers().authorization ?? '');
    });
    page.on('response', (r) => {
      if (r.url().startsWith(`${base}/v1/`)) apiStatus.push(r.status());
    });

    await page.goto(base);
    // Production: no development sign-in, only the identity service.
    await page.getByRole('button', { name: '统一身份认证登录' }).click();
    await page.waitForURL(`${issuer}/**`);
    await page.locator('input[name="login"]').fill('sv-wang');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent
    await page.waitForURL(`${base}/**`);
    await page.getByText('区县监管人').first().waitFor();

    // The work queue's calls, answered with the provider's token.
    await expect.poll(() => apiStatus.length).toBeGreaterThan(0);
    expect(apiStatus.every((st) => st === 200), String(apiStatus)).toBe(true);
    expect(apiAuth.length).toBeGreaterThan(0);
    const token = apiAuth[0]!.replace(/^Bearer /, '');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg).toBe('RS256');
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({ iss: issuer, role: 'supervisor', org: WC });
    // The code came back in the callback's URL, as OIDC requires; no token ever did.
    expect(urls.some((u) => u.startsWith(`${base}/signin/callback?code=`))).toBe(true);
    for (const u of urls) expect(u).not.toContain(token.slice(0, 40));
    expect(page.url()).toBe(`${base}/`);
    await context.close();
  });
});

