import { context, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';

// OpenTelemetry traces across API → Temporal → workflow → activity, exported over OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_* variables itself), and
// entirely off otherwise: no provider, no interceptors, and the workers run the untraced bundle.

export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/** Registers the process's tracer provider; undefined when no OTLP endpoint is configured. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env, spanProcessor?: SpanProcessor): Tracing | undefined {
  if (!spanProcessor && !env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName });
  const processor = spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return { resource, spanProcessor: processor, shutdown: () => provider.shutdown() };
}

/** The API's Temporal client: starts, steps and signals as spans whose context travels in headers. */
export const tracingClientInterceptors = () => [new OpenTelemetryWorkflowClientInterceptor()];

/** The worker: a span per activity (child of the workflow's), and the workflows' spans exported through a sink. */
export function tracingWorkerOptions(tracing: Tracing): { activity: ActivityInterceptorsFactory[]; sinks: NonNullable<WorkerOptions['sinks']> } {
  return {
    activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/** One server span per API request, named by its route template, the parent of its Temporal calls. */
export function traceRequests(app: FastifyInstance): void {
  const tracer = trace.getTracer('jiuzhu-api');
  const spans = new WeakMap<object, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const span = tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, { attributes: { 'http.request.method': request.method, 'http.route': request.routeOptions.url ?? '' } });
    spans.set(request, span);
    context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', reply.statusCode);
    span?.end();
  });
}
