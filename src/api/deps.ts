import type { Db } from '../db/client.js';
import type { AccountCipher } from './bank-accounts.js';
import type { Temporal } from '../temporal/client.js';
import type { ApiMetrics } from './metrics.js';

/** What every route module is built from: one shape for all of them. */
export interface ApiDeps {
  db: Db;
  temporal: Temporal;
  /** Keys the person hash; see applicant.ts. */
  piiHashKey: string;
  /** Seals and opens payees' bank accounts, under ACCOUNT_KEYS. */
  accounts: AccountCipher;
  metrics: ApiMetrics;
  /** Now on the workflows' clock: a case's acceptance instant (src/api/app.ts). */
  now: () => Promise<number>;
}

/** The console (web/) and its sign-in, as the process was configured. */
export interface ConsoleOptions {
  /** The built console (web/dist); not served when absent. */
  dir?: string;
  /** The development token route: never in production. */
  devTokens: boolean;
  jwtSecret: string;
  oidc?: { issuer: string; clientId: string; scope: string };
  temporalUiUrl?: string;
  temporalNamespace?: string;
}
