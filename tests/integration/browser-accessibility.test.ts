import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { audit, auditTable, seriousOf, type Figures } from '../helpers/accessibility.js';
import { launchChromium, loopbackContext, pickConsoleLanguage, screenshotWidths, signInByClicking, type LoopbackContext } from '../helpers/browser.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor } from '../helpers/mail.js';
import { buildSourceSchema } from '../../config/schema.js';
import { readLinkToken } from '../../rules/tokens/link-token.js';

// WCAG 2.1 AA, which the public bodies running kaiku must meet: axe-core in Chromium on every admin page (signed in
// by clicking through the mailed link) and every page an advocate reaches from their digest, with no serious or
// critical violation. The figures per page are printed, to be read beside the screenshots.

const ADA = 'ada@testcity.example';
const AINO = 'aino@testcity.example';
/** The one header's pages, on every signed-in admin page. */
const NAV = ['Items', 'Compose', 'Sources', 'Advocates', 'Captions', 'This week', 'Digests', 'Leaderboards', 'Analytics', 'Admins', 'Sessions'];

let feeds: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let context: LoopbackContext;
let base = '';
let digestLinks: string[] = [];

const mails = () => outboxMailsTo(harness.store);

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
        digest: { lookback: '60 days' },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  server = serve({ fetch: harness.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  // The world: two items approved and in Aino's digest, one waiting for a decision.
  await harness.poll('news');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title));
  await approveItems({ ...harness, log: quietLog }, [pending[0]!.id, pending[1]!.id], ADA);
  await harness.store.advocates.upsert([advocate({ email: AINO, name: 'Aino Virtanen', language: 'fi', topics: [] })]);
  // A console source, for its page with the edit form (its Schedule is not needed to draw it).
  await harness.store.sources.addConsole(buildSourceSchema(harness.registry).parse({ id: 'blog', kind: 'feed', name: 'Blog', url: feeds.url('/blog.xml') }));
  await runDigestTick(harness.client, harness.taskQueue, { force: true });
  const digest = await waitFor('Aino’s digest', async () =>
    (await caughtMail(harness.store)).find((m) => !m.inbound && m.to.includes(AINO) && m.parsed.headers.has('x-kaiku-digest')),
  );
  digestLinks = [...String(digest.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  context = await loopbackContext(browser);
}, 180_000);

afterAll(async () => {
  await context?.context.close();
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
});

test('every admin page and every advocate-facing page has no serious or critical axe-core violation (WCAG 2.1 AA)', async () => {
  const page = await context.context.newPage();
  const figures: Figures[] = [];
  const headers: Record<string, string[]> = {};
  const at = async (path: string, name = path) => {
    await page.goto(path.startsWith('http') ? path : `${base}${path}`);
    figures.push(await audit(page, name));
    if (path.startsWith('/admin') && !path.startsWith('/admin/login')) headers[path] = await page.locator('header nav.top a').allTextContents();
  };

  await at('/admin/login');
  // Signed in by clicking, as a communicator does.
  const seen = (await signInLinksTo(mails(), ADA)).length;
  await page.fill('#email', ADA);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  figures.push(await audit(page, '/admin/login (link sent)'));
  await at(await signInLinkFor(mails(), ADA, seen), '/admin/login/<token>');
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  figures.push(await audit(page, '/admin'));
  const approved = (await harness.store.items.listByState('approved', 10))[0]!;
  const aino = (await harness.store.advocates.byEmail(AINO))!;
  for (const path of [
    '/admin?state=approved',
    `/admin/items/${approved.id}`,
    '/admin/advocates',
    '/admin/advocates/new',
    `/admin/advocates/${aino.id}`,
    `/admin/advocates/${aino.id}/erase`,
    `/admin/advocates/${aino.id}/preview`,
    '/admin/advocates/import',
    '/admin/this-week',
    `/admin/this-week?q=aino&advocate=${aino.id}`,
    '/admin/digests',
    '/admin/leaderboards',
    '/admin/analytics',
    '/admin/sessions',
    '/admin/advocates/999999/preview',
    '/admin/sources',
    '/admin/sources/new',
    '/admin/sources/news',
    '/admin/sources/blog',
    '/admin/people',
    '/admin/compose',
    '/admin/captions',
    // Last: its Count step follows below.
    `/admin/items/${approved.id}/urgent`,
  ])
    await at(path);
  // The urgent page's Count step, reached by its form.
  await page.check('input[name="kind"][value="all"]');
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button:has-text("Count")')]);
  await page.waitForSelector('#urgent-count');
  figures.push(await audit(page, '/admin/items/<id>/urgent (counted)'));

  // What Aino reaches from her digest.
  const link = (prefix: string) => digestLinks.find((href) => href.startsWith(`${base}${prefix}`));
  for (const [prefix, name] of [
    ['/s/', 'share page (/s/<token>)'],
    ['/p/', 'preferences (/p/<token>)'],
    ['/suggest/', 'suggestion form (/suggest/<token>)'],
    ['/u/', 'unsubscribe (/u/<token>)'],
  ] as const) {
    const href = link(prefix);
    expect(href, `a ${prefix} link in the digest`).toBeDefined();
    await at(href!, name);
  }

  // An approved item retracted on its page (clicked, as a communicator does), and its share page from the digest.
  const retracted = (await harness.store.items.listByState('approved', 10)).find((i) => i.id !== approved.id)!;
  await at(`/admin/items/${retracted.id}`);
  await Promise.all([page.waitForURL(`${base}/admin/items/${retracted.id}?done=retracted`), page.click('button:has-text("Retract from every later digest")')]);
  figures.push(await audit(page, '/admin/items/<id> (retracted)'));
  const withdrawn = digestLinks.find((href) => {
    const token = /\/s\/([A-Za-z0-9_-]+)$/.exec(href)?.[1];
    const read = token ? readLinkToken(harness.secret, token) : undefined;
    return read?.ok && read.link.itemId === retracted.id;
  });
  expect(withdrawn, 'a share link of the retracted item in the digest').toBeDefined();
  await at(withdrawn!, 'share page of a retracted item (withdrawn)');

  console.log(auditTable('axe-core (WCAG 2.1 A/AA) per page: passes, violations by impact (nodes)', figures));
  expect(figures.length).toBe(35);
  // One header everywhere: the same pages in the same order on each admin page.
  expect(Object.keys(headers)).toHaveLength(24);
  for (const [path, links] of Object.entries(headers)) expect(links, path).toEqual(NAV);
  expect(seriousOf(figures)).toEqual([]);
  expect(context.elsewhere).toEqual([]);
}, 180_000);

