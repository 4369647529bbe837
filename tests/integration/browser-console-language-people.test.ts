import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  loopbackContext,
  screenshotWidths as screenshot,
  serveRecordingPosts,
  signInPickingLanguage,
  submitForm,
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { audit, auditTable, seriousOf, type Figures } from '../helpers/accessibility.js';
import { copyForms, serveForgery, withFields } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { quietLog, startHarness, testConfig, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, waitFor } from '../helpers/mail.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { createApp } from '../../server/app.js';
import { createStore } from '../../db/store.js';
import { Secret } from '../../rules/tokens/secret.js';
import type { ItemRow } from '../../db/schema.js';

// The Admins page, the page after deciding an item, the "form not accepted" page and the OpenID sign-in's refusals in
// the admin's language (issue 17), clicked through in Debian's Chromium against kaiku on a real socket. Aada picks
// Suomi: Ylläpitäjät reads Finnish with lang="fi"; a bad address and topics for an analyst are refused in Finnish beside
// their fields with nothing stored; she adds Pia as an approver (stored, the trail in English), and a forged add from
// another port of this host gets the refusal page in Finnish (403). She approves an item from its page ("Hyväksytty",
// when it goes out, in Finnish) and, on a page opened before Britt decided another, reads in Finnish that it was
// decided already. Britt picks Svenska: a caption too long is refused in Swedish; Cy, an admin added in the console,
// reads in Swedish that he may not change his own role nor remove himself. Before sign-in the OpenID pages speak the
// browser's language: a Finnish browser whose person is in no admin group, a Swedish one replaying a callback.

const AADA = 'aada@testcity.example';
const BRITT = 'britt@testcity.example';
const PIA = 'pia@testcity.example';
const CY = 'cy@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let sameHost: FeedServer;
let base = '';
let items: ItemRow[] = [];
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];
const figures: Figures[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);
const consoleAdmins = () => db().selectFrom('console_admins').selectAll().orderBy('email').execute();
const trail = () => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'admin').where('action', '!=', 'chose a language').orderBy('id').execute();

/** Signs in by clicking (an English browser) and picks `language` in the header, as a person does. */
const signInAndPick = (email: string, language: 'fi' | 'sv') => signInPickingLanguage(browser, opened, base, mails(), email, language);

/** Fills the Admins page's add form. */
async function fillAdd(page: Page, fields: { email: string; name: string; role: string; topics?: string }) {
  await page.fill('#email', fields.email);
  await page.fill('#name', fields.name);
  await page.check(`input[name="role"][value="${fields.role}"]`);
  await page.fill('#topics', fields.topics ?? '');
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [AADA, BRITT] }], {
        fetch: { enrich: false },
      }),
      admins: [
        { name: 'Aada Ahonen', email: AADA },
        { name: 'Britt Berg', email: BRITT },
      ],
      server: { host: '127.0.0.1', port },
    },
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  items = (await harness.store.items.listByState('pending', 10)).sort((a, b) => a.title.localeCompare(b.title));
  expect(items).toHaveLength(3);
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await sameHost?.close();
});

// Aada, signed in once: her choice of Suomi holds for every page after.
let aada: Page;

