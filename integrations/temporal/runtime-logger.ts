import { Runtime, type Logger as TemporalLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

/**
 * Temporal's own logs (worker, workflows via sinks, activities) go through kaiku's pino logger, one
 * level down for INFO: the SDK's lifecycle chatter is for debugging; its warnings and errors stay.
 */
class PinoTemporalLogger implements TemporalLogger {
  constructor(readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = level === 'TRACE' || level === 'DEBUG' ? 'trace' : level === 'INFO' ? 'debug' : level === 'WARN' ? 'warn' : 'error';
    this.pino[method](meta ?? {}, message);
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

let installed = false;

/** `Runtime.install` may run once per process; later calls keep the first logger. */
export function installTemporalRuntime(log: Logger): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new PinoTemporalLogger(log.child({ component: 'temporal' })) });
}
