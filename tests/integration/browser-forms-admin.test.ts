import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, waitFor, type CaughtMail } from '../helpers/mail.js';
import type { ItemRow } from '../../db/schema.js';

// Every form of the admin side clicked through in Debian's Chromium against kaiku on a real socket: sign-in
// from the mailed link, decisions on the admin page and on the approval links' pages, the outbox's reply,
// sign-out and the Sessions page. Nothing is set by hand: the browser sends what kaiku's pages make it send.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const ITEMS = 10;

let feeds: FeedServer;
let webmail: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
let items: ItemRow[] = [];
let requests = new Map<string, CaughtMail>();
const contexts: LoopbackContext[] = [];

const mails = () => outboxMailsTo(harness.store);
const item = (n: number) => items.find((row) => row.title === `news number ${n}`)!;
const stored = async (n: number) => (await harness.store.items.get(item(n).id))!;
const decided = (n: number) => waitFor(`news number ${n} decided`, async () => ((await stored(n)).state !== 'pending' ? stored(n) : undefined));
const sessionsOf = (email: string) =>
  harness.db.database.db.selectFrom('admin_sessions').selectAll().where('admin_email', '=', email).orderBy('created_at', 'asc').execute();

/** A new browser (context) of this test; closed after it, with a check that nothing in it left the machine. */
async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

/** Signs `email` in as a person does: the sign-in form, the link in the mail kaiku sends, the confirmation page's button. */
async function signIn(context: BrowserContext, email: string, shots?: string): Promise<Page> {
  const page = await context.newPage();
  const before = (await signInLinksTo(mails(), email)).length;
  await page.goto(`${base}/admin/login`);
  if (shots) await screenshot(page, `${shots}-login`);
  await page.fill('#email', email);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  if (shots) await screenshot(page, `${shots}-check-inbox`);
  const link = await signInLinkFor(mails(), email, before);
  await page.goto(`${base}${link}`);
  if (shots) await screenshot(page, `${shots}-confirm`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button:has-text("Sign in")')]);
  return page;
}

/** Opens the item's "Decide" on the admin page; returns its card. */
async function openDecide(page: Page, n: number) {
  const card = page.locator(`article.item[data-item-id="${item(n).id}"]`);
  await card.locator('summary', { hasText: /^Decide$/ }).click();
  return card;
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  // The webmail a communicator reads approval mail in: another site, on another loopback address.
  webmail = await FeedServer.start('127.0.0.2');
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, ITEMS, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      // Bo approves too: the admin page shows Decide only to an item's approvers, and his phone is about to approve.
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA, BO] }], {
        fetch: { enrich: false },
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
  items = await harness.store.items.listByState('pending', 100);
  const sent = await waitFor('an approval mail per item', async () => {
    const found = await approvalMailsTo(harness.store, ADA);
    return found.length === ITEMS && found;
  });
  requests = new Map(sent.map((mail) => [String(mail.parsed.headers.get('x-kaiku-item')), mail]));
}, 120_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await webmail?.close();
});

describe('signing in', () => {
  test('the sign-in form, the mailed link and its button land on the admin page with one live session on the server', async () => {
    const page = await signIn(await newBrowser(), ADA, 'sign-in');
    expect(await textOf(page, 'header .program')).toBe('Test City advocates');
    expect(await textOf(page, 'header form')).toContain('Ada Admin');
    await screenshot(page, 'admin');
    const mail = (await mails()(ADA)).find((raw) => raw.includes('/admin/login/'))!.replace(/=\r?\n/g, '');
    expect(mail).toContain(`${base}/admin/login/`); // the link as mailed, to this server
    const sessions = await sessionsOf(ADA);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ ended_at: null, admin_email: ADA });
    expect(sessions[0]!.user_agent).toMatch(/Chrome\//);
    const nonces = await harness.db.database.db.selectFrom('login_nonces').selectAll().where('email', '=', ADA).execute();
    expect(nonces).toHaveLength(1);
    expect(nonces[0]!.used_at).not.toBeNull();
  });
});

