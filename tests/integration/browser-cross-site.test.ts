import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, loopbackContext, screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { copyForms, serveForgery, withFields, type CopiedForm, type Forgery } from '../helpers/cross-site.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, waitFor } from '../helpers/mail.js';
import { rowVersions, type SnapshotTable } from '../helpers/snapshot.js';
import { readLinkToken } from '../../rules/tokens/link-token.js';
import { dailyNudges } from '../../workflows/engagement.js';

// Forged posts of every form kaiku serves, made by another site in the victim's own Chromium while the victim is
// signed in: from another loopback address (cross-site), from another port of kaiku's host (same-site: the
// browser sends kaiku's cookies along), from a sandboxed iframe and from a no-referrer page (both Origin: null).
// The attacker knows every field value, even a hidden token copied from their own browser. Each post is refused
// and nothing in the store changes.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const AINO = 'aino@testcity.example';
const GUS = 'gus@testcity.example';
const TABLES: SnapshotTable[] = [
  'sources',
  'items',
  'item_sources',
  'approval_events',
  'keyed_mail',
  'advocates',
  'admin_sessions',
  'login_nonces',
  'rate_limits',
  'link_events',
  'suggestions',
  'outbox_mail',
  'inbound_mail',
];

let feeds: FeedServer;
let pages: FeedServer;
let evil: FeedServer;
let sameHost: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
let victim: LoopbackContext;
let attacker: LoopbackContext;
let before: string[] = [];
/** The forms the attacker copied, by what they do. */
const forms = new Map<string, CopiedForm>();
const links = new Map<string, string>();
interface Post {
  path: string;
  origin: string | null;
  site: string | null;
  cookies: string[];
  status: number;
  location: string | null;
  body: string;
}
const posts: Post[] = [];

const mails = () => outboxMailsTo(harness.store);
const snapshot = () => rowVersions(harness.db.database.db, TABLES);

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  const seen = (await signInLinksTo(mails(), email)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', email);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  await page.goto(`${base}${await signInLinkFor(mails(), email, seen)}`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  return page;
}

