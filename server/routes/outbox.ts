import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HttpBindings } from '@hono/node-server';
import ipaddr from 'ipaddr.js';
import { simpleParser } from 'mailparser';
import { addressesOf } from '../../integrations/email/inbound.js';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { Mailer } from '../../integrations/email/mailer.js';
import { isReplyAddress } from '../../rules/approvals/addresses.js';
import { simplePage, timeAgo } from '../pages/layout.js';
import { FRAMED_MAIL_CSP, MAIL_FRAME_PAGE_CSP, fitMailFrames, mailFrame } from '../pages/mail-frame.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import type { Secret } from '../../rules/tokens/secret.js';

// Headers a reverse proxy adds: their presence means the socket's loopback peer is the proxy, not the reader.
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'] as const;
const LOOPBACK_NAMES = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The embedded SMTP catcher's mailbox, for `kaiku dev` only (the worker mounts it only beside the
 * embedded catcher): every mail kaiku sent and every reply it received, and a form to answer an
 * approval email over real SMTP as a mail client would. These mails hold working approval links, so
 * it is served only to a browser on this machine talking to kaiku directly; see `outboxRefusal`.
 *
 * @example
 * GET  http://127.0.0.1:8080/outbox             the list
 * GET  http://127.0.0.1:8080/outbox/12          one mail, with a reply form when it has a kaiku reply address
 * POST http://127.0.0.1:8080/outbox/12/reply    text=approve: sends the reply over SMTP, 303 to /outbox
 */
