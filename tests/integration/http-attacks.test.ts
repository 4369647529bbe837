import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { FormClient, signInAsAdmin, signInLinkFor, signInLinksTo, sinkMailsTo } from '../helpers/form-client.js';
import { sessionIdHash } from '../../server/session.js';

// Issue 13's attacks on kaiku's HTTP server, each over a real socket and each asserting the refusal and that
// nothing changed in the store: oversized bodies (with a bound on the server's memory), forged origins and
// missing form tokens, a sign-in flood, an older sign-in link, a cookie kept after sign-out. (Cross-site
// posts from a real browser are in the Chromium suite; attacks on approval by email in approval-email-attacks.)

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
/** An admin whose mail server holds every message in the middle of its SMTP transaction (a relay that hangs). */
const CY = 'cy@testcity.example';
let feeds: FeedServer;
let sink: MailSink;
let slack: FakeSlack;
let harness: Harness;
let server: ServerType;
let base = '';

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news')));
  sink = await startMailSink({ keepRaw: true, hold: [CY] });
  slack = await startFakeSlack();
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
      admins: [
        { name: 'Ada Admin', email: ADA },
        { name: 'Bo Backup', email: BO },
        { name: 'Cy Held', email: CY },
      ],
    }),
    smtpUrl: sink.url,
    slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  server = serve({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.close();
  await harness?.close();
  await slack?.close();
  await sink?.close();
  await feeds?.close();
});

const snapshot = () => allRowVersions(harness.db.database.db, ['rate_limits']);

/**
 * Streams `megabytes` of zeros to `path` (never held in the client's memory), with a Content-Length or
 * chunked, and resolves with the status the server answered and how much it took before answering.
 */
