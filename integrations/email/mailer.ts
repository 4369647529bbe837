import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { qpPart } from '../../rules/mail/quoted-printable.js';
import { metrics } from '../metrics/metrics.js';

export interface OutgoingMail {
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  html: string;
  text: string;
  /** `html` and `text` are already quoted-printable encoded: sent as they are, not encoded again. */
  encoding?: 'quoted-printable' | undefined;
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  headers?: Record<string, string> | undefined;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** The server, without credentials, for logs. */
  readonly describe: string;
  /**
   * Another pool to the same server with limits of its own, for a bulk sender that keeps to the relay's
   * limits (a digest batch); close it when done.
   *
   * @example
   * const batch = mailer.pool({ connections: 1, messagesPerSecond: 5 });
   * try { await batch.send(mail); } finally { batch.close(); }
   */
  pool(limits: PoolLimits): Mailer;
  close(): void;
}

export interface PoolLimits {
  connections: number;
  /** At most this many messages start per second (unset: as fast as the server answers). */
  messagesPerSecond?: number | undefined;
}

/** Messages over one SMTP connection before it is closed and a new one opened (nodemailer's default, made explicit: relays cap it). */
export const MESSAGES_PER_CONNECTION = 100;

/** The SMTP server answered 5xx for good: retrying will not help (unknown mailbox, refused content). */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
  constructor(
    message: string,
    readonly responseCode: number | undefined,
  ) {
    super(message);
  }
}

/**
 * An SMTP pool for `SMTP_URL` (smtp:// with STARTTLS when offered, smtps:// for implicit TLS).
 * nodemailer does not retry: the caller's Temporal retry policy does, and a 5xx becomes
 * `PermanentMailError` so that it is not retried.
 */
export function createMailer(smtpUrl: string, log?: Logger, limits: PoolLimits = { connections: 4 }): Mailer {
  const url = new URL(smtpUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
  // nodemailer's pool paces by counting starts per window: one message per 1/rate seconds keeps the rate smooth.
  const pacing = limits.messagesPerSecond ? { rateLimit: 1, rateDelta: Math.ceil(1000 / limits.messagesPerSecond) } : {};
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: limits.connections,
    maxMessages: MESSAGES_PER_CONNECTION,
    ...pacing,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    // The embedded catcher offers STARTTLS with a self-signed certificate; on loopback there is nothing to protect.
    ignoreTLS: loopback && url.protocol === 'smtp:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const describe = `${url.protocol}//${url.host}`;
  return {
    describe,
    pool: (poolLimits) => createMailer(smtpUrl, log, poolLimits),
    async send(mail) {
      const timer = metrics.smtpSeconds.startTimer();
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          ...(mail.encoding === 'quoted-printable'
            ? {
                text: { raw: qpPart('text/plain; charset=utf-8', mail.text) },
                html: { raw: qpPart('text/html; charset=utf-8', mail.html) },
              }
            : { html: mail.html, text: mail.text }),
          messageId: mail.messageId,
          inReplyTo: mail.inReplyTo,
          references: mail.references,
          headers: mail.headers,
        });
        timer({ outcome: 'sent' });
        return { messageId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        timer({ outcome: code !== undefined && code >= 500 ? 'permanent' : 'temporary' });
        log?.warn({ smtp: describe, responseCode: code, err: error }, 'SMTP send failed');
        if (code !== undefined && code >= 500) throw new PermanentMailError((error as Error).message, code);
        throw error;
      }
    },
    close() {
      transport.close();
    },
  };
}