/** The links of the newest mail to `email` of this kind. */
async function linksInMail(email: string, kind: 'digest' | 'nudge'): Promise<string[]> {
  const mail = (await caughtMail(harness.store))
    .reverse()
    .find(
      (m) => !m.inbound && m.to.includes(email) && (kind === 'digest' ? m.parsed.headers.has('x-kaiku-digest') : m.parsed.headers.get('x-kaiku-mail') === kind),
    )!;
  return [...String(mail.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The attacker, in their own browser, opens `url` and copies its POST form whose action is `action` (default: the page's own path). */
async function copyFrom(url: string, action = new URL(url).pathname, page?: Page): Promise<CopiedForm> {
  const tab = page ?? (await attacker.context.newPage());
  if (tab.url() !== url) await tab.goto(url);
  const found = (await copyForms(tab)).filter((form) => new URL(form.action).pathname === action);
  if (found.length === 0) throw new Error(`no form posting to ${action} on ${url}`);
  return found[0]!;
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  pages = await FeedServer.start('127.0.0.2');
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 4, 'news'), { language: 'fi' }));
  pages.feed('/article', '<!doctype html><html><head><meta property="og:title" content="An attacker’s article"></head><body>…</body></html>', 'text/html');
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      // Bo approves too: the admin page shows Decide only to an item's approvers, and he copies its forms.
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA, BO] }], {
        fetch: { enrich: false },
        digest: { lookback: '60 days' },
        nudges: { after: '1 day' },
      }),
      server: { host: '127.0.0.1', port },
    },
    suggestionAddressPolicy: (address) => address === '127.0.0.2',
  });
  // kaiku's answers to posts, as they leave the server: what the browser sent and what it got
  // (the node server's bindings go along, so kaiku sees the socket as it does in production)
  const recording = async (request: Request, env: unknown) => {
    const response = await harness.app.fetch(request, env);
    if (request.method === 'POST')
      posts.push({
        path: new URL(request.url).pathname,
        origin: request.headers.get('origin'),
        site: request.headers.get('sec-fetch-site'),
        cookies: (request.headers.get('cookie') ?? '')
          .split(/;\s*/)
          .map((pair) => pair.split('=')[0]!)
          .filter(Boolean)
          .sort(),
        status: response.status,
        location: response.headers.get('location'),
        body: await response.clone().text(),
      });
    return response;
  };
  server = serve({ fetch: recording, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();

  // The world: two items approved and in a digest and a nudge, two waiting for approval; Gus has unsubscribed.
  await harness.poll('news');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title));
  await approveItems({ ...harness, log: quietLog }, [pending[0]!.id, pending[1]!.id], ADA);
  const [decide, byLink] = [pending[2]!, pending[3]!];
  await harness.store.advocates.upsert([
    advocate({ email: AINO, name: 'Aino Virtanen', language: 'en' }),
    advocate({ email: GUS, name: 'Gus Gone', language: 'en' }),
  ]);
  await runDigestTick(harness.client, harness.taskQueue, { force: true });
  await waitFor('the digests', async () => (await caughtMail(harness.store)).filter((m) => m.parsed.headers.has('x-kaiku-digest')).length === 2);
  await harness.store.advocates.unsubscribe(String((await harness.store.advocates.byEmail(GUS))!.id));
  const at = new Date(Date.now() + 2 * 24 * 3_600_000);
  await harness.client.workflow.execute(dailyNudges, {
    taskQueue: harness.taskQueue,
    workflowId: `test-nudges-${randomUUID()}`,
    args: [{ at: at.toISOString() }],
  });

  // The victim: Ada, signed in in this browser (and on her phone, whose session an attacker would end).
  victim = await loopbackContext(browser);
  await signIn(victim.context, ADA);
  const phone = await loopbackContext(browser);
  await signIn(phone.context, ADA);
  await phone.context.close();
  const [phoneSession, laptopSession] = await harness.db.database.db
    .selectFrom('admin_sessions')
    .select('id_hash')
    .where('admin_email', '=', ADA)
    .orderBy('created_at', 'desc')
    .execute();

  // The attacker: Bo, in his own browser, signed in as himself, and holding a sign-in link of his not yet used.
  attacker = await loopbackContext(browser);
  const bo = await signIn(attacker.context, BO);
  forms.set('sign out', await copyFrom(`${base}/admin`, '/admin/logout', bo));
  forms.set(
    'approve on the admin page',
    withFields(await copyFrom(`${base}/admin`, `/admin/items/${decide.id}/decide`, bo), { caption_x: 'Bought followers here!' }),
  );
  const reject = (await copyForms(bo)).find(
    (form) => form.action.endsWith(`/admin/items/${decide.id}/decide`) && form.fields.some(([, value]) => value === 'reject'),
  )!;
  forms.set('reject on the admin page', withFields(reject, { reason: 'forged' }));
  await bo.goto(`${base}/admin/sessions`);
  forms.set("end the victim's other session", await copyFrom(`${base}/admin/sessions`, `/admin/sessions/${phoneSession!.id_hash}/end`, bo));
  forms.set("end the victim's session", await copyFrom(`${base}/admin/sessions`, `/admin/sessions/${laptopSession!.id_hash}/end`, bo));
  forms.set('ask for a sign-in link', withFields(await copyFrom(`${base}/admin/login`), { email: ADA }));
  const seen = (await signInLinksTo(mails(), BO)).length;
  const login = await attacker.context.newPage();
  await login.goto(`${base}/admin/login`);
  await login.fill('#email', BO);
  await login.click('button:has-text("Email me a sign-in link")');
  await login.waitForSelector('text=a sign-in link is on its way');
  links.set('sign in as the attacker', `${base}${await signInLinkFor(mails(), BO, seen)}`);
  forms.set('sign in as the attacker', await copyFrom(links.get('sign in as the attacker')!));

  // What reached the victims' inboxes (the attacker learnt the links): an approval request, a digest, a nudge.
  const request = (await approvalMailsTo(harness.store, ADA)).find((mail) => mail.parsed.headers.get('x-kaiku-item') === byLink.id)!;
  links.set('approve by link', /Approve:\s+(http:\/\/\S+\/a\/\w+)/.exec(request.parsed.text!)![1]!);
  forms.set('approve by link', await copyFrom(links.get('approve by link')!));
  forms.set('reply from the outbox', await copyFrom(`${base}/outbox/${request.id}`, `/outbox/${request.id}/reply`));
  const digest = await linksInMail(AINO, 'digest');
  const find = (prefix: string) => digest.find((href) => href.startsWith(`${base}${prefix}`))!;
  links.set('preferences', find('/p/'));
  const preferences = await copyFrom(find('/p/'));
  forms.set('save preferences', {
    action: preferences.action,
    fields: [...preferences.fields.filter(([name]) => name !== 'networks' && name !== 'showName'), ['networks', 'bluesky'], ['showName', 'yes']],
  });
  links.set('unsubscribe', find('/u/'));
  const unsubscribe = await copyFrom(find('/u/'));
  forms.set('unsubscribe', unsubscribe);
  forms.set('one-click unsubscribe (RFC 8058) from a browser', { action: unsubscribe.action, fields: [['List-Unsubscribe', 'One-Click']] });
  const gusUnsubscribe = (await linksInMail(GUS, 'digest')).find((href) => href.startsWith(`${base}/u/`))!;
  forms.set('subscribe again', await copyFrom(gusUnsubscribe, `${new URL(gusUnsubscribe).pathname}/resubscribe`));
  const share = digest.find((href) => {
    const token = href.startsWith(`${base}/s/`) ? readLinkToken(harness.secret, href.slice(`${base}/s/`.length)) : undefined;
    return token?.ok && token.link.kind === 'share' && token.link.network === 'x';
  })!;
  forms.set('share', await copyFrom(share));
  links.set('suggest', find('/suggest/'));
  forms.set('suggest a link', withFields(await copyFrom(find('/suggest/')), { url: pages.url('/article'), note: 'forged' }));
  const snooze = (await linksInMail(AINO, 'nudge')).find((href) => href.startsWith(`${base}/n/`))!;
  links.set('snooze', snooze);
  forms.set('snooze', await copyFrom(snooze));
  await attacker.context.close();

  // Everything set in motion above has settled: the confirmations of the two approvals are sent.
  await waitFor('the confirmations of the approvals', async () => {
    const trails = await harness.store.approvals.trails([pending[0]!.id, pending[1]!.id]);
    const sent = await harness.db.database.db.selectFrom('keyed_mail').select('state').execute();
    return [...trails.values()].every((trail) => trail.some((event) => event.kind === 'confirmed')) && sent.every((row) => row.state === 'sent');
  });
  before = await snapshot();
}, 180_000);

