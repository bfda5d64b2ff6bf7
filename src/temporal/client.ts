import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config.js';
import { EncryptionCodec, parsePayloadKeys } from './codec.js';
import { RequestIdClientInterceptor } from './request-id.js';
import { tracingClientInterceptors } from '../tracing.js';

export interface Temporal {
  client: Client;
  taskQueue: string;
  /** How long one call may take before the API gives up with 503 (the request can be retried). */
  callTimeoutMs: number;
  close(): Promise<void>;
}

/** Client and worker encrypt and decrypt the same way: every payload, with the configured keys. */
export const dataConverterFor = (payloadKeys: string): DataConverter => ({ payloadCodecs: [new EncryptionCodec(parsePayloadKeys(payloadKeys))] });

/**
 * One connection per process, created at start-up and injected; never one per request. It connects
 * lazily, so the API starts and serves reads from PostgreSQL while Temporal is still down.
 */
export function connectTemporal(config: Pick<Config, 'temporal' | 'payloadKeys' | 'temporalCallTimeoutMs'>, { traced = false } = {}): Temporal {
  const connection = Connection.lazy({ address: config.temporal.address, connectTimeout: config.temporalCallTimeoutMs });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterFor(config.payloadKeys),
    interceptors: { workflow: [new RequestIdClientInterceptor(), ...(traced ? tracingClientInterceptors() : [])] },
  });
  return { client, taskQueue: config.temporal.taskQueue, callTimeoutMs: config.temporalCallTimeoutMs, close: () => connection.close() };
}
