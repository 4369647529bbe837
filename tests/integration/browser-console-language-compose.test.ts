import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  loopbackContext,
  screenshotWidths as screenshot,
  signInByClicking,
  submitForm,
  type LoopbackContext,
  serveRecordingPosts,
  type PostSeen,
} from '../helpers/browser.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { itemIdFor } from '../../activities/normalize-item.js';

// Compose in the admin's language (issue 17), as a communicator uses it in Debian's Chromium against kaiku on a real
// socket. Aada picks Suomi in the header, opens Uusi julkaisu and reads "Laadi julkaisu" with lang="fi"; a form with
// no title and an ftp link, a misspelt branch and a link kaiku has already are refused in Finnish beside their
// fields with nothing stored; her post is stored and its page says in Finnish that it waits for approval.

const AADA = 'aada@testcity.example';
const LINK = 'https://www.testcity.example/tyopaikat/kesatyot-2027';
const CAPTION = `Kesätyöt 2027 ovat haussa! ${'Tule tekemään kaupunkia kanssamme: kirjastoissa, puistoissa ja kouluissa on paikkoja kaikille. '.repeat(3)}`;

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const textOf = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const composed = () => db().selectFrom('items').selectAll().where('source_id', '=', 'composed').execute();
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);

/** Signs in by clicking (an English browser) and picks `language` in the header, as a person does. */
async function signInAndPick(email: string, language: 'fi'): Promise<Page> {
  const made = await loopbackContext(browser);
  opened.push(made);
  const page = await signInByClicking(made.context, base, mails(), email);
  expect(await langOf(page)).toBe('en');
  await page.selectOption('#console-language', language);
  await submitForm(page, 'header form.language button[type="submit"]');
  await page.waitForSelector(`html[lang="${language}"]`, { state: 'attached' });
  return page;
}

/** Fills the Compose form from the page it is on (the form as the last answer left it). */
async function fill(page: Page, fields: { title: string; url: string; summary?: string; topics?: string; branches?: string; caption?: string }) {
  await page.fill('#title', fields.title);
  await page.fill('#url', fields.url);
  await page.fill('#summary', fields.summary ?? '');
  await page.fill('#topics', fields.topics ?? '');
  await page.fill('#branches', fields.branches ?? '');
  await page.selectOption('#language', 'fi');
  await page.fill('#caption', fields.caption ?? '');
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [AADA] }], {
        fetch: { enrich: false },
      }),
      admins: [
        { name: 'Aada Ahonen', email: AADA },
        { name: 'Bo Backup', email: 'bo@testcity.example' },
      ],
      server: { host: '127.0.0.1', port },
    },
  });
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', language: 'fi', branch: 'Kirjasto' }),
    advocate({ email: 'ville@testcity.example', name: 'Ville Koskinen', language: 'fi', branch: 'Koulut' }),
    advocate({ email: 'uma@testcity.example', name: 'Uma Unsubscribed', language: 'fi', branch: 'Koulut' }),
    advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', branch: 'Kirjasto' }),
  ]);
  await harness.store.advocates.unsubscribe(String((await harness.store.advocates.byEmail('uma@testcity.example'))!.id));
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
});

