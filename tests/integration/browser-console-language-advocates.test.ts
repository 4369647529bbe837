import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import { audit, auditTable, seriousOf, type Figures } from '../helpers/accessibility.js';
import { advocate } from '../helpers/digests.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';

// The advocate forms in the admin's language (issue 17), as communicators use them in Debian's Chromium against
// kaiku on a real socket. Ada picks Suomi in the header and adds Aino (refused in Finnish first, beside each field,
// with nothing stored), edits, pauses and resumes her, exports her data, removes her (a page left open in another
// tab is then refused in Finnish) and erases her after the confirm step. Bo picks Svenska, declines Ville's erasure
// request (an empty reason refused in Swedish first) and uploads a roster CSV: an empty file, a file the parser
// cannot read and one with no email column are refused in Swedish, the dry run lists the line-numbered refusals in
// Swedish and stores nothing, then the import. What the trail stores stays English. Every page is audited with axe.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const AINO = 'aino.virtanen@testcity.example';
const VILLE = 'ville@testcity.example';
const PAULA = 'paula@testcity.example';
const ROSTER = join(FIXTURES, 'rosters', 'vaasa-hr-export.csv');

let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];
const figures: Record<'fi' | 'sv', Figures[]> = { fi: [], sv: [] };

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const langOf = (page: Page) => page.locator('html').getAttribute('lang');
const byEmail = (email: string) => db().selectFrom('advocates').selectAll().where('email', '=', email).executeTakeFirst();
const trailOf = (entity: string, id: string) =>
  db().selectFrom('audit_trail').selectAll().where('entity', '=', entity).where('entity_id', '=', id).orderBy('id').execute();
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);
const idOf = async (email: string) => String((await byEmail(email))!.id);

/** Signs in by clicking (an English browser) and picks `language` in the header, as a person does. */
const signInAndPick = (email: string, language: 'fi' | 'sv') => signInPickingLanguage(browser, opened, base, mails(), email, language);

/** Clicks a button whose post answers with a redirect, and waits for the page it lands on. */
async function clickThrough(page: Page, button: string, lands: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(lands), page.click(button)]);
}

/** axe on the page as it is now, recorded for the language's table. */
async function audited(page: Page, language: 'fi' | 'sv', name: string): Promise<void> {
  expect(await langOf(page), name).toBe(language);
  figures[language].push(await audit(page, `${name} (${language})`));
}

beforeAll(async () => {
  const port = await freePort();
  harness = await startHarness({ configInput: { ...testConfigInput([]), server: { host: '127.0.0.1', port } } });
  await harness.store.advocates.upsert([
    advocate({ email: VILLE, name: 'Ville Koskinen', language: 'fi', branch: 'Koulut' }),
    advocate({ email: PAULA, name: 'Paula Paused', language: 'sv', branch: 'Kirjasto' }),
  ]);
  await db().updateTable('advocates').set({ paused_until: '2026-12-24' }).where('email', '=', PAULA).execute();
  // Both asked on their privacy page for their data to be erased: Bo declines Ville's; Paula's stays open.
  await harness.store.privacy.requestErasure(await idOf(VILLE));
  await harness.store.privacy.requestErasure(await idOf(PAULA));
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  server?.close();
  await harness?.close();
});

