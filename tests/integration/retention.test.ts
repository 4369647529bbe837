import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { itemIdFor } from '../../activities/normalize-item.js';
import { buildReport } from '../../server/analytics-report.js';
import { pointsTally } from '../../workflows/engagement.js';
import { retentionRound, retentionScheduleId } from '../../workflows/retention.js';
import { reconcileRetentionSchedule } from '../../integrations/temporal/schedules.js';
import { retentionCutoff } from '../../rules/privacy/retention.js';
import { DATABASE_KINDS } from '../helpers/databases.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';

// Retention on the real Temporal dev server: raw link events older than privacy.retention.linkEventMonths are
// folded into link_event_days and deleted by the retentionRound workflow, in batches, only once both the points
// tally and the analytics have read them; the analytics page's tables and the leaderboard stay the same.

const MONTH_MS = 30 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
const URL_A = 'https://news.testcity.example/old-story';
const URL_B = 'https://news.testcity.example/new-story';

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  let harness: Harness;
  let aino = '';
  let bo = '';
  const now = new Date();
  // Old days well before the cutoff (13 months), each a UTC noon so the fold's UTC day is plain.
  const noonOf = (msAgo: number) => new Date(Math.floor((now.getTime() - msAgo) / DAY_MS) * DAY_MS + 12 * 3_600_000);
  const dayA = noonOf(16 * MONTH_MS);
  const dayB = noonOf(15 * MONTH_MS);
  const dayC = noonOf(14 * MONTH_MS + 10 * DAY_MS);
  const recent = noonOf(MONTH_MS);
  const isoDay = (at: Date) => at.toISOString().slice(0, 10);

  const db = () => harness.db.database.db;
  const eventsOn = async (at: Date) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from link_events where (at at time zone 'UTC')::date = ${isoDay(at)}::date`.execute(db())).rows[0]!.n,
    );
  const run = (batchSize = 2) =>
    harness.client.workflow.execute(retentionRound, {
      taskQueue: harness.taskQueue,
      workflowId: `test-retention-${randomUUID()}`,
      args: [{ at: now.toISOString(), batchSize }],
    });
  const tally = () => harness.client.workflow.execute(pointsTally, { taskQueue: harness.taskQueue, workflowId: `test-tally-${randomUUID()}` });
  const figures = async () => ({
    report: await buildReport(harness.store, harness.config, now),
    board: await harness.store.points.board({}),
    uniqueClicks: await harness.store.analytics.uniqueClicks(isoDay(noonOf(20 * MONTH_MS))),
    points: await db().selectFrom('points').select(['advocate_id', 'points', 'key']).orderBy('id').execute(),
  });

  beforeAll(async () => {
    harness = await startHarness({
      database: kind,
      configInput: testConfigInput([{ id: 'news', kind: 'feed', url: 'https://news.testcity.example/feed.xml' }], {
        analytics: { weeks: 104 },
        privacy: { retention: { linkEventMonths: 13 } },
      }),
    });
    await harness.store.sources.sync(harness.config.sources);
    await harness.store.items.insertNew(
      [URL_A, URL_B].map((url) => ({
        id: itemIdFor(url),
        url,
        source_id: 'news',
        title: url,
        summary: null,
        image_url: null,
        author: null,
        language: 'fi',
        topics: '[]',
        categories: '[]',
        published_at: dayA,
        approval_started_at: null,
      })),
    );
    const base = { language: 'fi' as const, timeZone: 'Europe/Helsinki', topics: [], networks: ['linkedin' as const], mastodonInstance: null };
    await harness.store.advocates.upsert([
      { ...base, email: 'aino@testcity.example', name: 'Aino', branch: 'Library' },
      { ...base, email: 'bo@testcity.example', name: 'Bo', branch: 'Schools' },
    ]);
    aino = String((await harness.store.advocates.byEmail('aino@testcity.example'))!.id);
    bo = String((await harness.store.advocates.byEmail('bo@testcity.example'))!.id);
    const a = itemIdFor(URL_A);
    const b = itemIdFor(URL_B);
    await db()
      .insertInto('link_events')
      .values([
        { kind: 'share_opened', advocate_id: aino, item_id: a, network: 'linkedin', visitor: null, at: dayA },
        { kind: 'share', advocate_id: aino, item_id: a, network: 'linkedin', visitor: null, at: dayA },
        { kind: 'click', advocate_id: aino, item_id: a, network: 'linkedin', visitor: 'v1', at: dayA },
        { kind: 'click', advocate_id: aino, item_id: a, network: 'linkedin', visitor: 'v1', at: dayA },
        { kind: 'click', advocate_id: aino, item_id: a, network: 'linkedin', visitor: 'v2', at: dayA },
        { kind: 'click', advocate_id: aino, item_id: a, network: 'linkedin', visitor: 'v3', bot: true, at: dayA },
        { kind: 'share', advocate_id: bo, item_id: a, network: 'x', visitor: null, at: dayB },
        { kind: 'click', advocate_id: bo, item_id: a, network: null, visitor: 'v4', at: dayB },
        { kind: 'share', advocate_id: bo, item_id: b, network: 'linkedin', visitor: null, at: recent },
        { kind: 'click', advocate_id: bo, item_id: b, network: 'linkedin', visitor: 'v5', at: recent },
      ])
      .execute();
    await tally();
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('the worker keeps one retention Schedule: daily at 03:15 in the programme time zone, unchanged on a second start', async () => {
    const options = { client: harness.client, taskQueue: harness.taskQueue, timeZone: 'Europe/Helsinki', heartbeatTimeoutMs: 30_000, log: quietLog };
    expect(await reconcileRetentionSchedule(options)).toBe('created');
    expect(await reconcileRetentionSchedule(options)).toBe('unchanged');
    const handle = harness.client.schedule.getHandle(retentionScheduleId(harness.taskQueue));
    try {
      const description = await handle.describe();
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionRound', taskQueue: harness.taskQueue });
      expect(description.spec.timezone).toBe('Europe/Helsinki');
      expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] });
      expect(await reconcileRetentionSchedule({ ...options, timeZone: 'Europe/Copenhagen' })).toBe('updated');
    } finally {
      await handle.delete();
    }
  });

  test('the cutoff is 13 calendar months back; the 31st of a shorter month is its last day', () => {
    expect(retentionCutoff(new Date('2026-12-02T03:15:00Z'), 13)).toBe('2025-11-02');
    expect(retentionCutoff(new Date('2026-03-31T03:15:00Z'), 1)).toBe('2026-02-28');
  });

  test('old days folded into daily totals and deleted in batches; the analytics, leaderboard and points the same; a day the tally has not read stays', async () => {
    const a = itemIdFor(URL_A);
    // Written after the tally: neither consumer has read these, though they are as old as the rest.
    await db()
      .insertInto('link_events')
      .values([
        { kind: 'share', advocate_id: aino, item_id: a, network: 'linkedin', visitor: null, at: dayC },
        { kind: 'click', advocate_id: aino, item_id: a, network: 'linkedin', visitor: 'v6', at: dayC },
      ])
      .execute();
    const before = await figures();
    // v1 and v2 on day A, v4 on day B, v5 last month (v1's repeat and v3, a bot, are not unique human clicks).
    expect(before.uniqueClicks).toBe(4);

    const result = await run(2);

    expect(result).toMatchObject({ folded: 2, deleted: 8, waitingOn: isoDay(dayC) });
    expect([await eventsOn(dayA), await eventsOn(dayB), await eventsOn(dayC), await eventsOn(recent)]).toEqual([0, 0, 2, 2]);
    expect(await figures()).toEqual(before);
    const folds = await db().selectFrom('link_event_folds').select(['events']).orderBy('day').execute();
    expect(folds.map((f) => f.events)).toEqual([6, 2]);
    const daysA = (await harness.store.retention.days(isoDay(dayA))).map((r) => [r.kind, r.network, r.branch, r.events, r.human_events, r.visitors]);
    expect(daysA).toEqual(
      expect.arrayContaining([
        ['click', 'linkedin', 'Library', 4, 3, 3],
        ['share', 'linkedin', 'Library', 1, 1, 0],
        ['share_opened', 'linkedin', 'Library', 1, 1, 0],
      ]),
    );
    expect(daysA).toHaveLength(3);
    expect((await harness.store.retention.days(isoDay(dayB))).map((r) => [r.kind, r.network, r.branch, r.events])).toEqual([
      ['click', '', 'Schools', 1],
      ['share', 'x', 'Schools', 1],
    ]);
  });

  test('a rerun changes nothing; with only the analytics past the day it still waits; after the tally the day goes too', async () => {
    const daysBefore = await db()
      .selectFrom('link_event_days')
      .selectAll()
      .orderBy('day')
      .orderBy('item_id')
      .orderBy('kind')
      .orderBy('network')
      .orderBy('branch')
      .execute();
    expect(await run()).toMatchObject({ folded: 0, deleted: 0, waitingOn: isoDay(dayC) });
    expect(
      await db().selectFrom('link_event_days').selectAll().orderBy('day').orderBy('item_id').orderBy('kind').orderBy('network').orderBy('branch').execute(),
    ).toEqual(daysBefore);

    // The analytics has read everything, the points tally not: the points cursor alone holds the day back.
    await sql`update points_cursor set last_event_id = (select max(id) from link_events) where name = 'analytics'`.execute(db());
    expect(await run()).toMatchObject({ folded: 0, deleted: 0, waitingOn: isoDay(dayC) });
    expect(await eventsOn(dayC)).toBe(2);

    await tally();
    const pointsAfterTally = await db().selectFrom('points').select(['advocate_id', 'points']).orderBy('id').execute();
    expect(await run()).toMatchObject({ folded: 1, deleted: 2, waitingOn: null });
    expect(await eventsOn(dayC)).toBe(0);
    expect(await eventsOn(recent)).toBe(2);
    expect(await db().selectFrom('points').select(['advocate_id', 'points']).orderBy('id').execute()).toEqual(pointsAfterTally);
  });

  test('a round killed between folding a day and deleting it: the next round deletes what the fold counted, and folds nothing twice', async () => {
    const a = itemIdFor(URL_A);
    const dayD = noonOf(13 * MONTH_MS + 20 * DAY_MS);
    await db()
      .insertInto('link_events')
      .values([1, 2, 3].map((n) => ({ kind: 'click' as const, advocate_id: bo, item_id: a, network: 'x' as const, visitor: `d${n}`, at: dayD })))
      .execute();
    await tally();
    // The fold step alone, as a worker would leave it if it died before the deletion.
    expect(await harness.store.retention.foldNextDay(retentionCutoff(now, 13))).toEqual({ folded: isoDay(dayD), events: 3 });
    expect(await eventsOn(dayD)).toBe(3);
    expect(await run(1)).toMatchObject({ folded: 0, deleted: 3 });
    expect(await eventsOn(dayD)).toBe(0);
    expect((await harness.store.retention.days(isoDay(dayD))).map((r) => r.events)).toEqual([3]);
  });
});