describe('Compose in Finnish', () => {
  let aada: Page;

  beforeAll(async () => {
    aada = await signInAndPick(AADA, 'fi');
  }, 120_000);

  test('Aada opens Uusi julkaisu from the header: "Laadi julkaisu", its labels, hint and button in Finnish, lang="fi"', async () => {
    await Promise.all([aada.waitForURL(`${base}/admin/compose`), aada.click('header nav.top a:has-text("Uusi julkaisu")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await aada.title()).toBe('Laadi julkaisu · kaiku');
    expect(await textOf(aada, 'main h1')).toBe('Laadi julkaisu');
    expect(await textOf(aada, 'main > p')).toBe(
      'Tiedote, työpaikkailmoitus tai tapahtuma, jota mikään syöte ei tuo. Se odottaa hyväksyntää kuten muukin sisältö ja lähtee sitten koosteissa. ' +
        'Ohjelman muut ylläpitäjät päättävät siitä: oma hyväksyntäsi ei riitä (approval.authorMayApprove).',
    );
    expect((await aada.locator('main form label').allTextContents()).map((label) => label.trim())).toEqual([
      'Otsikko',
      'Linkki (jonka lähettiläät jakavat: tiedotteen, työpaikkailmoituksen tai tapahtuman sivu)',
      'Teksti (näkyy koosteessa otsikon alla)',
      'Kuvan osoite (vapaaehtoinen)',
      'Aiheet (pilkuilla erotettuina; aiheita seuraavat lähettiläät saavat sen ensisijaisesti)',
      'Vain toimialoille (pilkuilla erotettuina; tyhjä: kaikille, joille se sopii)',
      'Kieli',
      'Saateteksti, jonka lähettiläät julkaisevat (vapaaehtoinen: kaiku ehdottaa jokaiselle kanavalle omansa; linkki ja ohjelman aihetunniste lisätään, jos ne puuttuvat)',
    ]);
    expect(await textOf(aada, 'main button[type="submit"]')).toBe('Lähetä hyväksyttäväksi');
    await screenshot(aada, 'console-language-fi-compose');
  });

  test('no title and an ftp link: refused in Finnish beside each field, the form kept, nothing stored', async () => {
    const before = await unchanged();
    await aada.goto(`${base}/admin/compose`);
    await fill(aada, { title: '', url: 'ftp://files.testcity.example/kesatyot', summary: 'Hae kesätöihin.' });
    await submitForm(aada, 'button:has-text("Lähetä hyväksyttäväksi")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/compose', status: 400 });
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'main [role="alert"]')).toBe('Mitään ei tallennettu: katso virheet alta.');
    expect(await textOf(aada, '#title-error')).toBe('anna julkaisulle otsikko: se näkyy julkaisun otsikkona jokaisessa koosteessa');
    expect(await textOf(aada, '#url-error')).toBe('linkin on oltava http://- tai https://-osoite, esimerkiksi https://www.vantaa.fi/uutiset/…');
    expect(await aada.getAttribute('#url', 'aria-describedby')).toBe('url-error');
    expect(await aada.inputValue('#summary')).toBe('Hae kesätöihin.');
    await screenshot(aada, 'console-language-fi-compose-refused');
    expect(await composed()).toEqual([]);
    expect(await unchanged()).toEqual(before);
  });

  test('a branch no advocate is in: refused in Finnish naming the branches there are, nothing stored', async () => {
    const before = await unchanged();
    await aada.goto(`${base}/admin/compose`);
    await fill(aada, { title: 'Kesätyöt 2027', url: LINK, branches: 'Kirjastot' });
    await submitForm(aada, 'button:has-text("Lähetä hyväksyttäväksi")');
    expect(await textOf(aada, '#branches-error')).toBe('yhdelläkään lähettiläällä ei ole toimialaa ”kirjastot”: toimialat ovat Kirjasto, Koulut');
    expect(await composed()).toEqual([]);
    expect(await unchanged()).toEqual(before);
  });

  test('her post is stored, waiting for approval, and its page says so in Finnish, naming the networks that kept kaiku’s proposal', async () => {
    await aada.goto(`${base}/admin/compose`);
    await fill(aada, { title: 'Kesätyöt 2027', url: LINK, summary: 'Hae kesätöihin kaupungille.', topics: 'Työpaikat', caption: CAPTION });
    const id = itemIdFor(LINK);
    await Promise.all([aada.waitForURL(new RegExp(`/admin/items/${id}\\?done=composed`)), aada.click('button:has-text("Lähetä hyväksyttäväksi")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, '[role="status"]')).toBe(
      'Lähetetty hyväksyttäväksi: se odottaa hyväksyjiään kuten muukin sisältö ja lähtee sitten koosteissa. ' +
        'Kanavilla X, Bluesky on kaikun lyhyemmät ehdotukset, koska saatetekstisi on pidempi kuin ne sallivat; muokkaa tekstejä päättäessäsi.',
    );
    const [item] = await composed();
    expect(item).toMatchObject({ id, url: LINK, title: 'Kesätyöt 2027', state: 'pending', composed_by: AADA, language: 'fi', topics: ['työpaikat'] });
    const trail = await db().selectFrom('audit_trail').selectAll().where('entity_id', '=', id).execute();
    expect(trail).toMatchObject([{ actor: AADA, entity: 'item', action: 'composed', after: { title: 'Kesätyöt 2027', url: LINK } }]);
    await screenshot(aada, 'console-language-fi-composed');
  });

  test('the same link again: refused in Finnish with the post it is already, nothing stored', async () => {
    const before = await unchanged();
    await aada.goto(`${base}/admin/compose`);
    await fill(aada, { title: 'Uudestaan', url: LINK });
    await submitForm(aada, 'button:has-text("Lähetä hyväksyttäväksi")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/compose', status: 409 });
    expect(await textOf(aada, '#url-error')).toBe('kaikussa on tämä linkki jo sisältönä ”Kesätyöt 2027” (odottaa hyväksyntää): avaa se sisältölistasta');
    expect(await composed()).toHaveLength(1);
    expect(await unchanged()).toEqual(before);
  });
});
