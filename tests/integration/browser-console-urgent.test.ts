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
import { copyForms, serveForgery, type CopiedForm, type Forgery } from '../helpers/cross-site.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2, entries } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor, type CaughtMail } from '../helpers/mail.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { allRowVersions } from '../helpers/snapshot.js';
import type { ItemRow } from '../../db/schema.js';

// Urgent: an approved item sent now to a segment, as a communicator does it in Debian's Chromium against kaiku on a
// real socket: pick one branch, see how many it reaches and who is left out and why, send; the SMTP catcher gets
// exactly those advocates' mails, each in their language with a share link that opens the share page, and the fake
// Slack the channel's one post. Sent again at once to everyone, the capped ones are left out, as the page said
// before sending. A resubmitted form sends nothing twice; bad input and forged posts change nothing.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const CHANNEL = 'C0URGENT01';

let harness: Harness;
let server: ServerType;
let browser: Browser;
let feeds: FeedServer;
let evil: FeedServer;
let sameHost: FeedServer;
let slack: FakeSlack;
let base = '';
let item: ItemRow;
let pending: ItemRow;
const posts: PostSeen[] = [];

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const urgentMails = async (): Promise<CaughtMail[]> => (await caughtMail(harness.store)).filter((m) => m.parsed.headers.get('x-kaiku-mail') === 'urgent');
const sends = () => db().selectFrom('urgent_sends').selectAll().orderBy('created_at').execute();
const slackPosts = () => slack.messages().filter((m) => m.channel === CHANNEL && /New post to share/.test(m.text ?? ''));

const signIn = (context: BrowserContext, email: string) => signInByClicking(context, base, mails(), email);

const submit = submitForm;

/** From the approved item's page, as a person goes: its "Send now…" link. */
async function openUrgent(page: Page) {
  await page.goto(`${base}/admin/items/${item.id}`);
  await page.click('a#send-now');
  await page.waitForSelector('h1:has-text("Send now")');
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  slack = await startFakeSlack();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
        slack: { channel: CHANNEL },
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  const [first, second] = await harness.store.items.listByState('pending', 10);
  await approveItems({ ...harness, log: quietLog }, [first!.id], ADA);
  item = (await harness.store.items.get(first!.id))!;
  pending = second!;
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', language: 'fi', branch: 'Library', networks: ['linkedin', 'x'] }),
    advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', branch: 'Library', networks: ['x'] }),
    advocate({ email: 'sam@testcity.example', name: 'Sam Taylor', language: 'en', branch: 'Library', networks: ['linkedin'] }),
    advocate({ email: 'pia@testcity.example', name: 'Pia Paused', language: 'fi', branch: 'Library' }),
    advocate({ email: 'uma@testcity.example', name: 'Uma Unsubscribed', language: 'fi', branch: 'Library' }),
    advocate({ email: 'mette@testcity.example', name: 'Mette Jensen', language: 'da', branch: 'Schools', timeZone: 'Europe/Copenhagen' }),
    advocate({ email: 'ville@testcity.example', name: 'Ville Koskinen', language: 'fi', branch: 'Schools' }),
  ]);
  await harness.store.advocates.setPaused(String((await harness.store.advocates.byEmail('pia@testcity.example'))!.id), true);
  await harness.store.advocates.unsubscribe(String((await harness.store.advocates.byEmail('uma@testcity.example'))!.id));
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
  await slack?.close();
});

