import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import { PermanentMailError, type Mailer } from '../integrations/email/mailer.js';
import { mailDomain } from '../rules/approvals/addresses.js';
import type { RenderedMail } from '../rules/mail/layout.js';
import { mailMessageId } from '../rules/tokens/message-id.js';
import type { Secret } from '../rules/tokens/secret.js';

/**
 * One mail under `key`, sent at most once (`refused` when the mail server refused the address for good): `sending` is recorded before the SMTP transaction and `sent`
 * after, with one Message-ID throughout, so a retry after a crash resends (at most) the same message.
 * The engagement cycles (nudges, rewards, summaries) and the welcome sequence send through it.
 */
export function createKeyedMail(deps: { store: Store; config: KaikuConfig; secret: Secret; mailer: Mailer; log: Logger }) {
  const { store, config, log } = deps;
  const domain = mailDomain(config);
  return async function sendKeyed(input: {
    key: string;
    kind: string;
    to: string;
    mail: RenderedMail;
    headers?: Record<string, string>;
  }): Promise<'sent' | 'already' | 'refused'> {
    const messageId = mailMessageId(deps.secret, domain, input.kind, [input.key]);
    const begun = await store.engagement.beginMail({ key: input.key, kind: input.kind, recipient: input.to, messageId });
    if (begun.state !== 'sending') return 'already';
    try {
      await deps.mailer.send({
        from: config.email.from,
        to: input.to,
        subject: input.mail.subject,
        html: input.mail.html,
        text: input.mail.text,
        messageId: begun.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Kaiku-Mail': input.kind, ...input.headers },
      });
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await store.engagement.finishMail(input.key, { sent: false, error: error.message });
        log.warn({ key: input.key, to: input.to, reason: error.message }, 'mail refused for good');
        return 'refused';
      }
      throw error;
    }
    await store.engagement.finishMail(input.key, { sent: true });
    log.info({ key: input.key, to: input.to, messageId: begun.messageId }, `${input.kind} mail sent`);
    return 'sent';
  };
}
