import { randomUUID } from 'node:crypto';
import type { ServerType } from '@hono/node-server';
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
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { outboxMailsTo } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { caughtMail, waitFor, type CaughtMail } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import { localInputValue } from '../../rules/digests/item-schedule.js';
import { localTimeText } from '../../server/pages/local-time.js';
import { readLinkToken } from '../../rules/tokens/link-token.js';
import { pointsTally } from '../../workflows/engagement.js';
import type { ItemRow } from '../../db/schema.js';

// Approved items scheduled, pinned and retracted from their page in the console, as a communicator does it in
// Debian's Chromium against kaiku on a real socket (signed in by clicking the mailed link): the final captions on
// the page; "not before" and "not after" on the programme's clock (Helsinki); a bad date refused beside its field
// with nothing stored; each change in the item's trail. Then a real digest run on the Temporal dev server, mailed
// to the SMTP catcher, carries the pinned item first and leaves out the retracted, the not-yet and the expired
// ones (in the mail and in digest_items); the retracted item's share link in a digest already sent lands on a
// page that says, in the advocate's Finnish, that it was withdrawn. Nudges, the welcome mails and the Teams top
// posts leave it out too. Forged posts of the forms from other sites are refused with nothing changed. And the
// analytics page counts approved items (not every decision) and shares (not share pages opened).

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const CY = 'cy@testcity.example';
const AINO = 'aino@testcity.example';
const EERO = 'eero@testcity.example';
const ZONE = 'Europe/Helsinki';
const DAY_MS = 24 * 3_600_000;

let feeds: FeedServer;
let evil: FeedServer;
let sameHost: FeedServer;
let harness: Harness;
let server: ServerType;
let browser: Browser;
let base = '';
const contexts: LoopbackContext[] = [];
const posts: PostSeen[] = [];
/** The items by their part here: A pinned, B retracted, C not before (future), D not after (past), E plain, F inside a window, G rejected. */
const items: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', ItemRow> = {} as never;
let ainoDigest: CaughtMail;
let firstRunId = '';
/** Ada's signed-in page, kept across the tests of one flow (each test a few steps of it). */
let ada: Page;

const db = () => harness.db.database.db;
const mails = () => outboxMailsTo(harness.store);
const item = async (id: string) => (await harness.store.items.get(id))!;
const trailOf = (id: string) => db().selectFrom('audit_trail').selectAll().where('entity', '=', 'item').where('entity_id', '=', id).orderBy('id').execute();
const digestTo = async (email: string) =>
  (await caughtMail(harness.store)).find((m) => !m.inbound && m.to.includes(email) && m.parsed.headers.has('x-kaiku-digest'));
/** The share links of a digest, each with the item and network its token names. */
const shareLinks = (mail: CaughtMail) =>
  [...String(mail.parsed.html).matchAll(/href="([^"]+\/s\/([A-Za-z0-9_-]+))"/g)].map((m) => {
    const read = readLinkToken(harness.secret, m[2]!);
    if (!read.ok) throw new Error(`a share link kaiku cannot read: ${m[1]}`);
    return { href: m[1]!, itemId: read.link.itemId, network: read.link.kind === 'share' ? read.link.network : undefined };
  });

async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

const signIn = (context: BrowserContext, email: string) => signInByClicking(context, base, mails(), email);

const submit = submitForm;

/** From the items page, as a person goes: Approved, then the item's title. */
async function openApproved(page: Page, row: ItemRow) {
  await page.click('nav.top a:has-text("Items")');
  await page.click('nav.tabs a:has-text("Approved")');
  await Promise.all([page.waitForURL(`${base}/admin/items/${row.id}`), page.click(`article[data-item-id="${row.id}"] h3 a`)]);
}