test('in Suomi and Svenska too: the items, a waiting and an approved item’s page, this week, the digests, the advocates, the sessions, the sources, Compose and Send now have no serious or critical axe-core violation, each with its lang', async () => {
  const { context: chosen } = await loopbackContext(browser);
  try {
    const page = await chosen.newPage();
    const seen = (await signInLinksTo(mails(), ADA)).length;
    await page.goto(`${base}/admin/login`);
    await page.fill('#email', ADA);
    await page.click('button:has-text("Email me a sign-in link")');
    await page.waitForSelector('text=a sign-in link is on its way');
    await page.goto(`${base}${await signInLinkFor(mails(), ADA, seen)}`);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
    const pending = (await harness.store.items.listByState('pending', 10))[0]!;
    const approved = (await harness.store.items.listByState('approved', 10))[0]!;
    const figures: Figures[] = [];
    // Picked in the header, as a communicator does; the last pick is English again, which the keyboard test reads.
    for (const [language, approve] of [
      ['fi', 'Hyväksy'],
      ['sv', 'Godkänn'],
      ['en', 'Approve'],
    ] as const) {
      await page.goto(`${base}/admin`);
      await pickConsoleLanguage(page, language);
      expect(page.url()).toBe(`${base}/admin`);
      if (language === 'en') break;
      for (const path of [
        '/admin',
        `/admin/items/${pending.id}`,
        `/admin/items/${approved.id}`,
        '/admin?state=approved',
        '/admin/this-week',
        '/admin/digests',
        '/admin/advocates',
        '/admin/sessions',
        '/admin/sources',
        '/admin/compose',
        `/admin/items/${approved.id}/urgent`,
      ]) {
        if (path !== '/admin') await page.goto(`${base}${path}`);
        expect(await page.locator('html').getAttribute('lang'), path).toBe(language);
        figures.push(await audit(page, `${path} (${language})`));
      }
      await page.goto(`${base}/admin/items/${pending.id}`);
      expect(await page.locator('.item-page button.approve').textContent()).toBe(approve);
    }
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    console.log(auditTable('axe-core in Finnish and Swedish: passes, violations by impact (nodes)', figures));
    expect(figures).toHaveLength(22);
    expect(seriousOf(figures)).toEqual([]);
  } finally {
    await chosen.close();
  }
}, 120_000);

/** Presses Tab until the focused element matches `selector` (and its text starts with `text`, when given): the keyboard's way there. */
async function tabTo(page: Page, selector: string, text?: string): Promise<void> {
  for (let presses = 0; presses < 120; presses++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate(
      ([s, t]) => {
        const focused = document.activeElement;
        return Boolean(focused?.matches(s!) && (t === undefined || (focused.textContent ?? '').trim().startsWith(t)));
      },
      [selector, text] as const,
    );
    if (there) return;
  }
  throw new Error(`Tab never reached ${selector}${text ? ` “${text}”` : ''}`);
}

