import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  closeLoopbackContexts,
  launchChromium,
  loopbackContext,
  screenshotWidths as screenshot,
  serveRecordingPosts,
  signInByClicking,
  submitForm,
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { copyForms, serveForgery, type CopiedForm, type Forgery } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { parseRoster, refusalText } from '../../rules/advocates/roster.js';

// The advocates managed from the console as a communicator does it, in Debian's Chromium against kaiku on a real
// socket: add one (and be refused, field by field, with nothing stored), edit, pause and resume, remove, export
// their data and erase them; each answer on the page, the stored row, and the audit trail on the advocate's page
// on the programme's clock (Europe/Helsinki). Forged posts of the add and erase forms from another site are
// refused with nothing changed anywhere.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let evil: FeedServer;
let base = '';
const contexts: LoopbackContext[] = [];
const posts: PostSeen[] = [];
let sameHost: FeedServer;

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const byEmail = (email: string) => db().selectFrom('advocates').selectAll().where('email', '=', email).executeTakeFirst();
const trailOf = (id: string) => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'advocate').where('entity_id', '=', id).orderBy('id').execute();

/** Every row of every table whose text holds `needle`. */
async function rowsHolding(needle: string): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db());
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db());
    for (const { row } of rows.rows) if (row.toLowerCase().includes(needle.toLowerCase())) found.push(`${name}: ${row}`);
  }
  return found;
}

async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

const signIn = (context: BrowserContext, email: string) => signInByClicking(context, base, mails(), email);

/** From the items page, as a person goes: the header's Advocates, then "Add an advocate", the form filled in. */
async function fillAddForm(page: Page, fields: { email: string; name: string; language?: string; timeZone: string; branch?: string; topics?: string }) {
  await page.click('nav.top a:has-text("Advocates")');
  await page.click('a:has-text("Add an advocate")');
  await page.fill('#email', fields.email);
  await page.fill('#name', fields.name);
  if (fields.language) await page.selectOption('#language', fields.language);
  await page.fill('#timeZone', fields.timeZone);
  if (fields.branch) await page.fill('#branch', fields.branch);
  if (fields.topics) await page.fill('#topics', fields.topics);
}

const submit = submitForm;

beforeAll(async () => {
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  const port = await freePort();
  harness = await startHarness({ configInput: { ...testConfigInput([]), server: { host: '127.0.0.1', port } } });
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
  await evil?.close();
  await sameHost?.close();
});

