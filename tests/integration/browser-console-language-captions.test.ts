import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  screenshotWidths as screenshot,
  serveRecordingPosts,
  signInPickingLanguage,
  submitForm,
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { approveItems } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';

// The Captions, Leaderboards and Analytics pages in Finnish and Swedish (issue 17), clicked through in Debian's
// Chromium against kaiku on a real socket. Ada chose Suomi: the captions page, its counter, a refused template and a
// refused hashtag read Finnish and change nothing; good hashtags are saved with a Finnish confirmation. Bo chose
// Svenska: the leaderboards and the analytics read Swedish, while the analytics' CSV keeps its English columns; Ada's
// analytics read Finnish, dates and figures as Finnish writes them.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];

const db = () => harness.db.database.db;
const textsOf = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);
const hashtagRows = () => db().selectFrom('caption_hashtags').select('hashtags').execute();

/** Signs in by clicking (the browser's default English) and picks `language` in the header, as a person does. */
const signInIn = (email: string, language: 'fi' | 'sv') => signInPickingLanguage(browser, opened, base, outboxMailsTo(harness.store), email, language);

/** Clicks a header link and waits for the page it opens. */
async function open(page: Page, link: string, path: string): Promise<void> {
  await Promise.all([page.waitForURL(`${base}${path}`), page.click(`header nav.top a:has-text("${link}")`)]);
}

