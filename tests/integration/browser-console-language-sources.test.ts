import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import { audit, auditTable, seriousOf, type Figures } from '../helpers/accessibility.js';
import { FeedServer } from '../helpers/feed-server.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { startFreezableTemporal, type FreezableTemporal } from '../helpers/freezable-temporal.js';

// A source's page and the add and edit forms in the admin's language (issue 17), as communicators use them in Debian's
// Chromium against kaiku on a real socket and a real worker. Aada picks Suomi: "Lisää lähde" with lang="fi", its labels
// and hint in Finnish; bad input refused beside each field in Finnish with nothing stored; "Testaa syöte" says in
// Finnish what kaiku would create, or why it would refuse (an HTTP 404 in Finnish; a page that is no feed with the
// feed reader's English inside a Finnish sentence); with Temporal out of reach the form comes back with the refusal in
// Finnish; the source added, edited and paused with each notice in Finnish and the trail recorded in English. Britt
// picks Svenska: resumes, polls and removes it with Swedish notices, reads kaiku.yaml's source read-only in Swedish,
// and a change from a page left open is refused in Swedish. Each page is audited with axe-core in both languages.

const AADA = 'aada@testcity.example';
const BRITT = 'britt@testcity.example';

let harness: Harness;
// A Temporal dev server of this file's own, so that freezing it (SIGSTOP) stops no other file's work.
let temporal: FreezableTemporal;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];
const figures: Figures[] = [];
let aada: Page;
let britt: Page;

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);
const sourceRow = (id: string) => db().selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
const itemsOf = (id: string) => db().selectFrom('item_sources').select('item_id').where('source_id', '=', id).execute();
const trailOf = (id: string) => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'source').where('entity_id', '=', id).orderBy('id').execute();
const labels = async (page: Page) => (await page.locator('main form label').allTextContents()).map((label) => label.trim());

/** Signs in by clicking (an English browser) and picks `language` in the header, as a person does. */
const signInAndPick = (email: string, language: 'fi' | 'sv') => signInPickingLanguage(browser, opened, base, mails(), email, language);

/** From any admin page: the header's sources link, then a source's row. */
async function openSource(page: Page, sourcesLink: string, id: string) {
  await Promise.all([page.waitForURL(`${base}/admin/sources`), page.click(`header nav.top a:has-text("${sourcesLink}")`)]);
  await Promise.all([page.waitForURL(`${base}/admin/sources/${id}`), page.click(`tr[data-source-id="${id}"] a`)]);
}

/** The add form filled in, as the last answer left it (what is not named is emptied, as a person clears it). */
async function fillAdd(page: Page, fields: { id: string; name?: string; url: string; topics?: string; pollEvery?: string; approvers?: string }) {
  await page.fill('#id', fields.id);
  await page.fill('#name', fields.name ?? '');
  await page.selectOption('#kind', 'feed');
  await page.fill('#url', fields.url);
  await page.fill('#topics', fields.topics ?? '');
  await page.fill('#pollEvery', fields.pollEvery ?? '15 minutes');
  await page.fill('#approvers', fields.approvers ?? '');
}

beforeAll(async () => {
  temporal = await startFreezableTemporal('kaiku-sources-fi');
  feeds = await FeedServer.start('127.0.0.1');
  feeds.feed('/city.xml', await readFile(join(FIXTURES, 'feeds', 'rss2-city.xml'), 'utf8'));
  feeds.feed('/blog.atom', await readFile(join(FIXTURES, 'feeds', 'atom-blog.xml'), 'utf8'), 'application/atom+xml; charset=utf-8');
  feeds.route('/not-a-feed.html', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Hei</title><p>Ei syötettä täällä.</p>'),
  );
  feeds.route('/gone.xml', (_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found'));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      // kaiku.yaml's own source, shown read-only; the feeds live on loopback, which the operator allows here.
      ...testConfigInput([{ id: 'city-news', kind: 'feed', name: 'Kaupungin uutiset', url: feeds.url('/city.xml'), topics: ['city'], enabled: false }], {
        fetch: { enrich: false, allowPrivateAddresses: true },
      }),
      admins: [
        { name: 'Aada Ahonen', email: AADA },
        { name: 'Britt Berg', email: BRITT },
      ],
      server: { host: '127.0.0.1', port },
    },
    temporalAddress: temporal.address,
  });
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
  // Both sign in before any item exists: the page they land on (the items) would show the feed's pictures, which live
  // off this machine.
  aada = await signInAndPick(AADA, 'fi');
  britt = await signInAndPick(BRITT, 'sv');
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  server?.close();
  temporal?.thaw();
  await harness?.close();
  await temporal?.stop();
  await feeds?.close();
});

