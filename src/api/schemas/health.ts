import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok') });

export const Readiness = z.object({
  status: z.enum(['ready', 'not ready']),
  postgres: z.enum(['ok', 'unreachable']),
  temporal: z.enum(['ok', 'unreachable']),
  worker: z.enum(['polling', 'none', 'unknown']).describe('a worker polls the case task queue (none: starts and steps would wait)'),
});
