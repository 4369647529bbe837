import type { ServerType } from '@hono/node-server';
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
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, waitFor } from '../helpers/mail.js';
import { VARIANTS_NOTE } from '../../rules/approvals/approval-mail.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { parseTemplate, templateLength } from '../../rules/captions/caption-templates.js';
import { variantIndex } from '../../rules/captions/caption-variants.js';
import type { ItemRow } from '../../db/schema.js';

// Captions in the console, as a communicator does it in Debian's Chromium against kaiku on a real socket: a Finnish
// LinkedIn template in two variants, its live counter and its preview for the newest item, saved with its trail row.
// An item that arrives afterwards is proposed from the template; once approved, two advocates' digests carry
// different variants, and each one's share page the same variant as their digest. A bad template and forged posts
// change nothing.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const VARIANT_1 = 'Uutta meiltä: {title}\n\n{summary}\n\n{link} {hashtags}';
const VARIANT_2 = 'Lue tämä! {title} {link}';
const FORM = '/admin/captions/template';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let evil: FeedServer;
let sameHost: FeedServer;
let base = '';
let newest: ItemRow;
const posts: PostSeen[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const templates = () => db().selectFrom('caption_templates').select(['network', 'language', 'variant', 'body']).orderBy('variant').execute();
const trail = () => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'caption template').execute();
const unchanged = () => allRowVersions(db(), ['admin_sessions', 'rate_limits']);

const signIn = (context: BrowserContext, email: string) => signInByClicking(context, base, mails(), email);

const submit = submitForm;

/** From any console page, as a person goes: the header's Captions, then LinkedIn in Finnish. */
async function openLinkedInFinnish(page: Page) {
  await page.goto(`${base}/admin`);
  await page.click('header nav.top a:has-text("Captions")');
  await page.waitForSelector('h1:has-text("Captions")');
  await page.click('table.caption-templates tr[data-network="linkedin"] td[data-language="fi"] a');
  await page.waitForSelector('#editor-heading:has-text("LinkedIn in Finnish")');
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
        digest: { lookback: '60 days' },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  // One item before any template: the newest item the page previews.
  await harness.poll('news');
  await harness.approvalsRequested();
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await evil?.close();
  await sameHost?.close();
});

