import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  loopbackContext,
  pickConsoleLanguage,
  screenshotWidths as screenshot,
  serveRecordingPosts,
  submitForm,
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { copyForms, serveForgery, withFields, type Forgery } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo, signInLinkFor, signInLinksTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';

// The console in Finnish, Swedish or English (issue 17), as communicators use it in Debian's Chromium against kaiku
// on a real socket: Ada picks Suomi in the header and every page she opens reads Finnish with lang="fi", also after
// she signs in again from a Swedish browser; Bo picks Svenska on an item page and lands back on it in Swedish; Cy's
// Finnish browser gets Finnish before she ever chooses, Di's German one English. A forged post from another site or
// port changes no one's language, and the picker never sends the browser off the console.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const CY = 'cy@testcity.example';
const DI = 'di@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let evil: FeedServer;
let sameHost: FeedServer;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const nav = (page: Page) => page.locator('header nav.top a').allTextContents();
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const languageRows = () => db().selectFrom('admin_languages').select(['email', 'language']).orderBy('email').execute();
const languageTrail = () => db().selectFrom('audit_trail').selectAll().where('action', '=', 'chose a language').orderBy('id').execute();

const FINNISH_NAV = [
  'Sisältö',
  'Uusi julkaisu',
  'Lähteet',
  'Lähettiläät',
  'Saatetekstit',
  'Tämä viikko',
  'Koosteet',
  'Tulostaulut',
  'Analytiikka',
  'Ylläpitäjät',
  'Istunnot',
];
const SWEDISH_NAV = [
  'Innehåll',
  'Nytt inlägg',
  'Källor',
  'Ambassadörer',
  'Inläggstexter',
  'Den här veckan',
  'Sammandrag',
  'Topplistor',
  'Analys',
  'Administratörer',
  'Sessioner',
];
const ENGLISH_NAV = ['Items', 'Compose', 'Sources', 'Advocates', 'Captions', 'This week', 'Digests', 'Leaderboards', 'Analytics', 'Admins', 'Sessions'];

/**
 * Signs in by clicking, whatever language the sign-in pages speak (they follow the browser's): types the address,
 * clicks the form's button, opens the mailed link, clicks its button. The rate limit allows five links per address.
 */
async function signIn(email: string, options: { locale?: string } = {}): Promise<Page> {
  const made = await loopbackContext(browser, options);
  opened.push(made);
  const page = await made.context.newPage();
  const seen = (await signInLinksTo(mails(), email)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', email);
  await submitForm(page, 'form[action="/admin/login"] button[type="submit"]');
  await page.waitForSelector('.notice[role="status"]');
  await page.goto(`${base}${await signInLinkFor(mails(), email, seen)}`);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('main form button[type="submit"]')]);
  return page;
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA, BO, CY, DI] }], {
        fetch: { enrich: false },
      }),
      admins: [
        { name: 'Ada Admin', email: ADA },
        { name: 'Bo Backup', email: BO },
        { name: 'Cy Communicator', email: CY },
        { name: 'Di Deutsch', email: DI },
      ],
      server: { host: '127.0.0.1', port },
    },
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await evil?.close();
  await sameHost?.close();
});

