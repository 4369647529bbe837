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
  signInByClicking,
  submitForm,
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { copyForms, serveForgery, withFields, type Forgery } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';

// Admins, approvers and analysts, as a communicator manages them in Debian's Chromium against kaiku on a real socket:
// Ada (kaiku.yaml's admin) adds Pia as the approver of the jobs topic; Pia signs in with her address, sees only her
// pages and decides a jobs item, not Ada's; Ada makes her an analyst (Pia's next click lands on the analytics), then
// removes her (Pia's next click is the sign-in page). Each change in the trail; bad input and forged posts change nothing.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const PIA = 'pia@testcity.example';
const CY = 'cy@testcity.example';

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
const trail = () => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'admin').orderBy('id').execute();
const consoleAdmins = () => db().selectFrom('console_admins').selectAll().orderBy('email').execute();
const languages = (email: string) => db().selectFrom('admin_languages').selectAll().where('email', '=', email).execute();
const signIn = async (email: string, lands?: string) => {
  const made = await loopbackContext(browser);
  opened.push(made);
  return signInByClicking(made.context, base, mails(), email, lands);
};

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  feeds.feed('/jobs.xml', rss2('Jobs', entries(`${feeds.origin}/jobs`, 1, 'jobs'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput(
        [
          { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [ADA] },
          { id: 'jobs', kind: 'feed', url: feeds.url('/jobs.xml'), topics: ['jobs'], allowPrivateAddresses: true, approvers: [BO] },
        ],
        { fetch: { enrich: false } },
      ),
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

describe('admins, approvers and analysts in the console', () => {
  let ada: Page;
  let pia: Page;

  beforeAll(async () => {
    ada = await signIn(ADA);
  }, 120_000);

  test('Ada adds Pia as the approver of the jobs topic, from the header’s Admins page', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/people`), ada.click('header nav.top a:has-text("Admins")')]);
    expect(await textOf(ada, `tr[data-admin="${BO}"]`)).toContain('set in kaiku.yaml');
    await ada.fill('#email', 'Pia@TestCity.example');
    await ada.fill('#name', 'Pia Approver');
    await ada.check('input[name="role"][value="approver"]');
    await ada.fill('#topics', 'Jobs');
    await submitForm(ada, 'button:has-text("Add")');
    expect(await textOf(ada, '[role="status"]')).toContain('Added.');
    expect(await textOf(ada, `tr[data-admin="${PIA}"]`)).toContain('topic jobs');
    expect(await textOf(ada, `tr[data-admin="${BO}"]`)).toMatch(/source jobs/i);
    await screenshot(ada, 'console-people');
    expect(await consoleAdmins()).toMatchObject([
      { email: PIA, name: 'Pia Approver', role: 'approver', topics: ['jobs'], backup: false, approval_mail: 'each' },
    ]);
    expect(await trail()).toMatchObject([{ actor: ADA, entity_id: PIA, action: 'added', before: null, after: { role: 'approver', topics: ['jobs'] } }]);
    expect(await textOf(ada, '.trail.audit li[data-action="added"]')).toContain(`Ada Admin added ${PIA}`);
  });

  test.each<[{ email: string; name: string; topics?: string; role?: string }, string, string, number]>([
    [{ email: 'pia@testcity', name: 'Someone' }, '#email-error', 'expected an email address', 400],
    [{ email: 'new@testcity.example', name: '' }, '#name-error', 'give their name', 400],
    [{ email: 'new@testcity.example', name: 'New', topics: 'jobs', role: 'analyst' }, '#topics-error', 'topics are for approvers', 400],
    [{ email: BO, name: 'Bo again' }, '#email-error', 'is set in kaiku.yaml; change them there', 409],
    [{ email: PIA, name: 'Pia twice' }, '#email-error', 'is an admin already', 409],
  ])('%o is refused beside its field, and nothing is stored', async (fields, where, says, status) => {
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await ada.goto(`${base}/admin/people`);
    await ada.fill('#email', fields.email);
    await ada.fill('#name', fields.name);
    await ada.check(`input[name="role"][value="${fields.role ?? 'approver'}"]`);
    await ada.fill('#topics', fields.topics ?? '');
    const [answer] = await Promise.all([ada.waitForResponse((r) => r.request().method() === 'POST'), ada.click('button:has-text("Add")')]);
    expect(answer.status()).toBe(status);
    await ada.waitForSelector(where);
    expect(await textOf(ada, where)).toContain(says);
    expect(await ada.inputValue('#name')).toBe(fields.name);
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('Pia signs in with her address, sees only her pages, and decides the jobs item but not Ada’s news', async () => {
    // The jobs item arrives after Pia was added: its approval asks her, beside the source's Bo.
    await harness.poll('jobs');
    await harness.approvalsRequested();
    const pending = await harness.store.items.listByState('pending', 10);
    const jobsItem = pending.find((item) => item.source_id === 'jobs')!;
    const newsItem = pending.find((item) => item.source_id === 'news')!;
    pia = await signIn(PIA);
    expect(await nav(pia)).toEqual(['Items', 'Leaderboards', 'Analytics']);
    await pia.goto(`${base}/admin/items/${newsItem.id}`);
    expect(await textOf(pia, '.waiting')).toBe('Waiting for Ada Admin to decide.');
    await pia.goto(`${base}/admin/items/${jobsItem.id}`);
    await Promise.all([pia.waitForURL(`${base}/admin/items/${jobsItem.id}/decide`), pia.click('button.approve')]);
    expect(await textOf(pia, 'header .program')).toBe('Approved');
    expect(await harness.store.items.get(jobsItem.id)).toMatchObject({ state: 'approved', decided_by: PIA, decided_via: 'admin' });
    // The rest of the console is the admins': refused with a page saying why, nothing changed.
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    for (const path of ['/admin/sources', '/admin/people', '/admin/advocates', `/admin/items/${jobsItem.id}/urgent`]) {
      const answer = await pia.goto(`${base}${path}`);
      expect(answer?.status(), path).toBe(403);
      expect(await textOf(pia, '[role="alert"]'), path).toContain('Your role in Test City advocates is approver');
    }
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('Ada makes Pia an analyst: Pia’s next click lands on the analytics, and items are closed to her', async () => {
    await ada.goto(`${base}/admin/people`);
    await Promise.all([ada.waitForURL(`${base}/admin/people/${encodeURIComponent(PIA)}`), ada.click(`a[aria-label="Edit Pia Approver"]`)]);
    await ada.check('input[name="role"][value="analyst"]');
    await ada.fill('#topics', '');
    await ada.check('input[name="approvalMail"][value="daily"]');
    await submitForm(ada, 'button:has-text("Save")');
    expect(await textOf(ada, '[role="status"]')).toContain('Saved.');
    expect(await consoleAdmins()).toMatchObject([{ email: PIA, role: 'analyst', topics: [], approval_mail: 'daily' }]);
    expect((await trail()).at(-1)).toMatchObject({ actor: ADA, entity_id: PIA, action: 'edited', before: { role: 'approver' }, after: { role: 'analyst' } });
    await pia.goto(`${base}/admin`);
    expect(pia.url()).toBe(`${base}/admin/analytics`);
    expect(await nav(pia)).toEqual(['Leaderboards', 'Analytics']);
    expect((await pia.goto(`${base}/admin/items/1`))?.status()).toBe(403);
    // The header's language picker is every role's: Pia, an analyst now, reads the console in Swedish.
    await pia.goto(`${base}/admin/analytics`);
    await pickConsoleLanguage(pia, 'sv');
    expect(pia.url()).toBe(`${base}/admin/analytics`);
    expect(await nav(pia)).toEqual(['Topplistor', 'Analys']);
    expect(await languages(PIA)).toMatchObject([{ language: 'sv' }]);
  });

  test('a forged add from another site or another port is refused in Ada’s browser, and no one is added', async () => {
    await ada.goto(`${base}/admin/people`);
    const form = withFields(
      (await copyForms(ada)).find((f) => f.action.endsWith('/admin/people/new'))!,
      {
        email: 'mallory@evil.example',
        name: 'Mallory',
        role: 'admin',
      },
    );
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    const cases: [FeedServer, Forgery, { status: number; location: string | null }][] = [
      [evil, 'page', { status: 303, location: '/admin/login' }],
      [sameHost, 'no-referrer', { status: 403, location: null }],
    ];
    for (const [site, forgery, answer] of cases) {
      const seen = posts.filter((p) => p.path === '/admin/people/new').length;
      const tab = await ada.context().newPage();
      void tab.goto(serveForgery(site, form, forgery), { waitUntil: 'commit', timeout: 10_000 }).catch(() => undefined);
      const post = await waitFor(`${forgery} post answered`, async () => posts.filter((p) => p.path === '/admin/people/new')[seen]);
      expect({ status: post.status, location: post.location }, `${site.origin} ${forgery}`).toEqual(answer);
      if (answer.status === 403) await tab.waitForSelector('text=This form was not accepted, and nothing was changed', { timeout: 10_000 });
      void tab.close({ runBeforeUnload: false });
    }
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('Ada removes Pia: Pia’s next click is the sign-in page, her sessions ended', async () => {
    await ada.goto(`${base}/admin/people/${encodeURIComponent(PIA)}`);
    await submitForm(ada, 'button:has-text("Remove Pia Approver")');
    expect(await textOf(ada, '[role="status"]')).toContain('Removed');
    expect(await consoleAdmins()).toEqual([]);
    expect((await trail()).at(-1)).toMatchObject({ actor: ADA, entity_id: PIA, action: 'removed', after: null });
    // Her console language goes with her (an admin's personal data kept only while they are one).
    expect(await languages(PIA)).toEqual([]);
    await pia.goto(`${base}/admin/analytics`);
    expect(pia.url()).toBe(`${base}/admin/login`);
    const sessions = await db().selectFrom('admin_sessions').selectAll().where('admin_email', '=', PIA).execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.ended_at !== null && s.ended_by === ADA)).toBe(true);
  });

  test('an admin added in the console cannot change their own role nor remove themselves', async () => {
    await ada.goto(`${base}/admin/people`);
    await ada.fill('#email', CY);
    await ada.fill('#name', 'Cy Console');
    await ada.check('input[name="role"][value="admin"]');
    await submitForm(ada, 'button:has-text("Add")');
    const cy = await signIn(CY);
    await cy.goto(`${base}/admin/people/${encodeURIComponent(CY)}`);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await cy.check('input[name="role"][value="analyst"]');
    await submitForm(cy, 'button:has-text("Save")');
    expect(await textOf(cy, '[role="alert"]')).toContain('You cannot change your own role');
    await submitForm(cy, 'button:has-text("Remove Cy Console")');
    expect(await textOf(cy, '[role="alert"]')).toContain('you cannot remove yourself');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    expect(await consoleAdmins()).toMatchObject([{ email: CY, role: 'admin' }]);
  });
});