beforeAll(async () => {
  feeds = await FeedServer.start();
  evil = await FeedServer.start('127.0.0.2');
  sameHost = await FeedServer.start('127.0.0.1');
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 7, 'news'), { language: 'fi' }));
  const port = await freePort();
  harness = await startHarness({
    configInput: {
      ...testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA, BO] }], {
        fetch: { enrich: false },
        digest: { lookback: '60 days', maxItems: 10 },
        admins: [
          { name: 'Ada Admin', email: ADA },
          { name: 'Bo Backup', email: BO },
          { name: 'Cy Comms', email: CY },
        ],
      }),
      server: { host: '127.0.0.1', port },
    },
  });
  ({ server, base } = await serveRecordingPosts(harness.app, port, posts));
  browser = await launchChromium();

  // The world: seven items; A to F approved in that order (A the oldest), G rejected; Aino's digest already sent
  // with A to F in it, and Aino's three shares of B.
  await harness.poll('news');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title));
  (['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const).forEach((part, i) => (items[part] = pending[i]!));
  await approveItems(
    { ...harness, log: quietLog },
    ['A', 'B', 'C', 'D', 'E', 'F'].map((part) => items[part as 'A'].id),
    ADA,
  );
  const rejected = await submitDecision(
    { ...harness, log: quietLog },
    items.G.id,
    { decision: 'reject', actor: ADA, channel: 'admin', reason: 'Not ours to share' },
    `test-${randomUUID()}`,
  );
  expect(rejected.ok).toBe(true);
  await harness.store.advocates.upsert([advocate({ email: AINO, name: 'Aino Virtanen', language: 'fi' })]);
  const first = await runDigestTick(harness.client, harness.taskQueue, { force: true });
  firstRunId = first.runId!;
  ainoDigest = await waitFor('Aino’s digest', () => digestTo(AINO));
  const aino = (await harness.store.advocates.byEmail(AINO))!;
  await harness.store.digests.recordLinkEvents(
    (['x', 'linkedin', 'facebook'] as const).map((network) => ({ kind: 'share' as const, advocateId: aino.id, itemId: items.B.id, network })),
  );
  for (const part of ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const) items[part] = await item(items[part].id);
}, 240_000);

afterEach(async () => {
  await closeLoopbackContexts(contexts.filter((c) => c.context !== ada?.context()));
  contexts.splice(0, contexts.length, ...contexts.filter((c) => c.context === ada?.context()));
});

afterAll(async () => {
  await closeLoopbackContexts(contexts);
  await browser?.close();
  server?.close();
  await harness?.close();
  await feeds?.close();
  await evil?.close();
  await sameHost?.close();
});