describe('an advocate added, edited, paused, removed, exported and erased in the console', () => {
  test('a refused add names each wrong field beside it and stores nothing', async () => {
    const page = await signIn(await newBrowser(), ADA);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await fillAddForm(page, { email: 'not-an-address', name: '  ', timeZone: 'Mars/Olympus' });
    await submit(page, 'button:has-text("Add the advocate")');
    expect(await textOf(page, '.notice.bad')).toBe('Nothing was added: correct the fields marked below and send the form again.');
    expect(await textOf(page, '#email-error')).toBe('"not-an-address" is not an email address');
    expect(await textOf(page, '#name-error')).toBe('the name is empty');
    expect(await textOf(page, '#timeZone-error')).toBe('unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Helsinki');
    expect(await page.getAttribute('#timeZone', 'aria-invalid')).toBe('true');
    // What was typed stays, to be corrected.
    expect(await page.inputValue('#timeZone')).toBe('Mars/Olympus');
    await screenshot(page, 'console-advocate-add-refused');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('add, edit, pause, resume, remove: each answer on the page, the stored row and the trail in Helsinki time', async () => {
    const page = await signIn(await newBrowser(), ADA);
    await fillAddForm(page, {
      email: 'Aino.Virtanen@TestCity.example',
      name: 'Aino Virtanen',
      timeZone: 'Europe/Helsinki',
      branch: 'Health',
      topics: 'care, jobs',
    });
    await page.check('input[name="networks"][value="x"]');
    await screenshot(page, 'console-advocate-add');
    await submit(page, 'button:has-text("Add the advocate")');
    const added = await waitFor('Aino stored', () => byEmail('aino.virtanen@testcity.example'));
    const id = String(added.id);
    expect(page.url()).toBe(`${base}/admin/advocates/${id}?done=added`);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Added\./);
    expect(added).toMatchObject({
      name: 'Aino Virtanen',
      language: 'fi',
      time_zone: 'Europe/Helsinki',
      branch: 'Health',
      topics: ['care', 'jobs'],
      mail_state: 'ok',
    });
    expect(added.networks).toEqual(['linkedin', 'x']);
    let trail = await trailOf(id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: ADA, action: 'added', before: null });
    expect(trail[0]!.after).toMatchObject({ email: 'aino.virtanen@testcity.example', name: 'Aino Virtanen', topics: ['care', 'jobs'] });
    const entry = page.locator('ol.audit li').first();
    expect(await entry.textContent()).toContain('Ada Admin added');
    // The programme's clock: Helsinki is EET in winter, EEST in summer; never UTC.
    const shown = ((await entry.locator('time').textContent()) ?? '').trim();
    expect(shown).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d EES?T$/);
    expect(await entry.locator('time').getAttribute('datetime')).toBe(trail[0]!.at.toISOString());

    // The same address again is refused beside the field.
    await fillAddForm(page, { email: 'aino.virtanen@testcity.example', name: 'Aino Again', timeZone: 'Europe/Helsinki' });
    await submit(page, 'button:has-text("Add the advocate")');
    expect(await textOf(page, '#email-error')).toBe('aino.virtanen@testcity.example is on the roster already (Aino Virtanen); edit them on their page instead');
    expect(await db().selectFrom('advocates').select('id').where('name', '=', 'Aino Again').execute()).toEqual([]);

    // Edit from the roster list: her name, language and topics; a bad time zone first, refused with nothing saved.
    await page.click('nav.top a:has-text("Advocates")');
    await page.click(`tr[data-advocate-id="${id}"] a:has-text("Aino Virtanen")`);
    await page.fill('#timeZone', 'Helsinki');
    await submit(page, 'button:has-text("Save")');
    expect(await textOf(page, '#timeZone-error')).toBe('unknown time zone "Helsinki"; use an IANA name such as Europe/Helsinki');
    expect((await byEmail('aino.virtanen@testcity.example'))!.time_zone).toBe('Europe/Helsinki');
    expect(await trailOf(id)).toHaveLength(1);
    await page.fill('#timeZone', 'Europe/Helsinki');
    await page.fill('#name', 'Aino Virtanen-Korhonen');
    await page.selectOption('#language', 'sv');
    await page.fill('#topics', 'jobs; culture');
    await page.uncheck('input[name="networks"][value="x"]');
    await submit(page, 'button:has-text("Save")');
    expect(await textOf(page, '.notice.ok')).toBe('Saved.');
    expect(await textOf(page, 'h1')).toBe('Aino Virtanen-Korhonen');
    expect(await byEmail('aino.virtanen@testcity.example')).toMatchObject({
      name: 'Aino Virtanen-Korhonen',
      language: 'sv',
      topics: ['jobs', 'culture'],
      networks: ['linkedin'],
    });
    trail = await trailOf(id);
    expect(trail.map((t) => t.action)).toEqual(['added', 'edited']);
    expect(trail[1]!.before).toMatchObject({ name: 'Aino Virtanen', language: 'fi', topics: ['care', 'jobs'], networks: ['linkedin', 'x'] });
    expect(trail[1]!.after).toMatchObject({ name: 'Aino Virtanen-Korhonen', language: 'sv', topics: ['jobs', 'culture'], networks: ['linkedin'] });
    const edited = await textOf(page, 'ol.audit li[data-action="edited"]');
    expect(edited).toContain('name: Aino Virtanen → Aino Virtanen-Korhonen');
    expect(edited).toContain('language: fi → sv');
    expect(edited).not.toContain('timeZone'); // unchanged fields are not listed
    await screenshot(page, 'console-advocate-page');

    await submit(page, 'button:has-text("Pause")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Paused/);
    expect(await textOf(page, '.state')).toBe('paused');
    expect((await byEmail('aino.virtanen@testcity.example'))!.mail_state).toBe('paused');
    await submit(page, 'button:has-text("Resume")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Resumed/);
    expect((await byEmail('aino.virtanen@testcity.example'))!.mail_state).toBe('ok');
    expect(await textOf(page, 'ol.audit li[data-action="paused"]')).toContain('state: active → paused');

    // Removed: no more mail, but her points stay in the totals.
    await db()
      .insertInto('points')
      .values({ key: `share:${id}:console-test`, advocate_id: id, reason: 'share', item_id: null, points: 5, at: new Date() })
      .execute();
    await submit(page, 'button:has-text("Remove from the programme")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Removed: kaiku sends them nothing more/);
    expect(await page.locator('button:has-text("Save")').count()).toBe(0);
    const removed = (await byEmail('aino.virtanen@testcity.example'))!;
    expect(removed.removed_at).not.toBeNull();
    expect(removed.mail_state).toBe('paused');
    expect(await db().selectFrom('points').select('points').where('advocate_id', '=', id).execute()).toEqual([{ points: 5 }]);
    expect((await trailOf(id)).map((t) => t.action)).toEqual(['added', 'edited', 'paused', 'resumed', 'removed']);
    await page.click('nav.top a:has-text("Advocates")');
    expect(await textOf(page, `tr[data-advocate-id="${id}"]`)).toContain('removed');
  });

  test('export one advocate’s data as JSON, then erase them after a confirm step: data gone, trail kept without it', async () => {
    const page = await signIn(await newBrowser(), ADA);
    await fillAddForm(page, { email: 'eero@testcity.example', name: 'Eero Erased', timeZone: 'Europe/Helsinki', branch: 'Schools' });
    await submit(page, 'button:has-text("Add the advocate")');
    const eero = await waitFor('Eero stored', () => byEmail('eero@testcity.example'));
    const id = String(eero.id);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export their data as JSON")')]);
    expect(download.suggestedFilename()).toBe(`kaiku-advocate-${id}.json`);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.advocate).toMatchObject({ id, email: 'eero@testcity.example', name: 'Eero Erased', branch: 'Schools' });
    expect((await trailOf(id)).map((t) => t.action)).toEqual(['added', 'exported']);

    await page.reload();
    await page.click('a:has-text("Erase…")');
    expect(await textOf(page, 'h1')).toBe('Erase Eero Erased?');
    await screenshot(page, 'console-advocate-erase-confirm');
    // Cancel first: nothing happens.
    await page.click('a:has-text("Cancel")');
    expect((await byEmail('eero@testcity.example'))!.erased_at).toBeNull();
    await page.click('a:has-text("Erase…")');
    await submit(page, 'button:has-text("Erase for good")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Erased: their personal data is gone for good/);
    const erased = (await db().selectFrom('advocates').selectAll().where('id', '=', id).executeTakeFirst())!;
    expect(erased).toMatchObject({ name: 'Erased advocate', email: `erased-${id}@erased.invalid`, mail_state: 'paused' });
    expect(erased.erased_at).not.toBeNull();
    const request = await db().selectFrom('erasure_requests').selectAll().where('advocate_id', '=', id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ state: 'erased', decided_by: ADA });
    const trail = await trailOf(id);
    expect(trail.map((t) => [t.actor, t.action])).toEqual([
      [ADA, 'added'],
      [ADA, 'exported'],
      [ADA, 'erased'],
    ]);
    // Who did what when stays; what the trail quoted of him does not, nor any other table.
    expect(JSON.stringify(trail)).not.toMatch(/Eero|eero@|Schools/);
    expect(await rowsHolding('eero@testcity.example')).toEqual([]);
    expect(await rowsHolding('Eero Erased')).toEqual([]);
    const shown = (await page.locator('main').textContent()) ?? '';
    expect(shown).not.toMatch(/Eero|eero@|Schools/);
    expect(shown).toContain('Ada Admin erased');
    await screenshot(page, 'console-advocate-erased');
  });
});

describe('forged posts of the console’s advocate forms', () => {
  // One forgery per test, so that each waits on its own answer and a slow machine cannot add twelve waits into one timeout.
  const opened: LoopbackContext[] = [];
  let tuula: { id: string };
  let forms: Record<'add' | 'erase', CopiedForm>;
  let victim: Page;
  let before: Awaited<ReturnType<typeof allRowVersions>>;
  const context = async () => {
    const made = await loopbackContext(browser);
    opened.push(made);
    return made.context;
  };

  beforeAll(async () => {
    await harness.store.advocates.upsert([
      {
        email: 'tuula@testcity.example',
        name: 'Tuula Target',
        language: 'fi',
        timeZone: 'Europe/Helsinki',
        branch: null,
        topics: [],
        networks: ['linkedin'],
        mastodonInstance: null,
      },
    ]);
    tuula = (await byEmail('tuula@testcity.example'))!;
    // The attacker, an admin in their own browser, copies both forms with every value (their own token too).
    const attacker = await signIn(await context(), BO);
    await attacker.goto(`${base}/admin/advocates/new`);
    const add = (await copyForms(attacker)).find((f) => f.action.endsWith('/admin/advocates/new'))!;
    add.fields.push(['email', 'mallory@evil.example'], ['name', 'Mallory'], ['language', 'fi'], ['timeZone', 'Europe/Helsinki']);
    await attacker.goto(`${base}/admin/advocates/${tuula.id}/erase`);
    const erase: CopiedForm = (await copyForms(attacker)).find((f) => f.action.endsWith(`/admin/advocates/${tuula.id}/erase`))!;
    forms = { add, erase };
    victim = await signIn(await context(), ADA);
    before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
  }, 180_000);

  afterAll(async () => {
    await closeLoopbackContexts(opened);
  });

  test('the copied forms carry the attacker’s own CSRF token', () => {
    expect(forms.add.fields.map(([name]) => name)).toContain('_csrf');
    expect(forms.erase.fields.map(([name]) => name)).toContain('_csrf');
  });

  // Another site does not get the victim's session cookie along (SameSite), nor does a sandboxed frame (an opaque
  // origin): sign-in, before the form is read. A sibling on kaiku's own host (another port: same-site) does, and
  // the form's check refuses it.
  const cases = (['another site', 'another port of kaiku’s host'] as const).flatMap((site) =>
    (['add', 'erase'] as const).flatMap((form) => (['page', 'no-referrer', 'sandboxed-iframe'] as Forgery[]).map((forgery) => [site, form, forgery] as const)),
  );
  test.each(cases)(
    'from %s, the %s form as a %s forgery is refused in the signed-in admin’s browser',
    async (siteName, formName, forgery) => {
      const site = siteName === 'another site' ? evil : sameHost;
      const form = forms[formName];
      const answer = site === sameHost && forgery !== 'sandboxed-iframe' ? { status: 403, location: null } : { status: 303, location: '/admin/login' };
      const path = new URL(form.action).pathname;
      const seen = posts.filter((p) => p.path === path).length;
      const tab = await victim.context().newPage();
      // Not awaited: the forged page's own post interrupts its navigation; the awaited event is kaiku's answer.
      const loading = tab.goto(serveForgery(site, form, forgery), { waitUntil: 'commit', timeout: 30_000 }).catch(() => undefined);
      const post = await waitFor(`${forgery} post to ${path} answered`, async () => posts.filter((p) => p.path === path)[seen]);
      expect({ status: post.status, location: post.location }, `${site.origin} ${forgery} → ${path}`).toEqual(answer);
      // Closing a tab whose refused post is still loading can hang Chromium (it did, twice, for the no-referrer
      // forgery from kaiku's own host): the refusal page is awaited first, and the close is not.
      if (answer.status === 403 && forgery !== 'sandboxed-iframe') {
        await tab.waitForSelector('text=This form was not accepted, and nothing was changed');
        if (forgery === 'page') await screenshot(tab, 'console-advocate-forged-refused');
      }
      await loading;
      void tab.close({ runBeforeUnload: false }).catch(() => undefined);
    },
    120_000,
  );

  test('after every forgery nothing changed: no row of any table, no Mallory, Tuula not erased', async () => {
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    expect(await byEmail('mallory@evil.example')).toBeUndefined();
    expect((await byEmail('tuula@testcity.example'))!.erased_at).toBeNull();
  });
});

describe('a roster CSV uploaded in the browser', () => {
  const file = join(FIXTURES, 'rosters', 'vaasa-hr-export.csv');

  test('a dry run shows the CLI import’s line-numbered refusals and changes nothing; then the import; then the roster out as CSV', async () => {
    const page = await signIn(await newBrowser(), ADA);
    await page.click('nav.top a:has-text("Advocates")');
    await page.click('a:has-text("Upload a roster CSV")');
    await page.setInputFiles('#roster', file);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await submit(page, 'button:has-text("Check the file")');
    expect(await textOf(page, '.dry-run h2')).toBe('Checked vaasa-hr-export.csv: nothing imported yet');
    expect(await textOf(page, '.dry-run p')).toBe('4 rows would be imported (added, or updated by address); 3 refused.');
    const shown = await page.locator('ul.refusals li').allTextContents();
    expect(shown).toEqual([
      'line 4 (mikko.rinne@vaasa): "mikko.rinne@vaasa" is not an email address',
      'line 6 (lotta.nyman@vaasa.example): unknown network "tiktok"; use linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
      'line 7 (kaisa.jaaskelainen@vaasa.example): kaisa.jaaskelainen@vaasa.example is already on line 2; each advocate once',
    ]);
    // The very lines `kaiku advocates import` prints (one function writes both).
    expect(shown).toEqual(parseRoster(await readFile(file, 'utf8')).refused.map(refusalText));
    await screenshot(page, 'console-roster-dry-run');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);

    await submit(page, 'button:has-text("Import 4 advocates")');
    expect(await textOf(page, '.notice.ok')).toBe('Imported 4: 4 new, 0 updated; 3 refused.');
    const imported = await db().selectFrom('advocates').selectAll().where('email', 'like', '%@vaasa.example').orderBy('email').execute();
    expect(imported.map((a) => [a.email, a.name, a.language, a.branch])).toEqual([
      ['asa.oberg@vaasa.example', 'Åsa Öberg', 'sv', 'Bildning'],
      ['henrik.lund@vaasa.example', 'Henrik Lund', 'da', 'Sosiaali'],
      ['john.smith@vaasa.example', 'John Smith', 'en', 'IT'],
      ['kaisa.jaaskelainen@vaasa.example', 'Kaisa Jääskeläinen', 'fi', 'Sivistystoimi'],
    ]);
    const trail = await db().selectFrom('audit_trail').selectAll().where('entity', '=', 'roster').execute();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: ADA, action: 'imported', after: { inserted: 4, updated: 0, refused: 3 } });
    expect(await textOf(page, 'ol.audit li')).toContain('Ada Admin imported');
    await screenshot(page, 'console-roster-imported');

    await page.click('nav.top a:has-text("Advocates")');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Export the roster as CSV")')]);
    expect(download.suggestedFilename()).toBe('kaiku-roster.csv');
    const exported = parseRoster(await readFile((await download.path())!, 'utf8'));
    expect(exported.refused).toEqual([]);
    const onRoster = await harness.store.advocates.roster();
    expect(exported.rows.map((r) => r.advocate.email).sort()).toEqual(onRoster.map((a) => a.email).sort());
    // Read back, it is the same roster: the import reads what the export writes.
    expect(exported.rows.find((r) => r.advocate.email === 'kaisa.jaaskelainen@vaasa.example')!.advocate).toMatchObject({
      name: 'Kaisa Jääskeläinen',
      topics: ['schools', 'culture'],
      networks: ['linkedin'],
      timeZone: 'Europe/Helsinki',
    });
    // Removed and erased advocates are not on it.
    expect(exported.rows.map((r) => r.advocate.email)).not.toContain('aino.virtanen@testcity.example');
  });
});

