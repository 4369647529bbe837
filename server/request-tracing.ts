import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { currentTracing } from '../integrations/telemetry/tracing.js';

/**
 * A server span per request while tracing is on (`OTEL_*`), continuing the caller's W3C `traceparent`;
 * what the handler does (a Temporal Update, log lines) happens inside it. Named by route pattern, never
 * by path: paths carry tokens. Off, it only passes the request on.
 */
export function requestTracing(): MiddlewareHandler {
  return async (c, next) => {
    if (!currentTracing()) return next();
    const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
    const tracer = trace.getTracer('kaiku-http');
    const span = tracer.startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routePath(c);
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': c.res.status });
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