describe('a source added, tested, edited and paused in Finnish', () => {
  test('Aada opens Lisää lähde from Lähteet: its heading, labels, hint and buttons in Finnish, lang="fi"', async () => {
    await Promise.all([aada.waitForURL(`${base}/admin/sources`), aada.click('header nav.top a:has-text("Lähteet")')]);
    await Promise.all([aada.waitForURL(`${base}/admin/sources/new`), aada.click('main a:has-text("Lisää lähde")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await aada.title()).toBe('Lisää lähde · kaiku');
    expect(await textOf(aada, 'main h1')).toBe('Lisää lähde');
    expect(await textOf(aada, 'main > p > a')).toBe('← Lähteet');
    expect(await labels(aada)).toEqual([
      'Tunniste',
      'Nimi (näkyy hyväksyjille; tyhjänä tunniste)',
      'Tyyppi',
      'Syötteen tai sivun osoite',
      'Aiheet (pilkuilla erotettuina)',
      'Sisällön kieli (esimerkiksi fi; tyhjä: syötteen ilmoittama tai ohjelman kieli)',
      'Hakuväli (esimerkiksi 15 minuuttia tai 2 tuntia)',
      'Hyväksyjät (ylläpitäjien sähköpostiosoitteet pilkuilla erotettuina; tyhjä: kaikki ylläpitäjät)',
      'Sisältötyyppi (esimerkiksi news, blog, video tai jobs; tyhjä: lähteen tyyppi)',
      'Prioriteetti (0–10; tyhjänä 5)',
      'Tyypin omat asetukset YAML-muodossa (feed-tyypillä niitä ei ole)',
    ]);
    expect(await textOf(aada, '#id-hint')).toBe(
      'Pieniä kirjaimia, numeroita ja yhdysviivoja, esimerkiksi kaupungin-uutiset. Tunniste nimeää lähteen pysyvästi.',
    );
    expect((await aada.locator('main form button').allTextContents()).map((b) => b.trim())).toEqual(['Testaa syöte', 'Lisää lähde']);
    figures.push(await audit(aada, 'fi /admin/sources/new'));
    await screenshot(aada, 'console-language-fi-source-add');
  });

  test('bad input: refused in Finnish beside each field, the form kept, nothing stored', async () => {
    const before = await unchanged();
    await fillAdd(aada, { id: 'Blog!', url: 'ftp://blog.example/feed', pollEvery: '10 seconds', approvers: 'stranger@elsewhere.example' });
    await submitForm(aada, 'main button:has-text("Lisää lähde")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/sources/new', status: 400 });
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'main .notice.bad')).toBe('Mitään ei lisätty: korjaa alla merkityt kentät ja lähetä lomake uudelleen.');
    expect(await textOf(aada, '#id-error')).toBe(
      '”Blog!”: tunnisteessa saa olla vain pieniä kirjaimia, numeroita ja yhdysviivoja (se nimeää lähteen osoitteissa ja ajastuksissa)',
    );
    expect(await textOf(aada, '#url-error')).toBe('”ftp://blog.example/feed”: osoitteen on oltava http://- tai https://-osoite');
    expect(await textOf(aada, '#pollEvery-error')).toBe('”10 seconds” on liian lyhyt: lyhin sallittu hakuväli on 1 minuutti');
    expect(await textOf(aada, '#approvers-error')).toBe(
      '”stranger@elsewhere.example” ei ole ohjelman ylläpitäjä; lisää hänet kohtaan admins: tai korjaa osoite',
    );
    expect(await aada.getAttribute('#pollEvery', 'aria-invalid')).toBe('true');
    expect(await aada.getAttribute('#pollEvery', 'aria-describedby')).toBe('pollEvery-error');
    expect(await aada.inputValue('#pollEvery')).toBe('10 seconds');
    figures.push(await audit(aada, 'fi /admin/sources/new, refused'));
    await screenshot(aada, 'console-language-fi-source-refused');

    // An id kaiku.yaml uses: the file's source stays the file's.
    await fillAdd(aada, { id: 'city-news', url: feeds.url('/blog.atom') });
    await submitForm(aada, 'main button:has-text("Lisää lähde")');
    expect(await textOf(aada, '#id-error')).toBe('tunniste ”city-news” on käytössä kaiku.yaml-tiedostossa; anna lähteelle toinen tunniste');
    expect(await sourceRow('blog')).toBeUndefined();
    expect(await unchanged()).toEqual(before);
  });

  test('Testaa syöte: what kaiku would create, an HTTP 404 and a page that is no feed, each said in Finnish; nothing stored', async () => {
    const before = await unchanged();
    await fillAdd(aada, { id: 'blog', name: 'Vaasan blogi', url: feeds.url('/blog.atom'), topics: 'work life' });
    await submitForm(aada, 'main button:has-text("Testaa syöte")');
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, '#test-heading')).toBe(`Testi: ${feeds.url('/blog.atom')}`);
    expect(await textOf(aada, '.test-result .notice.ok')).toBe('kaiku toisi tästä lähteestä 2 sisältöä. Mitään ei tallennettu.');
    expect(await aada.locator('.test-result li a').allTextContents()).toEqual(['En dag som hemvårdare', 'Nya cykelvägar & parkeringar']);
    // Its time on the programme's clock, as Finnish writes it.
    expect(await textOf(aada, '.test-result li')).toMatch(/ · 19\.11\.2026 klo 08\.00 UTC\+2$/);
    expect(await aada.inputValue('#id')).toBe('blog');
    figures.push(await audit(aada, 'fi /admin/sources/new, tested'));
    await screenshot(aada, 'console-language-fi-source-tested');

    await aada.fill('#url', feeds.url('/gone.xml'));
    await submitForm(aada, 'main button:has-text("Testaa syöte")');
    expect(await textOf(aada, '.test-result .notice.bad')).toBe('kaiku ei hyväksyisi tätä lähdettä: palvelin vastasi HTTP 404. Mitään ei tallennettu.');

    // The feed reader says why only in English: its words inside a Finnish sentence.
    await aada.fill('#url', feeds.url('/not-a-feed.html'));
    await submitForm(aada, 'main button:has-text("Testaa syöte")');
    expect(await textOf(aada, '.test-result .notice.bad')).toMatch(
      /^kaiku ei hyväksyisi tätä lähdettä: vastausta ei voitu lukea syötteenä \(syy englanniksi: this is an HTML page, not a feed[^)]*\)\. Mitään ei tallennettu\.$/,
    );
    expect(feeds.hits('/not-a-feed.html')).toBe(1);
    expect(await unchanged()).toEqual(before);
  });

  test('Temporal out of reach: the form again with the refusal in Finnish (503, Retry-After), as she wrote it, nothing stored', async () => {
    const before = await unchanged();
    await fillAdd(aada, { id: 'blog', name: 'Vaasan blogi', url: feeds.url('/blog.atom'), topics: 'work life', pollEvery: '1 hour' });
    // Temporal stops answering (its process frozen: connections stay open and nothing comes back) for this one post.
    temporal.freeze();
    try {
      const [answer] = await Promise.all([aada.waitForResponse((r) => r.request().method() === 'POST'), aada.click('main button:has-text("Lisää lähde")')]);
      expect(answer.status()).toBe(503);
      expect(await answer.headerValue('retry-after')).toBe('30');
    } finally {
      temporal.thaw();
    }
    await aada.waitForSelector('#source-refused');
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, '#source-refused')).toBe(
      'kaiku ei hetkeen saa yhteyttä Temporaliin, joka hoitaa lähteiden haut. Mitään ei muutettu; yritä uudelleen minuutin kuluttua.',
    );
    expect(await aada.inputValue('#id')).toBe('blog');
    expect(await aada.inputValue('#pollEvery')).toBe('1 hour');
    expect(await sourceRow('blog')).toBeUndefined();
    expect(await unchanged()).toEqual(before);
  });

  test('added: the notice and its page in Finnish, the row and its trail stored (the trail in English), its items polled', async () => {
    await fillAdd(aada, { id: 'blog', name: 'Vaasan blogi', url: feeds.url('/blog.atom'), topics: 'work life', pollEvery: '1 hour' });
    await Promise.all([aada.waitForURL(`${base}/admin/sources/blog?done=added`), aada.click('main button:has-text("Lisää lähde")')]);
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, '.notice.ok')).toBe(
      'Lisätty. kaiku hakee lähteen nyt ja sen jälkeen hakuvälin mukaan; sen sisältö odottaa hyväksyntää kuten muukin sisältö.',
    );
    expect(await sourceRow('blog')).toMatchObject({ origin: 'console', active: true, kind: 'feed', name: 'Vaasan blogi', url: feeds.url('/blog.atom') });
    const trail = await trailOf('blog');
    expect(trail).toMatchObject([
      { actor: AADA, action: 'added', before: null, after: { id: 'blog', pollEvery: '1 hour', topics: ['work life'], state: 'active' } },
    ]);

    await waitFor('the blog’s items', async () => (await itemsOf('blog')).length === 2);
    await aada.reload();
    expect(await textOf(aada, '.meta .state')).toBe('käytössä');
    expect(await textOf(aada, '.meta')).toContain('lisätty konsolissa');
    expect(await textOf(aada, '.items-count')).toBe('2 sisältöä');
    expect(await textOf(aada, '.meta')).toMatch(/viimeksi uutta sisältöä (juuri nyt|\d+ minuutti)/);
    expect((await aada.locator('main h2').allTextContents()).map((h) => h.trim())).toEqual(['Asetukset', 'Haut', 'Muutokset']);
    expect((await aada.locator('.panel.actions button').allTextContents()).map((b) => b.trim())).toEqual([
      'Keskeytä haut',
      'Hae nyt',
      'Poista (sisältö säilyy)',
    ]);
    // The trail, recorded in English, reads Finnish on her page.
    expect((await textOf(aada, 'ol.audit li[data-action="added"]')).replace(/\s+/g, ' ')).toContain('Aada Ahonen lisäsi');
    figures.push(await audit(aada, 'fi /admin/sources/blog'));
    await screenshot(aada, 'console-language-fi-source-added');
  }, 120_000);

  test('edited: a bad interval refused in Finnish with nothing saved, then its topics saved with a Finnish notice', async () => {
    const before = await unchanged();
    await aada.fill('#pollEvery', 'kaksi viikkoa');
    await submitForm(aada, 'main button:has-text("Tallenna")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/sources/blog/edit', status: 400 });
    expect(await textOf(aada, 'main .notice.bad')).toBe('Mitään ei tallennettu: korjaa alla merkityt kentät ja tallenna uudelleen.');
    expect(await textOf(aada, '#pollEvery-error')).toBe('”kaksi viikkoa” ei ole aikaväli; kirjoita esimerkiksi 15 minuuttia, 2 tuntia tai 1 päivä');
    expect(await unchanged()).toEqual(before);

    // The interval in her own words: "1 tunti" is the hour it was.
    expect(await aada.inputValue('#pollEvery')).toBe('kaksi viikkoa');
    await aada.fill('#pollEvery', '1 tunti');
    await aada.fill('#topics', 'work life, culture');
    await Promise.all([aada.waitForURL(`${base}/admin/sources/blog?done=edited`), aada.click('main button:has-text("Tallenna")')]);
    expect(await textOf(aada, '.notice.ok')).toBe('Tallennettu. Seuraava haku lukee lähteen nykyisillä asetuksilla.');
    const settings = (await sourceRow('blog'))!.settings as { settings: { topics: string[] } };
    expect(settings.settings.topics).toEqual(['work life', 'culture']);
    expect((settings.settings as unknown as { pollEveryMs: number }).pollEveryMs).toBe(3_600_000);
    expect(await aada.inputValue('#pollEvery')).toBe('1 tunti');
    expect((await trailOf('blog')).at(-1)).toMatchObject({
      action: 'edited',
      actor: AADA,
      before: { topics: ['work life'] },
      after: { topics: ['work life', 'culture'] },
    });
    expect(await textOf(aada, 'ol.audit li[data-action="edited"]')).toContain('Aada Ahonen muokkasi aiheet: work life → work life, culture');
  });

  test('paused: the notice, its state and the button to resume in Finnish; the trail records it in English', async () => {
    await Promise.all([aada.waitForURL(`${base}/admin/sources/blog?done=paused`), aada.click('main button:has-text("Keskeytä haut")')]);
    expect(await textOf(aada, '.notice.ok')).toBe('Keskeytetty: kaiku ei hae lähdettä ennen kuin jatkat hakuja. Sen sisältö säilyy.');
    expect(await textOf(aada, '.meta .state')).toBe('keskeytetty');
    expect(await aada.locator('main button:has-text("Jatka hakuja")').count()).toBe(1);
    expect(await aada.locator('main button:has-text("Hae nyt")').count()).toBe(0);
    expect((await trailOf('blog')).at(-1)).toMatchObject({ action: 'paused', before: { state: 'active' }, after: { state: 'paused' } });
    // Recorded in English, read in Finnish: what was done, the field and its recorded words.
    expect(await textOf(aada, 'ol.audit li[data-action="paused"]')).toContain('Aada Ahonen keskeytti tila: käytössä → keskeytetty');
  });

  test('kaiku.yaml’s source: read-only in Finnish, its settings named in Finnish', async () => {
    await openSource(aada, 'Lähteet', 'city-news');
    expect(await textOf(aada, '.read-only p')).toBe('Määritetty kaiku.yaml-tiedostossa: muuta asetuksia siellä (konsolissa niitä ei voi muokata).');
    expect(await aada.locator('.read-only dt').allTextContents()).toEqual([
      'Tyyppi',
      'Osoite',
      'Aiheet',
      'Kieli',
      'Hakuväli',
      'Hyväksyjät',
      'Sisältötyyppi',
      'Prioriteetti',
      'Käytössä',
    ]);
    expect(await aada.locator('.read-only dd').allTextContents()).toEqual([
      'feed',
      feeds.url('/city.xml'),
      'city',
      '—',
      '15 minuuttia',
      'kaikki ylläpitäjät',
      'feed',
      '5',
      'ei (enabled: false)',
    ]);
    figures.push(await audit(aada, 'fi /admin/sources/city-news'));
  });
});

