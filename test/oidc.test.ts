import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { SUPERVISOR, WC } from './support/actors.js';
import { get } from './support/api.js';
import { TEST_JWT_SECRET, TEST_PII_HASH_KEY, useDatabase } from './support/harness.js';

// Tokens of an OpenID Connect issuer (the province's identity service): RS256 and ES256, verified
// against the keys its discovery document points to, beside our own HS256 service tokens.

const database = useDatabase('oidc');
let issuerServer: Server;
let issuer: string;
let app: FastifyInstance;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

beforeAll(async () => {
  for (const [kid, alg] of [['rsa-1', 'RS256'], ['ec-1', 'ES256'], ['stranger', 'RS256']] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  }
  // The issuer publishes its own two keys, not the stranger's.
  issuerServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [keys['rsa-1']?.jwk, keys['ec-1']?.jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  const temporal = { client: null as never, taskQueue: 'none', callTimeoutMs: 1_000, close: async () => {} };
  app = await buildApp({ config: { jwtSecret: TEST_JWT_SECRET, piiHashKey: TEST_PII_HASH_KEY }, db: database.db, temporal, oidc: { issuer, audience: 'jiuzhu' } });
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

async function oidcToken(kid: string, claims: Record<string, unknown> = {}, opts: { iss?: string; aud?: string } = {}) {
  const key = keys[kid]!;
  return new SignJWT({ role: 'supervisor', org: WC, ...claims })
    .setProtectedHeader({ alg: key.jwk.alg as string, kid })
    .setSubject('zhang.san@gov')
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? 'jiuzhu')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);
}

const listWith = (token: string) => app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: `Bearer ${token}` } });

describe('OpenID Connect tokens', () => {
  it('accepts RS256 and ES256 tokens signed by the issuer’s published keys', async () => {
    expect((await listWith(await oidcToken('rsa-1'))).statusCode).toBe(200);
    expect((await listWith(await oidcToken('ec-1'))).statusCode).toBe(200);
  });

  it('still accepts the HS256 service tokens', async () => {
    expect((await get(app, '/v1/cases', SUPERVISOR)).statusCode).toBe(200);
  });

  it('401s a key the issuer does not publish, another issuer, another audience, or claims that do not fit', async () => {
    expect((await listWith(await oidcToken('stranger'))).statusCode).toBe(401);
    expect((await listWith(await oidcToken('rsa-1', {}, { iss: 'https://elsewhere.example' }))).statusCode).toBe(401);
    expect((await listWith(await oidcToken('rsa-1', {}, { aud: 'another-app' }))).statusCode).toBe(401);
    expect((await listWith(await oidcToken('rsa-1', { role: 'caseworker', org: WC }))).statusCode).toBe(401);
  });

  it('scopes an OIDC user like any other: 403 outside its county', async () => {
    const other = await listWith(await oidcToken('rsa-1', { org: '510121' }));
    expect(other.statusCode).toBe(200);
    const res = await app.inject({ method: 'GET', url: `/v1/cases?orgCode=${WC}001`, headers: { authorization: `Bearer ${await oidcToken('rsa-1', { org: '510121' })}` } });
    expect(res.statusCode).toBe(403);
  });
});
