import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config.js';

export interface Temporal {
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

/** One connection per process, created at start-up and injected; never one per request. */
export async function connectTemporal(config: Config['temporal']): Promise<Temporal> {
  const connection = await Connection.connect({ address: config.address });
  const client = new Client({ connection, namespace: config.namespace });
  return { client, taskQueue: config.taskQueue, close: () => connection.close() };
}