describe('deciding on the admin page', () => {
  test('approve, reject with a reason, and approve with an edited X caption: the answer, the store and the decision trail', async () => {
    const page = await signIn(await newBrowser(), ADA);
    let card = await openDecide(page, 0);
    await screenshot(page, 'admin-decide');
    await Promise.all([page.waitForURL(`${base}/admin/items/${item(0).id}/decide`), card.locator('button.approve').click()]);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Approved\. It goes out to advocates in the next digest, .+\. A confirmation is on its way/);
    await screenshot(page, 'admin-approved');
    expect(await decided(0)).toMatchObject({ state: 'approved', decided_via: 'admin', decided_by: ADA });

    await page.goto(`${base}/admin`);
    card = await openDecide(page, 1);
    await card.locator('input[name="reason"]').fill('Not for advocates: an internal matter');
    await Promise.all([page.waitForURL(`${base}/admin/items/${item(1).id}/decide`), card.locator('button.reject').click()]);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Rejected\. It will not reach advocates\./);
    await screenshot(page, 'admin-rejected');
    expect(await decided(1)).toMatchObject({
      state: 'rejected',
      decided_via: 'admin',
      decided_by: ADA,
      decision_reason: 'Not for advocates: an internal matter',
    });

    await page.goto(`${base}/admin`);
    card = await openDecide(page, 2);
    await card.locator('summary', { hasText: 'Captions' }).click();
    const x = card.locator('textarea[name="caption_x"]');
    const edited = `Worth a read! ${(await x.inputValue()).trim()}`;
    await x.fill(edited);
    await screenshot(page, 'admin-edit-caption');
    await Promise.all([page.waitForURL(`${base}/admin/items/${item(2).id}/decide`), card.locator('button.approve').click()]);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Approved\./);
    const third = await decided(2);
    expect(third).toMatchObject({ state: 'approved', decided_via: 'admin' });
    expect(third.captions!.networks.x).toBe(edited);
    expect(third.captions!.edited).toBe(true);
    expect(third.captions!.networks.linkedin).toBe(item(2).captions!.networks.linkedin); // only X was edited

    await page.goto(`${base}/admin?state=approved`);
    await screenshot(page, 'admin-approved-tab');
    const trail = (n: number, kind: string) => textOf(page, `article.item[data-item-id="${item(n).id}"] ol.trail li[data-kind="${kind}"]`);
    expect(await trail(0, 'approved')).toMatch(/approved by Ada Admin on the admin page$/);
    expect(await trail(2, 'approved')).toMatch(/approved by Ada Admin on the admin page, with edited captions$/);
    await page.goto(`${base}/admin?state=rejected`);
    expect(await trail(1, 'rejected')).toMatch(/rejected by Ada Admin on the admin page: "Not for advocates: an internal matter"$/);
  });
});