export function outboxRoutes(deps: { store: Store; config: KaikuConfig; secret: Secret; mailer: Mailer; log: Logger }) {
  const app = new Hono();

  app.use('*', async (c, next) => {
    const refusal = outboxRefusal(c);
    if (refusal) {
      deps.log.warn({ path: c.req.path, method: c.req.method, refusal }, 'outbox request refused');
      return c.html(simplePage('Outbox refused', html`<p class="refusal">${refusal}</p>`), 403);
    }
    await next();
  });

  app.get('/', async (c) => {
    const mails = await deps.store.mail.listOutbox(200);
    // A mail resent after a crash keeps its Message-ID (at-least-once delivery): a mail client shows it
    // once, so the list marks the later copy instead of passing it off as a new mail.
    const firstWithId = new Map<string, string>();
    for (const mail of [...mails].reverse())
      if (mail.message_id && !mail.inbound && !firstWithId.has(mail.message_id)) firstWithId.set(mail.message_id, mail.id);
    const repeatOf = (mail: (typeof mails)[number]) => {
      const first = mail.message_id && !mail.inbound ? firstWithId.get(mail.message_id) : undefined;
      return first && first !== mail.id ? first : undefined;
    };
    const body = html`<h2>Outbox: the mail kaiku sent and received (${mails.length})</h2>
      ${
        mails.length === 0
          ? html`<div class="empty">No mail yet. Approval requests appear here when items arrive.</div>`
          : html`<div class="table-scroll" tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>From → to</th>
                    <th>Subject</th>
                  </tr>
                </thead>
                <tbody>
                  ${mails.map(
                    (mail) =>
                      html`<tr data-mail-id="${mail.id}" data-inbound="${String(mail.inbound)}" data-repeat-of="${repeatOf(mail) ?? ''}">
                        <td>${timeAgo(mail.received_at)}</td>
                        <td>${mail.envelope_from || '<>'} → ${(mail.envelope_to as unknown as string[]).join(', ')}</td>
                        <td>
                          <a href="/outbox/${mail.id}">${mail.inbound ? '↩ ' : ''}${mail.subject ?? '(no subject)'}</a>${
                            repeatOf(mail)
                              ? html` <small
                                  >(sent again after a restart: the same message as <a href="/outbox/${repeatOf(mail)}">#${repeatOf(mail)}</a>)</small
                                >`
                              : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
    return c.html(simplePage('Outbox', body));
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const row = await deps.store.mail.outboxMail(c.req.param('id'));
    if (!row) return c.text('No such mail', 404);
    const mail = await simpleParser(Buffer.from(row.raw));
    const replyTo = addressesOf(mail.replyTo)[0];
    const to = addressesOf(mail.to)[0];
    const canReply = replyTo && to && isReplyAddress(deps.config, replyTo);
    const body = html`<p><a href="/outbox">← Outbox</a> · <a href="/outbox/${row.id}/raw">source</a></p>
      <div class="panel">
        <div><strong>${mail.subject ?? '(no subject)'}</strong></div>
        <div class="url">
          From: ${mail.from?.text ?? ''}<br />To: ${addressesOf(mail.to).join(', ')}${replyTo ? html`<br />Reply-To: ${replyTo}` : ''}<br />Date:
          ${mail.date?.toISOString() ?? ''}
        </div>
      </div>
      ${
        canReply
          ? html`<div class="panel">
              <form method="post" action="/outbox/${row.id}/reply">
                ${formField(c, deps, `/outbox/${row.id}/reply`, row.id)}
                <label for="text">Reply as ${to} (sent over SMTP to the reply-to address, with the email quoted below as a mail client would)</label>
                <textarea id="text" name="text" rows="4">approve</textarea>
                <p><button class="approve" type="submit">Send reply</button></p>
              </form>
            </div>`
          : ''
      }
      ${mail.html ? html`${mailFrame({ src: `/outbox/${row.id}/html`, title: 'HTML part', className: 'mail' })}${fitMailFrames()}` : ''}
      <h3>Plain text</h3>
      <pre class="mail">${mail.text ?? ''}</pre>`;
    c.header('content-security-policy', MAIL_FRAME_PAGE_CSP);
    return c.html(simplePage(mail.subject ?? 'Mail', body));
  });

  app.get('/:id{[0-9]+}/html', async (c) => {
    const row = await deps.store.mail.outboxMail(c.req.param('id'));
    if (!row) return c.text('No such mail', 404);
    const mail = await simpleParser(Buffer.from(row.raw));
    c.header('content-security-policy', FRAMED_MAIL_CSP);
    return c.html(typeof mail.html === 'string' ? mail.html : '<p>(no HTML part)</p>');
  });

  app.get('/:id{[0-9]+}/raw', async (c) => {
    const row = await deps.store.mail.outboxMail(c.req.param('id'));
    if (!row) return c.text('No such mail', 404);
    return c.text(Buffer.from(row.raw).toString('utf8'));
  });

  app.post('/:id{[0-9]+}/reply', async (c) => {
    const row = await deps.store.mail.outboxMail(c.req.param('id'));
    if (!row) return c.text('No such mail', 404);
    const mail = await simpleParser(Buffer.from(row.raw));
    const replyTo = addressesOf(mail.replyTo)[0];
    const to = addressesOf(mail.to)[0];
    if (!replyTo || !to || !isReplyAddress(deps.config, replyTo)) return c.text('This mail has no kaiku reply address to answer', 400);
    const body = await c.req.parseBody();
    const guard = checkForm(c, deps, body, row.id);
    if (!guard.ok) return refuseForm(c, guard);
    const text = String(body.text ?? '').slice(0, 10_000);
    // Quoted the way Gmail quotes, so the reply parser meets what it meets in real life.
    const quoted = (mail.text ?? '')
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await deps.mailer.send({
      from: to,
      to: replyTo,
      subject: mail.subject?.startsWith('Re:') ? mail.subject : `Re: ${mail.subject ?? ''}`,
      text: `${text}\n\nOn ${mail.date?.toUTCString() ?? 'an earlier date'}, ${mail.from?.text ?? 'kaiku'} wrote:\n${quoted}\n`,
      html: '',
      ...(mail.messageId ? { inReplyTo: mail.messageId, references: [mail.messageId] } : {}),
    });
    deps.log.info({ outboxId: row.id }, 'reply sent from the outbox page');
    return c.redirect('/outbox', 303);
  });

  return app;
}

/**
 * Why this request may not see the outbox, or undefined when it may: it must come over a socket from
 * loopback, carry no proxy header (behind a proxy on this machine every peer is 127.0.0.1, and
 * X-Forwarded-For is whatever the client wrote), and name a loopback Host with this server's port (a page
 * that rebinds its own name to 127.0.0.1 still sends its own name).
 */
export function outboxRefusal(c: Context): string | undefined {
  const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
  if (!socket) return 'The outbox is served only over a direct connection to kaiku; this request came without a socket. Nothing was shown or sent.';
  const peer = socket.remoteAddress;
  if (!peer || !isLoopback(peer))
    return `The outbox is served only to this machine (loopback); this request came from ${peer ?? 'an unknown address'}. Nothing was shown or sent.`;
  const direct = `http://127.0.0.1:${socket.localPort}/outbox`;
  const proxied = PROXY_HEADERS.find((name) => c.req.header(name) !== undefined);
  if (proxied) {
    return `The outbox is not served through a proxy: this request carries a ${proxied} header. Open ${direct} in a browser on this machine. Nothing was shown or sent.`;
  }
  const host = c.req.header('host') ?? '';
  if (!isLoopbackHost(host, socket.localPort)) {
    return `The outbox answers only to a loopback Host (127.0.0.1, [::1] or localhost, port ${socket.localPort}), not "${host}". Open ${direct} in a browser on this machine. Nothing was shown or sent.`;
  }
  return undefined;
}

function isLoopback(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

function isLoopbackHost(host: string, port: number | undefined): boolean {
  if (!/^[\w.:[\]-]+$/.test(host)) return false; // a bare host[:port], nothing the URL parser would read as more
  let url: URL;
  try {
    url = new URL(`http://${host}/`);
  } catch {
    return false;
  }
  return LOOPBACK_NAMES.has(url.hostname) && Number(url.port || 80) === port;
}