describe('a communicator writes caption templates', () => {
  const kept: LoopbackContext[] = [];
  let page: Page;

  beforeAll(async () => {
    kept.push(await loopbackContext(browser));
    page = await signIn(kept[0]!.context, ADA);
  }, 120_000);

  afterAll(async () => {
    await closeLoopbackContexts(kept);
  });

  test('a Finnish LinkedIn template in two variants: the counter counts as typed, Preview shows them for the newest item, Save stores them with a trail row', async () => {
    const [item] = await harness.store.items.listByState('pending', 10);
    await openLinkedInFinnish(page);
    expect(await textOf(page, '#hashtags-yaml')).toBe('#TestCity set in kaiku.yaml');
    expect(await textOf(page, '#variant1-count')).toBe('0 of 3000');
    await page.fill('#variant1', VARIANT_1);
    await page.fill('#variant2', VARIANT_2);
    // The script's count, as typed, is the server's own count of the template for this item's link.
    const count = (template: string) => {
      const parsed = parseTemplate(template);
      if (!parsed.ok) throw new Error(parsed.error);
      return templateLength(parsed.pieces, 'linkedin', item!.url, ['#TestCity']).length;
    };
    expect(count(VARIANT_1)).toBe('Uutta meiltä:'.length + 2 + item!.url.length + ' #TestCity'.length);
    await page.waitForFunction((expected) => document.getElementById('variant1-count')?.textContent === expected, `${count(VARIANT_1)} of 3000`);
    expect(await textOf(page, '#variant2-count')).toBe(`${count(VARIANT_2)} of 3000`);
    // Over the limit, the counter says so before anything is sent.
    await page.fill('#variant3', `${'sana '.repeat(620)}{link}`);
    expect(await textOf(page, '#variant3-count')).toMatch(/^\d+ of 3000, over by \d+$/);
    await page.fill('#variant3', '');

    await submit(page, 'button:has-text("Preview")');
    expect(await textOf(page, 'figure[data-preview="1"] pre')).toBe(`Uutta meiltä: ${item!.title} ${item!.summary} ${item!.url} #TestCity`);
    expect(await textOf(page, 'figure[data-preview="2"] pre')).toBe(`Lue tämä! ${item!.title} ${item!.url}`);
    expect(await textOf(page, '#preview p')).toContain(`For the newest item: ${item!.title}`);
    expect(await templates()).toEqual([]);
    await screenshot(page, 'console-captions-preview');

    await submit(page, 'button:has-text("Save templates")');
    expect(page.url()).toBe(`${base}/admin/captions?network=linkedin&language=fi&saved=template`);
    expect(await textOf(page, '#captions-done')).toBe('The templates are saved: items proposed from now on read them.');
    expect(await page.inputValue('#variant1')).toBe(VARIANT_1);
    expect(await textOf(page, 'tr[data-network="linkedin"] td[data-language="fi"]')).toBe('2 variants: LinkedIn, Finnish');
    expect(await templates()).toEqual([
      { network: 'linkedin', language: 'fi', variant: 1, body: VARIANT_1 },
      { network: 'linkedin', language: 'fi', variant: 2, body: VARIANT_2 },
    ]);
    const rows = await trail();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: ADA, entity_id: 'linkedin/fi', before: {}, after: { 'variant 1': VARIANT_1, 'variant 2': VARIANT_2 } });
    const line = await textOf(page, 'ol.trail.audit li[data-action="changed the LinkedIn template in Finnish"]');
    expect(line).toContain('Ada Admin changed the LinkedIn template in Finnish');
    expect(line).toContain('variant 2: — → Lue tämä! {title} {link}');
    await screenshot(page, 'console-captions-saved');
  });

  test('a bad template is refused beside its field with the reason, and nothing changes', async () => {
    await openLinkedInFinnish(page);
    const before = await unchanged();
    await page.fill('#variant2', 'Lue tämä! {otsikko} {link}');
    await submit(page, 'button:has-text("Save templates")');
    expect(posts.at(-1)).toMatchObject({ path: FORM, status: 400 });
    expect(await textOf(page, '#variant2-error')).toBe('“{otsikko}” is not a placeholder kaiku knows: use {title}, {summary}, {link} or {hashtags}.');
    expect(await page.getAttribute('#variant2', 'aria-invalid')).toBe('true');
    expect(await textOf(page, '#captions-error')).toBe('Not saved: fix the fields marked below. Nothing was changed.');
    // Over the limit without the script's help: the server's count refuses it too.
    await page.fill('#variant2', `${'sana '.repeat(620)}{link}`);
    await submit(page, 'button:has-text("Save templates")');
    expect(await textOf(page, '#variant2-error')).toMatch(
      /^Without the title and summary this template is already \d+ characters; LinkedIn allows 3000 \(characters\)\. Shorten it by \d+\.$/,
    );
    expect(await unchanged()).toEqual(before);
  });
});

describe('a forged template post from another site', () => {
  const opened: LoopbackContext[] = [];
  let form: CopiedForm;
  let victim: Page;
  let before: Awaited<ReturnType<typeof allRowVersions>>;

  beforeAll(async () => {
    // The attacker, an admin in their own browser, copies the template form (their own token too) with their words in it.
    const made = await loopbackContext(browser);
    opened.push(made);
    const attacker = await signIn(made.context, BO);
    await openLinkedInFinnish(attacker);
    const copied = (await copyForms(attacker)).find((f) => f.action.endsWith(FORM))!;
    form = withFields(copied, { variant1: 'Forged words {link}', variant2: '', intent: 'save' });
    const victimContext = await loopbackContext(browser);
    opened.push(victimContext);
    victim = await signIn(victimContext.context, ADA);
    before = await unchanged();
  }, 180_000);

  afterAll(async () => {
    await closeLoopbackContexts(opened);
  });

  const cases = (['another site', 'another port of kaiku’s host'] as const).flatMap((site) =>
    (['page', 'no-referrer', 'sandboxed-iframe'] as Forgery[]).map((forgery) => [site, forgery] as const),
  );
  test.each(cases)('from %s, as a %s forgery, it is refused in the signed-in admin’s browser', async (siteName, forgery) => {
    const site = siteName === 'another site' ? evil : sameHost;
    const answer = site === sameHost && forgery !== 'sandboxed-iframe' ? { status: 403, location: null } : { status: 303, location: '/admin/login' };
    const seen = posts.filter((p) => p.path === FORM).length;
    const tab = await victim.context().newPage();
    void tab.goto(serveForgery(site, form, forgery), { waitUntil: 'commit' }).catch(() => undefined);
    const post = await waitFor(`${forgery} post to ${FORM} answered`, async () => posts.filter((p) => p.path === FORM)[seen]);
    expect({ status: post.status, location: post.location }, `${site.origin} ${forgery}`).toEqual(answer);
    if (answer.status === 403) await tab.waitForSelector('text=This form was not accepted, and nothing was changed', { timeout: 10_000 });
    void tab.close({ runBeforeUnload: false });
  });

  test('after every forgery nothing changed: the templates are the communicator’s', async () => {
    expect(await unchanged()).toEqual(before);
    expect((await templates()).map((t) => t.body)).toEqual([VARIANT_1, VARIANT_2]);
    expect(await trail()).toHaveLength(1);
  });
});

