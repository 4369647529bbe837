import { Runtime, type Logger as TemporalLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

/**
 * Temporal's own logs (worker, workflows via sinks, activities, and the SDK's native core) go through
 * kaiku's pino logger as JSON, one level down for INFO: the SDK's lifecycle chatter is for debugging;
 * its warnings and errors stay.
 */
class PinoTemporalLogger implements TemporalLogger {
  constructor(readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = level === 'TRACE' || level === 'DEBUG' ? 'trace' : level === 'INFO' ? 'debug' : level === 'WARN' ? 'warn' : 'error';
    // Core's lines carry `sdkComponent: 'core'` and their Rust target; the symbol-keyed timestamp stays out.
    this.pino[method](meta ? { ...meta } : {}, message);
  }
  trace(message: string, meta?: LogMetadata) {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata) {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata) {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata) {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata) {
    this.log('ERROR', message, meta);
  }
}

export interface TemporalRuntimeOptions {
  /**
   * `host:port` for the SDK's Prometheus exporter (worker task slots, poll latencies, sticky cache…),
   * scraped at `http://host:port/metrics`; unset, the SDK exports no metrics.
   */
  metricsAddress?: string | undefined;
}

let installed = false;

/** `Runtime.install` may run once per process, before any connection; later calls keep the first. */
export function installTemporalRuntime(log: Logger, options: TemporalRuntimeOptions = {}): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new PinoTemporalLogger(log.child({ component: 'temporal' })),
    telemetryOptions: {
      // Forwarded rather than printed: without `forward`, core writes its own ANSI-coloured lines to stderr.
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(options.metricsAddress
        ? { metrics: { prometheus: { bindAddress: options.metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true } } }
        : {}),
    },
  });
}
