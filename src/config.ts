import { z } from 'zod';

// Development defaults are safe only on a developer's machine; outside development JWT_SECRET is required.
const DEV_JWT_SECRET = 'jiuzhu-development-secret-do-not-use-in-production';

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
  PII_HASH_KEY: z.string().min(16, 'PII_HASH_KEY must be at least 16 characters').optional(),
});

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
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  workflowBundle?: string;
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!e.JWT_SECRET && e.NODE_ENV !== 'development') {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required outside development');
  }
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
    piiHashKey: e.PII_HASH_KEY ?? e.JWT_SECRET ?? DEV_JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    workflowBundle: e.WORKFLOW_BUNDLE,
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