describe('an item approved after the templates were saved', () => {
  const kept: LoopbackContext[] = [];

  beforeAll(async () => {
    // A second entry in the feed: proposed now, from the templates.
    feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
    await harness.poll('news');
    await harness.approvalsRequested();
    newest = (await harness.store.items.listByState('pending', 10)).find((item) => item.url.endsWith('/news-1'))!;
    await approveItems({ ...harness, log: quietLog }, [newest.id], ADA);
    newest = (await harness.store.items.get(newest.id))!;
  }, 120_000);

  afterAll(async () => {
    await closeLoopbackContexts(kept);
  });

  test('its stored captions are the rendered template, with both variants', () => {
    const variants = newest.captions?.variants?.linkedin;
    expect(variants).toEqual([`Uutta meiltä: ${newest.title}\n\n${newest.summary}\n\n${newest.url} #TestCity`, `Lue tämä! ${newest.title} ${newest.url}`]);
    expect(newest.captions?.networks.linkedin).toBe(variants![0]);
    // X has no template in Finnish: today's proposal.
    expect(newest.captions?.networks.x).toBe(`${newest.title}\n\n${newest.summary}\n\n${newest.url} #TestCity`);
  });

  test('its approval mail showed the approver every LinkedIn variant, each labelled, and said a caption they write replaces them', async () => {
    const [mail] = (await approvalMailsTo(harness.store, ADA)).filter((m) => m.parsed.headers.get('x-kaiku-item') === newest.id);
    const text = mail!.parsed.text!.replace(/\s+/g, ' ');
    const [first, second] = newest.captions!.variants!.linkedin!.map((caption) => caption.replace(/\s+/g, ' '));
    expect(text).toContain(`LinkedIn · variant 1 of 2: ${first}`);
    expect(text).toContain(`LinkedIn · variant 2 of 2: ${second}`);
    expect(text).toContain(VARIANTS_NOTE);
    // X has one caption: named without a variant.
    expect(text).toMatch(/ X: /);
    expect(text).not.toContain('X · variant');
  });

  test('two advocates chosen to differ get different variants in their digests, and each one’s share page shows the same variant', async () => {
    // Advocates added until two fall on different variants of this item (the choice is a hash of advocate and item).
    const ids: string[] = [];
    for (let n = 0; n < 12 && new Set(ids.map((id) => variantIndex(id, newest.id, 2))).size < 2; n++) {
      await harness.store.advocates.upsert([advocate({ email: `advocate${n}@testcity.example`, name: `Advocate ${n}`, networks: ['linkedin'] })]);
      ids.push(String((await harness.store.advocates.byEmail(`advocate${n}@testcity.example`))!.id));
    }
    const first = ids[0]!;
    const other = ids.find((id) => variantIndex(id, newest.id, 2) !== variantIndex(first, newest.id, 2))!;
    expect(other).toBeDefined();
    const emailOf = (id: string) => `advocate${ids.indexOf(id)}@testcity.example`;
    await runDigestTick(harness.client, harness.taskQueue, { force: true });
    const digestOf = (id: string) =>
      waitFor(`${emailOf(id)}’s digest`, async () =>
        (await caughtMail(harness.store)).find((m) => !m.inbound && m.to.includes(emailOf(id)) && m.parsed.headers.has('x-kaiku-digest')),
      );
    const context = await loopbackContext(browser);
    kept.push(context);
    const page = await context.context.newPage();
    const words = ['Uutta meiltä:', 'Lue tämä!'];
    const seen: string[] = [];
    for (const id of [first, other]) {
      const digest = await digestOf(id);
      const mine = words[variantIndex(id, newest.id, 2)]!;
      const theirs = words.find((w) => w !== mine)!;
      expect(String(digest.parsed.text)).toContain(`${mine} ${newest.title}`);
      expect(String(digest.parsed.text)).not.toContain(`${theirs} ${newest.title}`);
      seen.push(mine);
      // The digest's LinkedIn button, followed: kaiku's share page with the same variant to post.
      const share = [...String(digest.parsed.html).matchAll(/href="([^"]+\/s\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))[0]!;
      await page.goto(share);
      const caption = await page.inputValue('#caption');
      expect(caption.startsWith(`${mine} ${newest.title}`)).toBe(true);
      expect(caption).toMatch(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/r/`));
    }
    expect(new Set(seen).size).toBe(2);
  }, 60_000);
});
