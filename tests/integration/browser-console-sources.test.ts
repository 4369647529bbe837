import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { copyForms, serveForgery, withFields, type CopiedForm, type Forgery } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';

// Sources managed from the console as a communicator does it, in Debian's Chromium against kaiku on a real socket and
// a real worker: "Test this feed" shows the items a loopback feed (real RSS) would give, with nothing stored; the
// source added is polled by the running worker (no restart) when "Poll now" is clicked; edited, paused (its Schedule
// paused, asked of Temporal), resumed and removed (its Schedule gone, its items still there); bad input is refused
// beside the field with nothing stored; kaiku.yaml's source is read-only; each change is in the audit trail. Forged
// posts of the add and remove forms from another site are refused with nothing changed.

const ADA = 'ada@testcity.example';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let evil: FeedServer;
let base = '';
let page: Page;
const contexts: LoopbackContext[] = [];
const posts: PostSeen[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const sourceRow = (id: string) => db().selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
const itemsOf = (id: string) => db().selectFrom('item_sources').select('item_id').where('source_id', '=', id).execute();
const trailOf = (id: string) => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'source').where('entity_id', '=', id).orderBy('id').execute();
const schedule = (id: string) => harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, id));

async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

const signIn = (context: BrowserContext, email: string) => signInByClicking(context, base, mails(), email);

const submit = submitForm;

/** From any admin page, as a person goes: the header's Sources, then "Add a source", the form filled in. */
async function fillAddForm(page: Page, fields: { id: string; name?: string; url: string; topics?: string; pollEvery?: string; approvers?: string }) {
  await page.click('nav.top a:has-text("Sources")');
  await page.click('a:has-text("Add a source")');
  await page.fill('#id', fields.id);
  if (fields.name) await page.fill('#name', fields.name);
  await page.selectOption('#kind', 'feed');
  await page.fill('#url', fields.url);
  if (fields.topics) await page.fill('#topics', fields.topics);
  if (fields.pollEvery) await page.fill('#pollEvery', fields.pollEvery);
  if (fields.approvers) await page.fill('#approvers', fields.approvers);
}

async function openSource(page: Page, id: string) {
  await page.click('nav.top a:has-text("Sources")');
  await page.click(`tr[data-source-id="${id}"] a`);
}

