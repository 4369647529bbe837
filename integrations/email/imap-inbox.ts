import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { InboundProcessor } from './inbound.js';

export interface ImapInbox {
  /** Fetches what arrived since the last run; resolves with how many mails it stored. */
  pollNow(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The production door for replies: the approvals mailbox at `IMAP_URL`, watched with IDLE and polled
 * every `pollEveryMs` as a fallback. Where it got to (UIDVALIDITY and the last UID) is kept in the
 * store, so a restart neither skips nor repeats mail; each mail is stored before the cursor moves.
 */
export function startImapInbox(options: { url: string; store: Store; processor: InboundProcessor; pollEveryMs: number; log: Logger }): ImapInbox {
  const url = new URL(options.url);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  const cursorKey = `${url.protocol}//${decodeURIComponent(url.username)}@${url.host}/${mailbox}`;
  const log = options.log.child({ component: 'imap-inbox', mailbox: `${url.host}/${mailbox}` });
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  let client: ImapFlow | undefined;
  let closed = false;
  let polling: Promise<number> | undefined;
  let again = false;
  let failures = 0;

  async function connected(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const next = new ImapFlow({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || (url.protocol === 'imaps:' ? 993 : 143)),
      secure: url.protocol === 'imaps:',
      // Plain IMAP only on loopback (a local test server); elsewhere STARTTLS is required.
      ...(loopback && url.protocol === 'imap:' ? { doSTARTTLS: false } : { doSTARTTLS: url.protocol === 'imap:' ? true : undefined }),
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
      disableAutoIdle: false,
      maxIdleTime: options.pollEveryMs,
    } as ConstructorParameters<typeof ImapFlow>[0]);
    next.on('error', (error: Error) => log.warn({ err: error }, 'IMAP connection error'));
    next.on('exists', () => void pollNow());
    next.on('close', () => {
      if (client === next) client = undefined;
    });
    await next.connect();
    await next.mailboxOpen(mailbox);
    client = next;
    log.info('IMAP mailbox open');
    return next;
  }

  async function pollOnce(): Promise<number> {
    const imap = await connected();
    const lock = await imap.getMailboxLock(mailbox);
    let stored = 0;
    try {
      const status = imap.mailbox as { uidValidity: bigint };
      const uidValidity = String(status.uidValidity);
      const cursor = await options.store.mail.cursor(cursorKey);
      // A new UIDVALIDITY means the server renumbered the mailbox: start over (dedup keys keep it safe).
      const lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
      const messages = await imap.fetchAll(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true });
      for (const message of messages.filter((m) => m.uid > lastUid).sort((a, b) => a.uid - b.uid)) {
        if (!message.source) continue;
        const accepted = await options.processor.accept({ raw: message.source, via: 'imap' });
        if (!accepted.duplicate) stored++;
        await imap.messageFlagsAdd(String(message.uid), ['\\Seen'], { uid: true });
        await options.store.mail.setCursor(cursorKey, uidValidity, message.uid);
      }
    } finally {
      lock.release();
    }
    if (stored > 0) log.info({ stored }, 'mail fetched from IMAP');
    return stored;
  }

  function pollNow(): Promise<number> {
    if (polling) {
      again = true;
      return polling;
    }
    polling = (async () => {
      let total = 0;
      do {
        again = false;
        total += await pollOnce();
      } while (again && !closed);
      return total;
    })()
      .then((count) => {
        failures = 0;
        return count;
      })
      .catch((error: unknown) => {
        failures++;
        log.warn({ err: error, failures }, 'IMAP poll failed; retrying at the next poll');
        void client?.logout().catch(() => undefined);
        client = undefined;
        return 0;
      })
      .finally(() => (polling = undefined));
    return polling;
  }

  const timer = setInterval(() => void pollNow(), options.pollEveryMs);
  timer.unref();
  void pollNow();

  return {
    pollNow,
    async close() {
      closed = true;
      clearInterval(timer);
      await polling?.catch(() => undefined);
      await client?.logout().catch(() => undefined);
    },
  };
}
