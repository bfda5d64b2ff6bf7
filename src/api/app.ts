import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEV_ACCOUNT_KEYS, type Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Temporal } from '../temporal/client.js';
import { DEFAULT_TOKEN_RULES, authenticate, authPlugin } from './auth.js';
import { AccountCipher, parseAccountKeys } from './bank-accounts.js';
import type { ApiDeps, ConsoleOptions } from './deps.js';
import { bindRequestDeadlines } from './deadline.js';
import { badRequest, clientErrorResponse, frameworkError, registerErrorHandling } from './errors.js';
import { languageOf } from './language.js';
import { validatorCompiler } from './validation.js';
import { isStorable } from '../domain/fields.js';
import { msg } from '../domain/catalogue.js';
import type { OidcOptions } from './oidc.js';
import { applicationRoutes } from './routes/applications.js';
import { auditRoutes } from './routes/audit.js';
import { calendarRoutes } from './routes/calendar.js';
import { caseRoutes } from './routes/cases.js';
import { codecRoutes } from './routes/codec.js';
import { consoleRoutes } from './routes/console.js';
import { deliberationRoutes } from './routes/deliberations.js';
import { benefitRoutes } from './routes/benefits.js';
import { payrollRoutes } from './routes/payrolls.js';
import { policyRoutes } from './routes/policies.js';
import { correctionRoutes } from './routes/corrections.js';
import { dishonestyRoutes } from './routes/dishonesty.js';
import { discoveryRoutes } from './routes/discoveries.js';
import { filingRoutes } from './routes/filings.js';
import { createApiMetrics, instrument } from './metrics.js';
import { healthRoutes } from './routes/health.js';
import { householdRoutes } from './routes/households.js';
import { requestIds } from '../temporal/request-id.js';
import { traceRequests } from '../tracing.js';
import { meRoutes } from './routes/me.js';
import { notificationRoutes } from './routes/notifications.js';
import { reconciliationRoutes } from './routes/reconciliations.js';
import { reserveFundRoutes } from './routes/reserve-funds.js';
import { serviceRoutes } from './routes/services.js';
import { serviceSettlementRoutes } from './routes/service-settlements.js';
import { statsRoutes } from './routes/stats.js';
import { cooperationRoutes } from './routes/cooperation-requests.js';
import { disasterRoutes } from './routes/disaster-events.js';

export interface AppDeps {
  config: Pick<Config, 'jwtSecret' | 'piiHashKey'> &
    Partial<Pick<Config, 'token' | 'payloadKeys' | 'temporalUiOrigin' | 'requestDeadlineMs' | 'readinessPollerWindowMs' | 'accountKeys'>>;
  db: Db;
  temporal: Temporal;
  logger?: FastifyServerOptions['logger'];
  /** An OpenID Connect issuer whose RS256/ES256 tokens the API accepts beside its HS256 ones. */
  oidc?: OidcOptions;
  /** A server span per request (OpenTelemetry tracing is on: src/tracing.ts). */
  traced?: boolean;
  /** The console at `/` and its sign-in routes; no console without it (the API alone). */
  console?: Omit<ConsoleOptions, 'jwtSecret'>;
  /** The workflows' clock, which a case's acceptance instant is taken by: the system's (the tests': the time-skipping server's). */
  now?: () => Promise<number>;
}

/** Every resource under /v1, behind a token; each module is built from the same deps. */
const V1_ROUTES = [
  caseRoutes,
  applicationRoutes,
  dishonestyRoutes,
  correctionRoutes,
  discoveryRoutes,
  serviceRoutes,
  serviceSettlementRoutes,
  calendarRoutes,
  notificationRoutes,
  auditRoutes,
  statsRoutes,
  reserveFundRoutes,
  filingRoutes,
  deliberationRoutes,
  benefitRoutes,
  payrollRoutes,
  policyRoutes,
  householdRoutes,
  reconciliationRoutes,
  cooperationRoutes,
  disasterRoutes,
  meRoutes,
];

/** Headers and fields that must never reach a log line. */
const REDACT = [
  'req.headers.authorization',
  'req.body.applicant.idNumber',
  'req.body.idNumber',
  'req.body.accountNumber',
  'req.body.household.members[*].idNumber',
  'req.body.household.supporters[*].idNumber',
  'req.body.members[*].idNumber',
  'req.body.supporters[*].idNumber',
];

/** The access log keeps the path and the names of query parameters, never their values (a token, a name). */
const redactedUrl = (url: string) => url.replace(/([?&][^=&#]*)=[^&#]*/g, '$1=…');

/** Path and query values PostgreSQL could never store or compare: refused before any route runs. */
function checkStorable(values: unknown, where: string): void {
  if (!values || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    const bad = typeof value === 'string' ? !isStorable(value) : Array.isArray(value) && value.some((v) => typeof v === 'string' && !isStorable(v));
    if (bad) throw badRequest(name, msg('field.unstorableIn', { where }));
  }
}

export async function buildApp({ config, db, temporal, logger = false, oidc, traced = false, console: consoleOptions, now = async () => Date.now() }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      logger === false
        ? false
        : {
            ...(typeof logger === 'object' ? logger : {}),
            redact: REDACT,
            serializers: { req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactedUrl(req.url), id: req.id }) },
          },
    // A caller's X-Request-Id when it is a plain token, else our own: it follows the request into the
    // workflow and its activities (src/temporal/request-id.ts) and comes back in the response.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Bodies of one case are small; anything larger is a mistake or an attack.
    bodyLimit: 256 * 1024,
    frameworkErrors: (err, request, reply) => {
      const { status, body } = frameworkError(err, languageOf(request.headers['accept-language']));
      // The reply of a route that never matched: written raw, in the one error shape.
      reply.hijack();
      reply.raw.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    },
    clientErrorHandler: (err, socket) => {
      const status = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      if (socket.writable) socket.end(clientErrorResponse(status));
      else socket.destroy(err);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    requestIds.run(request.id, done);
  });
  if (traced) traceRequests(app);
  app.addHook('preValidation', async (request) => {
    checkStorable(request.params, 'path');
    checkStorable(request.query, 'query');
  });
  // Before any route: each /v1 request answers within one deadline (without one, the per-call bound).
  bindRequestDeadlines(app, config.requestDeadlineMs ?? temporal.callTimeoutMs);
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
    // Schemas with an id (Case, CaseSummary, …) go to components.schemas, so every $ref resolves.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { secret: config.jwtSecret, rules: config.token ?? DEFAULT_TOKEN_RULES, ...(oidc ? { oidc } : {}) });

  const metrics = createApiMetrics(db);
  instrument(app, metrics);
  const accounts = new AccountCipher(parseAccountKeys(config.accountKeys ?? DEV_ACCOUNT_KEYS));
  const deps: ApiDeps = { db, temporal, piiHashKey: config.piiHashKey, accounts, metrics, now };
  await app.register(healthRoutes(deps, config.readinessPollerWindowMs));
  if (consoleOptions) await app.register(consoleRoutes({ ...consoleOptions, jwtSecret: config.jwtSecret }));
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', authenticate);
      for (const routes of V1_ROUTES) await v1.register(routes(deps));
    },
    { prefix: '/v1' },
  );
  if (config.payloadKeys) {
    await app.register(codecRoutes({ payloadKeys: config.payloadKeys, uiOrigin: config.temporalUiOrigin ?? 'http://localhost:8233' }), { prefix: '/v1/codec' });
  }
  return app;
}