describe('an approved item sent now to a segment from the console', () => {
  // One communicator's browser through the describe (a resubmitted form is this browser's; sign-in links are rate-limited).
  const kept: LoopbackContext[] = [];
  let page: Page;
  let resend: CopiedForm;

  beforeAll(async () => {
    kept.push(await loopbackContext(browser));
    page = await signIn(kept[0]!.context, ADA);
  }, 120_000);

  afterAll(async () => {
    await closeLoopbackContexts(kept);
  });

  test('one branch: the count names 3 reached and who is left out and why; Send now mails exactly those three, in their languages', async () => {
    await openUrgent(page);
    await page.check('input[name="kind"][value="branches"]');
    await page.check('input[name="branches"][value="Library"]');
    await submit(page, 'button:has-text("Count")');
    expect(await textOf(page, '#count-heading')).toBe('Count: branch Library');
    expect(await textOf(page, '#reach')).toBe('It will reach 3 advocates.');
    expect(await textOf(page, 'ul.left-out li[data-reason="paused"]')).toBe('1 paused their mail');
    expect(await textOf(page, 'ul.left-out li[data-reason="unsubscribed"]')).toBe('1 unsubscribed');
    expect(await page.locator('ul.left-out li[data-reason="cap reached"]').count()).toBe(0);
    await screenshot(page, 'console-urgent-count');
    resend = (await copyForms(page)).find((f) => f.action.endsWith('/urgent/send'))!;
    expect(await urgentMails()).toEqual([]);

    await submit(page, 'button:has-text("Send now to 3")');
    expect(page.url()).toMatch(new RegExp(`/admin/items/${item.id}/urgent\\?sent=[a-f0-9]{16}$`));
    expect(await textOf(page, '#urgent-done')).toBe('Sending now to branch Library: the mails are on their way.');

    const sent = await waitFor('three urgent mails in the catcher', async () => {
      const caught = await urgentMails();
      return caught.length >= 3 && caught;
    });
    expect(sent.flatMap((m) => m.to).sort()).toEqual(['aino@testcity.example', 'erik@testcity.example', 'sam@testcity.example']);
    const subject = (email: string) => sent.find((m) => m.to.includes(email))!.parsed.subject;
    expect(subject('aino@testcity.example')).toBe(`Uusi jaettava: ${item.title}`);
    expect(subject('erik@testcity.example')).toBe(`Nytt att dela: ${item.title}`);
    expect(subject('sam@testcity.example')).toBe(`New post to share: ${item.title}`);
    const aino = sent.find((m) => m.to.includes('aino@testcity.example'))!.parsed;
    expect(String(aino.text)).toContain('Hei Aino');
    expect(aino.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(String(aino.messageId)).toMatch(/^<urgent\.[a-z0-9]{26}@/i);
    // Her share buttons (LinkedIn and X) are the digest's signed links: followed, each opens kaiku's share page for the item.
    const shareLinks = [...new Set([...String(aino.html).matchAll(/https?:\/\/[^"\s<]+\/s\/[A-Za-z0-9_.-]+/g)].map((m) => m[0]))];
    expect(shareLinks).toHaveLength(2);
    for (const link of shareLinks) {
      const response = await fetch(link);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(item.title);
    }

    const [send] = await waitFor('the send finished', async () => {
      const rows = await sends();
      return rows[0]?.finished_at && rows;
    });
    expect(send).toMatchObject({ item_id: item.id, actor: ADA, planned: 3, segment: { kind: 'branches', values: ['Library'] } });
  });

  test('the programme’s Slack channel gets one short post for the send', async () => {
    const [post] = await waitFor('the urgent post in Slack', async () => slackPosts().length > 0 && slackPosts());
    expect(post!.text).toContain(item.title);
    expect(slackPosts()).toHaveLength(1);
  });

  test('the same Send now form posted again (a double click, a reload) starts nothing twice', async () => {
    await openUrgent(page);
    // The first page's form, sent again from kaiku's own page in this browser.
    await page.evaluate((form) => {
      const element = document.createElement('form');
      element.method = 'post';
      element.action = form.action;
      for (const [name, value] of form.fields) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        element.append(input);
      }
      document.body.append(element);
      element.submit();
    }, resend);
    await page.waitForURL(/\?sent=/);
    expect(await textOf(page, '#urgent-done')).toBe('Sending now to branch Library: the mails are on their way.');
    expect(await sends()).toHaveLength(1);
    const trail = await db().selectFrom('audit_trail').selectAll().where('entity', '=', 'item').where('entity_id', '=', item.id).execute();
    expect(trail).toHaveLength(1);
    expect((await urgentMails()).length).toBe(3);
  });

  test('sent again at once to all advocates: the page says the three capped ones are left out before sending, and only the others are mailed', async () => {
    await openUrgent(page);
    await page.check('input[name="kind"][value="all"]');
    await submit(page, 'button:has-text("Count")');
    expect(await textOf(page, '#reach')).toBe('It will reach 2 advocates.');
    expect(await textOf(page, 'ul.left-out li[data-reason="cap reached"]')).toBe(
      '3 had their urgent mail already (at most 1 urgent mail per advocate in 7 days (mail.urgentCap))',
    );
    expect(await textOf(page, '#left-out')).toBe('5 left out:');
    await submit(page, 'button:has-text("Send now to 2")');
    const sent = await waitFor('five urgent mails in all', async () => {
      const caught = await urgentMails();
      return caught.length >= 5 && caught;
    });
    expect(sent.flatMap((m) => m.to).sort()).toEqual([
      'aino@testcity.example',
      'erik@testcity.example',
      'mette@testcity.example',
      'sam@testcity.example',
      'ville@testcity.example',
    ]);
    expect(sent.find((m) => m.to.includes('mette@testcity.example'))!.parsed.subject).toBe(`Nyt at dele: ${item.title}`);
    await waitFor('both sends finished', async () => (await sends()).every((s) => s.finished_at) && (await sends()).length === 2);
  });

  test('the trail on the page shows who sent what to which segment and how many it reached', async () => {
    await openUrgent(page);
    const lines = await page.locator('ol.trail.audit li[data-action="sent urgently"]').allTextContents();
    expect(lines).toHaveLength(2);
    const [newest, oldest] = lines.map((line) => line.replace(/\s+/g, ' ').trim());
    expect(newest).toContain('Ada Admin sent urgently');
    expect(newest).toContain('to: all advocates');
    expect(newest).toContain('reached: 2');
    expect(newest).toContain('left out: 1 unsubscribed; 1 paused their mail; 3 had their urgent mail already');
    expect(oldest).toContain('to: branch Library');
    expect(oldest).toContain('reached: 3');
    expect(await page.locator('table.urgent-sends tbody tr').count()).toBe(2);
    await screenshot(page, 'console-urgent-sent');
  });

  test('bad input re-shows the page with a clear message and changes nothing', async () => {
    await openUrgent(page);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await submit(page, 'button:has-text("Count")');
    expect(await textOf(page, '#urgent-error')).toBe('Choose whom to send it to: all advocates, or some branches, topics or languages.');
    await page.check('input[name="kind"][value="branches"]');
    await submit(page, 'button:has-text("Count")');
    expect(await textOf(page, '#urgent-error')).toBe('Tick at least one branch, or choose all advocates.');
    // A branch no advocate has, as a tampered form would send it.
    await page.check('input[name="kind"][value="branches"]');
    await page.evaluate(() => {
      const box = document.querySelector<HTMLInputElement>('input[name="branches"]')!;
      box.value = 'Nowhere';
      box.checked = true;
    });
    await submit(page, 'button:has-text("Count")');
    expect(await textOf(page, '#urgent-error')).toBe('No advocate on the roster has the branch “Nowhere”: tick one from the list.');
    // An item not approved has no Send now: its page says why and offers no form.
    await page.goto(`${base}/admin/items/${pending.id}/urgent`);
    expect(await textOf(page, '#not-approved')).toBe('Only an approved item can be sent now; this one is waiting for approval. Nothing was sent.');
    expect(await page.locator('form[action$="/urgent/count"]').count()).toBe(0);
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });
});

describe('a forged Send now from another site', () => {
  const opened: LoopbackContext[] = [];
  let form: CopiedForm;
  let victim: Page;
  let before: Awaited<ReturnType<typeof allRowVersions>>;
  let mailedBefore = 0;

  beforeAll(async () => {
    // A new advocate, whom no send has mailed yet: a send to everyone would reach her.
    await harness.store.advocates.upsert([advocate({ email: 'tuula@testcity.example', name: 'Tuula Target', branch: 'Parks' })]);
    // The attacker, an admin in their own browser, counts a send to everyone and copies its form (their own token too).
    const made = await loopbackContext(browser);
    opened.push(made);
    const attacker = await signIn(made.context, BO);
    await openUrgent(attacker);
    await attacker.check('input[name="kind"][value="all"]');
    await submit(attacker, 'button:has-text("Count")');
    expect(await textOf(attacker, '#reach')).toBe('It will reach 1 advocate.');
    form = (await copyForms(attacker)).find((f) => f.action.endsWith('/urgent/send'))!;
    const victimContext = await loopbackContext(browser);
    opened.push(victimContext);
    victim = await signIn(victimContext.context, ADA);
    before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    mailedBefore = (await caughtMail(harness.store)).length;
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
    const path = new URL(form.action).pathname;
    const seen = posts.filter((p) => p.path === path).length;
    const tab = await victim.context().newPage();
    await tab.goto(serveForgery(site, form, forgery), { waitUntil: 'commit', timeout: 10_000 });
    const post = await waitFor(`${forgery} post to ${path} answered`, async () => posts.filter((p) => p.path === path)[seen]);
    expect({ status: post.status, location: post.location }, `${site.origin} ${forgery} → ${path}`).toEqual(answer);
    // Closing the tab while its refused post is still loading hangs Chromium: the refusal page is awaited first.
    if (answer.status === 403) await tab.waitForSelector('text=This form was not accepted, and nothing was changed', { timeout: 10_000 });
    await tab.close();
  });

  test('after every forgery nothing changed and nothing was sent', async () => {
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    expect((await caughtMail(harness.store)).length).toBe(mailedBefore);
    expect(await sends()).toHaveLength(2);
  });
});
