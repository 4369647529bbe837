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
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import type { ItemRow } from '../../db/schema.js';
import { startFreezableTemporal, type FreezableTemporal } from '../helpers/freezable-temporal.js';

// Compose and Send now in the admin's language (issue 17), as communicators use them in Debian's Chromium against kaiku
// on a real socket. Aada picks Suomi in the header, opens Uusi julkaisu and reads "Laadi julkaisu" with lang="fi"; a
// form with no title and an ftp link, a misspelt branch and a link kaiku has already are refused in Finnish beside
// their fields with nothing stored; her post is stored and its page says in Finnish that it waits for approval; with
// Temporal out of reach the form comes back with the refusal in Finnish. Britt picks Svenska and sends an approved
// item now from its page: the page, its refusals, the count, the notice and the sends so far read Swedish with
// lang="sv", while the trail keeps recording in English.

const AADA = 'aada@testcity.example';
const BRITT = 'britt@testcity.example';
const LINK = 'https://www.testcity.example/tyopaikat/kesatyot-2027';
const CAPTION = `Kesätyöt 2027 ovat haussa! ${'Tule tekemään kaupunkia kanssamme: kirjastoissa, puistoissa ja kouluissa on paikkoja kaikille. '.repeat(3)}`;

let harness: Harness;
// A Temporal dev server of this file's own, so that freezing it (SIGSTOP) stops no other file's work.
let temporal: FreezableTemporal;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let base = '';
let approved: ItemRow;
let pending: ItemRow;
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const composed = () => db().selectFrom('items').selectAll().where('source_id', '=', 'composed').execute();
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);

/** Signs in by clicking (an English browser) and picks `language` in the header, as a person does. */
const signInAndPick = (email: string, language: 'fi' | 'sv') => signInPickingLanguage(browser, opened, base, mails(), email, language);

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
  temporal = await startFreezableTemporal('kaiku-compose-fi');
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
        { name: 'Britt Berg', email: BRITT },
      ],
      server: { host: '127.0.0.1', port },
    },
    temporalAddress: temporal.address,
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  const [first, second] = (await harness.store.items.listByState('pending', 10)).sort((a, b) => a.title.localeCompare(b.title));
  await approveItems({ ...harness, log: quietLog }, [first!.id], AADA);
  approved = (await harness.store.items.get(first!.id))!;
  pending = second!;
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
  temporal?.thaw();
  await harness?.close();
  await temporal?.stop();
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
    // The programme's languages by name in hers, each posting its code.
    expect(await aada.locator('#language option').allTextContents()).toEqual(['suomi']);
    expect(await aada.locator('#language option').getAttribute('value')).toBe('fi');
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
    // Its approval request goes out in the background: the next test's "nothing stored" starts after it.
    await harness.approvalsRequested();
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

  test('Temporal out of reach: the form again with the refusal in Finnish (503, Retry-After), as she wrote it, nothing stored', async () => {
    const before = await unchanged();
    await aada.goto(`${base}/admin/compose`);
    await fill(aada, { title: 'Syystyöt 2027', url: 'https://www.testcity.example/tyopaikat/syystyot-2027', summary: 'Hae syystöihin.' });
    // Temporal stops answering (its process frozen: connections stay open and nothing comes back) for this one post.
    temporal.freeze();
    try {
      const [answer] = await Promise.all([
        aada.waitForResponse((r) => r.request().method() === 'POST'),
        aada.click('button:has-text("Lähetä hyväksyttäväksi")'),
      ]);
      expect(answer.status()).toBe(503);
      expect(await answer.headerValue('retry-after')).toBe('30');
    } finally {
      temporal.thaw();
    }
    await aada.waitForLoadState('load');
    expect(await langOf(aada)).toBe('fi');
    expect(await textOf(aada, 'main [role="alert"]')).toBe(
      'kaiku ei hetkeen saa yhteyttä Temporaliin, joka hoitaa hyväksynnät. Mitään ei tallennettu; yritä uudelleen minuutin kuluttua.',
    );
    expect(await aada.inputValue('#title')).toBe('Syystyöt 2027');
    expect(await aada.inputValue('#summary')).toBe('Hae syystöihin.');
    expect(await composed()).toHaveLength(1);
    expect(await unchanged()).toEqual(before);
  });
});

