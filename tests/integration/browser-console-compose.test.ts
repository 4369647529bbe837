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
  textOf,
  type LoopbackContext,
  type PostSeen,
} from '../helpers/browser.js';
import { copyForms, serveForgery, withFields } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor } from '../helpers/mail.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { proposeCaptions } from '../../rules/captions/captions.js';

// "Compose a post" as a communicator writes one in Debian's Chromium against kaiku on a real socket: a summer-jobs
// announcement that no feed carries, with her own caption. It enters the same approval as any item; the programme
// says an author's own approval does not suffice, so the approval asks Bo, not Ada, and Bo approves it on its page.
// Bad input, a link kaiku has already and a forged post change nothing.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const LINK = 'https://www.testcity.example/jobs/summer-2027';
const CAPTION = `Kesätyöt 2027 ovat haussa! ${'Tule tekemään kaupunkia kanssamme: kirjastoissa, puistoissa ja kouluissa on paikkoja kaikille. '.repeat(3)}`;

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let evil: FeedServer;
let base = '';
const posts: PostSeen[] = [];
const opened: LoopbackContext[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const composed = () => db().selectFrom('items').selectAll().where('source_id', '=', 'composed').execute();
const signIn = async (email: string) => {
  const made = await loopbackContext(browser);
  opened.push(made);
  return signInByClicking(made.context, base, mails(), email);
};

async function fillCompose(page: Page, fields: { title: string; url: string; summary?: string; topics?: string; caption?: string }) {
  await page.goto(`${base}/admin/compose`);
  await page.fill('#title', fields.title);
  await page.fill('#url', fields.url);
  await page.fill('#summary', fields.summary ?? '');
  await page.fill('#topics', fields.topics ?? '');
  await page.selectOption('#language', 'fi');
  await page.fill('#caption', fields.caption ?? '');
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true }], {
        fetch: { enrich: false },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
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
});

