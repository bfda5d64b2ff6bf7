import { z } from 'zod';

// Development defaults are safe only on a developer's machine; outside development the secrets are required.
const DEV_JWT_SECRET = 'jiuzhu-development-secret-do-not-use-in-production';
const DEV_PII_HASH_KEY = 'jiuzhu-development-pii-key-do-not-use-in-production';
/** A public key (it is in this file): development histories are encrypted, but not secret. */
const DEV_PAYLOAD_KEYS = `dev:${Buffer.from('jiuzhu-development-payload-key!!').toString('base64')}`;
/** Likewise public: development's bank accounts are encrypted under a key of their own, not a secret one. */
export const DEV_ACCOUNT_KEYS = `dev:${Buffer.from('jiuzhu-development-account-key!!').toString('base64')}`;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/jiuzhu'),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('jiuzhu'),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  METRICS_BIND_ADDRESS: z.string().regex(/^[\w.-]*:?\d+$/, 'host:port').optional(),
  TEMPORAL_SDK_METRICS_BIND_ADDRESS: z.string().regex(/^[\w.-]*:?\d+$/, 'host:port').optional(),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(10).max(100_000).default(1_000),
  PII_HASH_KEY: z.string().min(16, 'PII_HASH_KEY must be at least 16 characters').optional(),
  PAYLOAD_KEYS: z.string().min(1).optional().describe('id:base64-32-bytes[,id:key…]: the first encrypts Temporal payloads, all decrypt'),
  ACCOUNT_KEYS: z
    .string()
    .min(1)
    .optional()
    .describe('id:base64-32-bytes[,id:key…]: the first encrypts payees’ bank accounts, all decrypt')
    .refine((spec) => spec === undefined || isKeyring(spec), 'ACCOUNT_KEYS must be id:base64 of 32 bytes[,id:base64…]'),
  TEMPORAL_UI_ORIGIN: z.string().url().default('http://localhost:8233').describe('the Temporal Web UI, the only origin allowed to call /v1/codec'),
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(8_000).describe('one deadline per API request, shared by every call in it'),
  PG_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  READINESS_POLLER_WINDOW_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000).describe('a worker polled the task queue this recently, or the API is not ready'),
  TOKEN_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  CONSOLE_DIR: z.string().min(1).default('web/dist').describe('the built console, served at /'),
  TEMPORAL_UI_URL: z.string().url().optional().describe('the Temporal Web UI, linked from the console (development: http://localhost:8233)'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).default('openid profile'),
  OIDC_AUDIENCE: z.string().min(1).optional().describe('when set, an OIDC access token must name it in aud'),
  TOKEN_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
});

