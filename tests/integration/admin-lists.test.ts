import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshot, type LoopbackContext } from '../helpers/browser.js';
import { FormClient, outboxMailsTo, signInAsAdmin, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { advocate } from '../helpers/digests.js';

// The console's long lists reach every row: the items of a state and the roster, a page at a time in Chromium
// (First, Previous, Next, Last), searched and sorted through their own forms; an item's page shows its content,
// captions per network, decision trail and where it went. A page link that kaiku did not make is refused with a
// way back, and changes nothing.

const ADA = 'ada@testcity.example';
const APPROVED = 130;
const ADVOCATES = 230;
const ZONE = 'Europe/Helsinki';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
const contexts: LoopbackContext[] = [];
const itemId = (n: number) => `itm_list_${String(n).padStart(3, '0')}`;

async function signIn(): Promise<Page> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  const page = await opened.context.newPage();
  const mails = outboxMailsTo(harness.store);
  const before = (await signInLinksTo(mails, ADA)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', ADA);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  await page.goto(`${base}${await signInLinkFor(mails, ADA, before)}`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  return page;
}

/** Follows the pager's `rel` link until there is none, collecting what `collect` reads off each page. */
async function walk(page: Page, rel: 'next' | 'prev', collect: () => Promise<string[]>): Promise<{ rows: string[]; pages: number }> {
  const rows = [...(await collect())];
  let pages = 1;
  for (;;) {
    const link = page.locator(`nav.pager a[rel="${rel}"]`).first();
    if ((await link.count()) === 0) return { rows, pages };
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    rows.push(...(await collect()));
    pages++;
  }
}
const cards = (page: Page) => () => page.locator('article.item').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-item-id')!));
const names = (page: Page) => () =>
  page.locator('main table tbody tr td:first-child').evaluateAll((cells) => cells.map((cell) => cell.firstChild!.textContent!.trim()));
const shown = async (page: Page) => ((await page.locator('nav.pager > span').first().textContent()) ?? '').trim();

beforeAll(async () => {
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput(
        [{ id: 'news', kind: 'feed', url: 'http://127.0.0.1:9/feed.xml', allowPrivateAddresses: true, approvers: [ADA], enabled: false, contentType: 'news' }],
        { fetch: { enrich: false } },
      ),
      program: { name: 'Test City advocates', timeZone: ZONE, hashtags: ['#TestCity'] },
      server: { host: '127.0.0.1', port },
    },
  });
  const db = harness.db.database.db;
  // 130 approved items, found an hour apart except for runs of three found at the same instant (the id breaks
  // the tie), a few of them about the library; three waiting; one rejected.
  const hour = 3_600_000;
  const start = Date.parse('2026-05-04T08:00:00Z');
  await db
    .insertInto('items')
    .values(
      Array.from({ length: APPROVED + 4 }, (_, n) => ({
        id: itemId(n),
        url: `https://news.example/articles/${n}`,
        source_id: 'news',
        title: n % 19 === 0 ? `Library opens a new reading room (${n})` : `City news number ${n}`,
        summary: `What happened, part ${n}.`,
        language: 'fi',
        topics: '["city"]',
        categories: '[]',
        published_at: n % 5 === 0 ? null : new Date(start + n * hour - 30 * 60_000),
        discovered_at: new Date(start + Math.floor(n / 3) * 3 * hour),
        approval_started_at: new Date(start + Math.floor(n / 3) * 3 * hour + 60_000),
        state: n < APPROVED ? 'approved' : n < APPROVED + 3 ? 'pending' : 'rejected',
        captions:
          n < APPROVED + 3
            ? JSON.stringify({
                language: 'fi',
                edited: n === 7,
                networks: {
                  linkedin: `LinkedIn words for ${n} #TestCity`,
                  x: `X words ${n}`,
                  facebook: `Facebook words ${n}`,
                  bluesky: `Bluesky words ${n}`,
                  mastodon: `Mastodon words ${n} #TestCity`,
                },
              })
            : null,
        decided_by: n < APPROVED ? ADA : null,
        decided_at: n < APPROVED ? new Date(start + n * hour + 2 * hour) : null,
        decided_via: n < APPROVED ? 'admin' : null,
      })),
    )
    .execute();
  await db
    .insertInto('approval_events')
    .values([
      { key: 'l7:req', item_id: itemId(7), kind: 'requested', actor: 'kaiku', recipient: ADA, channel: 'email', detail: '{}', at: new Date(start + 7 * hour) },
      {
        key: 'l7:ok',
        item_id: itemId(7),
        kind: 'approved',
        actor: ADA,
        recipient: null,
        channel: 'admin',
        detail: '{"captionsEdited":true}',
        at: new Date(start + 9 * hour),
      },
    ])
    .execute();
  // 230 advocates, some of them Virtanens, in three branches.
  await harness.store.advocates.upsert(
    Array.from({ length: ADVOCATES }, (_, n) =>
      advocate({
        email: `advocate${n}@testcity.example`,
        name: `${n % 23 === 0 ? 'Aino Virtanen' : 'Advocate'} ${String(n).padStart(3, '0')}`,
        branch: ['Helsinki', 'Espoo', 'Vantaa'][n % 3]!,
      }),
    ),
  );
  // Item 7 went out in two digest runs; two shares (one on X) and three clicks, one of them a bot's.
  const ids = (await db.selectFrom('advocates').select('id').orderBy('id').limit(3).execute()).map((row) => String(row.id));
  for (const [n, advocateId] of ids.entries()) {
    const digest = await db
      .insertInto('digests')
      .values({
        advocate_id: advocateId,
        period: n === 0 ? '2026-05-11' : '2026-05-18',
        state: 'sent',
        item_ids: JSON.stringify([itemId(7)]),
        sent_at: new Date(start + (7 + 24 * n) * hour),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('digest_items')
      .values({ advocate_id: advocateId, item_id: itemId(7), digest_id: String(digest.id) })
      .execute();
  }
  const at = new Date(start + 30 * hour);
  await harness.store.digests.recordLinkEvents([
    { kind: 'share_opened', advocateId: ids[0]!, itemId: itemId(7), network: 'linkedin' },
    { kind: 'share', advocateId: ids[0]!, itemId: itemId(7), network: 'linkedin' },
    { kind: 'share', advocateId: ids[1]!, itemId: itemId(7), network: 'x' },
    { kind: 'click', advocateId: ids[1]!, itemId: itemId(7), network: 'x', visitor: 'v1' },
    { kind: 'click', advocateId: ids[1]!, itemId: itemId(7), network: 'x', visitor: 'v2' },
    { kind: 'click', advocateId: ids[1]!, itemId: itemId(7), network: 'x', visitor: 'v3', bot: true },
  ]);
  await db.updateTable('link_events').set({ at }).execute();
  await harness.store.points.tally(harness.config.points, 5000, ZONE);

  server = serve({ fetch: harness.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
});

describe('the items list', () => {
  test('Next from the first page to the last reaches every approved item once, in order; Previous from the last comes back', async () => {
    const page = await signIn();
    await page.click('nav.tabs a:has-text("Approved")');
    expect(await shown(page)).toBe(`1–50 of ${APPROVED} items`);
    const forward = await walk(page, 'next', cards(page));
    expect(forward.pages).toBe(3);
    expect(await shown(page)).toBe(`101–${APPROVED} of ${APPROVED} items`);
    // newest found first; items found at the same instant by id, the same way every time
    const expected = Array.from({ length: APPROVED }, (_, n) => n)
      .sort((a, b) => Math.floor(b / 3) - Math.floor(a / 3) || itemId(b).localeCompare(itemId(a)))
      .map(itemId);
    expect(forward.rows).toEqual(expected);
    await screenshot(page, 'items-last-page');
    const back = await walk(page, 'prev', cards(page));
    expect(back.pages).toBe(3);
    expect(await shown(page)).toBe(`1–50 of ${APPROVED} items`);
    expect(new Set(back.rows)).toEqual(new Set(expected));
    // Last from the first page, then First
    await Promise.all([page.waitForLoadState('load'), page.locator('nav.pager a[rel="last"]').first().click()]);
    expect(await cards(page)()).toEqual(expected.slice(100));
    await Promise.all([page.waitForLoadState('load'), page.locator('nav.pager a[rel="first"]').first().click()]);
    expect(await cards(page)()).toEqual(expected.slice(0, 50));
  });

  test('the search form finds words in titles, and its sort orders them; the pager keeps both', async () => {
    const page = await signIn();
    await page.click('nav.tabs a:has-text("Approved")');
    await page.fill('form.list-search input[name="q"]', 'library');
    await page.selectOption('form.list-search select[name="sort"]', 'title');
    await Promise.all([page.waitForLoadState('load'), page.click('form.list-search button:has-text("Search")')]);
    const library = Array.from({ length: APPROVED }, (_, n) => n).filter((n) => n % 19 === 0);
    expect(await shown(page)).toBe(`${library.length} items`);
    const titles = await page.locator('article.item h3 a').allTextContents();
    expect(titles).toEqual(library.map((n) => `Library opens a new reading room (${n})`).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(new URL(page.url()).searchParams.get('state')).toBe('approved');
    // a word in no title: said so, and the form keeps what was asked
    await page.fill('form.list-search input[name="q"]', 'zeppelin');
    await Promise.all([page.waitForLoadState('load'), page.click('form.list-search button:has-text("Search")')]);
    expect(await page.locator('.empty').first().textContent()).toContain('No approved item matches “zeppelin”');
    expect(await page.inputValue('form.list-search input[name="q"]')).toBe('zeppelin');
  });

  test("an item's page: its content, captions per network, decision trail and where it went", async () => {
    const page = await signIn();
    await page.goto(`${base}/admin?state=approved&sort=title&q=${encodeURIComponent('number 7')}`);
    await Promise.all([page.waitForURL(`${base}/admin/items/${itemId(7)}`), page.click(`article.item[data-item-id="${itemId(7)}"] h3 a`)]);
    await screenshot(page, 'item-page');
    expect(await page.locator('h1').textContent()).toBe('City news number 7');
    expect(await page.locator('main').textContent()).toContain('https://news.example/articles/7');
    expect(await page.locator('table.captions tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-network')))).toEqual([
      'linkedin',
      'x',
      'facebook',
      'bluesky',
      'mastodon',
      'threads',
      'whatsapp',
    ]);
    expect(await page.locator('table.captions tr[data-network="x"] td.caption').textContent()).toBe('X words 7');
    expect(await page.locator('main').textContent()).toContain('edited by the approver');
    expect(await page.locator('ol.trail li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')))).toEqual(['requested', 'approved']);
    const reach = ((await page.locator('#reach').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(reach).toContain('In the digests of 3 advocates. Share pages opened: 1; shares: 2; unique clicks: 2.');
    expect(await page.locator('table.reach tbody tr').allTextContents()).toEqual([
      expect.stringContaining('2026-05-11'),
      expect.stringContaining('2026-05-18'),
    ]);
    // by network: the bot's click is not one; share pages opened, shares and clicks as counted
    const rows = await page.locator('table.by-network tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
    expect(rows).toEqual([
      ['X', '0', '1', '2'],
      ['LinkedIn', '1', '1', '0'],
    ]);
    expect(await page.locator('table.by-week tbody tr').count()).toBe(1);
  });

  test('a page link kaiku did not make is refused with the way to the first page, and nothing changes', async () => {
    const ada = FormClient.forApp(harness.app);
    await signInAsAdmin(ada, outboxMailsTo(harness.store), ADA);
    const db = harness.db.database.db;
    // the session's last-seen time is the one thing a signed-in request may write
    const before = await allRowVersions(db, ['admin_sessions']);
    const forged = [
      'not-base64-json',
      Buffer.from(JSON.stringify(["2026-05-04 08:00:00+00'); delete from items; --", 'x'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-05-04 08:00:00+00', 'x', 'extra'])).toString('base64url'),
    ];
    for (const cursor of forged) {
      const page = await ada.get(`/admin?state=approved&after=${encodeURIComponent(cursor)}`);
      expect(page.status, cursor).toBe(400);
      expect(page.$('[role="alert"]').text()).toContain('This page link is not one kaiku made');
      expect(page.$('[role="alert"] a').attr('href')).toBe('/admin?state=approved');
    }
    const advocates = await ada.get(`/admin/advocates?before=${Buffer.from(JSON.stringify(['Advocate 001', '1 or 1=1'])).toString('base64url')}`);
    expect(advocates.status).toBe(400);
    expect(await allRowVersions(db, ['admin_sessions'])).toEqual(before);
    expect((await ada.get(`/admin/items/no-such-item`)).status).toBe(404);
  });
});

describe('the advocates list', () => {
  test('Next reaches every advocate once, by name; the form filters by branch and searches names', async () => {
    const page = await signIn();
    await page.click('nav.top a:has-text("Advocates")');
    expect(await shown(page)).toBe(`1–100 of ${ADVOCATES} advocates`);
    const all = await walk(page, 'next', names(page));
    expect(all.pages).toBe(3);
    const expected = Array.from({ length: ADVOCATES }, (_, n) => `${n % 23 === 0 ? 'Aino Virtanen' : 'Advocate'} ${String(n).padStart(3, '0')}`).sort();
    expect(all.rows).toEqual(expected);

    await page.selectOption('form.list-search select[name="branch"]', 'Espoo');
    await page.fill('form.list-search input[name="q"]', 'virtanen');
    await Promise.all([page.waitForLoadState('load'), page.click('form.list-search button:has-text("Search")')]);
    const espooVirtanens = Array.from({ length: ADVOCATES }, (_, n) => n).filter((n) => n % 23 === 0 && n % 3 === 1);
    expect(await names(page)()).toEqual(espooVirtanens.map((n) => `Aino Virtanen ${String(n).padStart(3, '0')}`));
    expect(await page.locator('h1').first().textContent()).toBe(`Advocates (${espooVirtanens.length} of ${ADVOCATES})`);

    await page.goto(`${base}/admin/advocates`);
    await page.selectOption('form.list-search select[name="sort"]', 'email');
    await Promise.all([page.waitForLoadState('load'), page.click('form.list-search button:has-text("Search")')]);
    const byEmail = await walk(page, 'next', () => page.locator('main table tbody tr td:first-child small').allTextContents());
    expect(byEmail.rows).toEqual(Array.from({ length: ADVOCATES }, (_, n) => `advocate${n}@testcity.example`).sort());
  });
});
