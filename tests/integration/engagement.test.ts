import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { clickToken, shareToken } from '../../rules/tokens/link-token.js';
import { signToken } from '../../rules/tokens/signed-token.js';
import { monthOf } from '../../rules/digests/digest-moment.js';
import { dailyNudges, pointsTally, rewardsClose, rewardsWorkflowId } from '../../workflows/engagement.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../helpers/form-client.js';
import type { Network } from '../../model/item.js';

// The engagement cycles on the real Temporal dev server: the points ledger from real share and click
// requests, leaderboards (admin page and digest footer, names only by opt-in), the month's rewards closed
// twice, nudges and the approvers' daily summary, and the analytics with their CSV tables.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const ZONE = 'Europe/Helsinki';
let feeds: FeedServer;
let sink: MailSink;
let harness: Harness;
let server: ServerType;
let base = '';
let items: string[] = [];
const ids = new Map<string, string>();

let signedInAdmin: FormClient | undefined;
/** Ada at the admin page, signed in once for this file through the sign-in form and her mailed link. */
async function adminClient(): Promise<FormClient> {
  if (!signedInAdmin) {
    signedInAdmin = FormClient.forApp(harness.app);
    await signInAsAdmin(signedInAdmin, sinkMailsTo(sink), ADA);
  }
  return signedInAdmin;
}

