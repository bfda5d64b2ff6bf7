import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { databaseReachable } from '../../db/client.js';
import type { ApiDeps } from '../deps.js';
import { Health, Readiness } from '../schemas/health.js';
import { temporalReadiness } from '../workflow-calls.js';

/** /readyz answers within 2 s whatever is down: each check has this budget. */
const CHECK_BUDGET_MS = 1_500;

const state = (up: boolean) => (up ? 'ok' : 'unreachable');

/** A check's answer, or `late` once the budget is spent: a connect that hangs cannot hold the probe. */
async function within<T>(check: Promise<T>, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const spent = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), CHECK_BUDGET_MS)));
  return Promise.race([check, spent]).finally(() => clearTimeout(timer));
}

/** A worker polled the task queue this recently, or the API is not ready (READINESS_POLLER_WINDOW_MS). */
const DEFAULT_POLLER_WINDOW_MS = 10_000;

/** Liveness and readiness, without a token. */
export const healthRoutes =
  ({ db, temporal }: ApiDeps, pollerWindowMs = DEFAULT_POLLER_WINDOW_MS): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: Health } } }, async () => ({
      status: 'ok' as const,
    }));

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          security: [],
          response: { 200: Readiness, 503: Readiness },
        },
      },
      async (_request, reply) => {
        const [postgres, t] = await Promise.all([
          within(databaseReachable(db), false).then(state),
          within(temporalReadiness(temporal, CHECK_BUDGET_MS, pollerWindowMs), { temporal: 'unreachable', worker: 'unknown' } as const),
        ]);
        const ready = postgres === 'ok' && t.temporal === 'ok' && t.worker !== 'none';
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, temporal: t.temporal, worker: t.worker });
      },
    );
  };
