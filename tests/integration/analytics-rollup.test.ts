import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createStore, type Store } from '../../db/store.js';
import type { Database } from '../../db/schema.js';
import type { PointRules } from '../../db/queries/points.js';
import { localDate, monthOf, monthWindow, weekWindow } from '../../rules/digests/digest-moment.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';

// The rollups must never drift from the raw events they are folded from. A seeded programme (sources, branches,
// digests and their items, share pages opened, shares and clicks with bots, repeat visitors and no visitor,
// events arriving out of order) spans both of Europe/Helsinki's DST changes of 2026 (29 March, 25 October), with
// events at local midnights and in the skipped and repeated hours. Every figure the analytics and leaderboards
// read is computed again here from the raw rows, in JavaScript, with its own local days, and compared: after
// tallies in small passes, after the cursors are rolled back to 0 and part way (replayed tallies), and after
// more events, opens and digests arrive.

const ZONE = 'Europe/Helsinki';
const RULES: PointRules = { share: 10, click: 2, clickCapPerItem: 6, suggestionApproved: 25 };
const NETWORKS = ['linkedin', 'x', 'facebook', null] as const;
const BRANCHES = ['Helsinki', 'Espoo', null] as const;
// Digest runs (Mondays) on both sides of each DST change, and the instants around them that test day boundaries.
const PERIODS = ['2026-03-23', '2026-03-30', '2026-10-19', '2026-10-26'];
// 00:15 local on each run's Monday: the Sunday before in UTC (EET is UTC+2, EEST UTC+3).
const SENT_AT: Record<string, string> = {
  '2026-03-23': '2026-03-22T22:15:00Z',
  '2026-03-30': '2026-03-29T21:15:00Z',
  '2026-10-19': '2026-10-18T21:15:00Z',
  '2026-10-26': '2026-10-25T22:15:00Z',
};
const EDGES = [
  '2026-03-28T21:59:59Z', // 23:59:59 on the 28th (EET)
  '2026-03-28T22:00:00Z', // 00:00 on the 29th (EET): the day of the change
  '2026-03-29T00:59:59Z', // 02:59:59 EET, just before the clocks go forward
  '2026-03-29T01:00:00Z', // 04:00 EEST: the hour 03:00–04:00 does not exist
  '2026-03-29T20:59:59Z', // 23:59:59 EEST on the 29th (a 23-hour day)
  '2026-03-29T21:00:00Z', // 00:00 EEST on the 30th, a Monday: a new week
  '2026-10-24T20:59:59Z', // 23:59:59 EEST on the 24th
  '2026-10-24T21:00:00Z', // 00:00 EEST on the 25th, the day of the change
  '2026-10-25T00:30:00Z', // 03:30 EEST, the first time
  '2026-10-25T01:30:00Z', // 03:30 EET, the second time
  '2026-10-25T21:59:59Z', // 23:59:59 EET on the 25th (a 25-hour day), a Sunday
  '2026-10-25T22:00:00Z', // 00:00 EET on the 26th, a Monday: a new week
];