describe('Ylläpitäjät in Finnish', () => {
  beforeAll(async () => {
    aada = await signInAndPick(AADA, 'fi');
  }, 120_000);

  test('Aada opens Ylläpitäjät from the header: heading, columns, roles, the add form and its labels in Finnish, lang="fi"', async () => {
    await Promise.all([aada.waitForURL(`${base}/admin/people`), aada.click('header nav.top a:has-text("Ylläpitäjät")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await aada.title()).toBe('Ylläpitäjät ja hyväksyjät · kaiku');
    expect(await textOf(aada, 'main h1')).toBe('Ylläpitäjät ja hyväksyjät (2)');
    expect((await aada.locator('table.people th').allTextContents()).map((th) => th.trim())).toEqual([
      'Nimi',
      'Rooli',
      'Päättää',
      'Hyväksyntäviestit',
      'Määritetty',
    ]);
    expect((await aada.locator(`tr[data-admin="${AADA}"] td`).allTextContents()).map((td) => td.replace(/\s+/g, ' ').trim())).toEqual([
      `Aada Ahonen${AADA}`,
      'ylläpitäjä',
      expect.stringMatching(/^lähde news$/i),
      'jokaisesta erikseen',
      'tiedostossa kaiku.yaml',
    ]);
    expect(await textOf(aada, '#add-heading')).toBe('Lisää henkilö');
    expect((await aada.locator('main form[action="/admin/people/new"] label').allTextContents()).map((label) => label.replace(/\s+/g, ' ').trim())).toEqual([
      'Sähköpostiosoite (jolla hän kirjautuu sisään)',
      'Nimi',
      'Ylläpitäjä: hoitaa konsolissa kaikkea',
      'Hyväksyjä: päättää omien lähteidensä ja aiheidensa sisällöstä',
      'Analyytikko: lukee analytiikkaa ja tulostauluja',
      'Aiheet, joista hyväksyjä päättää (pilkuilla erotettuina, esimerkiksi työpaikat, kulttuuri)',
      'Varahyväksyjä: häneltä pyydetään päätöstä, kun sisältö on odottanut liian kauan',
      'Sähköposti jokaisesta odottavasta sisällöstä',
      'Yksi päivittäinen kooste kaikesta odottavasta',
      'Slackin jäsentunnus, jos hän päättää Slackissa (vapaaehtoinen, esimerkiksi U012AB3CD)',
    ]);
    expect((await aada.locator('main legend').allTextContents()).map((legend) => legend.trim())).toEqual(['Rooli', 'Hyväksyntäviestit']);
    expect(await textOf(aada, 'main button.approve')).toBe('Lisää');
    expect(await textOf(aada, '#trail-heading')).toBe('Muutokset');
    await screenshot(aada, 'console-language-fi-people');
    figures.push(await audit(aada, '/admin/people (fi)'));
  });

  test.each<[string, { email: string; name: string; role: string; topics?: string }, string, string]>([
    [
      'an address that is none',
      { email: 'pia@testcity', name: 'Pia Hyväksyjä', role: 'approver' },
      '#email-error',
      'anna sähköpostiosoite, esimerkiksi pia@vantaa.fi',
    ],
    [
      'topics for an analyst',
      { email: PIA, name: 'Pia Hyväksyjä', role: 'analyst', topics: 'työpaikat' },
      '#topics-error',
      'aiheet kuuluvat hyväksyjille: ylläpitäjä päättää kaikesta ja analyytikko ei mistään; tyhjennä aiheet tai tee hänestä hyväksyjä',
    ],
    [
      'someone set in kaiku.yaml',
      { email: BRITT, name: 'Britt taas', role: 'approver' },
      '#email-error',
      `${BRITT} on määritetty tiedostossa kaiku.yaml; muuta tietoja siellä`,
    ],
  ])('%s: refused in Finnish beside its field, the form kept, nothing stored', async (_case, fields, where, says) => {
    const before = await unchanged();
    await aada.goto(`${base}/admin/people`);
    await fillAdd(aada, fields);
    await submitForm(aada, 'button:has-text("Lisää")');
    expect(posts.at(-1)?.path).toBe('/admin/people/new');
    expect([400, 409]).toContain(posts.at(-1)?.status);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'main [role="alert"]')).toBe('Mitään ei lisätty: katso virheet alta.');
    expect(await textOf(aada, where)).toBe(says);
    expect(await aada.inputValue('#name')).toBe(fields.name);
    expect(await consoleAdmins()).toEqual([]);
    expect(await unchanged()).toEqual(before);
  });

  test('she adds Pia as the approver of a topic: the notice and her row in Finnish, the row and its trail stored in English', async () => {
    await aada.goto(`${base}/admin/people`);
    await fillAdd(aada, { email: 'Pia@TestCity.example', name: 'Pia Hyväksyjä', role: 'approver', topics: 'Työpaikat' });
    await aada.check('input[name="approvalMail"][value="daily"]');
    await Promise.all([aada.waitForURL(`${base}/admin/people?done=added`), aada.click('button:has-text("Lisää")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, '[role="status"]')).toBe(
      'Lisätty. Hän voi nyt kirjautua sisään osoitteellaan, ja hänen lähteidensä ja aiheidensa hyväksyntäpyynnöt menevät tästä lähtien hänelle.',
    );
    expect(await textOf(aada, 'main h1')).toBe('Ylläpitäjät ja hyväksyjät (3)');
    expect((await aada.locator(`tr[data-admin="${PIA}"] td`).allTextContents()).map((td) => td.replace(/\s+/g, ' ').trim())).toEqual([
      `Pia Hyväksyjä${PIA}`,
      'hyväksyjä',
      'aihe työpaikat',
      'päivittäinen kooste',
      'Muokkaa',
    ]);
    expect(await consoleAdmins()).toMatchObject([{ email: PIA, name: 'Pia Hyväksyjä', role: 'approver', topics: ['työpaikat'], approval_mail: 'daily' }]);
    expect(await trail()).toMatchObject([{ actor: AADA, entity_id: PIA, action: 'added', before: null, after: { role: 'approver', approvalMail: 'daily' } }]);
    // The trail is recorded once, in English, whichever language its author reads; her page says it in Finnish.
    expect(await textOf(aada, '.trail.audit li[data-action="added"]')).toMatch(
      new RegExp(`^\\d{1,2}\\.\\d{1,2}\\.\\d{4} klo \\d{2}\\.\\d{2} .* · Aada Ahonen lisäsi ${PIA}`),
    );
    await screenshot(aada, 'console-language-fi-people-added');
  });

  test('Pia’s page reads Finnish: its form, Tallenna, and Poista with what removing does', async () => {
    await aada.goto(`${base}/admin/people`);
    await Promise.all([aada.waitForURL(`${base}/admin/people/${encodeURIComponent(PIA)}`), aada.click('a[aria-label="Muokkaa: Pia Hyväksyjä"]')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'main > p:first-child a')).toBe('‹ Ylläpitäjät ja hyväksyjät');
    expect(await aada.locator('#email').count()).toBe(0);
    expect(await textOf(aada, 'main button.approve')).toBe('Tallenna');
    expect(await textOf(aada, 'main section.panel:nth-of-type(2) p')).toBe(
      'Hän ei voi enää kirjautua sisään, ja hänen avoimet istuntonsa päättyvät. Hänen tekemänsä päätökset säilyvät kaikessa historiassa.',
    );
    expect(await textOf(aada, 'main button.reject')).toBe('Poista Pia Hyväksyjä');
    figures.push(await audit(aada, '/admin/people/<email> (fi)'));
    await aada.check('input[name="role"][value="analyst"]');
    await aada.fill('#topics', '');
    await Promise.all([aada.waitForURL(`${base}/admin/people?done=edited`), aada.click('button:has-text("Tallenna")')]);
    expect(await textOf(aada, '[role="status"]')).toBe('Tallennettu. Muutos on voimassa hänen seuraavasta napsautuksestaan alkaen.');
    expect(await textOf(aada, `tr[data-admin="${PIA}"] td:nth-child(3)`)).toBe('ei mistään');
    expect(await consoleAdmins()).toMatchObject([{ email: PIA, role: 'analyst', topics: [] }]);
    expect((await trail()).at(-1)).toMatchObject({ actor: AADA, entity_id: PIA, action: 'edited', before: { role: 'approver' }, after: { role: 'analyst' } });
  });

  test('a forged add from another port of this host: the refusal page in Finnish, 403, and no one is added', async () => {
    await aada.goto(`${base}/admin/people`);
    const form = withFields(
      (await copyForms(aada)).find((f) => f.action.endsWith('/admin/people/new'))!,
      {
        email: 'mallory@evil.example',
        name: 'Mallory',
        role: 'admin',
      },
    );
    const before = await unchanged();
    const seen = posts.filter((p) => p.path === '/admin/people/new').length;
    const tab = await aada.context().newPage();
    await tab.goto(serveForgery(sameHost, form, 'page'));
    const post = await waitFor('the forged post answered', async () => posts.filter((p) => p.path === '/admin/people/new')[seen]);
    expect(post).toMatchObject({ status: 403, location: null });
    await tab.waitForSelector('html[lang="fi"] .notice.bad');
    expect(await tab.title()).toBe('Lomaketta ei hyväksytty · kaiku');
    expect(await textOf(tab, '.notice.bad p:first-child')).toBe(
      'Lomaketta ei hyväksytty, eikä mitään muutettu: selaimen mukaan se lähetettiin toiselta saman verkkotunnuksen sivustolta.',
    );
    expect(await textOf(tab, '.notice.bad p:last-child')).toBe(
      'kaiku ottaa vastaan lomakkeita vain omilta sivuiltaan. Palaa takaisin, lataa sivu uudelleen ja lähetä lomake uudestaan.',
    );
    await screenshot(tab, 'console-language-fi-form-refused');
    figures.push(await audit(tab, 'form not accepted (fi)'));
    await tab.close();
    expect(await consoleAdmins()).toMatchObject([{ email: PIA }]);
    expect(await unchanged()).toEqual(before);
  });
});

describe('deciding in Finnish and Swedish', () => {
  let britt: Page;

  beforeAll(async () => {
    britt = await signInAndPick(BRITT, 'sv');
  }, 120_000);

  test('Aada approves an item from its page: "Hyväksytty", when it goes out and the confirmation in Finnish; stored as decided on the admin page', async () => {
    const item = items[0]!;
    await aada.goto(`${base}/admin/items/${item.id}`);
    await Promise.all([aada.waitForURL(`${base}/admin/items/${item.id}/decide`), aada.click('.item-page button.approve')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'header .program')).toBe('Hyväksytty');
    expect(await textOf(aada, '.notice.ok')).toMatch(
      /^Hyväksytty\. Se lähtee lähettiläille seuraavassa koosteessa: (maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai) \d{1,2}\. \p{L}+ta klo \d{2}\.\d{2} \(Europe\/Helsinki\)\. Vahvistus on matkalla sähköpostiisi\.$/u,
    );
    expect(await textOf(aada, 'main a[href="/admin"]')).toBe('Takaisin hallintasivulle');
    expect(await harness.store.items.get(item.id)).toMatchObject({ state: 'approved', decided_by: AADA, decided_via: 'admin' });
    await screenshot(aada, 'console-language-fi-decided');
    figures.push(await audit(aada, '/admin/items/<id>/decide approved (fi)'));
  });

  test('an item Britt decided while Aada’s page was open: Aada reads in Finnish that it was decided already; the item unchanged, the refusal in the trail in English', async () => {
    const item = items[1]!;
    await aada.goto(`${base}/admin/items/${item.id}`);
    // Britt, in her own browser, rejects it first.
    await britt.goto(`${base}/admin/items/${item.id}`);
    await britt.fill(`[id="${item.id}-reason"]`, 'Vanha uutinen');
    await Promise.all([britt.waitForURL(`${base}/admin/items/${item.id}/decide`), britt.click('.item-page button.reject')]);
    expect(await textOf(britt, 'header .program')).toBe('Avvisat');
    expect(await textOf(britt, '.notice.ok')).toBe('Avvisat. Det når inte ambassadörerna. En bekräftelse är på väg till din inkorg.');
    const decided = await harness.store.items.get(item.id);
    expect(decided).toMatchObject({ state: 'rejected', decided_by: BRITT });

    const [answer] = await Promise.all([aada.waitForResponse((r) => r.request().method() === 'POST'), aada.click('.item-page button.approve')]);
    expect(answer.status()).toBe(409);
    await aada.waitForLoadState('load');
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'header .program')).toBe('Mitään ei muutettu');
    expect(await textOf(aada, '.notice.bad')).toMatch(
      new RegExp(
        `^Tästä sisällöstä on jo päätetty: Britt Berg <${BRITT}> hylkäsi sen \\d{1,2}\\.\\d{1,2}\\.\\d{4} klo \\d{2}\\.\\d{2} \\S+ hallintasivulla\\. Mitään ei muutettu\\.$`,
      ),
    );
    expect(await harness.store.items.get(item.id)).toEqual(decided);
    const refused = await db().selectFrom('approval_events').selectAll().where('item_id', '=', item.id).where('kind', '=', 'refused').execute();
    expect(refused).toMatchObject([
      { actor: AADA, channel: 'admin', detail: { decision: 'approve', refusal: expect.stringMatching(/^This item was already rejected by Britt Berg/) } },
    ]);
    await screenshot(aada, 'console-language-fi-decided-refused');
    figures.push(await audit(aada, '/admin/items/<id>/decide refused (fi)'));
  });

  test('Britt’s X caption too long: refused in Swedish with by how much, the item still waiting, nothing stored but the refusal', async () => {
    const item = items[2]!;
    await britt.goto(`${base}/admin/items/${item.id}`);
    await britt.click('.item-page section.panel form details > summary');
    await britt.fill(`[id="${item.id}-caption_x"]`, `Läs det här! ${'Det här är en mycket lång text om staden. '.repeat(8)}`);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits', 'approval_events']);
    const [answer] = await Promise.all([britt.waitForResponse((r) => r.request().method() === 'POST'), britt.click('.item-page button.approve')]);
    expect(answer.status()).toBe(409);
    await britt.waitForLoadState('load');
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'header .program')).toBe('Inget ändrades');
    expect(await textOf(britt, '.notice.bad')).toMatch(
      /^Inläggstexten för X är (\d+) tecken lång; X tillåter 280 \(tecken, en länk räknas som 23\)\. Korta den med \d+ tecken\. Inget ändrades; skicka inläggstexten igen, kortare\.$/,
    );
    const [, length, over] = /är (\d+) tecken lång.*Korta den med (\d+) tecken/.exec(await textOf(britt, '.notice.bad'))!;
    expect(Number(length) - 280).toBe(Number(over));
    expect(await textOf(britt, 'main a[href="/admin"]')).toBe('Tillbaka till administrationssidan');
    expect(await harness.store.items.get(item.id)).toMatchObject({ state: 'pending', decided_by: null });
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits', 'approval_events'])).toEqual(before);
    const refused = await db().selectFrom('approval_events').selectAll().where('item_id', '=', item.id).where('kind', '=', 'refused').execute();
    expect(refused).toMatchObject([{ actor: BRITT, detail: { refusal: expect.stringMatching(/^The X caption is \d+ characters long; X allows 280/) } }]);
    await screenshot(britt, 'console-language-sv-decided-refused');
    figures.push(await audit(britt, '/admin/items/<id>/decide refused (sv)'));
  });
  test('Britt follows her approval mail’s Reject link: the page, its form and the result read Swedish, as chosen in her console; opened again, it says it was decided', async () => {
    const item = items[2]!;
    const mail = (await approvalMailsTo(harness.store, BRITT)).find((m) => m.parsed.subject?.includes(item.title))!;
    const reject = /Reject:\s+(http:\/\/\S+\/a\/\S+)/.exec(mail.parsed.text!)![1]!;
    await britt.goto(reject);
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'header .program')).toBe('Avvisa det här innehållet?');
    expect(await textOf(britt, 'main > p')).toBe(`Du beslutar som Britt Berg <${BRITT}>.`);
    expect(await textOf(britt, 'main button.reject')).toBe('Avvisa');
    expect(await textOf(britt, 'main > p:last-of-type a')).toBe('Godkänn i stället');
    figures.push(await audit(britt, '/a/<token> (sv)'));
    await britt.fill(`[id="${item.id}-reason"]`, 'Fel månad');
    await Promise.all([britt.waitForURL(reject), britt.click('main button.reject')]);
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'header .program')).toBe('Avvisat');
    expect(await textOf(britt, '.notice.ok')).toBe('Avvisat. Det når inte ambassadörerna. En bekräftelse är på väg till din inkorg.');
    expect(await harness.store.items.get(item.id)).toMatchObject({ state: 'rejected', decided_by: BRITT, decided_via: 'link', decision_reason: 'Fel månad' });
    await britt.goto(reject);
    expect(await textOf(britt, 'header .program')).toBe('Redan beslutat');
    expect(await textOf(britt, '.notice')).toMatch(
      new RegExp(
        `^Det här innehållet har redan avvisats av Britt Berg <${BRITT}> \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\S+ via länk i e-post\\. Inget ändrades\\.$`,
      ),
    );
    expect(await britt.locator('button').count()).toBe(0);
  });
});

