import pino, { type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

// Keys whose values never reach a log line, wherever they sit in a logged object.
export const REDACTED_PATHS = [
  'password',
  'token',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'databaseUrl',
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  '*.cookie',
  '*.databaseUrl',
  '*.DATABASE_URL',
  '*.TEMPORAL_API_KEY',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level?: string;
  format?: 'pretty' | 'json' | undefined;
  /** Where JSON lines go (tests capture them); pretty output always goes to stdout. */
  destination?: pino.DestinationStream;
}

/** pino, pretty in a terminal and JSON otherwise, with secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const base = {
    level: options.level ?? 'info',
    base: { service: 'kaiku' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
    // The active span's ids (an HTTP request, an activity) when tracing is on: a log line leads to its trace.
    mixin: traceIds,
  };
  if (format === 'pretty' && !options.destination) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' } },
    });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
