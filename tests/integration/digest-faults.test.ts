import { expect, onTestFinished, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';

// The mail server is having a bad day: 421/451 to one message in ten, 550 for three addresses. Every
// other advocate still gets their digest, the three are marked bouncing, and three refusals pause them.
// Each test starts its own harness and mail server, so each runs alone.

const ADA = 'ada@testcity.example';
const COUNT = 200;
const GONE = ['left.company@testcity.example', 'typo@testcity.exmaple', 'full.mailbox@testcity.example'];

/** Each test's own world: a feed of six approved items, a flaky mail server, 200 advocates of whom three are gone. */
async function flakyRelay(): Promise<{ harness: Harness; sink: MailSink }> {
  const feeds = await FeedServer.start();
  onTestFinished(() => feeds.close());
  const sink = await startMailSink({ refuse: GONE, temporaryRate: 0.1 });
  onTestFinished(() => sink.close());
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 6, 'news'), { language: 'fi' }));
  const harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
      digest: { maxItems: 2, batchSize: 60 },
    }),
  });
  onTestFinished(() => harness.close());
  await harness.poll('news');
  await harness.approvalsRequested();
  await approveItems(
    { ...harness, log: quietLog },
    (await harness.store.items.listByState('pending', 100)).map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert([
    ...Array.from({ length: COUNT - GONE.length }, (_, i) => advocate({ email: `advocate${i}@testcity.example` })),
    ...GONE.map((email) => advocate({ email })),
  ]);
  return { harness, sink };
}

test('4xx are retried with backoff, a 5xx marks only that advocate bouncing, and the batch goes on', async () => {
  const { harness, sink } = await flakyRelay();
  const result = await runDigestTick(harness.client, harness.taskQueue, { force: true, batchSize: 60 });
  expect(sink.refusals.temporary).toBeGreaterThan(5);
  expect(result).toMatchObject({ planned: COUNT, sent: COUNT - GONE.length, bounced: GONE.length, deferred: 0 });
  const delivered = sink.messages.filter((m) => m.digest).map((m) => m.to[0]!);
  expect(new Set(delivered).size).toBe(COUNT - GONE.length);
  expect(delivered).toHaveLength(COUNT - GONE.length);
  for (const email of GONE) {
    expect(delivered).not.toContain(email);
    expect(await harness.store.advocates.byEmail(email)).toMatchObject({ mail_state: 'bouncing', bounces: 1 });
  }
  expect(await harness.store.advocates.byEmail('advocate0@testcity.example')).toMatchObject({ mail_state: 'ok', bounces: 0 });
}, 180_000);

test('after three refusals in a row the advocate is paused and no longer tried', async () => {
  const { harness, sink } = await flakyRelay();
  const first = await runDigestTick(harness.client, harness.taskQueue, { force: true });
  expect(first.bounced).toBe(GONE.length);
  // a second refusal, as if from another week
  for (const email of GONE) await harness.store.advocates.recordBounce((await harness.store.advocates.byEmail(email))!.id);
  const before = sink.refusals.permanent;
  const nextWeek = await runDigestTick(harness.client, harness.taskQueue, { force: true, at: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  // the items they never received are tried again: the third refusal pauses them
  expect(nextWeek.bounced).toBe(GONE.length);
  expect(sink.refusals.permanent).toBe(before + GONE.length);
  for (const email of GONE) expect(await harness.store.advocates.byEmail(email)).toMatchObject({ mail_state: 'paused', bounces: 3 });

  const later = await runDigestTick(harness.client, harness.taskQueue, { force: true, at: new Date(Date.now() + 14 * 86_400_000).toISOString() });
  expect(later.bounced).toBe(0);
  expect(sink.refusals.permanent).toBe(before + GONE.length);
  const paused = (await harness.store.advocates.byEmail(GONE[0]!))!;
  expect((await harness.store.digests.forAdvocate(paused.id)).map((d) => d.state)).toEqual(['failed', 'failed']);
}, 180_000);
