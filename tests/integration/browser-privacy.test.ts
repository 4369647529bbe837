import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { copyForms, serveForgery } from '../helpers/cross-site.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { freePort } from '../helpers/free-port.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { privacyStringsFor } from '../../rules/privacy/privacy-strings.js';
import { stringsFor as digestStringsFor } from '../../rules/digests/digest-strings.js';

// The advocate's "What kaiku records about you" page clicked through in Debian's Chromium from the link in a real
// digest mail's footer (and from the preferences page), in the advocate's language: the JSON download, the
// erasure request (privacy.erasure: admin-confirms) and the admin's confirmation on the Advocates page, each
// checked in the store; and the erasure form posted from another site, refused with nothing changed.

const ADA = 'ada@testcity.example';
const AINO = 'aino.privacy@testcity.example';
const VILLE = 'ville.privacy@testcity.example';

let feeds: FeedServer;
let evil: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
const contexts: LoopbackContext[] = [];

const advocateRow = async (email: string) => (await harness.store.advocates.byEmail(email))!;
async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

/** The links of the digest mailed to `email`. */
async function digestLinksTo(email: string): Promise<string[]> {
  const mail = (await caughtMail(harness.store)).find((m) => !m.inbound && m.to.includes(email) && m.parsed.headers.has('x-kaiku-digest'));
  if (!mail) throw new Error(`no digest reached ${email}`);
  return [...new Set([...String(mail.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
}
const linkTo = (links: string[], prefix: string) => {
  const link = links.find((href) => href.startsWith(`${base}${prefix}`));
  if (!link) throw new Error(`no ${base}${prefix}… link among ${links.join(' ')}`);
  return link;
};

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
        digest: { lookback: '60 days' },
        privacy: { erasure: 'admin-confirms', retention: { linkEventMonths: 7 } },
      }),
      server: { host: '127.0.0.1', port },
    },
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
    advocate({ email: AINO, name: 'Aino Yksityinen', language: 'fi', branch: 'Kirjasto' }),
    advocate({ email: VILLE, name: 'Ville Dansk', language: 'da' }),
  ]);
  await runDigestTick(harness.client, harness.taskQueue, { force: true });
  await waitFor('a digest for each advocate', async () => (await caughtMail(harness.store)).filter((m) => m.parsed.headers.has('x-kaiku-digest')).length === 2);
}, 120_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await evil?.close();
});