describe('the source resumed, polled and removed in Swedish', () => {
  test('Britt resumes it and polls it now: the notices in Swedish', async () => {
    await openSource(britt, 'Källor', 'blog');
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, '.meta .state')).toBe('pausad');
    expect((await britt.locator('main h2').allTextContents()).map((h) => h.trim())).toEqual(['Inställningar', 'Hämtning', 'Ändringar']);
    await Promise.all([britt.waitForURL(`${base}/admin/sources/blog?done=resumed`), britt.click('main button:has-text("Återuppta")')]);
    expect(await textOf(britt, '.notice.ok')).toBe('Återupptagen: kaiku hämtar den nu och sedan med det angivna intervallet.');
    expect(await textOf(britt, '.meta .state')).toBe('aktiv');
    expect(await textOf(britt, '.items-count')).toBe('2 inlägg');
    figures.push(await audit(britt, 'sv /admin/sources/blog'));

    const hits = feeds.hits('/blog.atom');
    await Promise.all([britt.waitForURL(`${base}/admin/sources/blog?done=polled`), britt.click('main button:has-text("Hämta nu")')]);
    expect(await textOf(britt, '.notice.ok')).toBe('Hämtar nu: nytt innehåll syns här och på innehållssidan om en stund.');
    await waitFor('a poll of the blog', async () => feeds.hits('/blog.atom') > hits);
    await screenshot(britt, 'console-language-sv-source-polled');
  }, 120_000);

  test('a bad approver and a kind’s option refused in Swedish, nothing saved', async () => {
    const before = await unchanged();
    await britt.fill('#approvers', 'ada@elsewhere.example');
    await britt.fill('#options', 'url: https://blog.testcity.example/');
    await submitForm(britt, 'main button:has-text("Spara")');
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'main .notice.bad')).toBe('Inget sparades: rätta fälten som är markerade nedan och spara igen.');
    expect(await textOf(britt, '#approvers-error')).toBe(
      '”ada@elsewhere.example” är inte en av administratörerna; lägg till hen under admins: eller rätta adressen',
    );
    expect(await textOf(britt, '#options-error')).toBe('url har ett eget fält ovan; lämna det utanför typens inställningar');
    figures.push(await audit(britt, 'sv /admin/sources/blog, refused'));
    expect(await unchanged()).toEqual(before);
  });

  test('removed: the notice and the read-only page in Swedish; a change from a page left open is refused in Swedish', async () => {
    await openSource(britt, 'Källor', 'blog');
    // The same page open in a second tab, left behind while the source is removed in the first.
    const stale = await britt.context().newPage();
    await stale.goto(`${base}/admin/sources/blog`);
    await Promise.all([britt.waitForURL(`${base}/admin/sources/blog?done=removed`), britt.click('main button:has-text("Ta bort (innehållet finns kvar)")')]);
    expect(await textOf(britt, '.notice.ok')).toBe('Borttagen: kaiku hämtar den inte längre. Innehållet finns kvar och nämner fortfarande källan.');
    expect(await textOf(britt, '.meta .state')).toBe('borttagen');
    expect(await textOf(britt, '.meta')).toMatch(/borttagen \d{4}-\d{2}-\d{2} \d{2}:\d{2} /);
    expect(await textOf(britt, '.read-only p')).toBe('Borttagen ur programmet: kaiku hämtar den inte längre; innehållet finns kvar.');
    expect(await britt.locator('.read-only dt').allTextContents()).toContain('Hämtningsintervall');
    expect(await britt.locator('.read-only dd').allTextContents()).toContain('1 timme');
    expect(await sourceRow('blog')).toMatchObject({ active: false, origin: 'console' });
    expect((await trailOf('blog')).map((t) => t.action)).toEqual(['added', 'edited', 'paused', 'resumed', 'removed']);
    figures.push(await audit(britt, 'sv /admin/sources/blog, removed'));
    await screenshot(britt, 'console-language-sv-source-removed');

    const before = await unchanged();
    await submitForm(stale, 'main button:has-text("Pausa")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/sources/blog/pause', status: 409 });
    expect(await langOf(stale)).toBe('sv');
    expect(await stale.title()).toBe('Inte ändrad · kaiku');
    expect(await textOf(stale, 'main [role="alert"]')).toBe('Inget ändrades: källan hämtas inte längre. Tillbaka till källans sida.');
    expect(await unchanged()).toEqual(before);
    await stale.close();
  });

  test('the add form in Swedish: its words, a refusal, and the audit; a source that is not there says so in Swedish', async () => {
    await Promise.all([britt.waitForURL(`${base}/admin/sources`), britt.click('header nav.top a:has-text("Källor")')]);
    await Promise.all([britt.waitForURL(`${base}/admin/sources/new`), britt.click('main a:has-text("Lägg till en källa")')]);
    expect(await britt.title()).toBe('Lägg till en källa · kaiku');
    expect((await britt.locator('main form button').allTextContents()).map((b) => b.trim())).toEqual(['Testa flödet', 'Lägg till källan']);
    figures.push(await audit(britt, 'sv /admin/sources/new'));
    const before = await unchanged();
    await fillAdd(britt, { id: 'jobs', url: feeds.url('/city.xml'), pollEvery: '8 days' });
    await submitForm(britt, 'main button:has-text("Lägg till källan")');
    expect(await textOf(britt, 'main .notice.bad')).toBe('Inget lades till: rätta fälten som är markerade nedan och skicka formuläret igen.');
    expect(await textOf(britt, '#pollEvery-error')).toBe('”8 days” är för långt: det längsta tillåtna intervallet är 7 dygn');
    expect(await unchanged()).toEqual(before);

    await britt.goto(`${base}/admin/sources/no-such-source`);
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'main [role="alert"]')).toBe('Det finns ingen sådan källa. Tillbaka till källorna.');
    await Promise.all([britt.waitForURL(`${base}/admin/sources`), britt.click('main [role="alert"] a')]);
  });

  test('axe-core: no serious or critical violation on the source pages in Suomi and Svenska', () => {
    expect(figures.map((f) => f.page)).toHaveLength(9);
    console.log(auditTable('axe-core, the source pages in Suomi and Svenska:', figures));
    expect(seriousOf(figures)).toEqual([]);
  });
});
