import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { PermanentMailError, type Mailer } from './mailer.js';
import type { SmtpThreadReply, SmtpThreadRequest } from './smtp-thread.js';

/**
 * The same SMTP pool as `createMailer`, run in a worker thread: the worker process composes digests on
 * one core while MIME encoding and SMTP run on another. Errors come back as they would in-thread
 * (a 5xx as `PermanentMailError`, anything else as a retryable Error with its SMTP code).
 */
export function createThreadedMailer(smtpUrl: string, log?: Logger): Mailer {
  const url = new URL(smtpUrl);
  const describe = `${url.protocol}//${url.host}`;
  const thread = new Worker(new URL('./smtp-thread-entry.mjs', import.meta.url), {
    workerData: { smtpUrl },
    // The thread holds only the messages in flight: a small heap keeps its garbage from piling up in RSS.
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
  });
  const pending = new Map<number, { resolve: (value: { messageId: string }) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  thread.on('message', (reply: SmtpThreadReply) => {
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
  });
  const failAll = (error: Error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  thread.on('error', (error) => failAll(error));
  thread.on('exit', (code) => failAll(new Error(`the SMTP thread stopped (exit code ${code})`)));
  thread.unref();
  return {
    describe,
    send(mail) {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.postMessage({ id, mail } satisfies SmtpThreadRequest);
      });
    },
    close() {
      thread.postMessage({ close: true } satisfies SmtpThreadRequest);
      setTimeout(() => void thread.terminate(), 2_000).unref();
    },
  };
}