function upload(path: string, megabytes: number, framing: 'length' | 'chunked'): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024);
    const total = megabytes * 1024 * 1024;
    let sent = 0;
    const req = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(framing === 'length' ? { 'content-length': String(total) } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode!, sent });
      req.destroy();
    });
    // the server closing the connection mid-upload is the expected end; the status came first
    req.on('error', (error: NodeJS.ErrnoException) => (['ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? undefined : reject(error)));
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('oversized bodies', () => {
  test('a 400 MB post to /slack/events or /admin/login is refused with 413 before it is read; the server grows by a few MB at most', async () => {
    const before = await snapshot();
    const rss = process.memoryUsage().rss;
    for (const path of ['/slack/events', '/admin/login', '/p/x', '/inbound/email'])
      for (const framing of ['length', 'chunked'] as const) {
        const answer = await upload(path, 400, framing);
        expect(answer.status, `${framing} ${path}`).toBe(413); // /inbound/email: no webhook secret here, so no door, and the server-wide limit
        expect(answer.sent, `${framing} ${path}: stopped long before 400 MB`).toBeLessThan(64 * 1024 * 1024);
      }
    const grown = (process.memoryUsage().rss - rss) / 1024 / 1024;
    expect(grown).toBeLessThan(24); // the test process holds both ends: kaiku's server and the client
    expect(await snapshot()).toEqual(before);
  });

  test('a form body over the form limit (64 KB) is refused, and a Slack body over 1 MB', async () => {
    const before = await snapshot();
    const form = await fetch(`${base}/admin/login`, { method: 'POST', body: `email=${'a'.repeat(70 * 1024)}` });
    expect(form.status).toBe(413);
    expect(await form.text()).toMatch(/larger than the 64 KB kaiku accepts for a form; nothing was read or changed/);
    const events = await fetch(`${base}/slack/events`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(events.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });
});

describe('forms', () => {
  test('a form post with a forged Origin, from a sandboxed frame (Origin: null) without its token, or with no token at all is refused; nothing changed', async () => {
    const ada = FormClient.forUrl(base);
    await signInAsAdmin(ada, sinkMailsTo(sink), ADA);
    const item = (await harness.store.items.listByState('pending', 10))[0]!;
    const page = await ada.get('/admin');
    const action = `/admin/items/${item.id}/decide`;
    const form = page.$(`form[action="${action}"]`).first();
    const token = form.find('input[name="_csrf"]').attr('value')!;
    const before = await snapshot();
    const attempts: [string, Record<string, string>, Record<string, string>][] = [
      ['a forged Origin, with the right token', { origin: 'https://evil.example' }, { _csrf: token }],
      ['another site, as the browser says', { 'sec-fetch-site': 'cross-site' }, { _csrf: token }],
      ['another port of this host (same-site)', { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:1' }, { _csrf: token }],
      ['a sandboxed frame (Origin: null) without the token', { origin: 'null' }, {}],
      ['no token at all', {}, {}],
      ['a token of another form', {}, { _csrf: page.$('form[action="/admin/logout"] input[name="_csrf"]').attr('value')! }],
    ];
    for (const [what, headers, fields] of attempts) {
      const answer = await ada.request(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ decision: 'approve', ...fields }).toString(),
      });
      expect(answer.status, what).toBe(403);
      expect(await answer.text(), what).toContain('This form was not accepted, and nothing was changed');
    }
    // the same token from a browser without kaiku's form cookie (another person's browser) is refused too
    const stranger = await fetch(`${base}${action}`, { method: 'POST', body: new URLSearchParams({ decision: 'approve', _csrf: token }), redirect: 'manual' });
    expect(stranger.status).toBe(303); // not signed in: to the sign-in page, nothing decided
    expect(await snapshot()).toEqual(before);
    expect((await harness.store.items.get(item.id))!.state).toBe('pending');
  });
});

describe('sign-in', () => {
  test('a flood of sign-in requests for one address is cut off after five per 15 minutes, admin or not, with the same answer; nothing is mailed past the limit', async () => {
    const mails = () => sink.messages.filter((m) => m.to.includes(BO)).length;
    const answers: { status: number; text: string }[] = [];
    const sent = mails();
    for (let n = 0; n < 8; n++) {
      const bo = FormClient.forUrl(base);
      const response = await bo.submit(await bo.get('/admin/login'), { fields: { email: BO } });
      answers.push({ status: response.status, text: await response.text() });
      // each link arrives before the next is asked for, so the mails' order is the links' order
      if (response.status === 200) await waitFor(`link ${n + 1} mailed`, async () => mails() - sent === n + 1);
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(answers[5]!.text).toContain('too many sign-in requests');
    expect(mails() - sent).toBe(5);
    // a non-admin's flood gets the very same answers
    const strangers: number[] = [];
    for (let n = 0; n < 7; n++) {
      const someone = FormClient.forUrl(base);
      strangers.push((await someone.submit(await someone.get('/admin/login'), { fields: { email: 'nobody@testcity.example' } })).status);
    }
    expect(strangers).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(sink.messages.filter((m) => m.to.includes('nobody@testcity.example'))).toEqual([]);
    // only the newest of Bo's five links works; the older ones were replaced
    const links = await signInLinksTo(sinkMailsTo(sink), BO);
    const older = FormClient.forUrl(base);
    const before = await snapshot();
    expect((await older.submit(await older.get(links[1]!))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    const newest = FormClient.forUrl(base);
    expect((await newest.submit(await newest.get(links[0]!))).status).toBe(303);
  });

  test('the sign-in answer does not wait for the mail: it is the same for an admin whose SMTP relay hangs and for a stranger', async () => {
    const ask = async (email: string) => {
      const someone = FormClient.forUrl(base);
      const response = await someone.submit(await someone.get('/admin/login'), { fields: { email } });
      return { status: response.status, text: (await response.text()).replaceAll(email, '<address>') };
    };
    const [admin, stranger] = [await ask(CY), await ask('stranger@testcity.example')];
    // Cy's link is stuck in an SMTP transaction that has not finished, yet she was answered, as the stranger was
    await waitFor('the sign-in mail to Cy held at RCPT', async () => sink.held.includes(CY));
    expect(admin).toEqual(stranger);
    expect(admin.status).toBe(200);
    sink.release();
    await signInLinkFor(sinkMailsTo(sink), CY);
  });

  test('after sign-out the old session cookie is refused on every page; the session is ended in the store', async () => {
    const ada = FormClient.forUrl(base);
    await signInAsAdmin(ada, sinkMailsTo(sink), ADA);
    expect((await ada.request('/admin')).status).toBe(200);
    const kept = ada.cookieHeader(); // what an attacker who copied the cookie would replay
    const signOut = await ada.submit(await ada.get('/admin'), { action: '/admin/logout' });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get('location')).toBe('/admin/login?signed-out');
    for (const path of ['/admin', '/admin/advocates', '/admin/analytics', '/admin/sessions']) {
      const replayed = await fetch(`${base}${path}`, { headers: { cookie: kept }, redirect: 'manual' });
      expect(replayed.status, path).toBe(303);
      expect(replayed.headers.get('location'), path).toBe('/admin/login');
    }
    const id = /kaiku_session=([\w-]+)/.exec(kept)![1]!;
    const row = await harness.db.database.db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', sessionIdHash(id)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ admin_email: ADA, ended_by: ADA });
    expect(row.ended_at).toBeInstanceOf(Date);
    expect((await harness.store.sessions.listLive()).some((s) => s.id_hash === row.id_hash)).toBe(false);
  });
});
