import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { overdueCounts } from '../db/cases.js';
import type { Db } from '../db/client.js';
import { latestReconciliations } from '../db/reconciliation.js';
import { reserveBalances } from '../db/reserve-fund.js';
import { ApiError } from './errors.js';

/** Read-model figures are read at most this often, whatever the scrape rate. */
const READ_MODEL_TTL_MS = 5_000;

/** A value read from PostgreSQL on scrape, kept for a few seconds. */
function cached<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > READ_MODEL_TTL_MS) {
      const value = read();
      last = { at: Date.now(), value };
      value.catch(() => (last = undefined));
    }
    return last.value;
  };
}

/** PostgreSQL down: the read-model gauges report nothing, and the rest of /metrics still answers. */
const orNothing = <T>(read: () => Promise<T[]>): Promise<T[]> => read().catch(() => []);

/**
 * What the API tells Prometheus (deploy/prometheus, deploy/grafana): requests by route template,
 * cases started and steps taken or refused, and from the read model the cases overdue now, the
 * streets' reserve balances and what each county's latest reconciliation found. Labels name routes, types, actions and organisations, never a person or a case.
 */
export function createApiMetrics(db: Db) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'jiuzhu_api_' });
  const overdue = cached(() => overdueCounts(db));
  const reserves = cached(() => reserveBalances(db));
  const reconciled = cached(() => latestReconciliations(db));
  new Gauge({
    name: 'jiuzhu_cases_overdue',
    help: 'Open cases past their deadline now, by county and type',
    labelNames: ['county', 'type'],
    registers,
    async collect() {
      this.reset();
      for (const r of await orNothing(overdue)) this.set({ county: r.countyCode, type: r.type }, r.count);
    },
  });
  new Gauge({
    name: 'jiuzhu_reserve_balance_fen',
    help: 'Balance of each street’s reserve fund (备用金), in fen',
    labelNames: ['street'],
    registers,
    async collect() {
      this.reset();
      for (const r of await orNothing(reserves)) this.set({ street: r.orgCode }, r.balanceFen);
    },
  });
  new Gauge({
    name: 'jiuzhu_reconciliation_differences',
    help: 'Differences the latest daily reconciliation of each county found, by check (0: the books agree)',
    labelNames: ['county', 'check'],
    registers,
    async collect() {
      this.reset();
      for (const r of await orNothing(reconciled)) for (const c of r.checks) this.set({ county: r.countyCode, check: c.check }, c.differences);
    },
  });
  return {
    registry,
    requests: new Counter({ name: 'jiuzhu_http_requests_total', help: 'HTTP requests by route template, method and status', labelNames: ['route', 'method', 'status'], registers }),
    duration: new Histogram({
      name: 'jiuzhu_http_request_duration_seconds',
      help: 'HTTP request duration by route template and method',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    casesStarted: new Counter({ name: 'jiuzhu_cases_started_total', help: 'Cases started through the API, by type', labelNames: ['type'], registers }),
    caseActions: new Counter({ name: 'jiuzhu_case_actions_total', help: 'Case steps by type, action and outcome (done, invalid, forbidden, conflict, unavailable, error)', labelNames: ['type', 'action', 'outcome'], registers }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** The outcome label of a step: what the caller was told. */
export function outcomeOf(err: unknown): string {
  switch (err instanceof ApiError ? err.statusCode : undefined) {
    case 400:
      return 'invalid';
    case 403:
    case 404:
      return 'forbidden';
    case 409:
      return 'conflict';
    case 429:
    case 503:
      return 'unavailable';
    default:
      return 'error';
  }
}

/** Every answered request, by the route that answered it (its template, never the raw URL). */
export function instrument(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}