describe('Administratörer in Swedish', () => {
  test('Cy, an admin added in the console, reads in Swedish that he cannot change his own role nor remove himself; nothing changed', async () => {
    await aada.goto(`${base}/admin/people`);
    await fillAdd(aada, { email: CY, name: 'Cy Konsol', role: 'admin' });
    await Promise.all([aada.waitForURL(`${base}/admin/people?done=added`), aada.click('button:has-text("Lisää")')]);
    const cy = await signInAndPick(CY, 'sv');
    await Promise.all([cy.waitForURL(`${base}/admin/people`), cy.click('header nav.top a:has-text("Administratörer")')]);
    expect(await langOf(cy)).toBe('sv');
    expect(await textOf(cy, 'main h1')).toBe('Administratörer och godkännare (4)');
    expect(await textOf(cy, `tr[data-admin="${PIA}"] td:nth-child(2)`)).toBe('analytiker');
    expect(await textOf(cy, `tr[data-admin="${CY}"] td:nth-child(3)`)).toBe('innehåll som ingen annan har utsetts för');
    figures.push(await audit(cy, '/admin/people (sv)'));
    await Promise.all([cy.waitForURL(`${base}/admin/people/${encodeURIComponent(CY)}`), cy.click('a[aria-label="Redigera Cy Konsol"]')]);
    const before = await unchanged();
    await cy.check('input[name="role"][value="analyst"]');
    await submitForm(cy, 'button:has-text("Spara")');
    expect(posts.at(-1)).toMatchObject({ path: `/admin/people/${encodeURIComponent(CY)}/edit`, status: 409 });
    expect(await langOf(cy)).toBe('sv');
    expect(await textOf(cy, '[role="alert"]')).toBe('Du kan inte ändra din egen roll: be en annan administratör. Inget sparades.');
    figures.push(await audit(cy, '/admin/people/<email> refused (sv)'));
    await submitForm(cy, 'button:has-text("Ta bort Cy Konsol")');
    expect(posts.at(-1)).toMatchObject({ path: `/admin/people/${encodeURIComponent(CY)}/remove`, status: 409 });
    expect(await textOf(cy, '[role="alert"]')).toBe('Inget togs bort: du kan inte ta bort dig själv. Be en annan administratör.');
    await screenshot(cy, 'console-language-sv-people-refused');
    expect(await consoleAdmins()).toMatchObject([{ email: CY, role: 'admin' }, { email: PIA }]);
    expect(await unchanged()).toEqual(before);
  });
});

