import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshotWidths as screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems } from '../helpers/digests.js';

// "This week" as a communicator reads it, in Debian's Chromium against kaiku on a real socket: signed in by clicking,
// the header's "This week" opens the next run's figures and who gets nothing and why; a name there, and one found by
// the page's search, opens that advocate's digest in the fitted mail frame. The page is read-only: the browser posts
// nothing but the sign-in, and no digest, run or trail row is recorded.

const ADA = 'ada@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
let opened: LoopbackContext;
const posts: string[] = [];

const db = () => harness.db.database.db;
const count = async (table: 'digests' | 'digest_runs' | 'audit_trail') =>
  Number((await db().selectFrom(table).select(db().fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  const pending = await harness.store.items.listByState('pending', 10);
  await approveItems(
    { ...harness, log: quietLog },
    pending.map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', language: 'fi', branch: 'Library', topics: ['city'] }),
    advocate({ email: 'sam@testcity.example', name: 'Sam Taylor', language: 'en', branch: 'Schools' }),
    advocate({ email: 'pia@testcity.example', name: 'Pia Paused', language: 'fi', branch: 'Library' }),
    advocate({ email: 'uma@testcity.example', name: 'Uma Unsubscribed', language: 'sv', branch: 'Schools' }),
    advocate({ email: 'ville@testcity.example', name: 'Ville Koskinen', language: 'fi', branch: 'Schools', topics: ['sports'] }),
  ]);
  await harness.store.advocates.setPaused(String((await harness.store.advocates.byEmail('pia@testcity.example'))!.id), true);
  await harness.store.advocates.unsubscribe(String((await harness.store.advocates.byEmail('uma@testcity.example'))!.id));
  server = serve({
    fetch: async (request: Request, env: unknown) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') posts.push(new URL(request.url).pathname);
      return harness.app.fetch(request, env);
    },
    port,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  opened = await loopbackContext(browser);
}, 180_000);

afterAll(async () => {
  if (opened) await closeLoopbackContexts([opened]);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
});

test('signed in by clicking, This week shows the next run’s counts and who gets nothing and why; clicked names open their digests', async () => {
  const page = await opened.context.newPage();
  const mails = () => outboxMailsTo(harness.store);
  const seen = (await signInLinksTo(mails(), ADA)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', ADA);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  await page.goto(`${base}${await signInLinkFor(mails(), ADA, seen)}`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  const before = { digests: await count('digests'), runs: await count('digest_runs'), trail: await count('audit_trail') };

  await Promise.all([page.waitForURL(`${base}/admin/this-week`), page.click('header nav.top a:has-text("This week")')]);
  expect(await page.locator('header nav.top a[aria-current="page"]').textContent()).toBe('This week');
  // Aino (city, her topic) and Sam (no topics: takes all; the items are in the programme's language) get the two posts.
  expect(await textOf(page, '#next-run p')).toMatch(/^The next digest run is \w+day \d+ \w+ at 08:30 \(Europe\/Helsinki\)\. It will mail 2 of 5 advocates\.$/);
  expect(await textOf(page, '#by-language tr[data-segment="fi"]')).toBe('Finnish (fi) 3 1 2');
  expect(await textOf(page, '#by-branch tr[data-segment="Schools"]')).toBe('Schools 3 1 2');
  expect(await page.locator('#items tr[data-item] td[data-figure="advocates"]').allTextContents()).toEqual(['2', '2']);
  expect(await textOf(page, '#nothing li[data-reason="paused"]')).toBe('1 mail paused (by an admin, or their directory account is off): Pia Paused');
  expect(await textOf(page, '#nothing li[data-reason="unsubscribed"]')).toBe('1 unsubscribed: Uma Unsubscribed');
  expect(await textOf(page, '#nothing li[data-reason="nothing matches"]')).toBe('1 no new item matches their topics, branch or language: Ville Koskinen');
  await screenshot(page, 'console-this-week');

  // A name in the reasons opens that advocate's preview: why they get nothing, and no mail frame.
  await Promise.all([page.waitForURL(/advocate=\d+#preview$/), page.click('#nothing li[data-reason="paused"] a:has-text("Pia Paused")')]);
  expect(await textOf(page, '#preview-of')).toBe('Pia Paused gets no digest in this run: mail paused (by an admin, or their directory account is off).');
  expect(await page.locator('iframe').count()).toBe(0);

  // The search finds Aino; her name opens her digest, fitted to its content in the frame.
  await page.fill('#q', 'aino');
  await Promise.all([page.waitForURL(/q=aino/), page.click('button:has-text("Find")')]);
  await Promise.all([page.waitForURL(/advocate=\d+#preview$/), page.click('#search-results a:has-text("Aino Virtanen")')]);
  expect(await textOf(page, '#preview-of')).toMatch(/^Aino Virtanen gets 2 items: .+, .+\.$/);
  const frame = page.frameLocator('iframe[data-fit]');
  const titles = await harness.store.items.listByState('approved', 10);
  for (const item of titles) await expect.poll(async () => (await frame.locator('body').textContent()) ?? '').toContain(item.title);
  const fitted = await page.waitForFunction(() => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-fit]');
    const root = frame?.contentDocument?.documentElement;
    return root && frame.style.height === `${Math.ceil(root.scrollHeight) + 2}px` && root.scrollHeight > 300 && root.scrollHeight;
  });
  expect(await fitted.jsonValue()).toBeGreaterThan(300);
  await screenshot(page, 'console-this-week-preview');

  // Read-only: nothing but the sign-in was posted, and nothing was recorded.
  expect(posts.every((path) => path.startsWith('/admin/login'))).toBe(true);
  expect({ digests: await count('digests'), runs: await count('digest_runs'), trail: await count('audit_trail') }).toEqual(before);
}, 120_000);
