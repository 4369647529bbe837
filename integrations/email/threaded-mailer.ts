import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { PermanentMailError, type Mailer } from './mailer.js';
import type { SmtpThreadReply, SmtpThreadRequest } from './smtp-thread.js';

/**
 * The same SMTP pool as `createMailer`, run in a worker thread: the worker process composes digests on
 * one core while MIME encoding and SMTP run on another. Errors come back as they would in-thread
 * (a 5xx as `PermanentMailError`, anything else as a retryable Error with its SMTP code). A thread that
 * dies fails the messages it held (retryable) and is replaced at the next send.
 */
export function createThreadedMailer(smtpUrl: string, log?: Logger): Mailer {
  const url = new URL(smtpUrl);
  const describe = `${url.protocol}//${url.host}`;
  const pending = new Map<number, { resolve: (value: { messageId: string }) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let thread: Worker | undefined;
  let closing = false;

  const settle = (reply: SmtpThreadReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) return waiting.resolve({ messageId: reply.messageId });
    log?.warn({ smtp: describe, responseCode: reply.responseCode, err: { message: reply.message } }, 'SMTP send failed');
    waiting.reject(
      reply.permanent
        ? new PermanentMailError(reply.message, reply.responseCode)
        : Object.assign(new Error(reply.message), { responseCode: reply.responseCode }),
    );
  };

  const start = (): Worker => {
    const started = new Worker(new URL('./smtp-thread-entry.mjs', import.meta.url), {
      workerData: { smtpUrl },
      // The thread holds only the messages in flight: a bounded heap keeps its garbage from piling up in RSS.
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
    });
    started.on('message', settle);
    started.on('error', (error) => log?.error({ err: error, smtp: describe }, 'the SMTP thread failed'));
    started.on('exit', (code) => {
      if (thread === started) thread = undefined;
      if (closing) return;
      const error = new Error(`the SMTP thread stopped (exit code ${code}) before the server answered; the send is tried again`);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    started.unref();
    return started;
  };

  return {
    describe,
    send(mail) {
      thread ??= start();
      const id = ++nextId;
      const target = thread;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.postMessage({ id, mail } satisfies SmtpThreadRequest);
      });
    },
    close() {
      closing = true;
      if (!thread) return;
      const stopping = thread;
      stopping.postMessage({ close: true } satisfies SmtpThreadRequest);
      setTimeout(() => void stopping.terminate(), 2_000).unref();
    },
  };
}