describe('a post composed in the console', () => {
  let ada: Page;
  const id = itemIdFor(LINK);

  beforeAll(async () => {
    ada = await signIn(ADA);
  }, 120_000);

  test('Ada writes it from the header’s Compose; it waits for approval with her caption where each network allows it', async () => {
    await Promise.all([ada.waitForURL(`${base}/admin/compose`), ada.click('header nav.top a:has-text("Compose")')]);
    expect(await textOf(ada, 'main > p')).toContain('your own approval does not suffice');
    await fillCompose(ada, { title: 'Kesätyöt 2027', url: LINK, summary: 'Hae kesätöihin kaupungille.', topics: 'Jobs', caption: CAPTION });
    await screenshot(ada, 'console-compose');
    await Promise.all([ada.waitForURL(new RegExp(`/admin/items/${id}\\?done=composed`)), ada.click('button:has-text("Send for approval")')]);
    const notice = await textOf(ada, '[role="status"]');
    expect(notice).toContain('Sent for approval');
    expect(notice).toMatch(/X, Bluesky got kaiku's shorter proposal/);
    const [item] = await composed();
    expect(item).toMatchObject({ id, url: LINK, title: 'Kesätyöt 2027', state: 'pending', composed_by: ADA, language: 'fi', topics: ['jobs'] });
    expect(item!.captions!.edited).toBe(true);
    expect(item!.captions!.networks.linkedin).toBe(`${CAPTION.trim()}\n\n${LINK} #TestCity`);
    const proposal = proposeCaptions({ title: 'Kesätyöt 2027', summary: 'Hae kesätöihin kaupungille.', url: LINK, language: 'fi', hashtags: ['#TestCity'] });
    expect(item!.captions!.networks.x).toBe(proposal.networks.x);
    const trail = await db().selectFrom('audit_trail').selectAll().where('entity_id', '=', id).execute();
    expect(trail).toMatchObject([{ actor: ADA, entity: 'item', action: 'composed', after: { title: 'Kesätyöt 2027', url: LINK } }]);
  });

  test('its approval asks Bo, not its author; Ada’s page says so and Bo approves it on its page', async () => {
    await harness.approvalsRequested();
    const asked = await db().selectFrom('approval_events').select(['recipient']).where('item_id', '=', id).where('kind', '=', 'requested').execute();
    expect(asked.map((row) => row.recipient)).toEqual([BO]);
    await ada.goto(`${base}/admin/items/${id}`);
    expect(await textOf(ada, '.waiting')).toBe('Waiting for Bo Backup to decide.');
    const bo = await signIn(BO);
    await bo.goto(`${base}/admin/items/${id}`);
    await Promise.all([bo.waitForURL(`${base}/admin/items/${id}/decide`), bo.click('button.approve')]);
    expect(await textOf(bo, '.notice.ok')).toMatch(/^Approved\./);
    expect(await harness.store.items.get(id)).toMatchObject({ state: 'approved', decided_by: BO, decided_via: 'admin' });
  });

  test.each([
    [{ title: '', url: 'https://www.testcity.example/a' }, '#title-error', 'give the post a title'],
    [{ title: 'Ftp', url: 'ftp://files.testcity.example/a' }, '#url-error', 'must be an http:// or https:// address'],
    [{ title: 'Again', url: LINK }, '#url-error', 'kaiku has this link already, as “Kesätyöt 2027” (approved)'],
  ])('%o is refused beside its field, and nothing is stored', async (fields, where, says) => {
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await fillCompose(ada, fields);
    await submitForm(ada, 'button:has-text("Send for approval")');
    expect(await textOf(ada, where)).toContain(says);
    expect(await ada.inputValue('#title')).toBe(fields.title);
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('a forged post from another site is refused in Ada’s browser, and nothing is stored', async () => {
    await ada.goto(`${base}/admin/compose`);
    const form = withFields(
      (await copyForms(ada)).find((f) => f.action.endsWith('/admin/compose'))!,
      { title: 'Forged', url: 'https://evil.example/x', language: 'fi' },
    );
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    const seen = posts.filter((p) => p.path === '/admin/compose').length;
    const tab = await ada.context().newPage();
    void tab.goto(serveForgery(evil, form, 'page'), { waitUntil: 'commit', timeout: 10_000 }).catch(() => undefined);
    const post = await waitFor('forged post answered', async () => posts.filter((p) => p.path === '/admin/compose')[seen]);
    expect({ status: post.status, location: post.location }).toEqual({ status: 303, location: '/admin/login' });
    void tab.close({ runBeforeUnload: false });
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('a post for one branch: a misspelt branch is refused naming those there are; its digest reaches only that branch', async () => {
    await harness.store.advocates.upsert([
      advocate({ email: 'sanna@testcity.example', branch: 'Sosiaali- ja terveystoimi', topics: [] }),
      advocate({ email: 'kalle@testcity.example', branch: 'Kulttuuri', topics: [] }),
    ]);
    const fields = { title: 'Sosiaalialan kesätyöt', url: 'https://www.testcity.example/jobs/social-2027', topics: 'jobs' };
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await fillCompose(ada, fields);
    await ada.fill('#branches', 'Sosiaalitoimi');
    await submitForm(ada, 'button:has-text("Send for approval")');
    expect(await textOf(ada, '#branches-error')).toBe('no advocate is in “sosiaalitoimi”: the branches are Kulttuuri, Sosiaali- ja terveystoimi');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);

    await ada.fill('#branches', 'sosiaali- ja terveystoimi');
    await submitForm(ada, 'button:has-text("Send for approval")');
    const social = itemIdFor(fields.url);
    await ada.waitForURL(`${base}/admin/items/${social}?done=composed`);
    expect((await harness.store.items.get(social))!.branches).toEqual(['Sosiaali- ja terveystoimi']);
    // Its page says whom it is for, as the records spell the branch.
    expect(await textOf(ada, '.meta .branches')).toBe('only for Sosiaali- ja terveystoimi');
    const [row] = await db().selectFrom('audit_trail').selectAll().where('entity_id', '=', social).where('action', '=', 'composed').execute();
    expect(row!.after).toMatchObject({ branches: ['Sosiaali- ja terveystoimi'] });
    await harness.approvalsRequested();
    await approveItems({ ...harness, log: quietLog }, [social], BO);
    await runDigestTick(harness.client, harness.taskQueue, { force: true });
    const digestTo = async (email: string) =>
      (await caughtMail(harness.store)).find((m) => !m.inbound && m.to.includes(email) && m.parsed.headers.has('x-kaiku-digest'));
    const sanna = await waitFor('Sanna’s digest', () => digestTo('sanna@testcity.example'));
    expect(sanna.parsed.text).toContain('Sosiaalialan kesätyöt');
    // Kalle's digest (the summer jobs for all) leaves it out.
    const kalle = await waitFor('Kalle’s digest', () => digestTo('kalle@testcity.example'));
    expect(kalle.parsed.text).toContain('Kesätyöt 2027');
    expect(kalle.parsed.text).not.toContain('Sosiaalialan kesätyöt');
  });
});