/** A small deterministic generator (mulberry32): the same data set every run. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!, chance: (p: number) => next() < p };
}

interface Raw {
  items: { id: string; source_id: string }[];
  sources: { id: string; name: string; kind: string; settings: { settings?: { contentType?: string } } }[];
  advocates: { id: string; branch: string | null }[];
  digests: { id: string; advocate_id: string; period: string; state: string; sent_at: Date | null; opened_at: Date | null }[];
  digestItems: { advocate_id: string; item_id: string; digest_id: string }[];
  events: { id: string; kind: string; advocate_id: string; item_id: string; network: string | null; visitor: string | null; bot: boolean; at: Date }[];
  points: { advocate_id: string; points: number; at: Date }[];
}

async function readRaw(db: Kysely<Database>): Promise<Raw> {
  const all = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  return {
    items: await all(sql`select id, source_id from items`),
    sources: await all(sql`select id, name, kind, settings from sources`),
    advocates: await all(sql`select id::text as id, branch from advocates`),
    digests: await all(sql`select id::text as id, advocate_id::text as advocate_id, period, state, sent_at, opened_at from digests`),
    digestItems: await all(sql`select advocate_id::text as advocate_id, item_id, digest_id::text as digest_id from digest_items`),
    events: await all(
      sql`select id::text as id, kind, advocate_id::text as advocate_id, item_id, network, visitor, bot, at from link_events order by link_events.id`,
    ),
    points: await all(sql`select advocate_id::text as advocate_id, points, at from points`),
  };
}

const mondayOf = (day: string) => {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};
const byLabel = <T extends { label: string }>(rows: T[]) => [...rows].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));

/** The analytics, computed from the raw rows as the issue defines them, with JavaScript's own time zone data. */
function expected(raw: Raw, from: string, to: string) {
  const item = new Map(raw.items.map((i) => [i.id, i]));
  const source = new Map(raw.sources.map((s) => [s.id, s]));
  const branch = new Map(raw.advocates.map((a) => [a.id, a.branch]));
  const seen = new Set<string>();
  const counted = raw.events.map((e) => {
    const visit = `${e.advocate_id}|${e.item_id}|${e.visitor}`;
    const unique = e.kind === 'click' && !e.bot && e.visitor !== null && !seen.has(visit);
    if (unique) seen.add(visit);
    return {
      ...e,
      day: localDate(e.at, ZONE),
      opened: e.kind === 'share_opened' ? 1 : 0,
      shares: e.kind === 'share' && !e.bot ? 1 : 0,
      clicks: unique ? 1 : 0,
    };
  });
  const inWindow = counted.filter((e) => e.day >= from && e.day <= to);
  const sum = (rows: typeof counted) => ({
    opened: rows.reduce((n, e) => n + e.opened, 0),
    shares: rows.reduce((n, e) => n + e.shares, 0),
    clicks: rows.reduce((n, e) => n + e.clicks, 0),
  });
  const group = (label: (e: (typeof counted)[number]) => string) => {
    const groups = new Map<string, typeof counted>();
    for (const e of inWindow) groups.set(label(e), [...(groups.get(label(e)) ?? []), e]);
    return byLabel([...groups].map(([name, rows]) => ({ label: name, ...sum(rows) })));
  };
  const weeks: { week: string; opened: number; shares: number; clicks: number }[] = [];
  for (let week = mondayOf(from); week <= mondayOf(to); week = new Date(Date.parse(`${week}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10))
    weeks.push({ week, ...sum(inWindow.filter((e) => mondayOf(e.day) === week)) });

  const sharesOf = (digestId: string, advocateId: string, sentAt: Date) => {
    const items = new Set(raw.digestItems.filter((di) => di.digest_id === digestId).map((di) => di.item_id));
    return raw.events.some((e) => e.kind === 'share' && !e.bot && e.advocate_id === advocateId && items.has(e.item_id) && e.at >= sentAt);
  };
  const funnel = new Map<string, { week: string; sent: number; opened: number; shared: number }>();
  for (const d of raw.digests.filter((d) => d.state === 'sent')) {
    const day = localDate(d.sent_at!, ZONE);
    if (day < from) continue;
    const week = mondayOf(day);
    const row = funnel.get(week) ?? { week, sent: 0, opened: 0, shared: 0 };
    const shared = sharesOf(d.id, d.advocate_id, d.sent_at!);
    row.sent++;
    if (shared || d.opened_at) row.opened++;
    if (shared) row.shared++;
    funnel.set(week, row);
  }
  const reach = (itemId: string) => {
    const sent = new Map(raw.digests.filter((d) => d.state === 'sent').map((d) => [d.id, d]));
    const periods = new Map<string, number>();
    for (const di of raw.digestItems.filter((di) => di.item_id === itemId && sent.has(di.digest_id))) {
      const period = sent.get(di.digest_id)!.period;
      periods.set(period, (periods.get(period) ?? 0) + 1);
    }
    const mine = counted.filter((e) => e.item_id === itemId);
    const networks = new Map<string | null, typeof counted>();
    for (const e of mine) networks.set(e.network, [...(networks.get(e.network) ?? []), e]);
    const perWeek = new Map<string, typeof counted>();
    for (const e of mine) perWeek.set(mondayOf(e.day), [...(perWeek.get(mondayOf(e.day)) ?? []), e]);
    return {
      digests: [...periods].sort().map(([period, digests]) => ({ period, digests })),
      networks: [...networks].map(([network, rows]) => ({ network, ...sum(rows) })).sort((a, b) => String(a.network).localeCompare(String(b.network))),
      weeks: [...perWeek].sort().map(([week, rows]) => ({ week, ...sum(rows) })),
    };
  };
  return {
    weekly: weeks,
    bySource: group((e) => source.get(item.get(e.item_id)!.source_id)!.name),
    byContentType: group((e) => {
      const s = source.get(item.get(e.item_id)!.source_id)!;
      return s.settings.settings?.contentType ?? s.kind;
    }),
    byBranch: group((e) => branch.get(e.advocate_id) ?? '(no branch)'),
    byNetwork: group((e) => e.network ?? '(unknown)'),
    funnel: [...funnel.values()].sort((a, b) => a.week.localeCompare(b.week)),
    uniqueClicks: sum(inWindow).clicks,
    reach,
  };
}

/** What the store reads from the rollups, in the shape of `expected`. */
async function fromRollups(store: Store, from: string, to: string) {
  return {
    weekly: await store.analytics.weekly(from, to),
    bySource: byLabel(await store.analytics.by('source', from)),
    byContentType: byLabel(await store.analytics.by('contentType', from)),
    byBranch: byLabel(await store.analytics.by('branch', from)),
    byNetwork: byLabel(await store.analytics.by('network', from)),
    funnel: await store.analytics.digestFunnel(from),
    uniqueClicks: await store.analytics.uniqueClicks(from),
  };
}

/** The leaderboards' windows (every week and month with points, and all time), each summed from the ledger rows. */
function expectedBoards(raw: Raw) {
  const windows = new Map<string, { from?: Date; to?: Date }>([['all', {}]]);
  for (const p of raw.points) {
    const week = weekWindow(p.at, ZONE);
    const month = monthWindow(monthOf(p.at, ZONE), ZONE);
    windows.set(`week ${week.from.toISOString()}`, week);
    windows.set(`month ${month.from.toISOString()}`, month);
  }
  const branch = new Map(raw.advocates.map((a) => [a.id, a.branch]));
  return [...windows].map(([name, window]) => {
    const totals = new Map<string, { points: number; first: number }>();
    for (const p of raw.points.filter((p) => (!window.from || p.at >= window.from) && (!window.to || p.at < window.to))) {
      const t = totals.get(p.advocate_id) ?? { points: 0, first: Infinity };
      totals.set(p.advocate_id, { points: t.points + p.points, first: Math.min(t.first, p.at.getTime()) });
    }
    const ordered = [...totals]
      .map(([advocateId, t]) => ({ advocateId, ...t }))
      .sort((a, b) => b.points - a.points || a.first - b.first || Number(a.advocateId) - Number(b.advocateId));
    const rank = (points: number) => 1 + ordered.filter((t) => t.points > points).length;
    return {
      name,
      window,
      totals: ordered.map((t) => ({ advocateId: t.advocateId, points: t.points, firstAt: new Date(t.first) })),
      board: ordered.slice(0, 5).map((t) => ({ advocateId: t.advocateId, rank: rank(t.points), points: t.points })),
      helsinki: ordered
        .filter((t) => branch.get(t.advocateId) === 'Helsinki')
        .slice(0, 5)
        .map((t, _i, list) => ({ advocateId: t.advocateId, rank: 1 + list.filter((o) => o.points > t.points).length, points: t.points })),
      standings: new Map(
        raw.advocates.map((a) => [
          a.id,
          totals.has(a.id)
            ? { points: totals.get(a.id)!.points, rank: rank(totals.get(a.id)!.points), of: ordered.length }
            : { points: 0, rank: null, of: ordered.length },
        ]),
      ),
    };
  });
}

describe.each(DATABASE_KINDS)('rollups on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Kysely<Database>;
  let store: Store;
  const random = generator(20);
  const itemIds: string[] = [];
  const advocateIds: string[] = [];
  const from = '2026-03-16';
  const to = '2026-11-08';

  /** A link event at `at`, of a random kind, advocate, item and network; some bots, repeat visitors and no visitor. */
  const randomEvent = (at: Date) => {
    const kind = random.pick(['share_opened', 'share', 'click', 'click', 'click'] as const);
    return {
      kind,
      advocate_id: random.pick(advocateIds),
      item_id: random.pick(itemIds),
      network: random.pick(NETWORKS),
      visitor: kind === 'click' ? (random.chance(0.1) ? null : `v${Math.floor(random.next() * 12)}`) : null,
      bot: random.chance(0.15),
      at,
    };
  };
  const nearEdge = () => new Date(Date.parse(random.pick(EDGES)) + Math.floor(random.next() * 3 - 1) * (random.chance(0.5) ? 1000 : 3_600_000));
  const inPeriods = () => new Date(Date.parse(`${random.pick(PERIODS)}T06:00:00Z`) + random.next() * 9 * 86_400_000);

  async function tallyAll(limit: number): Promise<number> {
    let passes = 0;
    for (let more = true; more; passes++) more = (await store.points.tally(RULES, limit, ZONE)).more;
    return passes;
  }

  async function expectNoDrift(): Promise<void> {
    const raw = await readRaw(db);
    for (const [start, end] of [
      [from, to],
      ['2026-03-29', '2026-03-30'],
      ['2026-03-30', to],
      ['2026-10-25', '2026-10-26'],
      ['2026-10-26', to],
    ] as const) {
      const want = expected(raw, start, end);
      const got = await fromRollups(store, start, end);
      expect(got.weekly, `weekly from ${start} to ${end}`).toEqual(want.weekly);
      if (end === to) {
        expect(got.bySource, `by source since ${start}`).toEqual(want.bySource);
        expect(got.byContentType).toEqual(want.byContentType);
        expect(got.byBranch).toEqual(want.byBranch);
        expect(got.byNetwork).toEqual(want.byNetwork);
        expect(got.funnel, `funnel since ${start}`).toEqual(want.funnel);
        expect(got.uniqueClicks).toBe(want.uniqueClicks);
      }
    }
    const all = expected(raw, from, to);
    for (const itemId of itemIds) {
      const reach = await store.analytics.itemReach(itemId);
      expect({ ...reach, networks: [...reach.networks].sort((a, b) => String(a.network).localeCompare(String(b.network))) }, itemId).toEqual(all.reach(itemId));
    }
    for (const board of expectedBoards(raw)) {
      expect(await store.points.totals(board.window), board.name).toEqual(board.totals);
      expect(
        (await store.points.board({ ...board.window, limit: 5 })).map(({ advocateId, rank, points }) => ({ advocateId, rank, points })),
        board.name,
      ).toEqual(board.board);
      expect(
        (await store.points.board({ ...board.window, branch: 'Helsinki', limit: 5 })).map(({ advocateId, rank, points }) => ({ advocateId, rank, points })),
      ).toEqual(board.helsinki);
      expect(await store.points.standings(advocateIds, board.window)).toEqual(board.standings);
    }
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
    db = testDb.database.db;
    store = createStore(db);
    await sql`insert into sources (id, kind, name, url, topics, settings, fetch_state) values
      ('news', 'feed', 'City news', 'https://news.example/feed', '[]', '{"settings":{"contentType":"blog"}}', '{}'),
      ('jobs', 'feed', 'Jobs', 'https://jobs.example/feed', '[]', '{"settings":{"contentType":"jobs"}}', '{}'),
      ('tube', 'youtube', 'Our channel', 'https://tube.example/feed', '[]', '{}', '{}')`.execute(db);
    for (const [index, period] of PERIODS.entries())
      for (const n of [0, 1, 2]) {
        const id = `itm_${period.replace(/-/g, '')}_${n}`;
        itemIds.push(id);
        await db
          .insertInto('items')
          .values({
            id,
            url: `https://news.example/${id}`,
            source_id: ['news', 'jobs', 'tube'][(index + n) % 3]!,
            title: id,
            topics: '[]',
            categories: '[]',
            state: 'approved',
          })
          .execute();
      }
    for (let n = 0; n < 12; n++) {
      const row = await db
        .insertInto('advocates')
        .values({
          email: `a${n}@example.org`,
          name: `Advocate ${n}`,
          language: 'fi',
          time_zone: ZONE,
          branch: BRANCHES[n % 3] ?? null,
          topics: '[]',
          networks: '["linkedin"]',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      advocateIds.push(String(row.id));
    }
    // Each advocate's digest of each run: the run's three items, sent at 00:15 local (the day before in UTC);
    // some opened, one left unsent, one failed.
    for (const [index, period] of PERIODS.entries())
      for (const [n, advocateId] of advocateIds.entries()) {
        const sentAt = new Date(SENT_AT[period]!);
        const state = n === 11 && index === 1 ? 'planned' : n === 10 && index === 2 ? 'failed' : 'sent';
        const row = await db
          .insertInto('digests')
          .values({
            advocate_id: advocateId,
            period,
            state,
            item_ids: JSON.stringify(itemIds.slice(index * 3, index * 3 + 3)),
            sent_at: state === 'sent' ? sentAt : null,
            opened_at: state === 'sent' && random.chance(0.4) ? new Date(sentAt.getTime() + 3_600_000) : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('digest_items')
          .values(itemIds.slice(index * 3, index * 3 + 3).map((itemId) => ({ advocate_id: advocateId, item_id: itemId, digest_id: String(row.id) })))
          .execute();
      }
    // Link events near the DST edges and through the runs' weeks, inserted out of time order now and then.
    const events = [...Array.from({ length: 160 }, nearEdge), ...Array.from({ length: 480 }, inPeriods)]
      .map(randomEvent)
      .map((event) => ({ event, order: event.at.getTime() + (random.chance(0.1) ? 86_400_000 : 0) }))
      .sort((a, b) => a.order - b.order)
      .map(({ event }) => event);
    for (let start = 0; start < events.length; start += 100)
      await db
        .insertInto('link_events')
        .values(events.slice(start, start + 100))
        .execute();
  }, 120_000);
  afterAll(async () => testDb?.drop());

  test('tallied in small passes, every figure from the rollups equals the raw events’ (across both DST changes)', async () => {
    expect(await tallyAll(37)).toBeGreaterThan(10);
    // a few thousand rows at most: the rollups hold days, not events
    const rows = await sql<{ n: string }>`select count(*) as n from analytics_daily`.execute(db);
    expect(Number(rows.rows[0]!.n)).toBeLessThan(640);
    // the windows the boards read are kept, DST weeks included: no board here summed the ledger
    const kept = await db.selectFrom('point_periods').select(['kind', 'starts_at', 'ends_at']).execute();
    expect(kept).toContainEqual({ kind: 'week', ...renamed(weekWindow(new Date('2026-03-29T12:00:00Z'), ZONE)) });
    expect(kept).toContainEqual({ kind: 'week', ...renamed(weekWindow(new Date('2026-10-25T12:00:00Z'), ZONE)) });
    expect(kept).toContainEqual({ kind: 'month', ...renamed(monthWindow('2026-10', ZONE)) });
    await expectNoDrift();
  });

  test('a replayed tally (cursors rolled back to 0, then part way) counts nothing twice', async () => {
    const before = await sql<{ points: string }>`select sum(points) as points from points`.execute(db);
    await sql`update points_cursor set last_event_id = 0`.execute(db);
    await tallyAll(50);
    await expectNoDrift();
    // part way, not on an earlier pass's boundary
    const middle = await sql<{ id: string }>`select id from link_events order by id offset 301 limit 1`.execute(db);
    await sql`update points_cursor set last_event_id = ${middle.rows[0]!.id}`.execute(db);
    await tallyAll(23);
    await expectNoDrift();
    const after = await sql<{ points: string }>`select sum(points) as points from points`.execute(db);
    expect(after.rows[0]!.points).toBe(before.rows[0]!.points);
  });

  test('events, opens and digests arriving later (some for days already counted) are folded in', async () => {
    const late = [...Array.from({ length: 40 }, nearEdge), ...Array.from({ length: 60 }, inPeriods)].map(randomEvent);
    await db.insertInto('link_events').values(late).execute();
    await db
      .updateTable('digests')
      .set({ opened_at: new Date('2026-10-27T09:00:00Z') })
      .where('period', '=', '2026-10-26')
      .where('opened_at', 'is', null)
      .execute();
    // the digest that was still planned goes out now, and one of its items is shared after it went
    const planned = await db.selectFrom('digests').selectAll().where('state', '=', 'planned').executeTakeFirstOrThrow();
    await db
      .updateTable('digests')
      .set({ state: 'sent', sent_at: new Date('2026-04-01T10:00:00Z') })
      .where('id', '=', planned.id)
      .execute();
    await db
      .insertInto('link_events')
      .values({
        kind: 'share',
        advocate_id: planned.advocate_id,
        item_id: planned.item_ids[0]!,
        network: 'x',
        bot: false,
        at: new Date('2026-04-01T11:00:00Z'),
      })
      .execute();
    await tallyAll(41);
    await expectNoDrift();
  });
});

const renamed = (window: { from: Date; to: Date }) => ({ starts_at: window.from, ends_at: window.to });
