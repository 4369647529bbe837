import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, textOf, type LoopbackContext } from '../helpers/browser.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approveItems } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';

// The programme's hashtags written in the console, when kaiku.yaml sets none (the one rule: rules/captions/program-
// hashtags.ts): a bad one refused with the config's own words and nothing changed; good ones saved with their trail
// row, and the next item's proposed captions end with them.

const ADA = 'ada@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
const kept: LoopbackContext[] = [];

const db = () => harness.db.database.db;

/** Clicks a button that posts a form and waits for kaiku's answer page; returns the answer's status. */
async function submit(page: Page, button: string): Promise<number> {
  const [, response] = await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.request().method() === 'POST'), page.click(button)]);
  return response.status();
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const port = await freePort();
  const input = testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
    fetch: { enrich: false },
  });
  harness = await startHarness({
    configInput: { ...input, program: { ...(input.program as Record<string, unknown>), hashtags: [] }, server: { host: '127.0.0.1', port } },
  });
  server = serve({ fetch: harness.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(kept);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
});

test('kaiku.yaml sets no hashtags: the console’s are written on the captions page, a bad one refused, and proposals end with them', async () => {
  kept.push(await loopbackContext(browser));
  const page = await kept[0]!.context.newPage();
  const mails = () => outboxMailsTo(harness.store);
  const seen = (await signInLinksTo(mails(), ADA)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', ADA);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  await page.goto(`${base}${await signInLinkFor(mails(), ADA, seen)}`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  await page.click('header nav.top a:has-text("Captions")');
  await page.waitForSelector('h1:has-text("Captions")');
  expect(await page.locator('#hashtags-yaml').count()).toBe(0);

  const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
  await page.fill('#hashtags-field', '#Kaiku bad-tag!');
  expect(await submit(page, 'button:has-text("Save hashtags")')).toBe(400);
  expect(await textOf(page, '#hashtags-error')).toBe('“bad-tag!”: a hashtag is letters, digits and underscores, with no spaces. Nothing was changed.');
  expect(await page.inputValue('#hashtags-field')).toBe('#Kaiku bad-tag!');
  expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);

  await page.fill('#hashtags-field', 'Kaiku, #Kaupunki');
  expect(await submit(page, 'button:has-text("Save hashtags")')).toBe(303);
  await page.waitForURL(`${base}/admin/captions?saved=hashtags`);
  expect(await textOf(page, '#captions-done')).toBe('The hashtags are saved.');
  expect(await page.inputValue('#hashtags-field')).toBe('#Kaiku #Kaupunki');
  expect(await db().selectFrom('caption_hashtags').select('hashtags').execute()).toEqual([{ hashtags: ['#Kaiku', '#Kaupunki'] }]);
  const line = await textOf(page, 'ol.trail.audit li[data-action="changed the programme hashtags"]');
  expect(line).toContain('Ada Admin changed the programme hashtags');
  expect(line).toContain('hashtags: — → #Kaiku, #Kaupunki');

  // The next item is proposed with them (read in the approval activity).
  await harness.poll('news');
  await harness.approvalsRequested();
  const [item] = await harness.store.items.listByState('pending', 10);
  expect(item!.captions!.networks.linkedin).toBe(`${item!.title}\n\n${item!.summary}\n\n${item!.url} #Kaiku #Kaupunki`);

  // Approved, it counts in Analytics under the console's hashtags (the report read kaiku.yaml's only).
  await approveItems({ ...harness, log: quietLog }, [item!.id], ADA);
  await page.click('header nav.top a:has-text("Analytics")');
  await page.waitForSelector('h2:has-text("Analytics")');
  await page.click('#hashtags summary');
  const headings = (await page.locator('#hashtags thead th').allTextContents()).map((th) => th.trim());
  expect(headings).toEqual(['Week of', 'Approved', '#Kaiku', '#Kaupunki', 'With a hashtag %']);
  const [row] = await page.locator('#hashtags tbody tr').all();
  expect((await row!.locator('td').allTextContents()).slice(1).map((td) => td.trim())).toEqual(['1', '1', '1', '100']);
}, 120_000);
