import type { Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export interface JiuzhuClientOptions {
  /** The deployment's origin, e.g. https://jiuzhu.example.gov.cn (paths start with /v1). */
  baseUrl: string;
  /** A bearer token, or a function that returns the current one. */
  token?: string | (() => string | undefined);
  fetch?: typeof globalThis.fetch;
}

export declare function createJiuzhuClient(options: JiuzhuClientOptions): Client<paths>;
