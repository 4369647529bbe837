import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { Logger } from 'pino';

export interface CaughtMail {
  raw: Buffer;
  envelopeFrom: string | null;
  envelopeTo: string[];
}

export interface SmtpCatcherOptions {
  host?: string;
  port: number;
  maxSize: number;
  /** Checks a recipient before the message is sent: a message for a bad reply address is refused at RCPT. */
  checkRecipient(address: string): { ok: true } | { ok: false; reason: string };
  onMail(mail: CaughtMail): Promise<void>;
  log: Logger;
}

export interface SmtpCatcher {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * kaiku's loopback SMTP server for dev and tests: it takes everything kaiku sends (the outbox page
 * shows it) and, for mail to the signed reply addresses, stands in for the inbound MX. A message is
 * acknowledged only after `onMail` has stored it, so a 250 means nothing can be lost.
 */
export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const log = options.log.child({ component: 'smtp-catcher' });
  const server = new SMTPServer({
    name: 'kaiku-catcher',
    banner: 'kaiku SMTP catcher',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxSize,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const check = options.checkRecipient(address.address);
      if (check.ok) return callback();
      log.warn({ reason: check.reason }, 'recipient refused');
      return callback(Object.assign(new Error(check.reason), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          log.warn({ limit: options.maxSize }, 'message over the size limit refused');
          return callback(Object.assign(new Error(`message exceeds the ${options.maxSize}-byte limit`), { responseCode: 552 }));
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        options
          .onMail({ raw: Buffer.concat(chunks), envelopeFrom, envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) })
          .then(() => callback())
          .catch((error: unknown) => {
            log.error({ err: error }, 'could not store a message; asked the sender to retry');
            callback(Object.assign(new Error('temporary failure storing the message, try again'), { responseCode: 451 }));
          });
      });
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'SMTP catcher connection error'));
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  log.info({ port }, 'SMTP catcher listening');
  return {
    url: `smtp://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
