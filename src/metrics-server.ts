import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** host:port → its parts; a bare port binds every interface. */
function parseBind(bind: string): { host: string; port: number } {
  const i = bind.lastIndexOf(':');
  return i < 0 ? { host: '0.0.0.0', port: Number(bind) } : { host: bind.slice(0, i) || '0.0.0.0', port: Number(bind.slice(i + 1)) };
}

/**
 * The worker's /metrics: its own counters, followed by the Temporal SDK's worker metrics (task slots,
 * latencies, sticky cache) read from the SDK's exporter, so Prometheus scrapes one port per worker.
 */
export async function serveWorkerMetrics(bind: string, registry: Registry, sdkBind?: string): Promise<Server> {
  const sdk = sdkBind ? parseBind(sdkBind) : undefined;
  const sdkUrl = sdk && `http://${sdk.host === '0.0.0.0' ? '127.0.0.1' : sdk.host}:${sdk.port}/metrics`;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      const ours = await registry.metrics();
      // The SDK's exporter may not have started yet; our own counters still answer.
      const theirs = sdkUrl ? await fetch(sdkUrl).then((r) => (r.ok ? r.text() : ''), () => '') : '';
      res.writeHead(200, { 'content-type': registry.contentType }).end(`${ours}\n${theirs}`);
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  const { host, port } = parseBind(bind);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
