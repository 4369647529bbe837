import { createRequire } from 'node:module';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource, detectResourcesSync, envDetectorSync, hostDetectorSync, processDetectorSync, type IResource } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';

/** The module the workflow bundle must include for workflows to carry the trace (Update → activity). */
export const WORKFLOW_TRACING_MODULE = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export interface Tracing {
  resource: IResource;
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/** The process's tracing, once `installTracing` ran; undefined while traces are off (the default). */
export function currentTracing(): Tracing | undefined {
  return installed;
}

/**
 * Traces are off unless the standard OpenTelemetry variables ask for them: `OTEL_TRACES_EXPORTER=otlp`
 * (or `console`), or an `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`; `OTEL_SDK_DISABLED=true` wins. The
 * exporter reads its own `OTEL_EXPORTER_OTLP_*` settings, the batch processor its `OTEL_BSP_*`.
 *
 * @example
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318 OTEL_SERVICE_NAME=kaiku-worker kaiku worker
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (env.OTEL_SDK_DISABLED === 'true') return undefined;
  const exporter = env.OTEL_TRACES_EXPORTER ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none');
  if (exporter === 'none') return undefined;
  if (exporter !== 'otlp' && exporter !== 'console')
    throw new Error(`OTEL_TRACES_EXPORTER=${exporter} is not one kaiku knows: use otlp (OTLP over HTTP), console, or none`);
  return installTracing({ spanProcessor: new BatchSpanProcessor(exporter === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter()) });
}

/**
 * Registers a tracer provider for this process (context in AsyncLocalStorage, W3C trace context): the HTTP
 * server's requests, Temporal client calls, workflows and activities then make spans. Once per process.
 */
export function installTracing(options: { spanProcessor: SpanProcessor; version?: string }): Tracing {
  if (installed) return installed;
  const detected = detectResourcesSync({ detectors: [envDetectorSync, processDetectorSync, hostDetectorSync] });
  const resource = new Resource({ 'service.name': 'kaiku', ...(options.version ? { 'service.version': options.version } : {}) }).merge(detected);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [options.spanProcessor] });
  provider.register();
  installed = { resource, spanProcessor: options.spanProcessor, shutdown: () => provider.shutdown() };
  return installed;
}

/** The Temporal client's interceptors: starts, signals and Updates carry the caller's trace. */
export function tracingClientInterceptors(): { workflow: WorkflowClientInterceptor[] } | undefined {
  return installed ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/** The worker's side: activities continue the workflow's trace; workflows' spans leave the sandbox by a sink. */
export function tracingWorkerOptions(): { interceptors: WorkerInterceptors; sinks: InjectedSinks<any> } | undefined {
  if (!installed) return undefined;
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(installed.spanProcessor, installed.resource as Resource) },
  };
}
