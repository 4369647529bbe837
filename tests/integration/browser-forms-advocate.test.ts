import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor } from '../helpers/mail.js';
import { readLinkToken } from '../../rules/tokens/link-token.js';
import { pageStringsFor } from '../../rules/digests/page-strings.js';
import { engagementStringsFor } from '../../rules/engagement/engagement-strings.js';
import { dailyNudges } from '../../workflows/engagement.js';
import type { Network } from '../../model/item.js';

// The advocates' pages clicked through in Debian's Chromium, from the links of real digest and nudge mails,
// against kaiku on a real socket: preferences (with the leaderboard opt-in), unsubscribe and back, the share
// page's button on to the network's dialog (which this browser cannot reach: nothing leaves this machine), snooze, and suggestions.

const ADA = 'ada@testcity.example';
const AINO = 'aino@testcity.example';
const ERIK = 'erik@testcity.example';
const SAM = 'sam@testcity.example';
const QUINN = 'quinn@testcity.example';

let feeds: FeedServer;
let pages: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
const contexts: LoopbackContext[] = [];

const advocateRow = async (email: string) => (await harness.store.advocates.byEmail(email))!;

/** A new browser (context) of this test; closed after it, with a check that nothing in it left the machine. */
async function newBrowser(): Promise<BrowserContext> {
  return (await newLoopbackBrowser()).context;
}
async function newLoopbackBrowser(): Promise<LoopbackContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened;
}