describe('Ada manages an advocate in Finnish', () => {
  let ada: Page;
  let aino = '';

  beforeAll(async () => {
    ada = await signInAndPick(ADA, 'fi');
  }, 120_000);

  test('the list in Finnish: each advocate’s state, a pause’s last day as Finns write it, the erasure requests', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/advocates`), ada.click('header nav.top a:has-text("Lähettiläät")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h1')).toBe('Lähettiläät (2)');
    const paula = await idOf(PAULA);
    expect(await textOf(ada, `tr[data-advocate-id="${paula}"] td:nth-child(6)`)).toMatch(/^aktiivinen/);
    expect(await textOf(ada, `tr[data-advocate-id="${paula}"] td:nth-child(6) small`)).toBe('keskeytetty 24.12.2026 asti');
    expect(await textOf(ada, 'main h2')).toBe('Poistopyynnöt (2)');
    await audited(ada, 'fi', '/admin/advocates');
  });

  test('Lisää lähettiläs: its labels, the networks’ legend and its button in Finnish, lang="fi"', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/advocates/new`), ada.click('main a:has-text("Lisää lähettiläs")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await ada.title()).toBe('Lisää lähettiläs · kaiku');
    expect(await textOf(ada, 'main h1')).toBe('Lisää lähettiläs');
    expect((await ada.locator('main form > label').allTextContents()).map((label) => label.trim())).toEqual([
      'Sähköpostiosoite',
      'Nimi',
      'Koosteen kieli',
      'Aikavyöhyke',
      'Toimiala',
      'Aiheet (pilkuilla erotettuina; tyhjä: kaikki aiheet)',
    ]);
    // The digest languages named in Finnish, each posting its code; the programme's default chosen.
    expect(await ada.locator('#language option').allTextContents()).toEqual(['suomi', 'ruotsi', 'englanti', 'tanska']);
    expect(await ada.locator('#language option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'fi',
      'sv',
      'en',
      'da',
    ]);
    expect(await ada.inputValue('#language')).toBe('fi');
    expect(await textOf(ada, 'main legend')).toBe('Kanavat');
    expect(await textOf(ada, 'main button[type="submit"]')).toBe('Lisää lähettiläs');
  });

  test('a wrong address, an empty name and an unknown time zone: refused in Finnish beside each field, what was typed kept, nothing stored', async () => {
    const before = await unchanged();
    await ada.fill('#email', 'ei-osoite');
    await ada.fill('#name', '  ');
    await ada.fill('#timeZone', 'Mars/Olympus');
    await submitForm(ada, 'main button:has-text("Lisää lähettiläs")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/advocates/new', status: 400 });
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '[role="alert"]')).toBe('Mitään ei lisätty: korjaa alla merkityt kentät ja lähetä lomake uudelleen.');
    expect(await textOf(ada, '#email-error')).toBe('”ei-osoite” ei ole sähköpostiosoite');
    expect(await textOf(ada, '#name-error')).toBe('nimi on tyhjä');
    expect(await textOf(ada, '#timeZone-error')).toBe('tuntematon aikavyöhyke ”Mars/Olympus”; käytä IANA-nimeä, esimerkiksi Europe/Helsinki');
    expect(await ada.getAttribute('#timeZone', 'aria-describedby')).toBe('timeZone-error');
    expect(await ada.inputValue('#timeZone')).toBe('Mars/Olympus');
    await audited(ada, 'fi', '/admin/advocates/new (refused)');
    await screenshot(ada, 'console-language-fi-advocate-refused');
    expect(await unchanged()).toEqual(before);
  });

  test('Aino is added: the notice, her state and the date she joined in Finnish; the stored row and its trail entry in English', async () => {
    await ada.fill('#email', 'Aino.Virtanen@TestCity.example');
    await ada.fill('#name', 'Aino Virtanen');
    await ada.fill('#timeZone', 'Europe/Helsinki');
    await ada.fill('#branch', 'Kirjasto');
    await ada.fill('#topics', 'kulttuuri, työpaikat');
    await ada.check('input[name="networks"][value="x"]');
    await clickThrough(ada, 'main button:has-text("Lisää lähettiläs")', /\/admin\/advocates\/\d+\?done=added$/);
    const row = (await byEmail(AINO))!;
    aino = String(row.id);
    expect(row).toMatchObject({ name: 'Aino Virtanen', language: 'fi', branch: 'Kirjasto', topics: ['kulttuuri', 'työpaikat'], networks: ['linkedin', 'x'] });
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, '[role="status"]')).toBe('Lisätty. Hän saa ensimmäisen koosteensa seuraavassa ajossa, jossa on hänelle sopivaa sisältöä.');
    expect(await textOf(ada, '.meta .state')).toBe('aktiivinen');
    expect(await textOf(ada, '.meta')).toMatch(
      /^aino\.virtanen@testcity\.example · aktiivinen · listalla \d{1,2}\.\d{1,2}\.\d{4} klo \d\d\.\d\d UTC\+[23] alkaen$/,
    );
    expect((await ada.locator('main h2').allTextContents()).map((h) => h.trim())).toEqual([
      'Tiedot',
      'Viestit',
      'Hänen tietonsa (tietosuoja-asetus)',
      'Muutokset',
    ]);
    const trail = await trailOf('advocate', aino);
    expect(trail).toMatchObject([
      { actor: ADA, action: 'added', before: null, after: { email: AINO, name: 'Aino Virtanen', topics: ['kulttuuri', 'työpaikat'] } },
    ]);
    // The trail on the page: its heading, time and what was done in Finnish (it is recorded in English).
    expect(await textOf(ada, 'ol.audit li')).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4} klo \d\d\.\d\d UTC\+[23] · Ada Admin lisäsi /);
    await audited(ada, 'fi', '/admin/advocates/<id>');
    await screenshot(ada, 'console-language-fi-advocate-added');
  });

  test('her address again: refused in Finnish, naming who has it, nothing stored', async () => {
    const before = await unchanged();
    await Promise.all([ada.waitForURL(`${base}/admin/advocates`), ada.click('main a:has-text("← Lähettiläät")')]);
    await Promise.all([ada.waitForURL(`${base}/admin/advocates/new`), ada.click('main a:has-text("Lisää lähettiläs")')]);
    await ada.fill('#email', AINO);
    await ada.fill('#name', 'Aino Uudestaan');
    await ada.fill('#timeZone', 'Europe/Helsinki');
    await submitForm(ada, 'main button:has-text("Lisää lähettiläs")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/advocates/new', status: 409 });
    expect(await textOf(ada, '#email-error')).toBe(`${AINO} on jo lähettiläslistalla (Aino Virtanen); muokkaa tietoja hänen omalla sivullaan`);
    expect(await unchanged()).toEqual(before);
  });

  test('an edit with an unknown network is refused in Finnish with nothing saved; then saved, the trail in English', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/advocates`), ada.click('header nav.top a:has-text("Lähettiläät")')]);
    await Promise.all([ada.waitForURL(`${base}/admin/advocates/${aino}`), ada.click(`tr[data-advocate-id="${aino}"] a:has-text("Aino Virtanen")`)]);
    const before = await unchanged();
    await ada.fill('#timeZone', 'Helsinki');
    // What a person with the browser's developer tools could post: a network kaiku has no button for.
    await ada.locator('input[name="networks"][value="x"]').evaluate((box) => box.setAttribute('value', 'tiktok'));
    await submitForm(ada, 'main button:has-text("Tallenna")');
    expect(posts.at(-1)).toMatchObject({ path: `/admin/advocates/${aino}/edit`, status: 400 });
    expect(await textOf(ada, '[role="alert"]')).toBe('Mitään ei tallennettu: korjaa alla merkityt kentät ja tallenna uudelleen.');
    expect(await textOf(ada, '#timeZone-error')).toBe('tuntematon aikavyöhyke ”Helsinki”; käytä IANA-nimeä, esimerkiksi Europe/Helsinki');
    expect(await textOf(ada, '#networks-error')).toBe(
      'tuntematon kanava ”tiktok”; käytettävissä ovat linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
    );
    expect(await unchanged()).toEqual(before);

    await ada.goto(`${base}/admin/advocates/${aino}`);
    await ada.fill('#name', 'Aino Virtanen-Korhonen');
    await ada.selectOption('#language', 'sv');
    await clickThrough(ada, 'main button:has-text("Tallenna")', new RegExp(`/admin/advocates/${aino}\\?done=edited$`));
    expect(await textOf(ada, '[role="status"]')).toBe('Tallennettu.');
    expect(await byEmail(AINO)).toMatchObject({ name: 'Aino Virtanen-Korhonen', language: 'sv' });
    expect((await trailOf('advocate', aino)).at(-1)).toMatchObject({
      actor: ADA,
      action: 'edited',
      before: { name: 'Aino Virtanen', language: 'fi' },
      after: { name: 'Aino Virtanen-Korhonen', language: 'sv' },
    });
  });

  test('paused and resumed: each notice and her state in Finnish, the mail state stored, the trail in English', async () => {
    await clickThrough(ada, 'main button:has-text("Keskeytä")', new RegExp(`/admin/advocates/${aino}\\?done=paused$`));
    expect(await textOf(ada, '[role="status"]')).toBe('Keskeytetty: kaiku ei lähetä hänelle mitään, ennen kuin jatkat viestejä.');
    expect(await textOf(ada, '.meta .state')).toBe('keskeytetty');
    expect((await byEmail(AINO))!.mail_state).toBe('paused');
    await clickThrough(ada, 'main button:has-text("Jatka")', new RegExp(`/admin/advocates/${aino}\\?done=resumed$`));
    expect(await textOf(ada, '[role="status"]')).toBe('Jatkettu: hän saa taas koosteita.');
    expect((await byEmail(AINO))!.mail_state).toBe('ok');
    expect((await trailOf('advocate', aino)).slice(-2)).toMatchObject([
      { action: 'paused', before: { state: 'active' }, after: { state: 'paused' } },
      { action: 'resumed', before: { state: 'paused' }, after: { state: 'active' } },
    ]);
  });

  test('her data exported as JSON from its Finnish button; the export recorded', async () => {
    const [download] = await Promise.all([ada.waitForEvent('download'), ada.click('main button:has-text("Vie hänen tietonsa JSON-tiedostona")')]);
    expect(download.suggestedFilename()).toBe(`kaiku-advocate-${aino}.json`);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.advocate).toMatchObject({ id: aino, email: AINO, name: 'Aino Virtanen-Korhonen' });
    expect((await trailOf('advocate', aino)).at(-1)).toMatchObject({ actor: ADA, action: 'exported' });
  });

  test('removed; then a page of hers left open in another tab is refused in Finnish, nothing changed', async () => {
    const stale = await ada.context().newPage();
    await stale.goto(`${base}/admin/advocates/${aino}`);
    await clickThrough(ada, 'main button:has-text("Poista ohjelmasta")', new RegExp(`/admin/advocates/${aino}\\?done=removed$`));
    expect(await textOf(ada, '[role="status"]')).toBe(
      'Poistettu: kaiku ei lähetä hänelle enää mitään. Hänen jakonsa ja pisteensä säilyvät ohjelman kokonaismäärissä.',
    );
    expect(await textOf(ada, '.meta .state')).toBe('poistettu');
    expect(await textOf(ada, 'main .panel p')).toBe('Poistettu ohjelmasta: kaiku ei lähetä hänelle mitään.');
    expect((await byEmail(AINO))!.removed_at).not.toBeNull();

    const before = await unchanged();
    await submitForm(stale, 'main button:has-text("Keskeytä")');
    expect(posts.at(-1)).toMatchObject({ path: `/admin/advocates/${aino}/pause`, status: 409 });
    expect(await langOf(stale)).toBe('fi');
    expect(await stale.title()).toBe('Ei muutettu · kaiku');
    expect(await textOf(stale, '[role="alert"]')).toBe('Mitään ei muutettu: tämä lähettiläs on poistettu ohjelmasta. Takaisin hänen sivulleen.');
    expect(await unchanged()).toEqual(before);
    await stale.close();
  });

  test('erased after the confirm step in Finnish (Peruuta first changes nothing); her data gone, the trail in English', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/advocates/${aino}/erase`), ada.click('main a:has-text("Poista tiedot…")')]);
    expect(await langOf(ada)).toBe('fi');
    expect(await textOf(ada, 'main h1')).toBe('Poistetaanko tiedot: Aino Virtanen-Korhonen?');
    expect(await textOf(ada, 'main .panel p')).toBe(
      `Lähettiläs Aino Virtanen-Korhonen (${AINO}) poistetaan pysyvästi: hänen nimensä, osoitteensa ja asetuksensa, hänelle lähetetyt ja häneltä tulleet viestit sekä se, mitä hänen linkkinsä ovat tallentaneet kävijöistä. Hänen jakonsa ja pisteensä säilyvät ohjelman kokonaismäärissä nimettöminä.`,
    );
    expect(await textOf(ada, 'main .panel p:nth-of-type(2)')).toBe('Poistoa ei voi perua. Jos hän saattaa tarvita tietojaan, vie ne ensin.');
    const before = await unchanged();
    await Promise.all([ada.waitForURL(`${base}/admin/advocates/${aino}`), ada.click('main a:has-text("Peruuta")')]);
    expect(await unchanged()).toEqual(before);

    await Promise.all([ada.waitForURL(`${base}/admin/advocates/${aino}/erase`), ada.click('main a:has-text("Poista tiedot…")')]);
    await clickThrough(ada, 'main button:has-text("Poista pysyvästi")', new RegExp(`/admin/advocates/${aino}\\?done=erased$`));
    expect(await textOf(ada, '[role="status"]')).toBe(
      'Tiedot poistettu: hänen henkilötietonsa on poistettu pysyvästi. Hänen jakonsa ja pisteensä säilyvät kokonaismäärissä nimettöminä.',
    );
    expect(await textOf(ada, '.meta .state')).toBe('tiedot poistettu');
    expect(await textOf(ada, 'main .panel p')).toBe('Hänen henkilötietonsa on poistettu.');
    expect(await db().selectFrom('advocates').selectAll().where('id', '=', aino).executeTakeFirst()).toMatchObject({
      name: 'Erased advocate',
      email: `erased-${aino}@erased.invalid`,
    });
    const trail = await trailOf('advocate', aino);
    expect(trail.map((row) => row.action)).toEqual(['added', 'edited', 'paused', 'resumed', 'exported', 'removed', 'erased']);
    expect(JSON.stringify(trail)).not.toMatch(/Aino|aino\.virtanen/);
    await screenshot(ada, 'console-language-fi-advocate-erased');
  });

  test('axe: the erase page with its decline form, the import page and a digest preview in Finnish', async () => {
    const paula = await idOf(PAULA);
    await ada.goto(`${base}/admin/advocates/${paula}/erase`);
    expect(await textOf(ada, 'main h2')).toBe('Tai hylkää hänen pyyntönsä');
    expect(await textOf(ada, 'main label[for="reason"]')).toBe('Perustelu, jonka hän näkee');
    await audited(ada, 'fi', '/admin/advocates/<id>/erase');
    await ada.goto(`${base}/admin/advocates/import`);
    expect(await textOf(ada, 'main h1')).toBe('Lataa lähettiläslista (CSV)');
    await ada.setInputFiles('#roster', ROSTER);
    await submitForm(ada, 'main button:has-text("Tarkista tiedosto")');
    expect(await textOf(ada, '.dry-run p')).toBe('4 riviä tuotaisiin (uudet lisätään, aiemmat päivitetään osoitteen perusteella); 3 riviä hylättäisiin.');
    expect(await ada.locator('ul.refusals li').allTextContents()).toEqual([
      'rivi 4 (mikko.rinne@vaasa): ”mikko.rinne@vaasa” ei ole sähköpostiosoite',
      'rivi 6 (lotta.nyman@vaasa.example): tuntematon kanava ”tiktok”; käytettävissä ovat linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
      'rivi 7 (kaisa.jaaskelainen@vaasa.example): kaisa.jaaskelainen@vaasa.example on jo rivillä 2; kukin lähettiläs vain kerran',
    ]);
    expect(await textOf(ada, '.dry-run button')).toBe('Tuo 4 lähettilästä');
    await audited(ada, 'fi', '/admin/advocates/import (checked)');
    await ada.goto(`${base}/admin/advocates/${paula}/preview`);
    await audited(ada, 'fi', '/admin/advocates/<id>/preview');
  });
});

