import { resolve } from 'node:path';
import { buildApp } from './src/api/app.js';
import { AccountCipher, parseAccountKeys } from './src/api/bank-accounts.js';
import { loadConfig } from './src/config.js';
import { createDatabase, surviveDriverSocketRace } from './src/db/client.js';
import { connectTemporal } from './src/temporal/client.js';
import { startTracing } from './src/tracing.js';

const config = loadConfig();
const tracing = startTracing('jiuzhu-api');
surviveDriverSocketRace();
const db = createDatabase(config.databaseUrl, { connectTimeoutMs: config.postgres.connectTimeoutMs, statementTimeoutMs: config.postgres.statementTimeoutMs });
const temporal = connectTemporal(config, { traced: tracing !== undefined });
const app = await buildApp({
  config,
  db: db.db,
  temporal,
  traced: tracing !== undefined,
  logger: { level: config.logLevel, ...(config.env === 'development' ? { transport: { target: 'pino-pretty' } } : {}) },
  ...(config.oidc ? { oidc: config.oidc } : {}),
  console: {
    dir: resolve(config.console.dir),
    devTokens: config.env !== 'production',
    temporalUiUrl: config.console.temporalUiUrl,
    temporalNamespace: config.temporal.namespace,
    ...(config.console.oidc ? { oidc: config.console.oidc } : {}),
  },
});
if (config.jwtSecretIsDevDefault) {
  app.log.warn('JWT_SECRET is not set: using the DEVELOPMENT secret. Never run like this outside a developer machine.');
}

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await temporal.close();
  await db.close();
  await tracing?.shutdown();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });

// Accounts sealed under an older key (or, from before ACCOUNT_KEYS, under one derived from PII_HASH_KEY)
// move to the newest key in the background: after a rotation the old key can go once this has run.
new AccountCipher(parseAccountKeys(config.accountKeys), config.piiHashKey)
  .resealAll(db.db)
  .then((resealed) => resealed > 0 && app.log.info({ resealed }, 'bank accounts re-encrypted under the current key'))
  .catch((err: unknown) => app.log.error({ err }, 'bank accounts could not be re-encrypted: those under a listed key stay readable, legacy ones wait for the next start'));
