import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';

// Each advocate gets their digest at their own 08:30, across daylight-saving changes: Helsinki springs
// forward on 28 March 2027, Auckland falls back on 4 April 2027. The dev server's clock cannot be moved,
// so the test runs the digest workflow at each hourly tick the Schedule would fire (every hour at :30),
// passing the tick's time as the Schedule's scheduled time, and watches when each digest is planned.

const ADA = 'ada@testcity.example';
const HOUR = 3_600_000;
let feeds: FeedServer;
let harness: Harness;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
    }),
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  await approveItems(
    { ...harness, log: quietLog },
    (await harness.store.items.listByState('pending', 10)).map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert([
    advocate({ email: 'helsinki@testcity.example', timeZone: 'Europe/Helsinki' }),
    advocate({ email: 'auckland@testcity.example', timeZone: 'Pacific/Auckland', language: 'en' }),
  ]);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
});

test('the digest is planned at the tick that is 08:30 local time, before and after a DST change', async () => {
  const ids = {
    helsinki: (await harness.store.advocates.byEmail('helsinki@testcity.example'))!.id,
    auckland: (await harness.store.advocates.byEmail('auckland@testcity.example'))!.id,
  };
  // 08:30 local on four Mondays: Helsinki +02:00 then +03:00; Auckland +13:00 then +12:00.
  const moments = {
    helsinki: ['2027-03-22T06:30:00Z', '2027-03-29T05:30:00Z'],
    auckland: ['2027-03-28T19:30:00Z', '2027-04-04T20:30:00Z'],
  };
  const ticks = [
    ...new Set(Object.values(moments).flatMap((list) => list.flatMap((m) => [-2, -1, 0, 1].map((h) => new Date(Date.parse(m) + h * HOUR).toISOString())))),
  ].sort();
  const plannedAt: Record<'helsinki' | 'auckland', string[]> = { helsinki: [], auckland: [] };
  const seen = { helsinki: 0, auckland: 0 };
  for (const at of ticks) {
    await runDigestTick(harness.client, harness.taskQueue, { at });
    for (const who of ['helsinki', 'auckland'] as const) {
      const rows = await harness.store.digests.forAdvocate(ids[who]);
      if (rows.length > seen[who]) plannedAt[who].push(at);
      seen[who] = rows.length;
    }
  }
  expect(plannedAt.helsinki).toEqual(moments.helsinki.map((m) => new Date(m).toISOString()));
  // The first tick (04:30Z on 22 March) is 17:30 in Auckland, nine hours after that Monday's 08:30: a
  // missed tick within digest.catchUp (12 h) is caught up at once. Then 08:30 exactly, DST or not.
  expect(plannedAt.auckland).toEqual(['2027-03-22T04:30:00.000Z', ...moments.auckland.map((m) => new Date(m).toISOString())]);
  // one digest row per advocate per week, keyed by the local Monday
  const periods = (await harness.store.digests.forAdvocate(ids.auckland)).map((d) => d.period).sort();
  expect(periods).toEqual(['2027-03-22', '2027-03-29', '2027-04-05']);
}, 120_000);
