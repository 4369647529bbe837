import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { createStore } from '../../db/store.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import type { KaikuConfig } from '../../config/schema.js';
import { Secret } from '../../rules/tokens/secret.js';
import { signToken } from '../../rules/tokens/signed-token.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { createMailer, type Mailer } from '../../integrations/email/mailer.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../helpers/form-client.js';

const secret = new Secret('x'.repeat(40));

let db: TestDatabase;
let config: KaikuConfig;
let sink: MailSink;
let mailer: Mailer;
/** Ada, signed in through the sign-in form and the link mailed to her (real SMTP to a loopback sink). */
let ada: FormClient;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  ({ config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://e.org/feed.xml' }])));
  const store = createStore(db.database.db);
  await store.sources.sync(config.sources);
  await store.sources.recordFailure('news', 'the server answered <b>HTTP 500</b>');
  const url = 'https://e.org/a';
  await store.items.insertNew([
    {
      id: itemIdFor(url),
      url,
      source_id: 'news',
      title: '<script>alert("title")</script>Library opens',
      summary: '<img src=x onerror=alert(1)>',
      image_url: 'https://e.org/i.png" onerror="alert(2)',
      author: null,
      language: 'en',
      topics: JSON.stringify(['city']),
      categories: '[]',
      published_at: null,
      approval_started_at: null,
    },
  ]);
  sink = await startMailSink({ keepRaw: true });
  mailer = createMailer(sink.url, quietLog);
  ada = FormClient.forApp(app());
  await signInAsAdmin(ada, sinkMailsTo(sink), 'ada@testcity.example');
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await db?.drop();
});

const app = (demo = false) => createApp({ store: createStore(db.database.db), database: db.database, config, secret, mailer, demo, log: quietLog });

test('the admin page lists pending items and source health, with everything from feeds escaped', async () => {
  const response = await ada.request('/admin');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  const page = await response.text();
  expect(page).toContain('Waiting for approval<span class="count">1</span>');
  expect(page).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;Library opens');
  expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(page).not.toContain('<script>');
  expect(page).not.toMatch(/<img src=x/);
  expect(page).toContain('src="https://e.org/i.png&quot; onerror=&quot;alert(2)"');
  expect(page).toContain('data-source-id="news" data-health="unhealthy"');
  expect(page).toContain('the server answered &lt;b&gt;HTTP 500&lt;/b&gt;');
});

test('other states are their own tabs; an unknown state shows the pending ones', async () => {
  expect(await (await ada.request('/admin?state=approved')).text()).toContain('No items are approved yet.');
  expect(await (await ada.request('/admin?state=%3Cscript%3E')).text()).toContain('<h2>Waiting for approval (1)</h2>');
});

test('the admin page wants a signed-in admin: no session, a made-up one, or one an old signed cookie named goes to the sign-in page', async () => {
  const invented = [
    undefined,
    `kaiku_session=${'A'.repeat(43)}`,
    `kaiku_session=${signToken(secret, 'session', { email: 'ada@testcity.example' }, 3_600_000)}`, // the cookie format before server-side sessions
  ];
  for (const cookie of invented) {
    const response = await app().request('/admin', cookie ? { headers: { cookie } } : {});
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/login');
  }
  const decide = await app().request('/admin/items/itm_x/decide', { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
  expect(decide.status).toBe(303);
});

test('/ goes to the admin page; the demo feed is served only for the demo program', async () => {
  const root = await app().request('/');
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/admin');
  expect((await app(false).request('/demo/feed.xml')).status).toBe(404);
  const feed = await app(true).request('http://127.0.0.1:8080/demo/feed.xml');
  expect(feed.headers.get('content-type')).toContain('application/rss+xml');
  expect(await feed.text()).toContain('<link>http://127.0.0.1:8080/demo/articles/uusi-kirjasto-avautuu?utm_source=rss&amp;utm_medium=feed</link>');
});

test('/healthz answers 200 while the store answers, and 503 naming it when it does not; /livez and /readyz apart', async () => {
  // a source whose feed broke is counted, but kaiku itself is healthy: the other sources go on
  const ok = await app().request('/healthz');
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({
    status: 'ok',
    checks: { database: { ok: true }, smtp: { ok: true } },
    sources: { unhealthy: 1, total: 1 },
    checkedAt: expect.any(String),
  });
  expect((await app().request('/readyz')).status).toBe(200);

  const other = await openTestDatabase('pglite');
  const broken = createApp({ store: createStore(other.database.db), database: other.database, config, secret, demo: false, log: quietLog });
  await other.database.close();
  const down = await broken.request('/healthz');
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ status: 'degraded', checks: { database: { ok: false, detail: expect.stringMatching(/^unavailable: /) } } });
  // not ready to serve, but alive: an orchestrator takes it out of rotation and does not restart it
  expect((await broken.request('/readyz')).status).toBe(503);
  expect(await (await broken.request('/livez')).json()).toEqual({ status: 'ok' });
});

test('pages take their styles from one stylesheet under a hashed name, cached for a year; no inline style is allowed or used', async () => {
  const response = await ada.request('/admin');
  const csp = response.headers.get('content-security-policy')!;
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  const page = await response.text();
  expect(page).not.toMatch(/<style|\sstyle="/);
  const href = /<link rel="stylesheet" href="(\/assets\/kaiku\.[0-9a-f]{12}\.css)"/.exec(page)![1]!;
  const sheet = await app().request(href);
  expect(sheet.status).toBe(200);
  expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
  expect(sheet.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await sheet.text()).toContain('--accent:');
  expect((await app().request('/assets/kaiku.000000000000.css')).status).toBe(404); // an old name is gone, not served stale
});