describe('the console’s language', () => {
  test('Ada picks Suomi in the header: the items, an item page and its decision form read Finnish with lang="fi", her choice in the store and the trail', async () => {
    const ada = await signIn(ADA);
    expect(await langOf(ada)).toBe('en');
    expect(await nav(ada)).toEqual(ENGLISH_NAV);
    await pickConsoleLanguage(ada, 'fi');
    expect(ada.url()).toBe(`${base}/admin`);
    expect(await langOf(ada)).toBe('fi');
    expect(await nav(ada)).toEqual(FINNISH_NAV);
    expect(await textOf(ada, 'header')).toContain('Kirjaudu ulos');
    expect(await textOf(ada, 'nav.tabs')).toContain('Odottaa hyväksyntää');
    expect(await textOf(ada, 'nav.pager')).toMatch(/Yhteensä 2/);
    expect(await textOf(ada, '#sources')).toBe('Lähteet (1)');
    const card = ada.locator('article.item').first();
    await card.locator('summary:has-text("Päätä")').click();
    expect(await card.locator('button.approve').textContent()).toBe('Hyväksy');
    expect(await card.locator('button.reject').textContent()).toBe('Hylkää');
    expect(await textOf(ada, 'article.item .trail li')).toMatch(/\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2} .* hyväksyntää pyydetty sähköpostilla/);
    await screenshot(ada, 'console-language-fi-items');

    await Promise.all([ada.waitForURL(/\/admin\/items\//), card.locator('h3 a').click()]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main')).toContain('Päätöshistoria');
    expect(await textOf(ada, 'main')).toContain('Mihin se päätyi');
    expect(await ada.locator('.item-page button.approve').textContent()).toBe('Hyväksy');
    expect(await textOf(ada, '.item-page .meta')).toMatch(/odottaa hyväksyntää .* löydetty (juuri nyt|\d+ minuuttia sitten|\d+ minuutti sitten)/);
    await screenshot(ada, 'console-language-fi-item');

    await Promise.all([ada.waitForURL(`${base}/admin/this-week`), ada.click('header nav.top a:has-text("Tämä viikko")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '#next-run')).toContain('Seuraava koosteajo on');
    await Promise.all([ada.waitForURL(`${base}/admin/digests`), ada.click('header nav.top a:has-text("Koosteet")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main')).toContain('Yhtään koostetta ei ole vielä lähetetty.');
    await Promise.all([ada.waitForURL(`${base}/admin/sources`), ada.click('header nav.top a:has-text("Lähteet")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, `tr[data-source-id="news"]`)).toMatch(/kaiku\.yaml-tiedostossa käytössä$/);
    // Every page in the header is translated now: Admins too reads Finnish, page and header alike.
    await Promise.all([ada.waitForURL(`${base}/admin/people`), ada.click('header nav.top a:has-text("Ylläpitäjät")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await ada.locator('header').getAttribute('lang')).toBe('fi');
    expect(await textOf(ada, 'main h1')).toMatch(/^Ylläpitäjät ja hyväksyjät \(\d+\)$/);
    await Promise.all([ada.waitForURL(`${base}/admin/advocates`), ada.click('header nav.top a:has-text("Lähettiläät")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h1')).toBe('Lähettiläät (0)');
    expect(await textOf(ada, 'main .empty')).toContain('Lähettiläitä ei vielä ole');
    await Promise.all([ada.waitForURL(`${base}/admin/sessions`), ada.click('header nav.top a:has-text("Istunnot")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h1')).toBe('Kirjautuneet istunnot (1)');
    expect(await textOf(ada, 'main table')).toContain('(tämä selain)');

    expect(await languageRows()).toEqual([{ email: ADA, language: 'fi' }]);
    expect(await languageTrail()).toMatchObject([{ actor: ADA, entity: 'admin', entity_id: ADA, before: null, after: { language: 'fi' } }]);
  }, 120_000);

  test('Ada’s choice holds after she signs out and in again, even from a browser set to Swedish', async () => {
    const ada = await signIn(ADA, { locale: 'sv-SE' });
    // Before sign-in kaiku knows only the browser: the sign-in page was Swedish. After it, Ada's own choice.
    expect(await langOf(ada)).toBe('fi');
    expect(await nav(ada)).toEqual(FINNISH_NAV);
    expect(await ada.locator('#console-language option:checked').textContent()).toBe('Suomi');
    await Promise.all([ada.waitForURL(`${base}/admin/login?signed-out`), ada.click('header button:has-text("Kirjaudu ulos")')]);
    expect(await langOf(ada)).toBe('sv');
    expect(await textOf(ada, 'main')).toContain('Du är utloggad.');
    expect(await ada.locator('form[action="/admin/login"] button').textContent()).toBe('Skicka mig en inloggningslänk');
  }, 120_000);

  test('Bo picks Svenska on an item page, lands back on it in Swedish with lang="sv", and Godkänn approves it', async () => {
    const bo = await signIn(BO);
    const item = (await harness.store.items.listByState('pending', 10)).sort((a, b) => a.title.localeCompare(b.title))[0]!;
    await bo.goto(`${base}/admin/items/${item.id}`);
    await pickConsoleLanguage(bo, 'sv');
    expect(bo.url()).toBe(`${base}/admin/items/${item.id}`);
    expect(await langOf(bo)).toBe('sv');
    expect(await nav(bo)).toEqual(SWEDISH_NAV);
    expect(await textOf(bo, 'main')).toContain('Beslutshistorik');
    expect(await textOf(bo, '.item-page summary')).toBe('Inläggstexter (redigera gärna innan du godkänner)');
    expect(await bo.locator('.item-page button.reject').textContent()).toBe('Avvisa');
    await screenshot(bo, 'console-language-sv-item');
    await submitForm(bo, '.item-page button.approve:has-text("Godkänn")');
    await waitFor('the item approved', async () => (await harness.store.items.get(item.id))?.state === 'approved');
    await bo.goto(`${base}/admin/items/${item.id}`);
    expect(await textOf(bo, '.item-page .meta .state')).toBe('godkänd');
    expect(await textOf(bo, '#schedule-heading')).toBe('Schemalägg, fäst eller dra tillbaka');
    expect(await textOf(bo, '.item-page p.muted')).toMatch(/^Godkänt av Bo Backup på administrationssidan \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await languageRows()).toEqual([
      { email: ADA, language: 'fi' },
      { email: BO, language: 'sv' },
    ]);
  }, 120_000);

  test('before anyone chooses: a Finnish browser gets Finnish (sign-in pages too), a German one English; nothing is stored', async () => {
    const cy = await signIn(CY, { locale: 'fi-FI' });
    expect(await langOf(cy)).toBe('fi');
    expect(await nav(cy)).toEqual(FINNISH_NAV);
    const login = await cy.context().newPage();
    await login.goto(`${base}/admin/login`);
    expect(await langOf(login)).toBe('fi');
    expect(await login.locator('form[action="/admin/login"] button').textContent()).toBe('Lähetä minulle kirjautumislinkki');
    await login.close();

    const di = await signIn(DI, { locale: 'de-DE' });
    expect(await langOf(di)).toBe('en');
    expect(await nav(di)).toEqual(ENGLISH_NAV);
    expect((await languageRows()).map((row) => row.email)).toEqual([ADA, BO]);
  }, 120_000);

  test('a forged language post from another site or another port is refused in Di’s browser, and no one’s language changes', async () => {
    const di = await signIn(DI);
    const form = withFields(
      (await copyForms(di)).find((f) => f.action.endsWith('/admin/language'))!,
      { language: 'sv' },
    );
    const rows = await languageRows();
    const trail = await languageTrail();
    const cases: [FeedServer, Forgery, { status: number; location: string | null }][] = [
      // Another site: the browser sends no session cookie (SameSite=Lax), so the post reaches the sign-in redirect.
      [evil, 'page', { status: 303, location: '/admin/login' }],
      // The same host on another port is same-site: the session comes along and the form guard refuses it.
      [sameHost, 'page', { status: 403, location: null }],
      [sameHost, 'no-referrer', { status: 403, location: null }],
    ];
    for (const [site, forgery, answer] of cases) {
      const seen = posts.filter((p) => p.path === '/admin/language').length;
      const tab = await di.context().newPage();
      void tab.goto(serveForgery(site, form, forgery), { waitUntil: 'commit', timeout: 10_000 }).catch(() => undefined);
      const post = await waitFor(`${forgery} post answered`, async () => posts.filter((p) => p.path === '/admin/language')[seen]);
      expect({ status: post.status, location: post.location }, `${site.origin} ${forgery}`).toEqual(answer);
      void tab.close({ runBeforeUnload: false });
    }
    expect(await languageRows()).toEqual(rows);
    expect(await languageTrail()).toEqual(trail);
    await di.reload();
    expect(await langOf(di)).toBe('en');
  }, 120_000);

  test('the picker sends the browser back only to the console: another site, //host or a path outside /admin lands on /admin', async () => {
    const di = await signIn(DI);
    for (const [back, language] of [
      [`${evil.origin}/admin`, 'sv'],
      [`//${new URL(evil.origin).host}/admin`, 'fi'],
      ['/\\evil.example/admin', 'sv'],
      ['/outbox', 'en'],
    ] as const) {
      await di.goto(`${base}/admin/sessions`);
      // What a tampered page would send: the hidden field pointed elsewhere, then the button clicked.
      await di.$eval('header form.language input[name="back"]', (input, value) => ((input as HTMLInputElement).value = value), back);
      await pickConsoleLanguage(di, language);
      expect(di.url(), back).toBe(`${base}/admin`);
      expect(posts.at(-1), back).toEqual({ path: '/admin/language', status: 303, location: '/admin' });
      expect(await langOf(di)).toBe(language);
    }
    expect(await harness.store.adminLanguages.of(DI)).toBe('en');
  }, 120_000);
});
