import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { msg } from '../domain/catalogue.js';
import { DependencyUnavailable } from './errors.js';

// One deadline per request, end to end: it starts when the request arrives, every Temporal call in it
// gets only what is left (src/api/workflow-calls.ts), and a request still running at the deadline is
// answered 503 — the work goes on, and the same request retried (same Idempotency-Key) completes it.

const deadlines = new AsyncLocalStorage<number>();

/** The instant (epoch ms) by which the request being served must be answered; undefined outside one. */
export const requestDeadline = (): number | undefined => deadlines.getStore();

/** Runs `work` free of the request's deadline: a fan-out that goes on after the request is answered. */
export const beyondRequestDeadline = <T>(work: () => T): T => deadlines.exit(work);

export const pastDeadline = () => new DependencyUnavailable({ dependency: 'deadline', code: 'REQUEST_DEADLINE' }, msg('service.deadline'));

/** A route's own deadline, in its `config`, for work that is bulk by design. */
export interface RouteDeadline {
  requestDeadlineMs?: number;
}

/** Every route under `prefix` registered after this answers within `ms` of the request's arrival (or its own `config.requestDeadlineMs`). */
export function bindRequestDeadlines(app: FastifyInstance, ms: number, prefix = '/v1'): void {
  // Work answered 503 at its deadline still runs (each call bounded by its own timeout): closing waits for
  // it, so no call outlives the connections it uses.
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    const handler = route.handler;
    // A bulk route (an import of 10,000 rows) names a longer deadline of its own in its config.
    const limit = (route.config as RouteDeadline | undefined)?.requestDeadlineMs ?? ms;
    const bounded: RouteHandlerMethod = function (request, reply) {
      const at = Date.now() - reply.elapsedTime + limit;
      return deadlines.run(at, () => {
        const work = Promise.resolve().then(() => handler.call(this, request, reply));
        // Past the deadline the work's outcome is no one's answer: it must not surface as unhandled.
        work.catch(() => undefined);
        running.add(work);
        void work.finally(() => running.delete(work)).catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(pastDeadline()), Math.max(0, at - Date.now()))));
        return Promise.race([work, late]).finally(() => clearTimeout(timer));
      });
    };
    route.handler = bounded;
  });
}