/** `id:base64-of-32-bytes[,…]`, each id once. */
function isKeyring(spec: string): boolean {
  const entries = spec.split(',').map((e) => e.trim());
  const ids = entries.map((e) => e.split(':')[0]);
  return new Set(ids).size === ids.length && entries.every((e) => /^[\w-]+:[A-Za-z0-9+/]+=*$/.test(e) && Buffer.from(e.split(':')[1]!, 'base64').length === 32);
}

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string; addressGiven: boolean };
  jwtSecret: string;
  jwtSecretIsDevDefault: boolean;
  /** Keys the hash that finds one person across cases without storing the ID number in the read model. */
  piiHashKey: string;
  /** Encrypts every Temporal payload (see src/temporal/codec.ts). */
  payloadKeys: string;
  /** Encrypts payees' bank accounts (src/api/bank-accounts.ts): keys of their own, never the person-hash key. */
  accountKeys: string;
  temporalUiOrigin: string;
  /** The longest any one call to Temporal may take before the API answers 503. */
  temporalCallTimeoutMs: number;
  /** One deadline per API request, from its arrival: every Temporal call in it gets what is left; past it, 503. */
  requestDeadlineMs: number;
  /** PostgreSQL waits: a connection attempt and a statement each end here (503 past them). */
  postgres: { connectTimeoutMs: number; statementTimeoutMs: number };
  /** /readyz: a worker must have polled the task queue this recently. */
  readinessPollerWindowMs: number;
  token: { maxLifetimeSeconds: number; clockSkewSeconds: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  workflowBundle?: string;
  /**
   * Workflows the worker keeps in its sticky cache. Open cases mostly wait for days, so the cache
   * bounds the worker's memory (about 0.4 MiB per cached case) and an evicted case replays from
   * history at its next step.
   */
  workerMaxCachedWorkflows: number;
  /** The worker's Prometheus endpoint (host:port), and where the Temporal SDK's own exporter listens; off when unset. */
  workerMetrics?: { bind: string; sdkBind: string };
  console: { dir: string; temporalUiUrl?: string; oidc?: { issuer: string; clientId: string; scope: string } };
  /** The identity service whose RS256/ES256 tokens the API accepts. */
  oidc?: { issuer: string; audience?: string };
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const required = (['JWT_SECRET', 'PII_HASH_KEY', 'PAYLOAD_KEYS', 'ACCOUNT_KEYS'] as const).filter((k) => !e[k] && e.NODE_ENV !== 'development');
  if (required.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${required.map((k) => `  ${k}: required outside development`).join('\n')}`);
  }
  // With the hash key equal to the token secret, a leaked secret would also undo the person key.
  if ((e.OIDC_ISSUER === undefined) !== (e.OIDC_CLIENT_ID === undefined)) {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID: give both or neither');
  }
  if (e.PII_HASH_KEY && e.PII_HASH_KEY === e.JWT_SECRET) throw new ConfigError('Invalid configuration:\n  PII_HASH_KEY: must differ from JWT_SECRET');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TASK_QUEUE,
      addressGiven: e.TEMPORAL_ADDRESS !== undefined,
    },
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDevDefault: !e.JWT_SECRET,
    piiHashKey: e.PII_HASH_KEY ?? DEV_PII_HASH_KEY,
    payloadKeys: e.PAYLOAD_KEYS ?? DEV_PAYLOAD_KEYS,
    accountKeys: e.ACCOUNT_KEYS ?? DEV_ACCOUNT_KEYS,
    temporalCallTimeoutMs: e.TEMPORAL_CALL_TIMEOUT_MS,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    postgres: { connectTimeoutMs: e.PG_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.PG_STATEMENT_TIMEOUT_MS },
    readinessPollerWindowMs: e.READINESS_POLLER_WINDOW_MS,
    temporalUiOrigin: e.TEMPORAL_UI_ORIGIN,
    token: { maxLifetimeSeconds: e.TOKEN_MAX_LIFETIME_SECONDS, clockSkewSeconds: e.TOKEN_CLOCK_SKEW_SECONDS },
    logLevel: e.LOG_LEVEL,
    workflowBundle: e.WORKFLOW_BUNDLE,
    workerMaxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    ...(e.METRICS_BIND_ADDRESS ? { workerMetrics: { bind: e.METRICS_BIND_ADDRESS, sdkBind: e.TEMPORAL_SDK_METRICS_BIND_ADDRESS ?? '127.0.0.1:9465' } } : {}),
    ...(e.OIDC_ISSUER ? { oidc: { issuer: e.OIDC_ISSUER, ...(e.OIDC_AUDIENCE ? { audience: e.OIDC_AUDIENCE } : {}) } } : {}),
    console: {
      dir: e.CONSOLE_DIR,
      temporalUiUrl: e.TEMPORAL_UI_URL ?? (e.NODE_ENV === 'development' ? 'http://localhost:8233' : undefined),
      ...(e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? { oidc: { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, scope: e.OIDC_SCOPE } } : {}),
    },
  };
}

let cached: Config | undefined;
/** The process's configuration, parsed once; a bad value stops the process with a message naming it. */
export function loadConfig(): Config {
  try {
    cached ??= parseConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  return cached;
}

/** Only the database, for a process that needs nothing else (the migration step): no secrets asked for. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = EnvSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL);
  if (!parsed.success) {
    console.error(`Invalid configuration:\n  DATABASE_URL: ${parsed.error.issues[0]?.message}`);
    process.exit(1);
  }
  return parsed.data;
}
