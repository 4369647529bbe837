import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { createStore, type Store } from '../../db/store.js';
import { startEmbeddedMail } from '../../integrations/email/embedded-mail.js';
import type { SmtpCatcher } from '../../integrations/email/smtp-catcher.js';
import { createMailer, type Mailer } from '../../integrations/email/mailer.js';
import { approvalToken, replyAddress } from '../../rules/approvals/addresses.js';
import { FormClient } from '../helpers/form-client.js';
import { Secret } from '../../rules/tokens/secret.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import type { KaikuConfig } from '../../config/schema.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';

// The dev outbox holds working approval links and a form that sends mail: it must answer only a browser
// on this machine talking to kaiku directly. Every request here goes over a real socket.

const secret = new Secret('o'.repeat(40));
let db: TestDatabase;
let store: Store;
let config: KaikuConfig;
let catcher: SmtpCatcher;
let mailer: Mailer;
let server: RunningServer;
let mailId: string;
let replyTo: string;
const accepted: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  store = createStore(db.database.db);
  ({ config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://e.org/feed.xml' }])));
  // What kaiku dev wires: the catcher stores every mail; a reply to a kaiku address goes to the inbound processor.
  catcher = await startEmbeddedMail({
    config,
    store,
    secret,
    processor: {
      accept: async (mail) => {
        accepted.push((mail.envelopeTo ?? []).join(','));
        return { duplicate: false };
      },
    },
    port: 0,
    log: quietLog,
  });
  mailer = createMailer(catcher.url, quietLog);
  const token = approvalToken(secret, 'reply', itemIdFor('https://e.org/library'), 'ada@testcity.example', new Date(Date.now() + 86_400_000));
  await mailer.send({
    from: config.email.from,
    to: 'ada@testcity.example',
    replyTo: (replyTo = replyAddress(config, token)),
    subject: 'Approve? Library opens',
    text: 'Reply approve or reject.',
    html: '<p>Reply approve or reject.</p>',
  });
  const app = createApp({ store, database: db.database, config, secret, mailer, outbox: true, demo: false, log: quietLog });
  server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  mailId = (await store.mail.listOutbox(10))[0]!.id;
});

afterAll(async () => {
  await server?.close();
  mailer?.close();
  await catcher?.close();
  await db?.drop();
});

/** One request over a socket to the server, with exactly the headers given (Host included). */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; location: string | undefined }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const replyForm = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=approve' };
const counts = async () => ({ mails: (await store.mail.listOutbox(100)).length, accepted: accepted.length });

test.each([
  ['X-Forwarded-For: 127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }, /carries a x-forwarded-for header/],
  ['Forwarded: for=127.0.0.1', { forwarded: 'for=127.0.0.1' }, /carries a forwarded header/],
  ['X-Real-IP: 127.0.0.1', { 'x-real-ip': '127.0.0.1' }, /carries a x-real-ip header/],
  ['X-Forwarded-Host: localhost', { 'x-forwarded-host': 'localhost' }, /carries a x-forwarded-host header/],
  ['Via: 1.1 proxy', { via: '1.1 proxy' }, /carries a via header/],
  ['Host: evil.example', { host: 'evil.example' }, /only to a loopback Host .* not &quot;evil.example&quot;/],
  ['Host: localhost on another port', { host: 'localhost:1' }, /not &quot;localhost:1&quot;/],
  ['Host: 127.0.0.1.evil.example', { host: '127.0.0.1.evil.example' }, /not &quot;127.0.0.1.evil.example&quot;/],
])('with %s the outbox is refused, the reply form sends nothing', async (_name, headers, why) => {
  const before = await counts();
  for (const path of ['/outbox', `/outbox/${mailId}`, `/outbox/${mailId}/html`, `/outbox/${mailId}/raw`]) {
    const page = await send(path, { headers });
    expect(page.status, path).toBe(403);
    expect(page.body, path).toMatch(why);
    expect(page.body, path).toContain('Nothing was shown or sent.');
    expect(page.body, path).not.toContain('Approve? Library opens');
  }
  const reply = await send(`/outbox/${mailId}/reply`, { ...replyForm, headers: { ...replyForm.headers, ...headers } });
  expect(reply.status).toBe(403);
  expect(reply.body).toMatch(why);
  expect(await counts()).toEqual(before);
});

test('a request with no socket (in-process app.request) is refused', async () => {
  const app = createApp({ store, database: db.database, config, secret, mailer, outbox: true, demo: false, log: quietLog });
  const before = await counts();
  const page = await app.request(`http://127.0.0.1:${server.port}/outbox`);
  expect(page.status).toBe(403);
  expect(await page.text()).toContain('this request came without a socket');
  const reply = await app.request(`http://127.0.0.1:${server.port}/outbox/${mailId}/reply`, {
    method: 'POST',
    body: new URLSearchParams({ text: 'approve' }),
  });
  expect(reply.status).toBe(403);
  expect(await counts()).toEqual(before);
});

test('a direct request from this machine, by 127.0.0.1 or localhost, sees the outbox and can reply', async () => {
  for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
    const list = await send('/outbox', { headers: { host } });
    expect(list.status, host).toBe(200);
    expect(list.body, host).toContain('Approve? Library opens');
  }
  // the page's own reply form, sent with the cookie and token the page gave
  const browser = FormClient.forUrl(`http://127.0.0.1:${server.port}`);
  const mail = await browser.get(`/outbox/${mailId}`);
  expect(mail.text).toContain(`action="/outbox/${mailId}/reply"`);
  const before = await counts();
  const reply = await browser.submit(mail);
  expect([reply.status, reply.headers.get('location')]).toEqual([303, '/outbox']);
  // The catcher stores a mail before it answers 250, so the reply is there once the form has answered.
  expect(await counts()).toEqual({ mails: before.mails + 1, accepted: before.accepted + 1 });
  expect(accepted.at(-1)).toBe(replyTo);
});

test('a mail sent again under its own Message-ID (a retry after a crash) is listed as a copy of the first, not as a new mail', async () => {
  const mail = {
    from: config.email.from,
    to: 'bea@testcity.example',
    subject: 'Approve? Pool reopens',
    text: 'Reply approve or reject.',
    html: '<p>Reply approve or reject.</p>',
    messageId: '<retry-1@kaiku.test>',
  };
  await mailer.send(mail);
  await mailer.send(mail); // the activity's retry: same message, delivered twice over SMTP
  await mailer.send({ ...mail, to: 'cid@testcity.example', messageId: '<retry-2@kaiku.test>' });
  const list = (await send('/outbox', { headers: { host: `127.0.0.1:${server.port}` } })).body;
  const rows = [...list.matchAll(/<tr data-mail-id="(\d+)" data-inbound="false" data-repeat-of="(\d*)">[\s\S]*?<\/tr>/g)].filter((m) =>
    m[0].includes('Pool reopens'),
  );
  expect(rows).toHaveLength(3); // every delivery stays visible: the outbox hides nothing
  const [other, copy, first] = rows; // newest first
  expect(copy![2]).toBe(first![1]);
  expect(copy![0]).toContain(`the same message as <a href="/outbox/${first![1]}">#${first![1]}</a>`);
  expect([first![2], other![2]]).toEqual(['', '']);
});
