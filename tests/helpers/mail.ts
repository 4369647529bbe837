import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Store } from '../../db/store.js';
import { tracked } from './pending-waits.js';

/** Sends a raw MIME message over SMTP, as a mail server delivering a reply would. Rejects with the server's answer. */
export async function deliverRaw(smtpUrl: string, envelope: { from: string; to: string[] }, raw: string | Buffer): Promise<void> {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

export interface CaughtMail {
  id: string;
  parsed: ParsedMail;
  to: string[];
  inbound: boolean;
}

/** Every mail the catcher holds, parsed, oldest first. */
export async function caughtMail(store: Store): Promise<CaughtMail[]> {
  const rows = (await store.mail.listOutbox(1000)).reverse();
  return Promise.all(
    rows.map(async (row) => {
      const full = await store.mail.outboxMail(row.id);
      return { id: row.id, parsed: await simpleParser(Buffer.from(full!.raw)), to: row.envelope_to as unknown as string[], inbound: row.inbound };
    }),
  );
}

/**
 * Polls `check` until it returns something truthy. It has no window of its own: a wait ends on the awaited event,
 * and the enclosing test's or hook's timeout is what ends a wait for an event that never comes (a busy machine
 * makes events late, not absent). HANG_GUARD only stops a poll that outlived its test.
 */
export function waitFor<T>(what: string, check: () => Promise<T | undefined | false | null>, everyMs = 100): Promise<T> {
  return tracked(what, async () => {
    const guard = Date.now() + HANG_GUARD_MS;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > guard) throw new Error(`still waiting for ${what} after ${HANG_GUARD_MS / 60_000} minutes`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  });
}

/** Longer than any test's or hook's timeout (vitest.config.ts), so it never decides a test's outcome. */
const HANG_GUARD_MS = 20 * 60_000;

/** The approval mails of one kind for one recipient (outgoing only). */
export async function approvalMailsTo(store: Store, email: string, subjectPrefix = 'Approve?'): Promise<CaughtMail[]> {
  return (await caughtMail(store)).filter((mail) => !mail.inbound && mail.to.includes(email) && mail.parsed.subject?.startsWith(subjectPrefix));
}

export type ClientStyle = 'gmail' | 'outlook' | 'apple' | 'iphone' | 'thunderbird' | 'gmail-html-only' | 'outlook-fi' | 'apple-sv';

/**
 * A reply to an approval mail as a given mail client writes it: its quoting, its headers, its
 * signature. `text` is what the person typed.
 */
export function replyAs(style: ClientStyle, original: ParsedMail, from: string, text: string, extraHeaders: Record<string, string> = {}): string {
  const replyTo = (original.replyTo?.value[0]?.address ?? '').toLowerCase();
  const subject = `Re: ${original.subject ?? ''}`;
  const quotedText = (original.text ?? '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const head = (contentType: string) =>
    [
      `From: Ada Admin <${from}>`,
      `To: ${replyTo}`,
      `Subject: ${subject}`,
      `Date: Mon, 23 Nov 2026 10:05:00 +0200`,
      `Message-ID: <${Math.random().toString(36).slice(2)}.${style}@mail.example>`,
      `In-Reply-To: ${original.messageId}`,
      `References: ${original.messageId}`,
      'MIME-Version: 1.0',
      ...Object.entries(extraHeaders).map(([name, value]) => `${name}: ${value}`),
      contentType,
    ].join('\r\n');
  const crlf = (body: string) => body.replace(/\r?\n/g, '\r\n');
  const alternative = (plain: string, htmlBody: string) =>
    `${head('Content-Type: multipart/alternative; boundary="b1"')}\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(plain)}\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(htmlBody)}\r\n--b1--\r\n`;
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const typedHtml = text
    .split('\n')
    .map((line) => `<div>${escape(line) || '<br>'}</div>`)
    .join('');
  switch (style) {
    case 'gmail':
      return alternative(
        `${text}\n\nOn Mon, 23 Nov 2026 at 10:00, kaiku <kaiku@testcity.example> wrote:\n\n${quotedText}\n`,
        `<div dir="ltr">${typedHtml}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 10:00, kaiku &lt;kaiku@testcity.example&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${original.html || ''}</blockquote></div>`,
      );
    case 'gmail-html-only':
      return `${head('Content-Type: text/html; charset=utf-8')}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(
        `<div dir="ltr">${typedHtml}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 10:00, kaiku &lt;kaiku@testcity.example&gt; wrote:<br></div><blockquote class="gmail_quote">${original.html || ''}</blockquote></div>`,
      )}\r\n`;
    case 'outlook':
      return alternative(
        `${text}\n\nBest regards,\nAda\n\n________________________________\nFrom: kaiku <kaiku@testcity.example>\nSent: Monday, November 23, 2026 10:00 AM\nTo: Ada Admin <${from}>\nSubject: ${original.subject}\n\n${original.text ?? ''}\n`,
        `<html><body><div class="WordSection1"><p class="MsoNormal">${typedHtml}</p><p class="MsoNormal">Best regards,<br>Ada</p></div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif"><b>From:</b> kaiku &lt;kaiku@testcity.example&gt;<br><b>Sent:</b> Monday, November 23, 2026 10:00 AM<br><b>To:</b> Ada Admin<br><b>Subject:</b> ${escape(original.subject ?? '')}</font><div>&nbsp;</div></div>${original.html || ''}</body></html>`,
      );
    case 'outlook-fi':
      return alternative(
        `${text}\n\nTerveisin\nAda\n\nLähettäjä: kaiku <kaiku@testcity.example>\nLähetetty: maanantai 23. marraskuuta 2026 10.00\nVastaanottaja: Ada Admin <${from}>\nAihe: ${original.subject}\n\n${original.text ?? ''}\n`,
        `<html><body><p>${typedHtml}</p><p>Terveisin<br>Ada</p><div id="divRplyFwdMsg"><b>Lähettäjä:</b> kaiku<br><b>Lähetetty:</b> maanantai 23. marraskuuta 2026 10.00</div>${original.html || ''}</body></html>`,
      );
    case 'apple':
      return alternative(
        `${text}\n\n> On 23 Nov 2026, at 10.00, kaiku <kaiku@testcity.example> wrote:\n> \n${quotedText}\n`,
        `<html><body style="overflow-wrap: break-word;">${typedHtml}<div><br><blockquote type="cite"><div>On 23 Nov 2026, at 10.00, kaiku &lt;kaiku@testcity.example&gt; wrote:</div><br>${original.html || ''}</blockquote></div></body></html>`,
      );
    case 'apple-sv':
      return alternative(
        `${text}\n\n> 23 nov. 2026 kl. 10:00 skrev kaiku <kaiku@testcity.example>:\n> \n${quotedText}\n`,
        `<html><body>${typedHtml}<blockquote type="cite">23 nov. 2026 kl. 10:00 skrev kaiku:<br>${original.html || ''}</blockquote></body></html>`,
      );
    case 'iphone':
      return `${head('Content-Type: text/plain; charset=utf-8')}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(
        `${text}\n\nSent from my iPhone\n\n> On 23 Nov 2026, at 10.00, kaiku <kaiku@testcity.example> wrote:\n> \n${quotedText}\n`,
      )}\r\n`;
    case 'thunderbird':
      return `${head('Content-Type: text/plain; charset=UTF-8; format=flowed')}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(
        `${text}\n\n-- \nAda Admin\nCommunications, Test City\n\nOn 23.11.2026 10.00, kaiku wrote:\n${quotedText}\n`,
      )}\r\n`;
  }
}

export interface MailSink {
  url: string;
  /** Every message received, with its envelope and the item, digest and kind kaiku stamped on it. */
  messages: {
    to: string[];
    item: string | undefined;
    digest: string | undefined;
    subject: string | undefined;
    messageId: string | undefined;
    head: string;
    raw?: Buffer;
    /** When its transaction began (MAIL FROM) and when the sink took it (end of DATA), performance.now() ms. */
    startedAt: number;
    receivedAt: number;
  }[];
  /** How many times the sink answered 4xx and 5xx. */
  refusals: { temporary: number; permanent: number };
  /** Recipients whose RCPT TO is being held unanswered (see `hold`). */
  held: string[];
  /** Recipients whose message the sink has taken while it holds back the answer (see `holdAfterData`). */
  heldAfterData: string[];
  /** Connections whose greeting is being held (see `holdNewConnections`). */
  heldGreetings: number;
  /** From now on, leaves the greeting of every new connection after the next `after` unanswered until `release()`. */
  holdNewConnections(after: number): void;
  /** Answers everything held (a dead client's session is simply gone) and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  /** Answer 550 at RCPT TO for these addresses. */
  refuse?: readonly string[];
  /** Answer 451 (after DATA) or 421 (at RCPT) to this share of messages, at random. */
  temporaryRate?: number;
  /** Keep each message's raw bytes. */
  keepRaw?: boolean;
  /** Leave RCPT TO for these addresses unanswered until `release()`: the message is in flight, not yet sent. */
  hold?: readonly string[];
  /**
   * Take the message for these addresses but leave the answer to its DATA unanswered until `release()`: the
   * moment SMTP cannot make safe (RFC 1047), delivered here while the sender still waits to hear so.
   */
  holdAfterData?: readonly string[];
}

/** A bare SMTP server on loopback standing in for the organisation's mail server, for kaiku processes under test. */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const { SMTPServer } = await import('smtp-server');
  const messages: MailSink['messages'] = [];
  const refusals = { temporary: 0, permanent: 0 };
  const refused = new Set((options.refuse ?? []).map((a) => a.toLowerCase()));
  const rate = options.temporaryRate ?? 0;
  let holding = new Set((options.hold ?? []).map((a) => a.toLowerCase()));
  let holdingAfterData = new Set((options.holdAfterData ?? []).map((a) => a.toLowerCase()));
  let greetingsBeforeHold = Number.POSITIVE_INFINITY;
  const held: string[] = [];
  const heldAfterData: string[] = [];
  const waiting: (() => void)[] = [];
  const startedAt = new Map<string, number>();
  const fail = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    onConnect(_session, callback) {
      if (greetingsBeforeHold-- > 0) return callback();
      sink.heldGreetings++;
      waiting.push(() => callback());
    },
    onMailFrom(_address, session, callback) {
      startedAt.set(session.id, performance.now());
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (holding.has(address.address.toLowerCase())) {
        held.push(address.address);
        waiting.push(() => callback());
        return;
      }
      if (refused.has(address.address.toLowerCase())) {
        refusals.permanent++;
        return callback(fail(550, '5.1.1 no such mailbox here'));
      }
      if (rate > 0 && Math.random() < rate / 2) {
        refusals.temporary++;
        return callback(fail(421, '4.3.2 try again later'));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rate > 0 && Math.random() < rate / 2) {
          refusals.temporary++;
          return callback(fail(451, '4.3.0 temporary local problem'));
        }
        const raw = Buffer.concat(chunks);
        const head = raw
          .toString('utf8')
          .split(/\r?\n\r?\n/)[0]!
          .replace(/\r?\n[ \t]+/g, ' ');
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        messages.push({
          to,
          item: /^x-kaiku-item:\s*(\S+)/im.exec(head)?.[1],
          digest: /^x-kaiku-digest:\s*(\S+)/im.exec(head)?.[1],
          subject: /^subject:\s*(.*)$/im.exec(head)?.[1],
          messageId: /^message-id:\s*(\S+)/im.exec(head)?.[1],
          head,
          ...(options.keepRaw ? { raw } : {}),
          startedAt: startedAt.get(session.id) ?? performance.now(),
          receivedAt: performance.now(),
        });
        if (to.some((address) => holdingAfterData.has(address.toLowerCase()))) {
          heldAfterData.push(...to);
          waiting.push(() => callback());
          return;
        }
        callback();
      });
    },
  });
  // A kaiku process SIGKILLed mid-transaction resets its connection: that is the test's point, not a failure of the sink.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const release = () => {
    holding = new Set();
    holdingAfterData = new Set();
    greetingsBeforeHold = Number.POSITIVE_INFINITY;
    for (const answer of waiting.splice(0)) {
      try {
        answer();
      } catch {
        // the client of a held session was killed: nothing to answer
      }
    }
  };
  const sink: MailSink = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refusals,
    held,
    heldAfterData,
    heldGreetings: 0,
    holdNewConnections: (after) => void (greetingsBeforeHold = after),
    release,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