afterAll(async () => {
  await victim?.context.close();
  await browser?.close();
  server?.close();
  await harness?.close();
  for (const site of [feeds, pages, evil, sameHost]) await site?.close();
});

/** The signed-in admin pages look the session up first: a post without kaiku's session cookie goes to sign-in. */
const needsSession = (form: CopiedForm) => {
  const path = new URL(form.action).pathname;
  return path.startsWith('/admin/') && !path.startsWith('/admin/login');
};

/** Makes the victim's browser open the attacker's page for `form`; returns the page and kaiku's answer to the forged post. */
async function forge(site: FeedServer, form: CopiedForm, forgery: Forgery): Promise<{ page: Page; post: Post }> {
  const page = await victim.context.newPage();
  const seen = posts.length;
  const path = new URL(form.action).pathname;
  await page.goto(serveForgery(site, form, forgery), { waitUntil: 'commit' });
  const post = await waitFor(`the forged post to ${path}`, async () => posts.slice(seen).find((p) => p.path === path));
  return { page, post };
}

async function expectRefused(site: FeedServer, forgery: Forgery, sent: { origin: string; site: string; cookies: boolean }, reason: string, shot: string) {
  for (const [name, form] of forms) {
    const { page, post } = await forge(site, form, forgery);
    // what the browser sent: nothing set by hand, so this is Chromium's own doing
    expect({ origin: post.origin, site: post.site }, name).toEqual({ origin: sent.origin, site: sent.site });
    expect(post.cookies, name).toEqual(sent.cookies ? ['kaiku_form', 'kaiku_session'] : []);
    if (needsSession(form) && !sent.cookies) {
      // no session cookie came along: the signed-in admin pages answer with sign-in before they read the form
      expect([post.status, post.location], name).toEqual([303, '/admin/login']);
      if (forgery !== 'sandboxed-iframe') {
        await page.waitForURL(`${base}/admin/login`);
        expect(await page.locator('#email').count(), name).toBe(1);
      }
    } else {
      expect(post.status, name).toBe(403);
      expect(post.body, name).toContain(`This form was not accepted, and nothing was changed:</strong> ${reason}.`);
      if (forgery !== 'sandboxed-iframe') {
        await page.waitForURL(form.action);
        expect(await textOf(page, '[role="alert"]'), name).toContain(`This form was not accepted, and nothing was changed: ${reason}.`);
        if (name === 'approve by link') await screenshot(page, shot);
      }
    }
    await page.close();
  }
  expect(await snapshot()).toEqual(before);
}