test('keyboard only: sign in, open an item’s Decide, edit its X caption and approve it, without a mouse', async () => {
  const { context: keyboard } = await loopbackContext(browser);
  try {
    const page = await keyboard.newPage();
    const pending = (await harness.store.items.listByState('pending', 10))[0]!;
    const card = `article.item[data-item-id="${pending.id}"]`;
    await page.goto(`${base}/admin/login`);
    await tabTo(page, '#email');
    const seen = (await signInLinksTo(mails(), ADA)).length;
    await page.keyboard.type(ADA);
    await Promise.all([page.waitForSelector('text=a sign-in link is on its way'), page.keyboard.press('Enter')]);
    // The mailed link, as a person opens it from their mail; then the confirmation page's button, by keyboard.
    await page.goto(`${base}${await signInLinkFor(mails(), ADA, seen)}`);
    await tabTo(page, 'main button', 'Sign in');
    await Promise.all([page.waitForURL(`${base}/admin`), page.keyboard.press('Enter')]);

    await tabTo(page, `${card} summary`, 'Decide');
    await page.keyboard.press('Enter');
    await tabTo(page, `${card} summary`, 'Captions');
    await page.keyboard.press('Enter');
    await tabTo(page, `${card} textarea[name="caption_x"]`);
    const original = (await page.inputValue(`${card} textarea[name="caption_x"]`)).trim();
    const edited = `Typed on a keyboard: ${original}`;
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(edited);
    await tabTo(page, `${card} button.approve`);
    await Promise.all([page.waitForURL(`${base}/admin/items/${pending.id}/decide`), page.keyboard.press('Enter')]);
    expect(((await page.locator('.notice.ok').textContent()) ?? '').trim()).toMatch(/^Approved\./);
    const stored = await waitFor('the item approved', async () => {
      const row = await harness.store.items.get(pending.id);
      return row?.state === 'approved' && row;
    });
    expect(stored).toMatchObject({ decided_by: ADA, decided_via: 'admin' });
    expect(stored.captions!.networks.x).toBe(edited);
    expect(stored.captions!.edited).toBe(true);
  } finally {
    await keyboard.close();
  }
}, 120_000);

test('reflow (WCAG 1.4.10): every admin page reads at 320 px with no sideways scroll of the page; wide tables scroll in their own box', async () => {
  const narrow = await loopbackContext(browser);
  try {
    const page = await signInByClicking(narrow.context, base, mails(), ADA);
    const approved = (await harness.store.items.listByState('approved', 10))[0]!;
    const aino = (await harness.store.advocates.byEmail(AINO))!;
    const overflowing: string[] = [];
    const paths = [
      '/admin',
      '/admin?state=approved',
      `/admin/items/${approved.id}`,
      `/admin/items/${approved.id}/urgent`,
      '/admin/advocates',
      '/admin/advocates/new',
      `/admin/advocates/${aino.id}`,
      '/admin/advocates/import',
      '/admin/this-week',
      '/admin/digests',
      '/admin/leaderboards',
      '/admin/analytics',
      '/admin/sessions',
      '/admin/sources',
      '/admin/sources/new',
      '/admin/sources/news',
      '/admin/people',
      '/admin/compose',
      '/admin/captions',
    ];
    for (const path of paths) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}${path}`);
      await screenshotWidths(page, `reflow${path.replace(/[^a-z0-9]+/gi, '-')}`);
      await page.setViewportSize({ width: 320, height: 900 });
      // What sticks out of the 320 px page, outside a box that scrolls on its own: named, so a failure says where.
      const wide = await page.evaluate(() => {
        const inScrollBox = (el: Element) => {
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX) && up.clientWidth <= window.innerWidth) return true;
          }
          return false;
        };
        const out = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !inScrollBox(el));
        const names = out.map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`,
        );
        return { scroll: document.documentElement.scrollWidth, width: window.innerWidth, names: [...new Set(names)].slice(0, 5) };
      });
      if (wide.scroll > wide.width || wide.names.length > 0)
        overflowing.push(`${path}: page ${wide.scroll} px wide at ${wide.width}; sticking out: ${wide.names.join(', ')}`);
    }
    console.log(`reflow at 320 px: ${paths.length - overflowing.length} of ${paths.length} admin pages fit; screenshots in test-results/forms-reflow-*`);
    expect(overflowing).toEqual([]);
  } finally {
    await narrow.context.close();
  }
  expect(narrow.elsewhere).toEqual([]);
}, 180_000);