describe('approved items scheduled, pinned and retracted in the console, and the next digest', () => {
  test('the digest already sent carried all six approved items, the rejected one not', () => {
    const carried = new Set(shareLinks(ainoDigest).map((link) => link.itemId));
    expect([...carried].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map((part) => items[part as 'A'].id).sort());
  });

  test('an approved item’s page shows its final captions per network and the schedule, pin and retract controls', async () => {
    ada = await signIn(await newBrowser(), ADA);
    await openApproved(ada, items.A);
    expect(await textOf(ada, '#captions-heading')).toBe('Final captions');
    const shown = await ada
      .locator('table.captions tbody tr')
      .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-network'), (row.querySelector('.caption')?.textContent ?? '').trim()]));
    expect(Object.fromEntries(shown)).toEqual(
      Object.fromEntries(Object.entries(items.A.captions!.networks).map(([network, caption]) => [network, caption.trim()])),
    );
    for (const button of ['Save the schedule', 'Pin to the top of the next digest', 'Retract from every later digest'])
      expect(await ada.locator(`#schedule button:has-text("${button}")`).count(), button).toBe(1);
    expect(await textOf(ada, '#schedule-now')).toBe('In the digests from its approval until it expires.');
    await screenshot(ada, 'console-item-approved');
  });

  test('an admin who may not decide the item sees no controls, only who may', async () => {
    const cy = await signIn(await newBrowser(), CY);
    await cy.goto(`${base}/admin/items/${items.A.id}`);
    expect(await cy.locator('#schedule').count()).toBe(0);
    expect(await textOf(cy, '.waiting')).toBe('Its approvers (Ada Admin, Bo Backup) may schedule, pin or retract it.');
  });

  test('a date that does not parse, and a "not after" before "not before", are refused beside the field and nothing is stored', async () => {
    await openApproved(ada, items.C);
    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await ada.fill('#notBefore', 'next friday');
    await submit(ada, 'button:has-text("Save the schedule")');
    expect(await textOf(ada, '#refusal')).toBe('Nothing was saved: correct the dates marked below and save again.');
    expect(await textOf(ada, '#notBefore-error')).toBe('Not before: “next friday” is not a date and time; write it as 2026-12-24 09:00 or 24.12.2026 9.00');
    expect(await ada.getAttribute('#notBefore', 'aria-invalid')).toBe('true');
    expect(await ada.inputValue('#notBefore')).toBe('next friday');
    await ada.fill('#notBefore', '24.12.2026 9.00');
    await ada.fill('#notAfter', '2026-12-23 09:00');
    await submit(ada, 'button:has-text("Save the schedule")');
    expect(await textOf(ada, '#notAfter-error')).toBe('Not after must be later than not before: the item would never go out');
    await screenshot(ada, 'console-item-schedule-refused');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
  });

  test('"not before" in two days (C), "not after" yesterday (D), and a window around now (F): stored, shown and in the trail on Helsinki’s clock', async () => {
    const at = (offset: number) => localInputValue(new Date(Math.floor((Date.now() + offset) / 60_000) * 60_000), ZONE);
    const plans: [ItemRow, string, string][] = [
      [items.C, at(2 * DAY_MS), ''],
      [items.D, '', at(-DAY_MS)],
      [items.F, at(-DAY_MS), at(5 * DAY_MS)],
    ];
    for (const [row, notBefore, notAfter] of plans) {
      await openApproved(ada, row);
      await ada.fill('#notBefore', notBefore);
      await ada.fill('#notAfter', notAfter);
      await submit(ada, 'button:has-text("Save the schedule")');
      expect(ada.url()).toBe(`${base}/admin/items/${row.id}?done=scheduled`);
      expect(await textOf(ada, '.notice.ok')).toBe('Saved: digests carry it only inside its schedule.');
      const stored = await item(row.id);
      expect(stored.not_before ? localInputValue(stored.not_before, ZONE) : '').toBe(notBefore);
      expect(stored.not_after ? localInputValue(stored.not_after, ZONE) : '').toBe(notAfter);
      const [entry, ...more] = await trailOf(row.id);
      expect(more).toEqual([]);
      expect({ actor: entry!.actor, action: entry!.action, before: entry!.before, after: entry!.after }).toEqual({
        actor: ADA,
        action: 'scheduled',
        before: { notBefore: null, notAfter: null, pinned: 'no', retracted: null },
        after: {
          notBefore: stored.not_before ? localTimeText(stored.not_before, ZONE) : null,
          notAfter: stored.not_after ? localTimeText(stored.not_after, ZONE) : null,
          pinned: 'no',
          retracted: null,
        },
      });
      const shownChange = await textOf(ada, 'ol.audit li[data-action="scheduled"]');
      expect(shownChange).toContain('Ada Admin scheduled');
      expect(shownChange).toContain(localTimeText((stored.not_before ?? stored.not_after)!, ZONE));
      expect(await ada.inputValue('#notBefore')).toBe(notBefore);
    }
    await screenshot(ada, 'console-item-scheduled');
  });

  test('A pinned: the page says so and the trail records who and when', async () => {
    await openApproved(ada, items.A);
    await submit(ada, 'button:has-text("Pin to the top of the next digest")');
    expect(await textOf(ada, '.notice.ok')).toBe('Pinned: it goes first in the next digest run, for everyone it fits who has not had it.');
    const stored = await item(items.A.id);
    expect(stored.pinned_by).toBe(ADA);
    expect(await textOf(ada, '#schedule-now')).toContain(`Pinned to the top of the next digest run by Ada Admin ${localTimeText(stored.pinned_at!, ZONE)}`);
    expect(await ada.locator('#schedule button:has-text("Unpin")').count()).toBe(1);
    expect((await trailOf(items.A.id)).map((row) => [row.actor, row.action, row.before?.pinned, row.after?.pinned])).toEqual([[ADA, 'pinned', 'no', 'yes']]);
    expect(await textOf(ada, 'ol.audit li[data-action="pinned"]')).toMatch(/Ada Admin pinned pinned: no → yes/);
  });

  test('B retracted: the page, the decision trail and the audit trail say who and when; a stale tab’s retract is refused, nothing changed', async () => {
    await openApproved(ada, items.B);
    const stale = await ada.context().newPage();
    await stale.goto(`${base}/admin/items/${items.B.id}`);
    await submit(ada, 'button:has-text("Retract from every later digest")');
    expect(await textOf(ada, '.notice.ok')).toBe('Retracted: no later digest carries it, and its share page now says it was withdrawn.');
    const stored = await item(items.B.id);
    expect(stored.retracted_by).toBe(ADA);
    const when = localTimeText(stored.retracted_at!, ZONE);
    expect(await textOf(ada, '#retracted')).toContain(`Retracted by Ada Admin ${when}`);
    expect(await textOf(ada, 'ol.trail li[data-kind="retracted"]')).toBe(`${when} · retracted by Ada Admin on the admin page`);
    expect(await textOf(ada, 'ol.audit li[data-action="retracted"]')).toContain(`Ada Admin retracted retracted: — → ${when}`);
    expect(await ada.locator('#schedule').count()).toBe(0);
    expect((await trailOf(items.B.id)).map((row) => [row.actor, row.action])).toEqual([[ADA, 'retracted']]);
    await screenshot(ada, 'console-item-retracted');

    const before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
    await submit(stale, 'button:has-text("Retract from every later digest")');
    expect(await textOf(stale, '#refusal')).toBe('This item was retracted already: it cannot be retracted. Nothing was changed.');
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    await stale.close();
  });

  test('the retracted item’s share link in the digest already sent says, in Finnish, that it was withdrawn, with no share button; opening it records nothing', async () => {
    const page = await (await newBrowser()).newPage();
    const events = () => db().selectFrom('link_events').select('id').where('item_id', '=', items.B.id).where('kind', '=', 'share_opened').execute();
    const opened = (await events()).length;
    const link = shareLinks(ainoDigest).find((l) => l.itemId === items.B.id)!;
    const answer = await page.goto(link.href);
    expect(answer?.status()).toBe(410);
    expect(await textOf(page, '#withdrawn')).toBe(
      'Test City advocates on vetänyt tämän julkaisun pois, joten sitä ei voi enää jakaa täältä. Kiitos silti: seuraavassa koosteessasi on uutta jaettavaa.',
    );
    expect(await page.title()).toBe('Julkaisu on vedetty pois · kaiku');
    expect(await page.locator('form, button, textarea').count()).toBe(0);
    await screenshot(page, 'share-withdrawn');
    expect((await events()).length).toBe(opened);
    // Aino opens two share pages of items still shared (opened, not shared: the analytics below count them apart).
    for (const part of ['A', 'E'] as const) {
      await page.goto(shareLinks(ainoDigest).find((l) => l.itemId === items[part].id && l.network === 'linkedin')!.href);
      await page.waitForSelector('#caption');
    }
  });

  test('the next digest run carries the pinned item first and leaves out the retracted, the not-yet and the expired ones', async () => {
    await harness.store.advocates.upsert([advocate({ email: EERO, name: 'Eero Esimerkki', language: 'fi' })]);
    const run = await runDigestTick(harness.client, harness.taskQueue, { force: true });
    expect(run.sent).toBe(1); // Eero's: Aino had this week's
    const mail = await waitFor('Eero’s digest', () => digestTo(EERO));
    const eero = (await harness.store.advocates.byEmail(EERO))!;
    const digest = await db().selectFrom('digests').selectAll().where('advocate_id', '=', eero.id).executeTakeFirstOrThrow();
    expect(digest.item_ids).toEqual([items.A.id, items.F.id, items.E.id]);
    const received = await db().selectFrom('digest_items').select('item_id').where('advocate_id', '=', eero.id).execute();
    expect(received.map((r) => r.item_id).sort()).toEqual([items.A.id, items.E.id, items.F.id].sort());
    const html = String(mail.parsed.html);
    const positions = (['A', 'E', 'F'] as const).map((part) => html.indexOf(items[part].title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions[0]).toBeLessThan(Math.min(positions[1]!, positions[2]!));
    for (const part of ['B', 'C', 'D', 'G'] as const) expect(html, part).not.toContain(items[part].title);
    expect(new Set(shareLinks(mail).map((l) => l.itemId))).toEqual(new Set([items.A.id, items.E.id, items.F.id]));

    // Pinned once: the run that carried A unpinned it, in A's trail as kaiku's change.
    expect((await item(items.A.id)).pinned_at).toBeNull();
    expect((await trailOf(items.A.id)).map((row) => [row.actor, row.action])).toEqual([
      [ADA, 'pinned'],
      ['kaiku', 'unpinned'],
    ]);
    await ada.goto(`${base}/admin/items/${items.A.id}`);
    expect(await textOf(ada, 'ol.audit li[data-action="unpinned"]')).toMatch(new RegExp(`kaiku unpinned pinned: yes → no ?digestRun: — → ${run.runId}$`));
  });

  test('nudges, the welcome mails and the Teams top posts leave the retracted item out, though it was the most shared', async () => {
    const since = new Date(Date.now() - 7 * DAY_MS);
    const decidedSince = new Date(Date.now() - 60 * DAY_MS);
    const best = await harness.store.engagement.bestItem(since, decidedSince);
    expect(best?.id).toBeDefined();
    expect(best!.id).not.toBe(items.B.id);
    const welcome = (await harness.store.onboarding.bestItems(since, decidedSince, 10)).map((i) => i.id);
    expect(welcome).not.toContain(items.B.id);
    expect(welcome).not.toContain(items.C.id); // not before in two days
    expect(welcome).not.toContain(items.D.id); // not after yesterday
    expect((await harness.store.digests.topOfRun(firstRunId, 10)).map((i) => i.id)).not.toContain(items.B.id);
  });

  test('analytics: “Items approved” counts the six approved, not the seven decisions; shares are the three shares, not the share pages opened', async () => {
    await harness.client.workflow.execute(pointsTally, { taskQueue: harness.taskQueue, workflowId: `test-tally-${randomUUID()}` });
    await ada.click('nav.top a:has-text("Analytics")');
    const kpis = Object.fromEntries(
      await ada
        .locator('.kpi')
        .evaluateAll((nodes) => nodes.map((n) => [n.querySelector('.label')?.textContent?.trim(), n.querySelector('.value')?.textContent?.trim()])),
    );
    expect(kpis).toMatchObject({ 'Items approved': '6', Shares: '3', 'Share pages opened': '2', Clicks: '0' });
    const approvals = await ada.locator('#approval-times tbody tr').first().locator('td').allTextContents();
    expect(approvals.slice(1, 3)).toEqual(['7', '6']); // decided, approved
  });

  test('B retracted by mistake is restored from its page: the trail records it and its share link opens the share page again', async () => {
    await ada.goto(`${base}/admin/items/${items.B.id}`);
    await submit(ada, 'button:has-text("Restore to the digests")');
    expect(await textOf(ada, '.notice.ok')).toBe('Restored: later digests may carry it again, and its share page opens again.');
    const stored = (await harness.store.items.get(items.B.id))!;
    expect({ retracted_at: stored.retracted_at, retracted_by: stored.retracted_by, state: stored.state }).toEqual({
      retracted_at: null,
      retracted_by: null,
      state: 'approved',
    });
    expect((await trailOf(items.B.id)).map((row) => [row.actor, row.action])).toEqual([
      [ADA, 'retracted'],
      [ADA, 'restored'],
    ]);
    expect(await ada.locator('button:has-text("Retract from every later digest")').count()).toBe(1);
    const page = await (await newBrowser()).newPage();
    const answer = await page.goto(shareLinks(ainoDigest).find((l) => l.itemId === items.B.id && l.network === 'linkedin')!.href);
    expect(answer?.status()).toBe(200);
    await page.waitForSelector('#caption');
  });
});

describe('forged posts of the schedule, pin and retract forms', () => {
  // One forgery per test, so that each waits on its own answer.
  const opened: LoopbackContext[] = [];
  let forms: Record<'schedule' | 'pin' | 'retract', CopiedForm>;
  let victim: Page;
  let before: Awaited<ReturnType<typeof allRowVersions>>;
  const context = async () => {
    const made = await loopbackContext(browser);
    opened.push(made);
    return made.context;
  };

  beforeAll(async () => {
    // The attacker, an approver in their own browser, copies E's forms with every value (their own token too).
    const attacker = await signIn(await context(), BO);
    await attacker.goto(`${base}/admin/items/${items.E.id}`);
    const copied = await copyForms(attacker);
    const form = (end: string) => copied.find((f) => f.action.endsWith(`/admin/items/${items.E.id}/${end}`))!;
    const schedule = form('schedule');
    schedule.fields = schedule.fields.map(([name, value]) => [name, name === 'notAfter' ? '2026-01-01 00:00' : value]);
    forms = { schedule, pin: form('pin'), retract: form('retract') };
    victim = await signIn(await context(), ADA);
    before = await allRowVersions(db(), ['admin_sessions', 'rate_limits']);
  }, 180_000);

  afterAll(async () => {
    await closeLoopbackContexts(opened);
  });

  test('the copied forms carry the attacker’s own CSRF token', () => {
    for (const form of Object.values(forms)) expect(form.fields.map(([name]) => name)).toContain('_csrf');
  });

  // Another site does not get the victim's session cookie along (SameSite), nor does a sandboxed frame: sign-in. A
  // sibling on kaiku's own host (another port: same-site) does, and the form's check refuses it.
  const cases = (['another site', 'another port of kaiku’s host'] as const).flatMap((site) =>
    (['schedule', 'pin', 'retract'] as const).flatMap((form) =>
      (['page', 'no-referrer', 'sandboxed-iframe'] as Forgery[]).map((forgery) => [site, form, forgery] as const),
    ),
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
      if (forgery === 'page' && answer.status === 403) await tab.waitForSelector('text=This form was not accepted, and nothing was changed');
      await loading;
      // The tab is not awaited closed: the context closes it after the describe.
      void tab.close({ runBeforeUnload: false }).catch(() => undefined);
    },
    120_000,
  );

  test('after every forgery nothing changed: no row of any table; E neither scheduled, pinned nor retracted', async () => {
    expect(await allRowVersions(db(), ['admin_sessions', 'rate_limits'])).toEqual(before);
    const e = await item(items.E.id);
    expect([e.not_after, e.pinned_at, e.retracted_at]).toEqual([null, null, null]);
    expect(await trailOf(items.E.id)).toEqual([]);
  });
});
