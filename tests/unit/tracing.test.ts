import { expect, test } from 'vitest';
import { currentTracing, tracingFromEnv } from '../../integrations/telemetry/tracing.js';

test('traces are off by default and with OTEL_SDK_DISABLED; an unknown exporter is refused with the ones kaiku knows', () => {
  expect(tracingFromEnv({})).toBeUndefined();
  expect(tracingFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBeUndefined();
  expect(tracingFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
  expect(() => tracingFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
    'OTEL_TRACES_EXPORTER=zipkin is not one kaiku knows: use otlp (OTLP over HTTP), console, or none',
  );
  expect(currentTracing()).toBeUndefined();
  // an endpoint alone turns OTLP on
  expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(currentTracing());
  expect(currentTracing()).toBeDefined();
});
