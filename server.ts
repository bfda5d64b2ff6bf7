import { resolve } from 'node:path';
import { buildApp } from './src/api/app.js';
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