beforeAll(async () => {
  feeds = await FeedServer.start('127.0.0.1');
  evil = await FeedServer.start('127.0.0.2');
  feeds.feed('/city.xml', await readFile(join(FIXTURES, 'feeds', 'rss2-city.xml'), 'utf8'));
  feeds.feed('/blog.atom', await readFile(join(FIXTURES, 'feeds', 'atom-blog.xml'), 'utf8'), 'application/atom+xml; charset=utf-8');
  feeds.route('/not-a-feed.html', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Hello</title><p>No feed here.</p>'),
  );
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      // kaiku.yaml's own source, shown read-only; the feeds live on loopback, which the operator allows here.
      ...testConfigInput([{ id: 'city-news', kind: 'feed', name: 'City news (yaml)', url: feeds.url('/city.xml'), topics: ['city'], enabled: false }], {
        fetch: { enrich: false, allowPrivateAddresses: true },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
  // One admin signed in once (sign-in is rate-limited per address), before any item exists; each test goes on from
  // where the last left her browser, by the header's links.
  page = await signIn(await newBrowser(), ADA);
}, 120_000);

afterAll(async () => {
  await closeLoopbackContexts(contexts);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await evil?.close();
});

describe('a source tested, added, polled, edited, paused, resumed and removed in the console', () => {
  test('bad input is refused beside each field, with the config’s words, and nothing is stored', async () => {
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await fillAddForm(page, { id: 'Blog!', url: 'ftp://blog.example/feed', pollEvery: '10 seconds', approvers: 'stranger@elsewhere.example' });
    await submit(page, 'button:has-text("Add the source")');
    expect(await textOf(page, '.notice.bad')).toBe('Nothing was added: correct the fields marked below and send the form again.');
    expect(await textOf(page, '#id-error')).toBe('"Blog!": an id is lowercase letters, digits and dashes (it names the source in URLs and Schedules)');
    expect(await textOf(page, '#url-error')).toBe('"ftp://blog.example/feed": expected an http:// or https:// URL');
    expect(await textOf(page, '#pollEvery-error')).toBe('"10 seconds" is too short: the least allowed is 1 minute');
    expect(await textOf(page, '#approvers-error')).toBe('"stranger@elsewhere.example" is not one of the admins; add them under admins: or correct the address');
    expect(await page.getAttribute('#pollEvery', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#pollEvery')).toBe('10 seconds');
    await screenshot(page, 'console-source-add-refused');

    // An id kaiku.yaml uses is refused too: the file's source stays the file's.
    await fillAddForm(page, { id: 'city-news', url: feeds.url('/blog.atom') });
    await submit(page, 'button:has-text("Add the source")');
    expect(await textOf(page, '#id-error')).toBe('id "city-news" is set in kaiku.yaml; give this source another id');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('"Test this feed" shows the items kaiku would create, or why it would refuse the URL; nothing is stored', async () => {
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await fillAddForm(page, { id: 'blog', name: 'Vasa blog', url: feeds.url('/blog.atom'), topics: 'work life' });
    await submit(page, 'button:has-text("Test this feed")');
    expect(await textOf(page, '.test-result .notice.ok')).toBe('kaiku would create 2 items from it. Nothing was stored.');
    expect(await page.locator('.test-result li a').allTextContents()).toEqual(['En dag som hemvårdare', 'Nya cykelvägar & parkeringar']);
    expect(await page.locator('.test-result li a').first().getAttribute('href')).toBe('https://blogg.vasa.example/2026/11/en-dag-som-hemvardare/');
    expect(await textOf(page, '.test-result li')).toMatch(/ · 2026-11-19 08:00 EET$/);
    // The form keeps what was typed, to be added next.
    expect(await page.inputValue('#id')).toBe('blog');
    await screenshot(page, 'console-source-tested');

    await page.fill('#url', feeds.url('/not-a-feed.html'));
    await submit(page, 'button:has-text("Test this feed")');
    expect(await textOf(page, '.test-result .notice.bad')).toMatch(/^kaiku would refuse this source: .*(not a feed|HTML).*\. Nothing was stored\.$/);
    expect(feeds.hits('/not-a-feed.html')).toBe(1);
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('added: the running worker polls it at once and on "Poll now", and its items arrive', async () => {
    await fillAddForm(page, { id: 'blog', name: 'Vasa blog', url: feeds.url('/blog.atom'), topics: 'work life', pollEvery: '1 hour' });
    await submit(page, 'button:has-text("Add the source")');
    expect(page.url()).toBe(`${base}/admin/sources/blog?done=added`);
    expect(await textOf(page, '.notice.ok')).toMatch(/^Added\./);
    const row = (await sourceRow('blog'))!;
    expect(row).toMatchObject({ origin: 'console', active: true, kind: 'feed', name: 'Vasa blog', url: feeds.url('/blog.atom') });
    const description = await schedule('blog').describe();
    expect(description.state.paused).toBe(false);
    expect(Number(description.spec.intervals?.[0]?.every)).toBe(3_600_000);
    // The Schedule fired at once; the worker that was running all along polled it.
    const items = await waitFor('the blog’s items', async () => ((await itemsOf('blog')).length === 2 ? itemsOf('blog') : undefined));
    expect(items).toHaveLength(2);
    const stored = await db()
      .selectFrom('items')
      .select(['title', 'topics'])
      .where(
        'id',
        'in',
        items.map((i) => i.item_id),
      )
      .orderBy('title')
      .execute();
    expect(stored).toEqual([
      { title: 'En dag som hemvårdare', topics: ['work life'] },
      { title: 'Nya cykelvägar & parkeringar', topics: ['work life'] },
    ]);

    // Poll now: the Schedule is triggered and the worker fetches the feed again (304: nothing new).
    const hits = feeds.hits('/blog.atom');
    await submit(page, 'button:has-text("Poll now")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Polling now/);
    await waitFor('a second poll of the blog', async () => feeds.hits('/blog.atom') > hits);
    await page.reload();
    expect(await textOf(page, '.items-count')).toBe('2 items');
    const trail = await trailOf('blog');
    expect(trail.map((t) => t.action)).toEqual(['added']);
    expect(trail[0]).toMatchObject({ actor: ADA, before: null });
    expect(trail[0]!.after).toMatchObject({
      id: 'blog',
      name: 'Vasa blog',
      url: feeds.url('/blog.atom'),
      topics: ['work life'],
      pollEvery: '1 hour',
      state: 'active',
    });
    await screenshot(page, 'console-source-added');
  }, 120_000);

  test('edited: its topics saved, a bad interval refused beside the field with nothing saved', async () => {
    await openSource(page, 'blog');
    await page.fill('#pollEvery', 'fortnightly');
    await submit(page, 'button:has-text("Save")');
    expect(await textOf(page, '#pollEvery-error')).toBe('"fortnightly" is not a duration; write it like "15 minutes", "2 hours" or "1 day"');
    expect((await trailOf('blog')).map((t) => t.action)).toEqual(['added']);
    await page.fill('#pollEvery', '1 hour');
    await page.fill('#topics', 'work life, culture');
    await submit(page, 'button:has-text("Save")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Saved\./);
    const settings = (await sourceRow('blog'))!.settings as { settings: { topics: string[] } };
    expect(settings.settings.topics).toEqual(['work life', 'culture']);
    const edited = (await trailOf('blog')).at(-1)!;
    expect(edited).toMatchObject({ action: 'edited', actor: ADA });
    expect(edited.before).toMatchObject({ topics: ['work life'] });
    expect(edited.after).toMatchObject({ topics: ['work life', 'culture'] });
    expect(await textOf(page, 'ol.audit li')).toContain('Ada Admin edited topics: work life → work life, culture');
    await screenshot(page, 'console-source-edited');
  });

  test('paused (its Schedule paused in Temporal), resumed, then removed: the Schedule gone, the items stay', async () => {
    await openSource(page, 'blog');
    await submit(page, 'button:has-text("Pause")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Paused/);
    expect(await textOf(page, '.meta .state')).toBe('paused');
    expect((await schedule('blog').describe()).state.paused).toBe(true);

    await submit(page, 'button:has-text("Resume")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Resumed/);
    expect((await schedule('blog').describe()).state.paused).toBe(false);

    await submit(page, 'button:has-text("Remove")');
    expect(await textOf(page, '.notice.ok')).toMatch(/^Removed/);
    expect(await sourceRow('blog')).toMatchObject({ active: false, origin: 'console' });
    expect((await sourceRow('blog'))!.removed_at).not.toBeNull();
    await expect(schedule('blog').describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await itemsOf('blog')).toHaveLength(2);
    // Its page says so and keeps its count; the list shows it removed; nothing on it can be changed any more.
    expect(await textOf(page, '.items-count')).toBe('2 items');
    expect(await page.locator('button:has-text("Save")').count()).toBe(0);
    await page.click('nav.top a:has-text("Sources")');
    expect(await page.getAttribute('tr[data-source-id="blog"]', 'data-state')).toBe('removed');
    expect(await textOf(page, 'tr[data-source-id="blog"] td.count')).toBe('2');

    const trail = await trailOf('blog');
    expect(trail.map((t) => [t.action, t.before, t.after])).toEqual([
      ['added', null, expect.objectContaining({ id: 'blog' })],
      ['edited', expect.objectContaining({ topics: ['work life'] }), expect.objectContaining({ topics: ['work life', 'culture'] })],
      ['paused', { state: 'active' }, { state: 'paused' }],
      ['resumed', { state: 'paused' }, { state: 'active' }],
      ['removed', { state: 'active' }, { state: 'removed' }],
    ]);
    await openSource(page, 'blog');
    expect(await page.locator('ol.audit > li').allTextContents()).toHaveLength(5);
    await screenshot(page, 'console-source-removed');
  });

  test('kaiku.yaml’s source is shown read-only, "set in kaiku.yaml", and its page offers no change', async () => {
    await page.click('nav.top a:has-text("Sources")');
    expect(await textOf(page, 'tr[data-source-id="city-news"]')).toContain('set in kaiku.yaml');
    await screenshot(page, 'console-sources');
    await openSource(page, 'city-news');
    expect(await textOf(page, '.read-only p')).toBe('Set in kaiku.yaml: change it there (read-only in the console).');
    expect(await page.locator('form[action$="/edit"], form[action$="/remove"], form[action$="/pause"]').count()).toBe(0);
    expect(await page.locator('.read-only dd').allTextContents()).toContain(feeds.url('/city.xml'));
  });
});

describe('forged posts of the source forms from another site', () => {
  let victim: Page;
  let forms: Record<'add' | 'remove', CopiedForm>;
  let before: Awaited<ReturnType<typeof allRowVersions>>;

  beforeAll(async () => {
    // A console source to remove, added as a communicator would.
    victim = page;
    await fillAddForm(victim, { id: 'jobs', name: 'Jobs', url: feeds.url('/city.xml'), pollEvery: '1 day' });
    await submit(victim, 'button:has-text("Add the source")');
    // Its first poll done and its items' approval requests out, so that nothing moves while the forgeries are tried.
    await waitFor('the jobs source polled', async () => (await sourceRow('jobs'))?.health === 'healthy');
    await harness.approvalsRequested();
    const removeForm = (await copyForms(victim)).find((f) => f.action.endsWith('/admin/sources/jobs/remove'))!;
    await victim.click('nav.top a:has-text("Sources")');
    await victim.click('a:has-text("Add a source")');
    const addForm = (await copyForms(victim)).find((f) => f.action.endsWith('/admin/sources/new'))!;
    forms = {
      add: withFields(addForm, { id: 'mallory', url: 'https://evil.example/feed.xml', intent: 'save' }),
      remove: removeForm,
    };
    before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
  }, 120_000);

  const cases = (['add', 'remove'] as const).flatMap((form) =>
    (['page', 'no-referrer', 'sandboxed-iframe'] as Forgery[]).map((forgery) => [form, forgery] as const),
  );
  test.each(cases)('the %s form as a %s forgery is refused in the signed-in admin’s browser', async (formName, forgery) => {
    const form = forms[formName];
    const path = new URL(form.action).pathname;
    const seen = posts.filter((p) => p.path === path).length;
    const tab = await victim.context().newPage();
    await tab.goto(serveForgery(evil, form, forgery), { waitUntil: 'commit' });
    const post = await waitFor(`${forgery} post to ${path} answered`, async () => posts.filter((p) => p.path === path)[seen]);
    // Another site's post carries no session cookie (SameSite): it is sent to sign in, before the form is read.
    expect({ status: post.status, location: post.location }).toEqual({ status: 303, location: '/admin/login' });
    await tab.close();
  });

  test('after every forgery nothing changed: no row of any table, no mallory source, jobs still polled', async () => {
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    expect(await sourceRow('mallory')).toBeUndefined();
    expect(await sourceRow('jobs')).toMatchObject({ active: true, removed_at: null });
    expect((await schedule('jobs').describe()).state.paused).toBe(false);
  });
});