// Last in the file: the roster CSV test above expects exactly the advocates it imported.
describe('an advocate the directory provisions (SCIM)', () => {
  test('their name, time zone, branch and language show read-only with the reason; topics save; a name typed anyway is not kept', async () => {
    const provisioned = await harness.store.advocates.scim.createUser({
      advocate: {
        email: 'sini.scim@testcity.example',
        name: 'Sini Directory',
        language: 'fi',
        timeZone: 'Europe/Helsinki',
        branch: 'Finance',
        mastodonInstance: null,
        topics: [],
        networks: ['linkedin'],
      },
      userName: 'sini.scim@testcity.example',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-00000000a001',
      active: true,
      branchAttribute: null,
    });
    expect(provisioned.ok).toBe(true);
    const id = (provisioned as { value: string }).value;
    // Bo: Ada has used up her five sign-in mails per 15 minutes in this file (the sign-in rate limit).
    const page = await signIn(await newBrowser(), BO);
    await page.click('nav.top a:has-text("Advocates")');
    await page.click('a:has-text("Sini Directory")');
    expect(await textOf(page, '#directory-note')).toMatch(
      /directory \(SCIM\) provisions this advocate: their name, time zone, branch, language are changed there/,
    );
    for (const field of ['#name', '#timeZone', '#branch']) expect(await page.locator(field).getAttribute('readonly'), field).not.toBeNull();
    expect(await page.locator('#language').isDisabled()).toBe(true);
    expect(await page.locator('#topics').getAttribute('readonly')).toBeNull();
    await page.fill('#topics', 'budget');
    // What a person with the browser's developer tools could still post: a name typed over the read-only field.
    await page.locator('#name').evaluate((input) => input.removeAttribute('readonly'));
    await page.fill('#name', 'Someone Else');
    await submit(page, 'button:has-text("Save")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Saved|^Edited|\./);
    const after = (await harness.store.advocates.get(id))!;
    expect(after).toMatchObject({ name: 'Sini Directory', time_zone: 'Europe/Helsinki', branch: 'Finance', language: 'fi', topics: ['budget'] });
    expect(await page.locator('#name').inputValue()).toBe('Sini Directory');
    const trail = await trailOf(id);
    expect(trail.at(-1)).toMatchObject({ actor: BO, action: 'edited' });
    expect(trail.at(-1)!.after).toMatchObject({ name: 'Sini Directory', topics: ['budget'] });
  });
});
