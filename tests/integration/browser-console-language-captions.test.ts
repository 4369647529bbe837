import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  loopbackContext,
  screenshotWidths as screenshot,
  serveRecordingPosts,
  signInByClicking,
  submitForm,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';

// The Captions page in Finnish (issue 17), clicked through in Debian's Chromium against kaiku on a real socket. Ada
// chose Suomi: the captions page, its counter, a refused template and a refused hashtag read Finnish and change
// nothing; good hashtags are saved with a Finnish confirmation.

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
const textOf = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);
const hashtagRows = () => db().selectFrom('caption_hashtags').select('hashtags').execute();

/** Signs in by clicking (the browser's default English) and picks `language` in the header, as a person does. */
async function signInIn(email: string, language: 'fi' | 'sv'): Promise<Page> {
  const made = await loopbackContext(browser);
  opened.push(made);
  const page = await signInByClicking(made.context, base, outboxMailsTo(harness.store), email);
  await page.selectOption('#console-language', language);
  await submitForm(page, 'header form.language button[type="submit"]');
  await page.waitForSelector(`html[lang="${language}"]`, { state: 'attached' });
  return page;
}

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

describe('the captions page in the admin’s language', () => {
  test('Ada chose Suomi: Saatetekstit reads Finnish, a bad template and a bad hashtag are refused in Finnish with nothing changed, good hashtags saved', async () => {
    const ada = await signInIn(ADA, 'fi');
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
    expect(await textOf(ada, '#variant1-count')).toBe('314/280, 34 liikaa');
    await ada.fill('#variant1', 'Lue: {link}');
    expect(await textOf(ada, '#variant1-count')).toBe(`${'Lue: '.length + 23}/280`);

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
    // The trail keeps the entry as recorded; its time is written the Finnish way.
    expect(await textOf(ada, 'ol.trail.audit li[data-action="changed the programme hashtags"]')).toMatch(
      /^\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}( \S+)? · Ada Admin changed the programme hashtags/,
    );
    await screenshot(ada, 'console-language-fi-captions-saved');
  }, 120_000);
});