describe("the advocate's privacy page", () => {
  test('from the digest footer, in Finnish: what is recorded and for how long (from the config); the JSON download is her data', async () => {
    const page = await (await newBrowser()).newPage();
    const fi = privacyStringsFor('fi');
    const privacy = linkTo(await digestLinksTo(AINO), '/privacy/');
    const mail = (await caughtMail(harness.store)).find((m) => m.to.includes(AINO))!;
    expect(String(mail.parsed.text)).toContain(`${digestStringsFor('fi').privacy}: ${privacy}`);
    await page.goto(privacy);
    await screenshot(page, 'privacy-page');
    expect(await textOf(page, 'header .program')).toBe(fi.title);
    expect(await page.locator('main').textContent()).toContain(fi.howLong(7));
    expect(await page.locator('main li').count()).toBe(fi.recorded.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${fi.download}`)]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      advocate: { email: string; name: string; branch: string };
      itemsReceived: unknown[];
    };
    expect(data.advocate).toMatchObject({ email: AINO, name: 'Aino Yksityinen', branch: 'Kirjasto' });
    expect(data.itemsReceived).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain(VILLE);
  });

  test('the preferences page links to it, in the advocate’s language (Danish)', async () => {
    const page = await (await newBrowser()).newPage();
    await page.goto(linkTo(await digestLinksTo(VILLE), '/p/'));
    await Promise.all([page.waitForURL(/\/privacy\//), page.click(`text=${privacyStringsFor('da').title}`)]);
    expect(await textOf(page, 'header .program')).toBe(privacyStringsFor('da').title);
    expect(await page.locator('main').textContent()).toContain('Ville Dansk');
  });

  test('the erasure form posted from another site is refused, and nothing changes', async () => {
    const victim = await newBrowser();
    const page = await victim.newPage();
    await page.goto(linkTo(await digestLinksTo(VILLE), '/privacy/'));
    const form = (await copyForms(page)).find((f) => new URL(f.action).pathname.endsWith('/erase'))!;
    expect(form).toBeDefined();
    const before = await allRowVersions(harness.db.database.db);
    const forged = await victim.newPage();
    await forged.goto(serveForgery(evil, form, 'page'));
    await forged.waitForURL(form.action);
    expect(await textOf(forged, '[role="alert"]')).toContain('This form was not accepted, and nothing was changed');
    expect(await allRowVersions(harness.db.database.db)).toEqual(before);
    expect(await harness.store.privacy.erasureRequest(String((await advocateRow(VILLE)).id))).toBeUndefined();
    expect(await advocateRow(VILLE)).toMatchObject({ email: VILLE, erased_at: null });
  });

  test('an erasure request the admin declines with a reason: the advocate reads it, in Danish, and may ask again', async () => {
    const da = privacyStringsFor('da');
    const page = await (await newBrowser()).newPage();
    const privacy = linkTo(await digestLinksTo(VILLE), '/privacy/');
    await page.goto(privacy);
    await Promise.all([page.waitForURL(/\/erase$/), page.click(`button:has-text("${da.eraseButton}")`)]);
    const ville = String((await advocateRow(VILLE)).id);
    await waitFor('the erasure request stored', async () => (await harness.store.privacy.erasureRequest(ville))?.state === 'requested');

    const admin = await (await newBrowser()).newPage();
    const mails = () => outboxMailsTo(harness.store);
    const sent = (await signInLinksTo(mails(), ADA)).length;
    await admin.goto(`${base}/admin/login`);
    await admin.fill('#email', ADA);
    await admin.click('button:has-text("Email me a sign-in link")');
    await admin.waitForSelector('text=a sign-in link is on its way');
    await admin.goto(`${base}${await signInLinkFor(mails(), ADA, sent)}`);
    await Promise.all([admin.waitForURL(`${base}/admin`), admin.click('button:has-text("Sign in")')]);
    await admin.goto(`${base}/admin/advocates/${ville}/erase`);
    // No reason: refused beside the field, nothing stored.
    await Promise.all([admin.waitForResponse((r) => r.request().method() === 'POST'), admin.click('button:has-text("Decline the request")')]);
    expect(await textOf(admin, '#reason-error')).toContain('give the reason they will read');
    expect(await harness.store.privacy.erasureRequest(ville)).toMatchObject({ state: 'requested', decided_by: null, decline_reason: null });
    const reason = 'Lønbilag skal gemmes i fem år (bogføringsloven)';
    await admin.fill('#reason', reason);
    await Promise.all([admin.waitForURL(new RegExp(`/admin/advocates/${ville}\\?done=declined$`)), admin.click('button:has-text("Decline the request")')]);
    expect(await textOf(admin, '[role="status"]')).toContain('Declined: their data stays');
    expect(await harness.store.privacy.erasureRequest(ville)).toMatchObject({ state: 'declined', decided_by: ADA, decline_reason: reason });
    expect((await harness.store.audit.of('advocate', ville)).map((entry) => [entry.actor, entry.action, entry.after])).toContainEqual([
      ADA,
      'declined erasure',
      { erasure: 'declined', reason },
    ]);
    expect(await advocateRow(VILLE)).toMatchObject({ email: VILLE, erased_at: null });

    // Her page says so in Danish, with the reason, and she may ask again: the request is open again.
    await page.goto(privacy);
    expect(await textOf(page, '#erasure-declined')).toBe(da.declined(reason));
    await Promise.all([page.waitForURL(/\/erase$/), page.click(`button:has-text("${da.eraseButton}")`)]);
    await waitFor('the request open again', async () => (await harness.store.privacy.erasureRequest(ville))?.state === 'requested');
    expect(await harness.store.privacy.erasureRequest(ville)).toMatchObject({ decided_by: null, decline_reason: null });
    // Declined again, so the Advocates page's list of open requests holds Aino's alone below.
    await admin.goto(`${base}/admin/advocates/${ville}/erase`);
    await admin.fill('#reason', reason);
    await Promise.all([admin.waitForURL(new RegExp(`/admin/advocates/${ville}\\?done=declined$`)), admin.click('button:has-text("Decline the request")')]);
    expect(await harness.store.privacy.erasureRequest(ville)).toMatchObject({ state: 'declined' });
  });

  test('asking to erase: a request the admin sees on the Advocates page and confirms; then nothing names her', async () => {
    const fi = privacyStringsFor('fi');
    const page = await (await newBrowser()).newPage();
    const privacy = linkTo(await digestLinksTo(AINO), '/privacy/');
    await page.goto(privacy);
    await Promise.all([page.waitForURL(/\/erase$/), page.click(`button:has-text("${fi.eraseButton}")`)]);
    const aino = String((await advocateRow(AINO)).id);
    await waitFor('the erasure request stored', async () => (await harness.store.privacy.erasureRequest(aino))?.state === 'requested');
    expect(await textOf(page, '[role="status"]')).toBe(fi.requested);
    expect(await page.locator(`button:has-text("${fi.eraseButton}")`).count()).toBe(0);
    expect(await advocateRow(AINO)).toMatchObject({ email: AINO, erased_at: null });
    await screenshot(page, 'privacy-erasure-requested');

    // The admin signs in as a person does, and confirms on the Advocates page.
    const admin = await (await newBrowser()).newPage();
    const mails = () => outboxMailsTo(harness.store);
    const sent = (await signInLinksTo(mails(), ADA)).length;
    await admin.goto(`${base}/admin/login`);
    await admin.fill('#email', ADA);
    await admin.click('button:has-text("Email me a sign-in link")');
    await admin.waitForSelector('text=a sign-in link is on its way');
    await admin.goto(`${base}${await signInLinkFor(mails(), ADA, sent)}`);
    await Promise.all([admin.waitForURL(`${base}/admin`), admin.click('button:has-text("Sign in")')]);
    await admin.goto(`${base}/admin/advocates`);
    expect(await textOf(admin, 'table.erasures')).toContain(AINO);
    await screenshot(admin, 'admin-erasure-requests');
    // The Confirm form posted from another site in the admin's own browser: refused before anything is erased.
    const confirmForm = (await copyForms(admin)).find((f) => new URL(f.action).pathname === `/admin/advocates/${aino}/erase`)!;
    expect(confirmForm).toBeDefined();
    const forged = await admin.context().newPage();
    await forged.goto(serveForgery(evil, confirmForm, 'page'));
    // Chromium sends no SameSite=Lax cookie with another site's POST: without its session the console answers with sign-in.
    await forged.waitForURL(`${base}/admin/login`);
    expect(await forged.locator('#email').count()).toBe(1);
    expect(await harness.store.privacy.erasureRequest(aino)).toMatchObject({ state: 'requested', decided_by: null });
    expect(await advocateRow(AINO)).toMatchObject({ email: AINO, erased_at: null });
    await forged.close();
    // The confirm button is the console's own erase (one door): it lands on her page, and the trail records who erased her.
    await Promise.all([
      admin.waitForURL(new RegExp(`/admin/advocates/${aino}\\?done=erased$`)),
      admin.click('button:has-text("Confirm erasure of Aino Yksityinen")'),
    ]);
    await waitFor('the erasure done', async () => (await harness.store.privacy.erasureRequest(aino))?.state === 'erased');
    expect((await harness.store.audit.of('advocate', aino)).map((entry) => [entry.actor, entry.action])).toContainEqual([ADA, 'erased']);
    await admin.goto(`${base}/admin/advocates`);
    expect(await admin.locator('table.erasures').count()).toBe(0);
    expect(await harness.store.privacy.erasureRequest(aino)).toMatchObject({ state: 'erased', decided_by: ADA });
    expect(await harness.store.advocates.get(aino)).toMatchObject({ name: 'Erased advocate', email: `erased-${aino}@erased.invalid`, mail_state: 'paused' });
    expect(await harness.store.advocates.byEmail(AINO)).toBeUndefined();

    // Her link still opens her page, which now says so.
    await page.goto(privacy);
    expect(await textOf(page, '[role="status"]')).toBe(fi.erased);
  });
});