describe('Bo declines an erasure and uploads a roster in Swedish', () => {
  let bo: Page;

  beforeAll(async () => {
    bo = await signInAndPick(BO, 'sv');
  }, 120_000);

  test('Ville’s erasure request: the page in Swedish; an empty reason refused in Swedish, nothing stored; then declined', async () => {
    const ville = await idOf(VILLE);
    await Promise.all([bo.waitForURL(`${base}/admin/advocates`), bo.click('header nav.top a:has-text("Ambassadörer")')]);
    await audited(bo, 'sv', '/admin/advocates');
    await Promise.all([bo.waitForURL(`${base}/admin/advocates/${ville}`), bo.click(`tr[data-advocate-id="${ville}"] a:has-text("Ville Koskinen")`)]);
    expect(await textOf(bo, '.meta .state')).toBe('aktiv');
    await audited(bo, 'sv', '/admin/advocates/<id>');
    await Promise.all([bo.waitForURL(`${base}/admin/advocates/${ville}/erase`), bo.click('main a:has-text("Radera…")')]);
    expect(await langOf(bo)).toBe('sv');
    expect(await bo.title()).toBe('Radera Ville Koskinen? · kaiku');
    expect(await textOf(bo, 'main .panel p:nth-of-type(2)')).toBe('Det här går inte att ångra. Om hen kan behöva sina uppgifter, exportera dem först.');
    expect(await textOf(bo, 'main h2')).toBe('Eller avslå begäran');
    expect(await textOf(bo, 'main .panel:nth-of-type(2) p')).toMatch(
      /^Hen begärde radering \d{4}-\d\d-\d\d \d\d:\d\d [A-Z+\d]+\. Avslå bara om lagen tillåter organisationen att behålla uppgifterna \(artikel 17\.3 i dataskyddsförordningen\); hen ser din motivering på sin integritetssida och kan begära radering igen\.$/,
    );
    await audited(bo, 'sv', '/admin/advocates/<id>/erase');

    const before = await unchanged();
    await submitForm(bo, 'main button:has-text("Avslå begäran")');
    expect(posts.at(-1)).toMatchObject({ path: `/admin/advocates/${ville}/erase/decline`, status: 400 });
    expect(await textOf(bo, '#reason-error')).toBe('skriv motiveringen som hen får läsa: lagen som gör att uppgifterna behålls');
    expect(await bo.getAttribute('#reason', 'aria-describedby')).toBe('reason-error');
    await audited(bo, 'sv', '/admin/advocates/<id>/erase (refused)');
    expect(await unchanged()).toEqual(before);

    await bo.fill('#reason', 'Löneuppgifter ska sparas i sex år (bokföringslagen).');
    await clickThrough(bo, 'main button:has-text("Avslå begäran")', new RegExp(`/admin/advocates/${ville}\\?done=declined$`));
    expect(await textOf(bo, '[role="status"]')).toBe('Begäran avslogs: uppgifterna finns kvar, och hens integritetssida visar din motivering.');
    expect(await db().selectFrom('erasure_requests').selectAll().where('advocate_id', '=', ville).executeTakeFirstOrThrow()).toMatchObject({
      state: 'declined',
      decided_by: BO,
    });
    expect((await trailOf('advocate', ville)).at(-1)).toMatchObject({
      actor: BO,
      action: 'declined erasure',
      after: { erasure: 'declined', reason: 'Löneuppgifter ska sparas i sex år (bokföringslagen).' },
    });
  });

  test('the upload page in Swedish; an empty file, an unreadable one and one with no email column refused in Swedish, nothing stored', async () => {
    await Promise.all([bo.waitForURL(`${base}/admin/advocates`), bo.click('header nav.top a:has-text("Ambassadörer")')]);
    await Promise.all([bo.waitForURL(`${base}/admin/advocates/import`), bo.click('main a:has-text("Ladda upp en ambassadörslista (CSV)")')]);
    expect(await langOf(bo)).toBe('sv');
    expect(await bo.title()).toBe('Ladda upp en ambassadörslista · kaiku');
    expect(await textOf(bo, 'main label[for="roster"]')).toBe(
      'Ambassadörslista (CSV: först en rubrikrad, sedan email,name,language,time_zone,branch,topics,networks)',
    );
    expect(await textOf(bo, 'main form p')).toBe('kaiku kontrollerar filen först och visar vad som skulle hända; inget importeras förrän du bekräftar.');
    const before = await unchanged();

    await bo.setInputFiles('#roster', { name: 'tom.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await submitForm(bo, 'main button:has-text("Kontrollera filen")');
    expect(posts.at(-1)).toMatchObject({ path: '/admin/advocates/import', status: 400 });
    expect(await textOf(bo, '[role="alert"]')).toBe('Välj först en ambassadörslista (CSV); filen som skickades var tom. Inget importerades.');

    const broken = 'email;name;language;timezone\r\naino@vaasa.example;Aino;fi;Europe/Helsinki\r\n"Pekka Ö" <pekka@vaasa.example>;Pekka;fi;Europe/Helsinki\r\n';
    await bo.setInputFiles('#roster', { name: 'trasig.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await submitForm(bo, 'main button:has-text("Kontrollera filen")');
    expect(await textOf(bo, '.dry-run h2')).toBe('trasig.csv kontrollerad: inget har importerats ännu');
    expect(await textOf(bo, '.dry-run p')).toBe('0 rader skulle importeras (läggas till, eller uppdateras utifrån adressen); 1 skulle avvisas.');
    expect(await bo.locator('ul.refusals li').allTextContents()).toEqual([
      'rad 3: filen kan inte läsas efter den här raden: sätt en cell som innehåller citattecken eller ; inom dubbla citattecken, dubblera varje citattecken i den och ladda upp filen igen; inget i filen importerades',
    ]);
    expect(await textOf(bo, '.dry-run p:last-child')).toBe('Rätta filen och kontrollera den igen.');

    await bo.setInputFiles('#roster', { name: 'utan-epost.csv', mimeType: 'text/csv', buffer: Buffer.from('mail,name\na@vaasa.example,A\n') });
    await submitForm(bo, 'main button:has-text("Kontrollera filen")');
    expect(await bo.locator('ul.refusals li').allTextContents()).toEqual([
      'rad 1: rubrikraden saknar kolumnerna email, language, timeZone (förväntat: email,name,language,time_zone,branch,topics,networks)',
    ]);
    expect(await bo.locator('.dry-run button').count()).toBe(0);
    expect(await unchanged()).toEqual(before);
  });

  test('the HR export checked in Swedish, its line-numbered refusals in Swedish and nothing stored; then imported, the trail in English', async () => {
    await bo.setInputFiles('#roster', ROSTER);
    const before = await unchanged();
    await submitForm(bo, 'main button:has-text("Kontrollera filen")');
    expect(await textOf(bo, '.dry-run h2')).toBe('vaasa-hr-export.csv kontrollerad: inget har importerats ännu');
    expect(await textOf(bo, '.dry-run p')).toBe('4 rader skulle importeras (läggas till, eller uppdateras utifrån adressen); 3 skulle avvisas.');
    expect(await textOf(bo, '.dry-run h2:nth-of-type(2)')).toBe('Avvisade rader');
    expect(await bo.locator('ul.refusals li').allTextContents()).toEqual([
      'rad 4 (mikko.rinne@vaasa): ”mikko.rinne@vaasa” är ingen e-postadress',
      'rad 6 (lotta.nyman@vaasa.example): okänd kanal ”tiktok”; använd linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
      'rad 7 (kaisa.jaaskelainen@vaasa.example): kaisa.jaaskelainen@vaasa.example finns redan på rad 2; varje ambassadör bara en gång',
    ]);
    await audited(bo, 'sv', '/admin/advocates/import (checked)');
    await screenshot(bo, 'console-language-sv-roster-checked');
    expect(await unchanged()).toEqual(before);

    await submitForm(bo, 'main button:has-text("Importera 4 ambassadörer")');
    expect(await textOf(bo, '[role="status"]')).toBe('Importen är klar. Importerade: 4 (nya: 4, uppdaterade: 0). Avvisade: 3.');
    const imported = await db().selectFrom('advocates').select(['email', 'name']).where('email', 'like', '%@vaasa.example').orderBy('email').execute();
    expect(imported.map((a) => a.email)).toEqual([
      'asa.oberg@vaasa.example',
      'henrik.lund@vaasa.example',
      'john.smith@vaasa.example',
      'kaisa.jaaskelainen@vaasa.example',
    ]);
    expect(await trailOf('roster', 'roster')).toMatchObject([{ actor: BO, action: 'imported', after: { inserted: 4, updated: 0, refused: 3 } }]);
    expect(await textOf(bo, 'section[aria-labelledby="trail-heading"] h2')).toBe('Ändringar');
    expect(await textOf(bo, 'ol.audit li')).toMatch(/ · Bo Backup importerade personallistan /);
    await audited(bo, 'sv', '/admin/advocates/import (imported)');
  });

  test('Lägg till en ambassadör and a digest preview in Swedish', async () => {
    await Promise.all([bo.waitForURL(`${base}/admin/advocates`), bo.click('header nav.top a:has-text("Ambassadörer")')]);
    await Promise.all([bo.waitForURL(`${base}/admin/advocates/new`), bo.click('main a:has-text("Lägg till en ambassadör")')]);
    const before = await unchanged();
    await bo.fill('#email', 'stina@testcity.example');
    await bo.fill('#name', 'Stina');
    await bo.fill('#timeZone', 'Europe/Stockholm');
    await bo.selectOption('#language', 'sv');
    // Typed over the select by developer tools: a language kaiku writes no digest in.
    await bo.locator('#language option:checked').evaluate((option) => option.setAttribute('value', 'de'));
    await submitForm(bo, 'main button:has-text("Lägg till ambassadören")');
    expect(await textOf(bo, '[role="alert"]')).toBe('Inget lades till: rätta de markerade fälten nedan och skicka formuläret igen.');
    expect(await textOf(bo, '#language-error')).toBe('okänt språk ”de”; kaiku skriver sammandrag på fi, sv, en, da');
    expect(await unchanged()).toEqual(before);
    await audited(bo, 'sv', '/admin/advocates/new (refused)');
    await bo.goto(`${base}/admin/advocates/${await idOf(PAULA)}/preview`);
    await audited(bo, 'sv', '/admin/advocates/<id>/preview');
  });
});

test('axe-core: the advocate pages in Suomi and Svenska have no serious or critical violation', () => {
  const all = [...figures.fi, ...figures.sv];
  console.log(auditTable('axe-core (WCAG 2.1 A/AA), the advocate pages in Finnish and Swedish: passes, violations by impact (nodes)', all));
  expect(figures.fi).toHaveLength(6);
  expect(figures.sv).toHaveLength(8);
  expect(seriousOf(all)).toEqual([]);
});