const tally = () => harness.client.workflow.execute(pointsTally, { taskQueue: harness.taskQueue, workflowId: `test-tally-${randomUUID()}` });
const points = async (email: string) => (await harness.store.points.forAdvocate(ids.get(email)!)).reduce((sum, row) => sum + row.points, 0);
/** An advocate's share button: the share page (GET), then its button (POST), which goes on to the network. */
async function share(email: string, itemId: string, network: Network): Promise<Response> {
  const advocate = FormClient.forUrl(base);
  const page = await advocate.get(`/s/${shareToken(harness.secret, ids.get(email)!, itemId, network, 3_600_000)}`);
  expect(page.status).toBe(200);
  return advocate.submit(page);
}
const click = (email: string, itemId: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/r/${clickToken(harness.secret, ids.get(email)!, itemId)}`, {
    redirect: 'manual',
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux)', ...headers },
  });

beforeAll(async () => {
  feeds = await FeedServer.start();
  sink = await startMailSink({ keepRaw: true });
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  feeds.feed('/bo.xml', rss2('Bo', entries(`${feeds.origin}/bo`, 2, 'bo-news'), { language: 'fi' }));
  harness = await startHarness({
    smtpUrl: sink.url,
    configInput: {
      ...testConfigInput(
        [
          { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), contentType: 'blog', allowPrivateAddresses: true, approvers: [ADA] },
          { id: 'bo-news', kind: 'feed', url: feeds.url('/bo.xml'), allowPrivateAddresses: true, approvers: [BO] },
        ],
        { fetch: { enrich: false }, digest: { lookback: '60 days' }, rewards: { topN: 1, draw: { threshold: 10, winners: 1 }, prize: 'two movie tickets' } },
      ),
      admins: [
        { name: 'Ada Admin', email: ADA },
        { name: 'Bo Backup', email: BO, approvalMail: 'daily' },
      ],
    },
  });
  server = serve({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await harness.poll('news');
  await harness.poll('bo-news');
  await harness.approvalsRequested();
  items = (await harness.store.items.listByState('pending', 100)).filter((item) => item.source_id === 'news').map((item) => item.id);
  await approveItems({ ...harness, log: quietLog }, items, ADA);
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', branch: 'Helsinki' }),
    advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', branch: 'Espoo' }),
    advocate({ email: 'sam@testcity.example', name: 'Sam Taylor', language: 'en', branch: 'Helsinki' }),
    advocate({ email: 'quiet@testcity.example', name: 'Quinn Quiet', language: 'en', branch: 'Vantaa' }),
    advocate({ email: 'paused@testcity.example', name: 'Pia Paused', branch: 'Vantaa' }),
    advocate({ email: 'gone@testcity.example', name: 'Gus Gone', branch: 'Vantaa' }),
  ]);
  for (const email of ['aino', 'erik', 'sam', 'quiet', 'paused', 'gone'].map((n) => `${n}@testcity.example`))
    ids.set(email, String((await harness.store.advocates.byEmail(email))!.id));
}, 120_000);

afterAll(async () => {
  server?.close();
  await harness?.close();
  await feeds?.close();
  await sink?.close();
});

describe('points ledger', () => {
  test('shares pay once per item × network; unique human clicks pay up to the cap; a replayed tally pays nothing twice', async () => {
    const [first, second] = items as [string, string];
    for (const network of ['linkedin', 'linkedin', 'x'] as const) expect((await share('aino@testcity.example', first, network)).status).toBe(303);
    // a link scanner opening Sam's share button (a GET, as scanners and prefetchers make) shares nothing
    const scanned = await fetch(`${base}/s/${shareToken(harness.secret, ids.get('sam@testcity.example')!, first, 'x', 3_600_000)}`, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner bot)' },
    });
    expect(scanned.status).toBe(200);
    // 1,000 clicks from one address and browser on one tracked link
    for (let round = 0; round < 50; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => click('aino@testcity.example', first)));
      expect(answers.every((answer) => answer.status === 302)).toBe(true);
    }
    // 30 different visitors (a reverse proxy on this machine names them) on Erik's link: capped at 20 points
    for (let visitor = 0; visitor < 30; visitor++) {
      const answer = await click('erik@testcity.example', second, { 'x-forwarded-for': `203.0.113.${visitor + 1}`, referer: 'https://t.co/abc' });
      expect(answer.status).toBe(302);
    }
    // a link preview bot on Sam's link earns nothing
    expect((await click('sam@testcity.example', first, { 'user-agent': 'facebookexternalhit/1.1' })).status).toBe(302);

    const run = await tally();
    expect(run.events).toBe(3 * 2 + 1 + 1000 + 30 + 1); // each share is a page opened and a press of its button
    expect(await points('aino@testcity.example')).toBe(10 + 10 + 2);
    expect(await points('erik@testcity.example')).toBe(20);
    expect(await points('sam@testcity.example')).toBe(0);
    const aino = await harness.store.points.forAdvocate(ids.get('aino@testcity.example')!);
    expect(aino.map((row) => row.reason).sort()).toEqual(['click', 'share', 'share']);

    // the same events read again (a cursor rolled back, a pass replayed): the keys refuse them
    await sql`update points_cursor set last_event_id = 0`.execute(harness.db.database.db);
    const replay = await tally();
    expect(replay.events).toBe(1038);
    expect(replay.awarded).toBe(0);
    expect(await points('aino@testcity.example')).toBe(22);
    expect(await points('erik@testcity.example')).toBe(20);
    expect((await tally()).events).toBe(0);
  }, 60_000);
});

describe('leaderboards', () => {
  test('names only by opt-in on the preferences page; others as "an advocate from" their branch; per branch; week, month and all time', async () => {
    const token = signToken(harness.secret, 'preferences', { a: ids.get('aino@testcity.example')! }, 3_600_000);
    const aino = FormClient.forApp(harness.app);
    const saved = await aino.submit(await aino.get(`/p/${token}`), { fields: { networks: 'linkedin', language: 'fi', frequency: 'weekly', showName: 'yes' } });
    expect(saved.status).toBe(200);
    const admin = await adminClient();
    const page = (await admin.get('/admin/leaderboards')).text;
    for (const title of ['This week', 'This month', 'All time']) expect(page).toContain(title);
    expect(page).toMatch(/<li value="1">Aino Virtanen <span class="muted">· 22 pts<\/span><\/li>/);
    expect(page).toMatch(/<li value="2">An advocate from Espoo <span class="muted">· 20 pts<\/span><\/li>/);
    expect(page).not.toContain('Erik');
    const espoo = (await admin.get('/admin/leaderboards?branch=Espoo')).text;
    expect(espoo).toContain('An advocate from Espoo');
    expect(espoo).not.toContain('Aino Virtanen');
    expect(await harness.store.points.board({ branch: 'Helsinki' })).toEqual([
      { advocateId: ids.get('aino@testcity.example'), rank: 1, points: 22, name: 'Aino Virtanen', branch: 'Helsinki' },
    ]);
  });

  test("the digest's footer shows this month's board and the advocate's own points and rank, with the suggestion link and reply address", async () => {
    await runDigestTick(harness.client, harness.taskQueue, { force: true });
    const digests = await waitFor('the digests', async () => {
      const found = sink.messages.filter((m) => m.digest);
      return found.length >= 6 ? found : undefined;
    });
    const parsed = async (email: string): Promise<ParsedMail> => simpleParser(digests.find((m) => m.to.includes(email))!.raw!);
    const aino = await parsed('aino@testcity.example');
    expect(aino.text).toContain('Kuukauden aktiivisimmat');
    expect(aino.text).toContain('1. Aino Virtanen · 22 p');
    expect(aino.text).toContain('2. Lähettiläs, Espoo · 20 p');
    expect(aino.text).toContain('Sinulla on 22 pistettä tässä kuussa: sija 1/2.');
    expect(aino.html).toMatch(/Ehdota jaettavaa linkkiä/);
    expect(aino.html).toMatch(/<img src="http:\/\/[^"]+\/o\/[^"]+\.gif"/);
    expect(aino.replyTo?.value[0]?.address).toMatch(/^approvals\+s[a-z2-7]{32}@/);
    const erik = await parsed('erik@testcity.example');
    expect(erik.text).toContain('Du har 20 poäng den här månaden: plats 2 av 2.');
    expect(erik.text).toContain('1. Aino Virtanen · 22 p');
    // and the board of each reader's own branch
    expect(aino.text).toContain('Lähettiläs, Espoo · 20 p\n\nKuukauden aktiivisimmat: Helsinki:\n1. Aino Virtanen · 22 p\n\nSinulla on');
    expect(erik.text).toContain('Månadens flitigaste i Espoo:\n1. En ambassadör från Espoo · 20 p\n');
    const sam = await parsed('sam@testcity.example');
    expect(sam.text).toContain('No points yet this month');

    // the open pixel records the first open only
    const pixel = /src="(http:\/\/[^"]+\/o\/[^"]+\.gif)"/.exec(aino.html as string)![1]!;
    const image = await harness.app.request(new URL(pixel).pathname);
    expect(image.headers.get('content-type')).toBe('image/gif');
    const opened = await harness.db.database.db
      .selectFrom('digests')
      .select(['opened_at'])
      .where('advocate_id', '=', ids.get('aino@testcity.example')!)
      .execute();
    expect(opened.filter((row) => row.opened_at)).toHaveLength(1);
  }, 60_000);
});

describe('reward cycle', () => {
  test('closing the month records the top and the draw once and mails each winner and admin once; closing again changes nothing', async () => {
    const month = monthOf(new Date(), ZONE);
    const close = () =>
      harness.client.workflow.execute(rewardsClose, {
        taskQueue: harness.taskQueue,
        workflowId: rewardsWorkflowId(harness.taskQueue, month),
        args: [{ month }],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    const before = sink.messages.length;
    const first = await close();
    expect(first.closedNow).toBe(true);
    expect(first.winners).toEqual([
      { advocateId: ids.get('aino@testcity.example'), kind: 'top', rank: 1, points: 22 },
      { advocateId: ids.get('erik@testcity.example'), kind: 'draw', rank: 1, points: 20 },
    ]);
    expect(first.mails).toEqual({ sent: 4, already: 0, refused: 0 });
    const mails = sink.messages.slice(before);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([ADA, 'aino@testcity.example', BO, 'erik@testcity.example'].sort());
    const summary = await simpleParser(mails.find((m) => m.to[0] === ADA)!.raw!);
    expect(summary.subject).toMatch(new RegExp(`^Rewards for ${month}: 2 winners`));
    expect(summary.text).toContain('Aino Virtanen <aino@testcity.example>, Helsinki: 22 points');
    expect(summary.text).toContain('two movie tickets');
    const winner = await simpleParser(mails.find((m) => m.to[0] === 'erik@testcity.example')!.raw!);
    expect(winner.text).toMatch(/drogs du bland de flitiga delarna/);

    // more points after the close do not change a closed month
    await share('sam@testcity.example', items[2]!, 'x');
    await tally();
    const again = await close();
    expect(again.closedNow).toBe(false);
    expect(again.winners).toEqual(first.winners);
    expect(again.mails).toEqual({ sent: 0, already: 4, refused: 0 });
    expect(sink.messages.length - before).toBe(4);
    const rows = await harness.db.database.db.selectFrom('reward_winners').selectAll().where('month', '=', month).execute();
    expect(rows).toHaveLength(2);
    // a month that has not begun is refused with the reason
    await expect(
      harness.client.workflow.execute(rewardsClose, { taskQueue: harness.taskQueue, workflowId: `test-future-${randomUUID()}`, args: [{ month: '2099-01' }] }),
    ).rejects.toThrow();
  }, 60_000);
});

describe('reminders', () => {
  test('an approver who chose a daily summary gets no mail per item, and one summary a day of what waits', async () => {
    const perItem = sink.messages.filter((m) => m.to.includes(BO) && /^Approve\?/.test(m.subject ?? ''));
    expect(perItem).toEqual([]);
    const summaries = () => sink.messages.filter((m) => m.to.includes(BO) && /X-Kaiku-Mail: approver-summary/i.test(m.head));
    const before = summaries().length;
    await harness.client.workflow.execute(dailyNudges, { taskQueue: harness.taskQueue, workflowId: `test-summary-${randomUUID()}`, args: [{}] });
    await harness.client.workflow.execute(dailyNudges, { taskQueue: harness.taskQueue, workflowId: `test-summary-${randomUUID()}`, args: [{}] });
    expect(summaries().length - before).toBe(1);
    const mail = await simpleParser(summaries().at(-1)!.raw!);
    const waiting = (await harness.store.items.listByState('pending', 100)).filter((item) => item.source_id === 'bo-news');
    expect(mail.subject).toBe(`${waiting.length} items waiting for your approval (Test City advocates)`);
    for (const item of waiting) expect(mail.text).toContain(item.title);
    const approve = /Approve: (http:\/\/\S+\/a\/\w+)/.exec(mail.text!)![1]!;
    expect((await harness.app.request(new URL(approve).pathname)).status).toBe(200);
  }, 60_000);

  test('a quiet advocate gets one nudge with the best item, then none for 14 days; never the paused, unsubscribed or snoozed', async () => {
    const db = harness.db.database.db;
    const old = new Date(Date.now() - 40 * 24 * 3_600_000);
    await db
      .updateTable('advocates')
      .set({ created_at: old })
      .where('email', 'in', ['quiet@testcity.example', 'paused@testcity.example', 'gone@testcity.example', 'aino@testcity.example'])
      .execute();
    await db.updateTable('advocates').set({ paused_until: '2099-01-01' }).where('email', '=', 'paused@testcity.example').execute();
    await harness.store.advocates.unsubscribe(ids.get('gone@testcity.example')!);
    const nudges = () => sink.messages.filter((m) => /X-Kaiku-Mail: nudge/i.test(m.head));
    const round = (at: Date) =>
      harness.client.workflow.execute(dailyNudges, {
        taskQueue: harness.taskQueue,
        workflowId: `test-nudges-${randomUUID()}`,
        args: [{ at: at.toISOString() }],
      });

    const now = new Date();
    const first = await round(now);
    expect(first.nudged).toBe(1); // Aino shared this week; Pia is paused; Gus unsubscribed; the others are new
    expect(nudges().map((m) => m.to[0])).toEqual(['quiet@testcity.example']);
    const toQuiet = () => nudges().filter((m) => m.to[0] === 'quiet@testcity.example').length;
    const nudge = await simpleParser(nudges()[0]!.raw!);
    const best = await harness.store.items.get(items[0]!);
    expect(nudge.text).toContain(best!.title); // the week's most shared item
    expect(nudge.text).toMatch(/\/s\/[\w-]+/);
    const snooze = /(http:\/\/[^\s]+\/n\/[\w.-]+)/.exec(nudge.text!)![1]!;

    expect((await round(new Date(now.getTime() + 24 * 3_600_000))).nudged).toBe(0); // at most one per 14 days
    expect((await round(new Date(now.getTime() + 14.5 * 24 * 3_600_000))).nudged).toBe(1); // still quiet 14½ days on: one more
    // "snooze for a month": the GET only asks (mail scanners follow links), the POST snoozes
    expect((await harness.app.request(new URL(snooze).pathname)).status).toBe(200);
    const quinn = FormClient.forApp(harness.app);
    const snoozed = await quinn.submit(await quinn.get(new URL(snooze).pathname));
    expect(await snoozed.text()).toMatch(/no reminders until \d{4}-\d{2}-\d{2}/);
    // four weeks on, the others have been quiet long enough too; Quinn has snoozed
    await round(new Date(now.getTime() + 29 * 24 * 3_600_000));
    expect(toQuiet()).toBe(2);
    await round(new Date(now.getTime() + 31 * 24 * 3_600_000)); // the snooze is over
    expect(toQuiet()).toBe(3);
    expect(nudges().some((m) => ['paused@testcity.example', 'gone@testcity.example'].includes(m.to[0]!))).toBe(false);
  }, 60_000);
});

describe('analytics', () => {
  test('the admin page draws every table as a chart from its own server, and each table downloads as CSV', async () => {
    const admin = await adminClient();
    const page = (await admin.get('/admin/analytics')).text;
    for (const id of ['weekly', 'by-source', 'by-content-type', 'by-branch', 'by-network', 'approval-times', 'digest-funnel', 'hashtags', 'earned-media'])
      expect(page).toContain(`id="${id}"`);
    expect((page.match(/<svg class="chart"/g) ?? []).length).toBeGreaterThanOrEqual(7);
    expect(page).not.toMatch(/<script|src="https?:/); // nothing from another host, nothing to run
    expect([...page.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<link rel="stylesheet" href="\/assets\/kaiku\.[0-9a-f]{12}\.css" \/>$/),
    ]);
    expect(page).toMatch(/Earned media<\/div>\s*<div[^>]*>24\.80 EUR<\/div>/); // 31 unique human clicks × 0.80
    const csv = async (id: string) => (await admin.request(`/admin/analytics/${id}.csv`)).text();
    const bySource = (await csv('by-source')).trim().split('\r\n');
    expect(bySource[0]).toBe('Source,Share pages opened,Shares,Clicks');
    // opened: Aino's 3, the scanner's 1 and Sam's 1; shares: Aino's 3 and Sam's 1; clicks: Aino's 1 visitor and Erik's 30 (the bot is none)
    expect(bySource).toContain('news,5,4,31');
    expect((await csv('by-content-type')).split('\r\n')).toContain('blog,5,4,31');
    expect((await csv('by-network')).split('\r\n')).toContain('x,3,2,30');
    expect((await csv('by-branch')).split('\r\n')).toContain('Espoo,0,0,30');
    const earned = (await csv('earned-media')).trim().split('\r\n');
    expect(earned.at(-1)).toMatch(/,31,24\.8$/);
    const funnel = (await csv('digest-funnel')).trim().split('\r\n');
    expect(funnel[0]).toBe('Week of,Sent,Opened,Shared,Open-to-share %');
    expect(funnel.at(-1)).toMatch(/,6,2,1,50$/); // six sent; Aino's opened (pixel), Sam's shared (so opened too)
    const hashtags = (await csv('hashtags')).trim().split('\r\n');
    expect(hashtags[0]).toBe('Week of,Approved,#TestCity,With a hashtag %');
    expect(hashtags.at(-1)).toMatch(/,3,3,100$/);
    expect((await admin.request('/admin/analytics/nope.csv')).status).toBe(404);
    expect((await harness.app.request('/admin/analytics/weekly.csv')).status).toBe(303); // admins only
  });
});