/** Clicks a button that posts a form; the answer's status, as the server saw it. */
async function submit(page: Page, button: string): Promise<number> {
  await submitForm(page, button);
  return posts.at(-1)!.status;
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const port = await freePort();
  const input = testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA, BO] }], {
    fetch: { enrich: false },
  });
  harness = await startHarness({
    configInput: {
      ...input,
      // kaiku.yaml names no hashtags: the console's form writes them.
      program: { ...(input.program as Record<string, unknown>), hashtags: [] },
      admins: [
        { name: 'Ada Admin', email: ADA },
        { name: 'Bo Backup', email: BO },
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
});

/** The page's script counts on each input event, after the fill returns: wait for the count it is to show. */
async function counterReads(page: Page, expected: string) {
  await page.waitForFunction((text) => document.getElementById('variant1-count')?.textContent?.trim() === text, expected);
}

describe('the captions, leaderboards and analytics pages in the admin’s language', () => {
  let ada: Page;

  test('Ada chose Suomi: Saatetekstit reads Finnish, a bad template and a bad hashtag are refused in Finnish with nothing changed, good hashtags saved', async () => {
    ada = await signInIn(ADA, 'fi');
    await open(ada, 'Saatetekstit', '/admin/captions');
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h1')).toBe('Saatetekstit');
    expect(await textOf(ada, '#how-heading')).toBe('Näin pohja toimii');
    expect(await textOf(ada, 'table.caption-templates caption')).toBe('Pohjat kanavittain ja kielittäin');
    expect(await textOf(ada, 'tr[data-network="linkedin"] td[data-language="fi"]')).toBe('Oletus: LinkedIn, suomi');
    expect(await textOf(ada, '#editor-heading')).toBe('LinkedIn, suomi');
    expect(await textOf(ada, '#limit-hint')).toMatch(/^LinkedIn sallii 3000 merkkiä\. Laskuri näyttää/);
    expect(await textOf(ada, 'label[for="variant2"]')).toBe('Versio 2 (valinnainen)');
    expect(await textOf(ada, '#variant1-count')).toBe('0/3000');
    expect(await textOf(ada, '#preview p')).toMatch(/^Uusin sisältö: .+ — kaikun oletus, koska pohjaa ei ole kirjoitettu\.$/);
    expect(await textOf(ada, '#hashtags-heading')).toBe('Ohjelman aihetunnisteet');

    // The counter counts as she types, in Finnish words; on X, over the limit.
    await ada.click('table.caption-templates tr[data-network="x"] td[data-language="fi"] a');
    await ada.waitForSelector('#editor-heading:has-text("X, suomi")');
    expect(await textOf(ada, '#limit-hint')).toMatch(/^X sallii 280 merkkiä, linkki lasketaan 23 merkiksi\./);
    await ada.fill('#variant1', `${'a'.repeat(290)} {link}`);
    await counterReads(ada, '314/280, 34 liikaa');
    await ada.fill('#variant1', 'Lue: {link}');
    await counterReads(ada, `${'Lue: '.length + 23}/280`);

    // A template with a placeholder kaiku does not know: refused beside its field, in Finnish; nothing stored.
    const before = await unchanged();
    await ada.fill('#variant1', '{otsikko} {link}');
    expect(await submit(ada, 'button:has-text("Tallenna pohjat")')).toBe(400);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '#captions-error')).toBe('Ei tallennettu: korjaa alla merkityt kentät. Mitään ei muutettu.');
    expect(await textOf(ada, '#variant1-error')).toBe(
      '”{otsikko}” ei ole kaikun tuntema paikkamerkki: käytä merkintöjä {title}, {summary}, {link} tai {hashtags}.',
    );
    expect(await unchanged()).toEqual(before);
    await screenshot(ada, 'console-language-fi-captions-refused');

    // A bad hashtag: refused in Finnish, what she typed kept, nothing changed in the store.
    await ada.fill('#hashtags-field', '#Kaiku bad-tag!');
    expect(await submit(ada, 'button:has-text("Tallenna aihetunnisteet")')).toBe(400);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '#hashtags-error')).toBe(
      '”bad-tag!”: aihetunnisteessa saa olla vain kirjaimia, numeroita ja alaviivoja, ei välilyöntejä. Mitään ei muutettu.',
    );
    expect(await ada.inputValue('#hashtags-field')).toBe('#Kaiku bad-tag!');
    expect(await unchanged()).toEqual(before);
    expect(await hashtagRows()).toEqual([]);

    // Good ones: saved, confirmed in Finnish, and stored.
    await ada.fill('#hashtags-field', 'Kaiku, #Kaupunki');
    expect(await submit(ada, 'button:has-text("Tallenna aihetunnisteet")')).toBe(303);
    await ada.waitForURL(`${base}/admin/captions?saved=hashtags`);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '#captions-done')).toBe('Aihetunnisteet on tallennettu.');
    expect(await ada.inputValue('#hashtags-field')).toBe('#Kaiku #Kaupunki');
    expect(await hashtagRows()).toEqual([{ hashtags: ['#Kaiku', '#Kaupunki'] }]);
    // The trail says in Finnish what was done, its time written the Finnish way (the entry is recorded in English).
    expect(await textOf(ada, 'ol.trail.audit li[data-action="changed the programme hashtags"]')).toMatch(
      /^\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}( \S+)? · Ada Admin muutti ohjelman aihetunnisteita/,
    );
    await screenshot(ada, 'console-language-fi-captions-saved');
  }, 120_000);

  test('Bo chose Svenska: Topplistor and Analys read Swedish with lang="sv"; the CSV keeps its English columns; Ada’s Analytiikka is Finnish', async () => {
    const [item] = await harness.store.items.listByState('pending', 10);
    await approveItems({ ...harness, log: quietLog }, [item!.id], ADA);
    const bo = await signInIn(BO, 'sv');

    await open(bo, 'Topplistor', '/admin/leaderboards');
    expect(await langOf(bo)).toBe('sv');
    expect(await textOf(bo, 'main h2')).toBe('Topplistor · hela programmet');
    expect(await textOf(bo, 'main form label')).toMatch(/^Verksamhet Hela programmet/);
    expect(await textOf(bo, 'main form button')).toBe('Visa');
    expect(await textsOf(bo, '.board h3')).toEqual(['Den här veckan', 'Den här månaden', 'Sedan start']);
    expect(await textsOf(bo, '.board p')).toEqual(['Inga poäng ännu.', 'Inga poäng ännu.', 'Inga poäng ännu.']);
    expect(await textOf(bo, 'main .empty')).toBe(
      'Ingen månad har stängts ännu. Den 1:a varje månad stängs föregående månad; eller kör kaiku rewards close --month YYYY-MM.',
    );
    await screenshot(bo, 'console-language-sv-leaderboards');

    await open(bo, 'Analys', '/admin/analytics');
    expect(await langOf(bo)).toBe('sv');
    expect(await textOf(bo, 'main h2')).toMatch(/^Analys · senaste \d+ veckorna$/);
    expect(await textsOf(bo, '.kpi .label')).toEqual([
      'Delningar',
      'Klick',
      'Delningssidor öppnade',
      'Förtjänad media',
      'Från öppning till delning',
      'Godkänt innehåll',
    ]);
    expect(await textOf(bo, '.kpi:last-child .value')).toBe('1');
    expect(await textOf(bo, '#weekly h3')).toBe('Delningar och klick per vecka CSV');
    expect(await textOf(bo, '#hashtags h3')).toBe('Programmets hashtaggar i godkända inläggstexter CSV');
    expect(await textOf(bo, '#hashtags p.muted')).toBe('Godkänt innehåll vars inläggstexter innehåller #Kaiku, #Kaupunki.');
    await bo.click('#hashtags summary:has-text("Tabell")');
    expect(await textsOf(bo, '#hashtags thead th')).toEqual(['Veckan som börjar', 'Godkända', '#Kaiku', '#Kaupunki', 'Med en hashtagg %']);
    const cells = await textsOf(bo, '#hashtags tbody tr:first-child td');
    expect(cells[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cells.slice(1)).toEqual(['1', '0', '0', '0']);
    // Under the chart's bars, the week as Swedish writes a day and month (1/12), and each bar's value named in Swedish.
    const weeks = await textsOf(bo, '#hashtags svg text[text-anchor="middle"]');
    expect(weeks.length).toBeGreaterThan(0);
    for (const week of weeks) expect(week).toMatch(/^\d{1,2}\/\d{1,2}$/);
    expect((await textsOf(bo, '#hashtags svg rect title'))[0]).toBe(`${weeks[0]} · Godkända: 1`);
    await screenshot(bo, 'console-language-sv-analytics');

    // The download, as the browser fetches it with Bo's session: English columns, for spreadsheets and scripts.
    const csv = await bo.request.get(`${base}/admin/analytics/hashtags.csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('Week of,Approved,#Kaiku,#Kaupunki,With a hashtag %');

    // Ada's analytics, meanwhile, are Finnish: dates and figures written the Finnish way.
    await open(ada, 'Analytiikka', '/admin/analytics');
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h2')).toMatch(/^Analytiikka · viimeiset \d+ viikkoa$/);
    expect(await textOf(ada, '.kpi:nth-child(4) .label')).toBe('Ansaittu media');
    expect(await textOf(ada, '.kpi:nth-child(4) .value')).toMatch(/^0,00 [A-Z]{3}$/);
    expect(await textOf(ada, '#hashtags p.muted')).toBe('Hyväksytty sisältö, jonka saatetekstissä on #Kaiku, #Kaupunki.');
    await ada.click('#hashtags summary:has-text("Taulukko")');
    expect(await textsOf(ada, '#hashtags thead th')).toEqual(['Viikko alkaen', 'Hyväksytty', '#Kaiku', '#Kaupunki', 'Aihetunnisteen kanssa %']);
    expect((await textsOf(ada, '#hashtags tbody tr:first-child td'))[0]).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4}$/);
    const weeksFi = await textsOf(ada, '#hashtags svg text[text-anchor="middle"]');
    expect(weeksFi.length).toBeGreaterThan(0);
    for (const week of weeksFi) expect(week).toMatch(/^\d{1,2}\.\d{1,2}\.$/);
  }, 120_000);
});