describe('forged posts of every form, in the signed-in victim’s browser', () => {
  test('from another site (another loopback address): refused, nothing changed', async () => {
    expect(forms.size).toBe(16);
    await expectRefused(
      evil,
      'page',
      { origin: evil.origin, site: 'cross-site', cookies: false },
      'the browser says it was sent from another site',
      'cross-site-refused',
    );
  });

  test('from another port of kaiku’s own host (same-site: the browser sends kaiku’s cookies along): refused, nothing changed', async () => {
    await expectRefused(
      sameHost,
      'page',
      { origin: sameHost.origin, site: 'same-site', cookies: true },
      'the browser says it was sent from another site on this domain',
      'same-site-refused',
    );
  });

  test('from a sandboxed iframe (Origin: null): refused, nothing changed', async () => {
    await expectRefused(
      evil,
      'sandboxed-iframe',
      { origin: 'null', site: 'cross-site', cookies: false },
      'the browser says it was sent from another site',
      'sandboxed-refused',
    );
  });

  test('from a page with Referrer-Policy no-referrer (Origin: null): refused, nothing changed', async () => {
    await expectRefused(
      evil,
      'no-referrer',
      { origin: 'null', site: 'cross-site', cookies: false },
      'the browser says it was sent from another site',
      'no-referrer-refused',
    );
  });

  test('links from another site only show kaiku’s pages, and change nothing; the victim is still signed in', async () => {
    const page = await victim.context.newPage();
    for (const [name, link] of links) {
      evil.route(`/link-${name.replace(/\W+/g, '-')}`, (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<a id="go" href="${link}">Free tickets</a>`),
      );
      await page.goto(evil.url(`/link-${name.replace(/\W+/g, '-')}`));
      const [answer] = await Promise.all([page.waitForResponse(link), page.click('#go')]);
      expect(answer.status(), name).toBe(200);
      expect(await page.locator('form[method="post"]').count(), name).toBeGreaterThan(0);
    }
    await page.goto(`${base}/admin`);
    expect(page.url()).toBe(`${base}/admin`);
    expect(await textOf(page, 'header form')).toContain('Ada Admin');
    expect(await snapshot()).toEqual(before);
    expect(victim.elsewhere).toEqual([]);
    expect(attacker.elsewhere).toEqual([]);
  });
});