/** The links of the newest mail of `kind` (X-Kaiku-Mail, or a digest) sent to `email`, by path prefix. */
async function linksInMail(email: string, kind: 'digest' | 'nudge'): Promise<string[]> {
  const mail = (await caughtMail(harness.store))
    .reverse()
    .find(
      (m) => !m.inbound && m.to.includes(email) && (kind === 'digest' ? m.parsed.headers.has('x-kaiku-digest') : m.parsed.headers.get('x-kaiku-mail') === kind),
    );
  if (!mail) throw new Error(`no ${kind} mail reached ${email}`);
  return [...new Set([...String(mail.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
}
const linkTo = (links: string[], prefix: string) => {
  const link = links.find((href) => href.startsWith(`${base}${prefix}`));
  if (!link) throw new Error(`no ${base}${prefix}… link among ${links.join(' ')}`);
  return link;
};
/** The digest's share button for `network` (the network is written in its token). */
const shareLink = (links: string[], network: Network) =>
  links.find((href) => {
    const token = href.startsWith(`${base}/s/`) ? readLinkToken(harness.secret, href.slice(`${base}/s/`.length)) : undefined;
    return token?.ok && token.link.kind === 'share' && token.link.network === network;
  })!;

beforeAll(async () => {
  feeds = await FeedServer.start();
  // The page an advocate suggests stands on 127.0.0.2, which this worker treats as the public internet.
  pages = await FeedServer.start('127.0.0.2');
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  feeds.route('/secret', (_req, res) => res.end('cloud credentials'));
  pages.feed(
    '/library',
    '<!doctype html><html lang="en"><head><title>x</title><meta property="og:title" content="The new library opens"><meta property="og:description" content="Books for everyone."></head><body>…</body></html>',
    'text/html; charset=utf-8',
  );
  const port = await freePort();
  const input = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA], topics: ['culture', 'sports'] }],
    { fetch: { enrich: false }, digest: { lookback: '60 days' }, nudges: { after: '1 day' } },
  );
  // Culture has an English and a Swedish label; sports none, so it shows its id.
  const program = { ...(input.program as Record<string, unknown>), topicLabels: { Culture: { en: 'Culture and events', sv: 'Kultur' } } };
  harness = await startHarness({
    configInput: { ...input, program, server: { host: '127.0.0.1', port } },
    suggestionAddressPolicy: (address) => address === '127.0.0.2',
  });
  server = serve({ fetch: harness.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  await harness.poll('news');
  await harness.approvalsRequested();
  await approveItems(
    { ...harness, log: quietLog },
    (await harness.store.items.listByState('pending', 100)).map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert([
    advocate({ email: AINO, name: 'Aino Virtanen', language: 'en', networks: ['linkedin', 'x'] }),
    advocate({ email: ERIK, name: 'Erik Lindqvist', language: 'en' }),
    advocate({ email: SAM, name: 'Sam Taylor', language: 'en', networks: ['x', 'linkedin'] }),
    advocate({ email: QUINN, name: 'Quinn Quiet', language: 'en' }),
  ]);
  await runDigestTick(harness.client, harness.taskQueue, { force: true });
  await waitFor('a digest for each advocate', async () => (await caughtMail(harness.store)).filter((m) => m.parsed.headers.has('x-kaiku-digest')).length === 4);
}, 120_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await pages?.close();
});

describe('the preferences page', () => {
  test('ticking topics and networks, the language, how often and the leaderboard opt-in saves them; a form that names no network saves nothing', async () => {
    const page = await (await newBrowser()).newPage();
    const preferences = linkTo(await linksInMail(AINO, 'digest'), '/p/');
    await page.goto(preferences);
    expect(await textOf(page, 'main p')).toBe('Aino Virtanen · aino@testcity.example');
    // Topics read as the programme labels them in her language (English), the ids staying the values.
    expect(await textOf(page, 'label:has(input[name="topics"][value="culture"])')).toBe('Culture and events');
    expect(await textOf(page, 'label:has(input[name="topics"][value="sports"])')).toBe('sports');
    await screenshot(page, 'preferences');

    // bad input first: no network ticked
    await page.uncheck('input[name="networks"][value="linkedin"]');
    await page.uncheck('input[name="networks"][value="x"]');
    await Promise.all([page.waitForURL(preferences), page.click('button[type="submit"]')]);
    expect(await textOf(page, '.notice.bad')).toBe('Nothing was saved. networks: choose at least one network you post on.');
    expect(await advocateRow(AINO)).toMatchObject({ networks: ['linkedin', 'x'], show_name: false, prefs_updated_at: null });

    // the refused form comes back as stored: the choices are made again
    expect(await page.isChecked('input[name="networks"][value="linkedin"]')).toBe(true);
    await page.uncheck('input[name="networks"][value="linkedin"]');
    await page.check('input[name="topics"][value="culture"]');
    await page.check('input[name="networks"][value="bluesky"]');
    await page.selectOption('select[name="language"]', 'sv');
    await page.check('input[name="frequency"][value="fortnightly"]');
    await page.check('input[name="showName"]');
    await screenshot(page, 'preferences-filled');
    await Promise.all([page.waitForURL(preferences), page.click('button[type="submit"]')]);
    expect(await textOf(page, '.notice.ok')).toBe(pageStringsFor('sv').saved);
    expect(await textOf(page, 'label:has(input[name="topics"][value="culture"])')).toBe('Kultur'); // now in Swedish
    await screenshot(page, 'preferences-saved');
    expect(await advocateRow(AINO)).toMatchObject({
      topics: ['culture'],
      networks: ['x', 'bluesky'],
      language: 'sv',
      frequency: 'fortnightly',
      paused_until: null,
      show_name: true,
    });
    // the page shows what was saved
    expect(await page.isChecked('input[name="showName"]')).toBe(true);
    expect(await page.isChecked('input[name="networks"][value="linkedin"]')).toBe(false);
    expect(await page.inputValue('select[name="language"]')).toBe('sv');
  });
});

describe('unsubscribing', () => {
  test("the footer's link: its button unsubscribes, and the next page's button subscribes again", async () => {
    const page = await (await newBrowser()).newPage();
    const unsubscribe = linkTo(await linksInMail(ERIK, 'digest'), '/u/');
    await page.goto(unsubscribe);
    expect((await advocateRow(ERIK)).unsubscribed_at).toBeNull(); // opening the link asks, changes nothing
    await screenshot(page, 'unsubscribe');
    await Promise.all([page.waitForURL(unsubscribe), page.click('button:has-text("Unsubscribe")')]);
    expect(await textOf(page, '.notice.ok')).toBe('erik@testcity.example gets no more Test City advocates digests.');
    await screenshot(page, 'unsubscribed');
    expect((await advocateRow(ERIK)).unsubscribed_at).not.toBeNull();
    await Promise.all([page.waitForURL(`${unsubscribe}/resubscribe`), page.click('button:has-text("Subscribe again")')]);
    expect(await textOf(page, '.notice.ok')).toBe(pageStringsFor('en').welcomeBack);
    await screenshot(page, 'resubscribed');
    expect((await advocateRow(ERIK)).unsubscribed_at).toBeNull();
  });
});

describe('the share page', () => {
  test("X: the button records the share and goes on to X's prefilled dialog; LinkedIn: it copies the caption and opens LinkedIn", async () => {
    const { context, elsewhere } = await newLoopbackBrowser();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // The networks' dialogs are reached by a redirect, which Playwright's routes cannot answer with a stub: the request is
    // watched instead, made by the browser and failed on this machine (this browser resolves no name but loopback's).
    const dialog = async (page: Page, host: RegExp, button = '#go') => {
      const failed = page.waitForEvent('requestfailed', (request) => host.test(request.url()));
      const [request] = await Promise.all([page.waitForEvent('request', (r) => host.test(r.url())), page.click(button)]);
      expect(request.isNavigationRequest()).toBe(true);
      expect((await failed).failure()?.errorText).toBe('net::ERR_NAME_NOT_RESOLVED');
      return request;
    };
    const page = await context.newPage();
    const links = await linksInMail(SAM, 'digest');
    const sam = await advocateRow(SAM);
    const events = () =>
      harness.db.database.db.selectFrom('link_events').select(['kind', 'network', 'bot', 'item_id']).where('advocate_id', '=', sam.id).orderBy('id').execute();

    // kaiku flags a browser that says it is headless as a bot (its shares are not paid); what this one says is read from it
    const bot = /HeadlessChrome/.test(await page.evaluate(() => navigator.userAgent));
    const x = shareLink(links, 'x');
    const itemId = (readLinkToken(harness.secret, x.slice(`${base}/s/`.length)) as { ok: true; link: { itemId: string } }).link.itemId;
    await page.goto(x);
    expect(await events()).toEqual([{ kind: 'share_opened', network: 'x', bot, item_id: itemId }]); // opened: not a share
    const caption = await page.inputValue('#caption');
    expect(caption).toMatch(new RegExp(`${base}/r/[\\w-]+`)); // Sam's tracked link
    await screenshot(page, 'share-x');
    const toX = await dialog(page, /^https:\/\/x\.com\//);
    const intent = new URL(toX.url());
    expect(`${intent.origin}${intent.pathname}`).toBe('https://x.com/intent/tweet');
    expect(intent.searchParams.get('url')).toBe(/(http:\/\/\S+\/r\/[\w-]+)/.exec(caption)![1]);
    expect(intent.searchParams.get('hashtags')).toBe('TestCity');
    expect(intent.searchParams.get('text')).toContain((await harness.store.items.get(itemId))!.title);
    expect(await events()).toEqual([
      { kind: 'share_opened', network: 'x', bot, item_id: itemId },
      { kind: 'share', network: 'x', bot, item_id: itemId },
    ]);

    const linkedin = shareLink(links, 'linkedin');
    const second = await context.newPage(); // the first one is still on its way to X's error page
    await second.goto(linkedin);
    const linkedinCaption = await second.inputValue('#caption');
    await screenshot(second, 'share-linkedin');
    // the second button: the caption copied, then LinkedIn's documented share window with the link only
    const toLinkedin = await dialog(second, /^https:\/\/www\.linkedin\.com\//, '#copy-go');
    expect(toLinkedin.url()).toMatch(/^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fr%2F/);
    // the page copied the caption before it went on
    const reader = await context.newPage();
    await reader.goto(`${base}/healthz`);
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(linkedinCaption);
    expect((await events()).filter((e) => e.kind === 'share').map((e) => e.network)).toEqual(['x', 'linkedin']);
    expect(elsewhere.splice(0)).toEqual([toX.url(), toLinkedin.url()]); // and nothing else tried to leave
  });
});

describe('a nudge', () => {
  test('"Snooze these reminders for a month": the link asks, its button snoozes', async () => {
    const at = new Date(Date.now() + 2 * 24 * 3_600_000); // two days on, everyone is quiet enough for a nudge
    await harness.client.workflow.execute(dailyNudges, {
      taskQueue: harness.taskQueue,
      workflowId: `test-nudges-${randomUUID()}`,
      args: [{ at: at.toISOString() }],
    });
    const snooze = linkTo(await linksInMail(QUINN, 'nudge'), '/n/');
    const page = await (await newBrowser()).newPage();
    await page.goto(snooze);
    expect((await advocateRow(QUINN)).nudges_snoozed_until).toBeNull();
    await screenshot(page, 'snooze');
    await Promise.all([page.waitForURL(snooze), page.click(`button:has-text("${engagementStringsFor('en').snooze}")`)]);
    const until = (await advocateRow(QUINN)).nudges_snoozed_until;
    expect(until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await textOf(page, '.notice.ok')).toBe(engagementStringsFor('en').snoozed(until!));
    await screenshot(page, 'snoozed');
  });
});

describe('the suggestion form', () => {
  test('a link on the internet becomes an item waiting for approval; a private address is refused with the reason and kept in the field', async () => {
    const page = await (await newBrowser()).newPage();
    const suggest = linkTo(await linksInMail(SAM, 'digest'), '/suggest/');
    const sam = await advocateRow(SAM);
    await page.goto(suggest);
    await screenshot(page, 'suggest');

    const secret = feeds.url('/secret');
    await page.fill('input[name="url"]', secret);
    await Promise.all([page.waitForURL(suggest), page.click('button:has-text("Send the suggestion")')]);
    expect(await textOf(page, '.notice.bad')).toMatch(/127\.0\.0\.1:\d+ is a private, loopback or link-local address.*Nothing was fetched/);
    expect(await page.inputValue('input[name="url"]')).toBe(secret);
    expect(feeds.hits('/secret')).toBe(0);
    await screenshot(page, 'suggest-refused');

    await page.fill('input[name="url"]', pages.url('/library'));
    await page.fill('textarea[name="note"]', 'Our new library!');
    await Promise.all([page.waitForURL(suggest), page.click('button:has-text("Send the suggestion")')]);
    expect(await textOf(page, '.notice.ok')).toBe(`${engagementStringsFor('en').suggestThanks} (The new library opens)`);
    await screenshot(page, 'suggest-accepted');
    const suggestions = await harness.store.engagement.suggestionsOf(sam.id);
    expect(suggestions.map((s) => [s.state, s.url, s.note, s.via])).toEqual([
      ['refused', secret, null, 'form'],
      ['accepted', pages.url('/library'), 'Our new library!', 'form'],
    ]);
    const accepted = suggestions.find((s) => s.state === 'accepted')!;
    expect(await harness.store.items.get(accepted.item_id!)).toMatchObject({ source_id: 'suggestions', title: 'The new library opens', state: 'pending' });
  });
});
