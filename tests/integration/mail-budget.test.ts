import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../helpers/databases.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { FormClient, signInAsAdmin, sinkMailsTo, type Page } from '../helpers/form-client.js';
import { dailyNudges } from '../../workflows/engagement.js';

// Quiet periods and the weekly cap (issue 18, `mail:`) wired into the digest runs and the daily nudges, on the
// real Temporal dev server with real SMTP: what waits, what the store records about it, and what the Digests
// page says. The cap counts what the store holds as sent, so its part runs at the real moment; the quiet
// period's parts at explicit Schedule moments in July and August 2027 (Monday 08:30 in Helsinki).

const ADA = 'ada@testcity.example';
const [AINO, BO, CAJ] = ['aino@testcity.example', 'bo.advocate@testcity.example', 'caj@testcity.example'];
const DAY = 24 * 3_600_000;
describe.each(DATABASE_KINDS)('the mail budget on %s', (database) => {
  let feeds: FeedServer;
  let sink: MailSink;
  let harness: Harness;
  let admin: FormClient;

  beforeAll(async () => {
    feeds = await FeedServer.start();
    sink = await startMailSink({ keepRaw: true });
    feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
    harness = await startHarness({
      database,
      smtpUrl: sink.url,
      configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
        digest: { lookback: '90 days' },
        mail: { quietPeriods: [{ from: '07-01', to: '07-31' }], weeklyCap: 1 },
      }),
    });
    await approveAll();
    await harness.store.advocates.upsert([advocate({ email: AINO }), advocate({ email: BO }), advocate({ email: CAJ })]);
    admin = FormClient.forApp(harness.app);
    await signInAsAdmin(admin, sinkMailsTo(sink), ADA);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    await feeds?.close();
    await sink?.close();
  });

  async function approveAll() {
    await harness.poll('news');
    await harness.approvalsRequested();
    const pending = await harness.store.items.listByState('pending', 100);
    await approveItems(
      { ...harness, log: quietLog },
      pending.map((item) => item.id),
      ADA,
    );
  }

  const digestsTo = (email: string) => sink.messages.filter((m) => m.digest && m.to.includes(email)).length;
  const nudgesTo = (email: string) => sink.messages.filter((m) => /^X-Kaiku-Mail: nudge/im.test(m.head) && m.to.includes(email)).length;
  const budgeted = () => sink.messages.filter((m) => m.digest || /^X-Kaiku-Mail: (nudge|onboarding)/im.test(m.head)).length;
  const nudgeRound = (at: Date) =>
    harness.client.workflow.execute(dailyNudges, { taskQueue: harness.taskQueue, workflowId: `test-nudges-${randomUUID()}`, args: [{ at: at.toISOString() }] });
  const idOf = async (email: string) => (await harness.store.advocates.byEmail(email))!.id;
  const makeOld = (emails: string[]) =>
    harness.db.database.db
      .updateTable('advocates')
      .set({ created_at: new Date(Date.now() - 40 * DAY) })
      .where('email', 'in', emails)
      .execute();
  const heldOnPage = (page: Page) =>
    Object.fromEntries(
      page
        .$('#held [data-held]')
        .toArray()
        .map((el) => [page.$(el).attr('data-held')!, Number(page.$(el).text())]),
    );

  test('an advocate at the weekly cap is held with the reason recorded and the others get theirs; a nudge waits for the cap too', async () => {
    // Caj has been quiet for weeks: today's nudge is his one mail this week (cap 1).
    await makeOld([CAJ]);
    const now = new Date();
    expect(await nudgeRound(now)).toMatchObject({ nudged: 1 });
    expect(nudgesTo(CAJ)).toBe(1);

    const run = await runDigestTick(harness.client, harness.taskQueue, { force: true, at: new Date().toISOString() });
    expect(run).toMatchObject({ planned: 2, sent: 2, held: { 'weekly cap': 1 } });
    expect([digestsTo(AINO), digestsTo(BO), digestsTo(CAJ)]).toEqual([1, 1, 0]);
    expect((await harness.store.digests.forAdvocate(await idOf(CAJ))).map((d) => [d.state, d.held_reason])).toEqual([['held', 'weekly cap']]);
    expect((await harness.store.digests.run(run.runId!))!.held).toEqual({ 'weekly cap': 1 });

    const page = await admin.get('/admin/digests');
    expect(page.$('#held').attr('data-run')).toBe(run.runId);
    expect(heldOnPage(page)).toEqual({ 'weekly cap': 1 });
    expect(page.$('#held').text()).toMatch(/held\s+1\s+weekly cap/);
    expect(page.$('#quiet-period').text()).toMatch(/(Quiet period now|Next quiet period),? 20\d\d-07-01 to 20\d\d-07-31/);
    expect(page.$('#quiet-period').text()).toContain('At most 1 mails per advocate in any 7 days');

    // Bo has been quiet for weeks too, but his digest just went: his nudge waits; nobody is nudged.
    await makeOld([BO]);
    expect(await nudgeRound(new Date(Date.now() + 3_600_000))).toMatchObject({ nudged: 0, held: { 'weekly cap': 1 } });
    expect(nudgesTo(BO)).toBe(0);
  }, 120_000);

  test('a digest run inside the quiet period sends nothing and records why, once; nudges wait too; the first run after it sends', async () => {
    // new posts, so that everyone has something to get after the summer
    feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 6, 'news'), { language: 'fi' }));
    await approveAll();
    const before = budgeted();

    const july = await runDigestTick(harness.client, harness.taskQueue, { at: '2027-07-05T05:30:00Z' });
    expect(july).toMatchObject({ planned: 0, sent: 0, held: { 'quiet period': 3 } });
    expect(july.runId).toBeTruthy();
    for (const email of [AINO, BO, CAJ]) {
      const [row] = await harness.store.digests.forAdvocate(await idOf(email));
      expect(row).toMatchObject({ period: '2027-07-05', state: 'held', held_reason: 'quiet period' });
      expect(String(row!.run_id)).toBe(july.runId);
    }
    // the next hourly tick looks again, still holds them, and records no second run
    expect(await runDigestTick(harness.client, harness.taskQueue, { at: '2027-07-05T06:30:00Z' })).toMatchObject({ runId: null, sent: 0 });
    const page = await admin.get('/admin/digests');
    expect(heldOnPage(page)).toEqual({ 'quiet period': 3 });
    expect(page.$(`#last-runs tr[data-run="${july.runId}"] [data-figure="held"]`).text()).toBe('3');

    // a nudge round in July holds everyone who would have been nudged (all three are quiet and old by then)
    expect(await nudgeRound(new Date('2027-07-15T07:00:00Z'))).toMatchObject({ nudged: 0, held: { 'quiet period': 3 } });
    expect(budgeted()).toBe(before);

    // Monday 2 August, the first digest moment after July: everyone gets theirs
    const august = await runDigestTick(harness.client, harness.taskQueue, { at: '2027-08-02T05:30:00Z' });
    expect(august).toMatchObject({ planned: 3, sent: 3, held: {} });
    expect([digestsTo(AINO), digestsTo(BO), digestsTo(CAJ)]).toEqual([2, 2, 1]);
    expect(heldOnPage(await admin.get('/admin/digests'))).toEqual({});
  }, 120_000);
});