describe('OpenID sign-in in the browser’s language', () => {
  const ADMINS_GROUP = '5a7f0c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
  let oidcDb: TestDatabase;
  let idp: TestProvider;
  let oidcServer: ServerType;
  let oidcBase = '';
  const snapshot = () => allRowVersions(oidcDb.database.db);

  beforeAll(async () => {
    oidcDb = await openTestDatabase('pglite');
    const store = createStore(oidcDb.database.db);
    const port = await freePort();
    oidcBase = `http://127.0.0.1:${port}`;
    idp = await startTestProvider({
      redirectUri: `${oidcBase}/admin/oidc/callback`,
      accounts: { bo: { email: 'bo@testcity.example', name: 'Bo Backup', groups: ['all-staff'], email_verified: true } },
    });
    const { config } = await testConfig(
      testConfigInput([], {
        server: { host: '127.0.0.1', port, publicUrl: oidcBase },
        auth: { oidc: { issuer: idp.issuer, clientId: idp.clientId, name: 'Test IdP', groups: [{ id: ADMINS_GROUP, role: 'admin' }], timeout: '5 seconds' } },
      }),
    );
    const app = createApp({
      store,
      database: oidcDb.database,
      config,
      secret: new Secret('oidc-language-secret-'.repeat(3)),
      oidcClientSecret: idp.clientSecret,
      demo: false,
      log: quietLog,
    });
    oidcServer = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
    await new Promise((resolve) => oidcServer.once('listening', resolve));
    expect((oidcServer.address() as AddressInfo).port).toBe(port);
  }, 120_000);

  const contexts: LoopbackContext[] = [];

  afterAll(async () => {
    for (const { context, elsewhere } of contexts.splice(0)) {
      await context.close();
      // The provider's own dev pages ask for a web font; the request was aborted here, nothing else left loopback.
      expect(elsewhere.filter((url) => !url.startsWith('https://fonts.googleapis.com/'))).toEqual([]);
    }
    oidcServer?.close();
    await idp?.close();
    await oidcDb?.drop();
  });

  test('a Finnish browser whose person is in no admin group: the refusal in Finnish with lang="fi"; a Swedish one replaying its callback: in Swedish; nothing changed', async () => {
    const finnish = await loopbackContext(browser, { locale: 'fi-FI' });
    contexts.push(finnish);
    const page = await finnish.context.newPage();
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${oidcBase}/admin/oidc/callback`)) callback = request.url();
    });
    const before = await snapshot();
    await page.goto(`${oidcBase}/admin/login`);
    expect(await langOf(page)).toBe('fi');
    await page.click('button:has-text("Kirjaudu palvelulla Test IdP")');
    await page.waitForSelector('input[name="login"]');
    await page.fill('input[name="login"]', 'bo');
    await page.fill('input[name="password"]', 'mitä tahansa');
    await page.click('button:has-text("Sign-in")');
    await page.waitForSelector('button:has-text("Continue")');
    await Promise.all([
      page.waitForURL((url) => url.origin === oidcBase && url.pathname === '/admin/oidc/callback'),
      page.click('button:has-text("Continue")'),
    ]);
    expect(await langOf(page)).toBe('fi');
    expect(await textOf(page, 'header .program')).toBe('Kirjautuminen ei onnistunut');
    expect(await textOf(page, '.notice.bad')).toBe(
      'Test IdP tunnisti sinut, mutta et kuulu ryhmään, jonka jäsenet voivat kirjautua ohjelmaan Test City advocates. Et ole kirjautunut sisään, eikä mitään muutettu.',
    );
    expect(await textOf(page, 'main a[href="/admin/login"]')).toBe('Takaisin kirjautumissivulle');
    await screenshot(page, 'console-language-fi-oidc-refused');
    figures.push(await audit(page, '/admin/oidc/callback refused (fi)'));
    expect(await snapshot()).toEqual(before);

    // The same callback opened in a Swedish browser that did not start the sign-in.
    const swedish = await loopbackContext(browser, { locale: 'sv-SE' });
    contexts.push(swedish);
    const stranger = await swedish.context.newPage();
    const answer = await stranger.goto(callback);
    expect(answer?.status()).toBe(403);
    expect(await langOf(stranger)).toBe('sv');
    expect(await textOf(stranger, 'header .program')).toBe('Inloggningen är inte giltig');
    expect(await textOf(stranger, '.notice.bad')).toBe(
      'Den här inloggningen påbörjades inte i den här webbläsaren, eller så tog den längre än tio minuter; börja om. Du är inte inloggad, och inget ändrades.',
    );
    figures.push(await audit(stranger, '/admin/oidc/callback not valid (sv)'));
    expect(await snapshot()).toEqual(before);
  });
});

describe('accessibility', () => {
  test('axe-core: no serious or critical violation on these pages in Finnish and Swedish', () => {
    console.log(auditTable('axe-core (WCAG 2.1 A/AA) on the Admins, decided, refused and OpenID pages: passes, violations by impact (nodes)', figures));
    expect(figures.map((f) => f.page)).toEqual([
      '/admin/people (fi)',
      '/admin/people/<email> (fi)',
      'form not accepted (fi)',
      '/admin/items/<id>/decide approved (fi)',
      '/admin/items/<id>/decide refused (fi)',
      '/admin/items/<id>/decide refused (sv)',
      '/a/<token> (sv)',
      '/admin/people (sv)',
      '/admin/people/<email> refused (sv)',
      '/admin/oidc/callback refused (fi)',
      '/admin/oidc/callback not valid (sv)',
    ]);
    expect(seriousOf(figures)).toEqual([]);
  });
});