describe("the approval links' pages", () => {
  test("the mail's Approve link opens a page whose button approves; its Reject link, one that rejects with the reason typed", async () => {
    const page = await (await newBrowser()).newPage();
    const linkIn = (n: number, kind: 'Approve' | 'Reject') => new RegExp(`${kind}:\\s+(http://\\S+/a/\\w+)`).exec(requests.get(item(n).id)!.parsed.text!)![1]!;
    const approve = linkIn(3, 'Approve');
    expect(approve.startsWith(`${base}/a/`)).toBe(true);
    await page.goto(approve);
    expect(await textOf(page, 'header .program')).toBe('Approve this item?');
    expect(await textOf(page, 'main')).toContain('Deciding as Ada Admin');
    await screenshot(page, 'link-approve');
    await Promise.all([page.waitForURL(approve), page.click('button.approve')]);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Approved\. It goes out to advocates in the next digest/);
    await screenshot(page, 'link-approved');
    expect(await decided(3)).toMatchObject({ state: 'approved', decided_via: 'link', decided_by: ADA });

    const reject = linkIn(4, 'Reject');
    await page.goto(reject);
    expect(await textOf(page, 'header .program')).toBe('Reject this item?');
    await page.getByLabel('Reason (optional, kept in the decision trail)').fill('Duplicate of last week');
    await screenshot(page, 'link-reject');
    await Promise.all([page.waitForURL(reject), page.click('button.reject')]);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Rejected\. It will not reach advocates\./);
    expect(await decided(4)).toMatchObject({ state: 'rejected', decided_via: 'link', decision_reason: 'Duplicate of last week' });
    // the same link again: the page says it was decided, and offers no button
    await page.goto(reject);
    expect(await textOf(page, '.notice')).toMatch(/^This item was already rejected .*Nothing was changed\./);
    expect(await page.locator('button').count()).toBe(0);
  });

  test('an approval link opened from webmail (another site) leaves the admin page open in another tab working', async () => {
    const context = await newBrowser();
    const admin = await signIn(context, ADA);
    const card = await openDecide(admin, 5);
    // the approval mail as webmail shows it: a link on another site's page, clicked in a second tab
    const approve = /Approve:\s+(http:\/\/\S+\/a\/\w+)/.exec(requests.get(item(6).id)!.parsed.text!)![1]!;
    webmail.route('/inbox', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Approve? news number 6</p><a id="approve" href="${approve}">Approve</a>`),
    );
    const mailTab = await context.newPage();
    await mailTab.goto(`${webmail.origin}/inbox`);
    await Promise.all([mailTab.waitForURL(approve), mailTab.click('#approve')]);
    await Promise.all([mailTab.waitForURL(approve), mailTab.click('button.approve')]);
    expect(await textOf(mailTab, '.notice.ok')).toMatch(/^Approved\./);
    expect(await decided(6)).toMatchObject({ state: 'approved', decided_via: 'link' });
    // back on the admin page, opened before: its form still works
    await Promise.all([admin.waitForURL(`${base}/admin/items/${item(5).id}/decide`), card.locator('button.approve').click()]);
    expect(await textOf(admin, 'main')).not.toContain('This form was not accepted');
    expect(await textOf(admin, '.notice.ok')).toMatch(/^Approved\./);
    expect(await decided(5)).toMatchObject({ state: 'approved', decided_via: 'admin' });
  });
});

describe("the outbox's reply form", () => {
  test('"Send reply" answers the approval mail over SMTP as its approver, and the reply approves the item', async () => {
    const page = await (await newBrowser()).newPage();
    const request = requests.get(item(7).id)!;
    await page.goto(`${base}/outbox/${request.id}`);
    expect(await page.inputValue('#text')).toBe('approve');
    await screenshot(page, 'outbox-reply');
    await Promise.all([page.waitForURL(`${base}/outbox`), page.click('button:has-text("Send reply")')]);
    expect(await decided(7)).toMatchObject({ state: 'approved', decided_via: 'email', decided_by: ADA });
    await page.reload();
    expect(await textOf(page, 'tr[data-inbound="true"]')).toContain('↩ Re: Approve? news number 7');
    await screenshot(page, 'outbox');
  });
});

describe('signing out and the Sessions page', () => {
  test("the header's Sign out ends the session on the server; the admin page then asks to sign in", async () => {
    const page = await signIn(await newBrowser(), BO);
    await screenshot(page, 'before-sign-out');
    await Promise.all([page.waitForURL(`${base}/admin/login?signed-out`), page.click('header button:has-text("Sign out")')]);
    expect(await textOf(page, '.notice.ok')).toBe('You are signed out.');
    await screenshot(page, 'signed-out');
    const [session] = await sessionsOf(BO);
    expect(session!.ended_at).not.toBeNull();
    expect(session!.ended_by).toBe(BO);
    await page.goto(`${base}/admin`);
    await page.waitForURL(`${base}/admin/login`);
    expect(await page.locator('#email').count()).toBe(1);
  });

  test('a session ended from the Sessions page of another browser is signed out at its next click, which changes nothing', async () => {
    const laptop = await signIn(await newBrowser(), BO);
    const phone = await signIn(await newBrowser(), BO);
    const phoneSession = (await sessionsOf(BO)).at(-1)!;
    const card = await openDecide(phone, 8); // the phone has the admin page open, about to approve

    await laptop.goto(`${base}/admin/sessions`);
    await screenshot(laptop, 'sessions');
    const row = laptop.locator(`tr[data-session="${phoneSession.id_hash.slice(0, 12)}"]`);
    expect(await row.textContent()).not.toContain('(this browser)');
    await Promise.all([laptop.waitForURL(`${base}/admin/sessions`), row.locator('button:has-text("End session")').click()]);
    expect(await laptop.locator(`tr[data-session="${phoneSession.id_hash.slice(0, 12)}"]`).count()).toBe(0);
    expect(await textOf(laptop, 'tr:has-text("(this browser)")')).toContain('Bo Backup');
    const ended = (await sessionsOf(BO)).find((s) => s.id_hash === phoneSession.id_hash)!;
    expect(ended.ended_at).not.toBeNull();
    expect(ended.ended_by).toBe(BO);

    await Promise.all([phone.waitForURL(`${base}/admin/login`), card.locator('button.approve').click()]);
    expect(await phone.locator('#email').count()).toBe(1);
    expect(await stored(8)).toMatchObject({ state: 'pending' });
  });
});
