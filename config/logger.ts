import pino, { type Logger } from 'pino';

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
  };
  if (format === 'pretty' && !options.destination) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' } },
    });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
