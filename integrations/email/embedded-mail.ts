import { readSuggestReplyToken } from '../../rules/tokens/suggest-token.js';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { checkApprovalToken } from '../../rules/tokens/approval-token.js';
import { isReplyAddress, tokenInAddress } from '../../rules/approvals/addresses.js';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher.js';
import type { InboundProcessor } from './inbound.js';

/**
 * The embedded SMTP catcher wired to kaiku: every message lands in the outbox page's mailbox, and
 * a message to a reply address goes to the inbound processor. A reply address whose token is
 * forged or expired is refused at RCPT TO, before any content is accepted.
 */
export function startEmbeddedMail(options: {
  config: KaikuConfig;
  store: Store;
  secret: Secret;
  processor: Pick<InboundProcessor, 'accept'>;
  port: number;
  host?: string;
  log: Logger;
}): Promise<SmtpCatcher> {
  const { config } = options;
  return startSmtpCatcher({
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    maxSize: config.email.maxInboundSize,
    log: options.log,
    checkRecipient(address) {
      if (!isReplyAddress(config, address)) return { ok: true };
      const token = tokenInAddress(config, address);
      if (token === undefined) return { ok: true };
      const suggestion = readSuggestReplyToken(options.secret, token);
      if (suggestion)
        return suggestion.ok ? { ok: true } : { ok: false, reason: `5.1.1 this reply address is ${suggestion.reason === 'expired' ? 'expired' : 'not valid'}` };
      const check = checkApprovalToken(options.secret, token);
      return check.ok ? { ok: true } : { ok: false, reason: `5.1.1 this reply address is ${check.reason === 'expired' ? 'expired' : 'not valid'}` };
    },
    async onMail(mail) {
      const inbound = mail.envelopeTo.some((address) => isReplyAddress(config, address));
      const head = mail.raw
        .subarray(0, 64 * 1024)
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0]!
        .replace(/\r?\n[ \t]+/g, ' ');
      await options.store.mail.catch({
        messageId: /^message-id:\s*(\S+)/im.exec(head)?.[1],
        subject: decodeSubject(/^subject:\s*(.*)$/im.exec(head)?.[1]),
        envelopeFrom: mail.envelopeFrom,
        envelopeTo: mail.envelopeTo,
        raw: mail.raw,
        inbound,
      });
      if (inbound) await options.processor.accept({ raw: mail.raw, via: 'smtp', envelopeFrom: mail.envelopeFrom, envelopeTo: mail.envelopeTo });
    },
  });
}

/** RFC 2047 encoded words (=?utf-8?B?...?= / ?Q?), enough for the outbox list. */
function decodeSubject(value: string | undefined): string | undefined {
  if (!value) return value;
  return value.replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=\s*/g, (_, charset: string, encoding: string, text: string) => {
    const bytes =
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          );
    return new TextDecoder(/utf-?8/i.test(charset) ? 'utf-8' : 'latin1').decode(bytes);
  });
}
