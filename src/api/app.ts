import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Temporal } from '../temporal/client.js';
import { authenticate, authPlugin } from './auth.js';
import { registerErrorHandling } from './errors.js';
import { applicationRoutes } from './routes/applications.js';
import { auditRoutes } from './routes/audit.js';
import { calendarRoutes } from './routes/calendar.js';
import { dishonestyRoutes } from './routes/dishonesty.js';
import { notificationRoutes } from './routes/notifications.js';
import { caseRoutes } from './routes/cases.js';
import { deliberationRoutes } from './routes/deliberations.js';
import { reserveFundRoutes } from './routes/reserve-funds.js';
import { statsRoutes } from './routes/stats.js';

export interface AppDeps {
  config: Pick<Config, 'jwtSecret' | 'piiHashKey'>;
  db: Db;
  temporal: Temporal;
  logger?: FastifyServerOptions['logger'];
}

/** Headers and fields that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'req.body.applicant.idNumber'];

export async function buildApp({ config, db, temporal, logger = false }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : { ...(typeof logger === 'object' ? logger : {}), redact: REDACT },
    // Bodies of one case are small; anything larger is a mistake or an attack.
    bodyLimit: 256 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'jiuzhu 救助 — social assistance approvals',
        version: '1.0.0',
        description: 'Cases run as durable workflows under statutory working-day deadlines. Money is integer fen; dates are Asia/Shanghai.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { secret: config.jwtSecret });

  app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        security: [],
        response: { 200: z.object({ status: z.string(), postgres: z.string(), temporal: z.string() }), 503: z.object({ status: z.string(), postgres: z.string(), temporal: z.string() }) },
      },
    },
    async (_request, reply) => {
      const [postgres, temporalState] = await Promise.all([
        db.execute(sql`select 1`).then(() => 'ok', () => 'unreachable'),
        temporal.client.connection.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unreachable'),
      ]);
      const ready = postgres === 'ok' && temporalState === 'ok';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, temporal: temporalState });
    },
  );

  const caseDeps = { db, temporal, piiHashKey: config.piiHashKey };
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', authenticate);
      await v1.register(caseRoutes(caseDeps));
      await v1.register(applicationRoutes(caseDeps));
      await v1.register(dishonestyRoutes({ db, piiHashKey: config.piiHashKey }));
      await v1.register(calendarRoutes({ db, temporal }));
      await v1.register(notificationRoutes(db));
      await v1.register(auditRoutes(db));
      await v1.register(statsRoutes(db));
      await v1.register(reserveFundRoutes({ db, temporal }));
      await v1.register(deliberationRoutes({ db, temporal }));
    },
    { prefix: '/v1' },
  );
  return app;
}