describe('Send now in Swedish', () => {
  let britt: Page;

  beforeAll(async () => {
    britt = await signInAndPick(BRITT, 'sv');
  }, 120_000);

  test('Britt opens Skicka nu… from an approved item: the page, its choices and the cap read Swedish with lang="sv"', async () => {
    await britt.goto(`${base}/admin/items/${approved.id}`);
    await Promise.all([britt.waitForURL(`${base}/admin/items/${approved.id}/urgent`), britt.click('a#send-now')]);
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, 'main h1')).toBe(`Skicka nu: ${approved.title}`);
    expect(await textOf(britt, 'main h1 + p')).toBe(
      'Ett kort mejl, ”nytt att dela”, till de ambassadörer du väljer, på vars och ens språk, med inläggstext och delningsknappar. ' +
        'Taket: högst 1 brådskande mejl per ambassadör under 7 dygn (mail.urgentCap). Tysta perioder håller inte tillbaka ett brådskande mejl.',
    );
    expect(await textOf(britt, 'main legend')).toBe('Vem det ska skickas till');
    expect((await britt.locator('.segment-group > label').allTextContents()).map((label) => label.trim())).toEqual([
      'Alla ambassadörer',
      'Dessa verksamheter',
      'De som följer dessa ämnen',
      'Dessa språk',
    ]);
    expect((await britt.locator('fieldset[aria-label="Dessa språk"] label').allTextContents()).map((label) => label.trim())).toEqual(['finska', 'svenska']);
    expect(await textOf(britt, 'main p.empty')).toBe('Inte skickat som brådskande ännu.');
    expect(await textOf(britt, '#trail-heading')).toBe('Ändringar');
  });

  test('Räkna with nothing chosen, then a kind with nothing ticked: refused in Swedish, nothing stored', async () => {
    const before = await unchanged();
    await submitForm(britt, 'button:has-text("Räkna")');
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, '#urgent-error')).toBe('Välj vem det ska skickas till: alla ambassadörer, eller vissa verksamheter, ämnen eller språk.');
    await britt.check('input[name="kind"][value="languages"]');
    await submitForm(britt, 'button:has-text("Räkna")');
    expect(await textOf(britt, '#urgent-error')).toBe('Kryssa för minst ett språk, eller välj alla ambassadörer.');
    expect(await unchanged()).toEqual(before);
  });

  test('Finnish speakers: the count, who is left out, Skicka nu till 2 and the notice read Swedish; the trail records in English', async () => {
    await britt.check('input[name="kind"][value="languages"]');
    await britt.check('input[name="languages"][value="fi"]');
    await submitForm(britt, 'button:has-text("Räkna")');
    expect(await textOf(britt, '#count-heading')).toBe('Räknat för: språk finska');
    expect(await textOf(britt, '#reach')).toBe('Det når 2 ambassadörer.');
    expect(await textOf(britt, '#left-out')).toBe('1 lämnas utanför:');
    expect(await textOf(britt, 'ul.left-out li[data-reason="unsubscribed"]')).toBe('1 har avslutat prenumerationen');
    await screenshot(britt, 'console-language-sv-urgent-count');

    await submitForm(britt, 'button:has-text("Skicka nu till 2")');
    expect(britt.url()).toMatch(new RegExp(`/admin/items/${approved.id}/urgent\\?sent=[a-f0-9]{16}$`));
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, '#urgent-done')).toBe('Skickar nu till språk finska: mejlen är på väg.');
    await waitFor('the send finished', async () => (await db().selectFrom('urgent_sends').selectAll().execute())[0]?.finished_at);
    await britt.reload();
    expect((await britt.locator('table.urgent-sends th').allTextContents()).map((th) => th.trim())).toEqual(['När', 'Av', 'Till', 'Mejlade', 'Slack']);
    const row = britt.locator('table.urgent-sends tbody tr').first();
    expect((await row.locator('td').allTextContents()).map((td) => td.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /),
      'Britt Berg',
      'språk finska',
      '2 av 2',
      '—',
    ]);
    // The trail is recorded once, in English, whichever language its sender reads; her page names its fields in Swedish.
    const line = (await textOf(britt, 'ol.trail.audit li[data-action="sent urgently"]')).replace(/\s+/g, ' ');
    expect(line).toContain('skickade genast');
    expect(line).toContain('till: language Finnish');
    expect(line).toContain('utelämnade: 1 unsubscribed');
    await screenshot(britt, 'console-language-sv-urgent-sent');
  });

  test('an item still waiting for approval: its Send now page says in Swedish why there is no form', async () => {
    await britt.goto(`${base}/admin/items/${pending.id}/urgent`);
    expect(await langOf(britt)).toBe('sv');
    expect(await textOf(britt, '#not-approved')).toBe('Bara godkänt innehåll kan skickas nu; det här väntar på godkännande. Inget skickades.');
    expect(await britt.locator('form[action$="/urgent/count"]').count()).toBe(0);
  });
});
