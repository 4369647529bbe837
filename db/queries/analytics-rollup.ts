import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

// The analytics rollups (migration 0009), kept by the points tally inside its transaction: link events folded
// into per-day rows past the `analytics` cursor, and the digest funnel counted digest by digest. Both are safe to
// replay: a rollup row remembers the last event it holds, and a digest what the funnel has counted of it.

export interface FoldResult {
  /** Link events read in this pass. */
  events: number;
  /** Digests the funnel counted (or counted further) in this pass. */
  digests: number;
  /** More events or digests wait after this pass. */
  more: boolean;
}

/**
 * Folds up to `limit` link events past the `analytics` cursor into the rollups and moves the cursor, then counts
 * up to `limit` digests into the funnel. Runs inside the tally's transaction (`trx`), whose cursor lock makes
 * passes run one at a time. `zone`: the programme's time zone, whose calendar days the rows are.
 */
export async function foldAnalytics(trx: Kysely<Database>, zone: string, limit: number): Promise<FoldResult> {
  const cursor = await sql<{ last_event_id: string }>`select last_event_id from points_cursor where name = 'analytics' for update`.execute(trx);
  const after = cursor.rows[0]?.last_event_id ?? '0';
  const range = await sql<{ upto: string | null; n: string }>`
    select max(id) as upto, count(*) as n from (select id from link_events where id > ${after} order by id limit ${limit}) e`.execute(trx);
  const upto = range.rows[0]?.upto ?? null;
  const events = Number(range.rows[0]?.n ?? 0);
  if (upto !== null) {
    await foldEvents(trx, zone, after, upto);
    await sql`update points_cursor set last_event_id = ${upto} where name = 'analytics'`.execute(trx);
  }
  const digests = await countFunnel(trx, zone, limit);
  return { events, digests, more: events === limit || digests === limit };
}

/** Link events (after, upto] into analytics_daily and item_daily; a share marks the digest it came from as shared. */
async function foldEvents(trx: Kysely<Database>, zone: string, after: string, upto: string): Promise<void> {
  await sql`
    with ev as (
      select e.id, e.kind, e.bot, e.network, e.item_id, (e.at at time zone ${zone})::date as day, i.source_id, a.branch,
        -- a click is unique when it is the first of its advocate, item and visitor, as the points count it
        (e.kind = 'click' and not e.bot and e.visitor is not null and not exists (
          select 1 from link_events p
          where p.advocate_id = e.advocate_id and p.item_id = e.item_id and p.visitor = e.visitor and p.id < e.id
            and p.kind = 'click' and not p.bot and p.visitor is not null)) as unique_click
      from link_events e join items i on i.id = e.item_id join advocates a on a.id = e.advocate_id
      where e.id > ${after} and e.id <= ${upto}
    ),
    cells as (
      select id, kind, bot, unique_click, day, 'source' as dimension, source_id as key from ev
      union all select id, kind, bot, unique_click, day, 'branch', branch from ev
      union all select id, kind, bot, unique_click, day, 'network', network from ev
    ),
    fresh_cells as (
      select c.* from cells c
      left join analytics_daily r on r.dimension = c.dimension and r.day = c.day and r.key is not distinct from c.key
      where r.through_event_id is null or c.id > r.through_event_id
    ),
    fresh_items as (
      select ev.* from ev
      left join item_daily r on r.item_id = ev.item_id and r.day = ev.day and r.network is not distinct from ev.network
      where r.through_event_id is null or ev.id > r.through_event_id
    ),
    programme as (
      insert into analytics_daily (dimension, day, key, opened, shares, clicks, through_event_id)
      select dimension, day, key, count(*) filter (where kind = 'share_opened'), count(*) filter (where kind = 'share' and not bot),
        count(*) filter (where unique_click), max(id)
      from fresh_cells group by dimension, day, key
      on conflict on constraint analytics_daily_key do update set
        opened = analytics_daily.opened + excluded.opened, shares = analytics_daily.shares + excluded.shares,
        clicks = analytics_daily.clicks + excluded.clicks, through_event_id = excluded.through_event_id
      returning 1
    ),
    per_item as (
      insert into item_daily (item_id, day, network, opened, shares, clicks, through_event_id)
      select item_id, day, network, count(*) filter (where kind = 'share_opened'), count(*) filter (where kind = 'share' and not bot),
        count(*) filter (where unique_click), max(id)
      from fresh_items group by item_id, day, network
      on conflict on constraint item_daily_key do update set
        opened = item_daily.opened + excluded.opened, shares = item_daily.shares + excluded.shares,
        clicks = item_daily.clicks + excluded.clicks, through_event_id = excluded.through_event_id
      returning 1
    ),
    shared as (
      -- the first share of one of a sent digest's items after it went; the funnel counts it at its next pass
      update digests d set shared_at = s.at from (
        select dg.id, min(e.at) as at from link_events e
        join digest_items di on di.advocate_id = e.advocate_id and di.item_id = e.item_id
        join digests dg on dg.id = di.digest_id and dg.state = 'sent' and e.at >= dg.sent_at
        where e.id > ${after} and e.id <= ${upto} and e.kind = 'share' and not e.bot
        group by dg.id) s
      where d.id = s.id and d.shared_at is null
      returning 1
    )
    select (select count(*) from programme) as cells, (select count(*) from per_item) as items, (select count(*) from shared) as shared`.execute(trx);
}

/**
 * Counts up to `limit` digests into the funnel: those sent and not counted yet, and those opened or shared
 * since they were. A digest counted for the first time is checked for shares of its items made before it was
 * (a share tallied while its digest was still being recorded as sent), and adds to its items' reach.
 */
async function countFunnel(trx: Kysely<Database>, zone: string, limit: number): Promise<number> {
  const result = await sql<{ n: string }>`
    with due as (
      select id from digests
      -- a sent digest without its moment (written by hand) is left out rather than failing the tally it rides with
      where state = 'sent' and sent_at is not null and (funnel_counted = 0 or (funnel_counted < 2 and opened_at is not null) or (funnel_counted < 3 and shared_at is not null))
      order by id limit ${limit}
      for update skip locked
    ),
    -- materialized: the share lookup runs once per digest, not once for each place the update reads it
    found as materialized (
      select d.id, d.period, d.sent_at, d.opened_at, d.funnel_counted as counted,
        coalesce(d.shared_at, case when d.funnel_counted = 0 then (
          select min(e.at) from digest_items di
          join link_events e on e.advocate_id = di.advocate_id and e.item_id = di.item_id and e.kind = 'share' and not e.bot and e.at >= d.sent_at
          where di.digest_id = d.id) end) as shared_at
      from digests d join due on due.id = d.id
    ),
    counted as (
      update digests d set shared_at = f.shared_at,
        funnel_counted = case when f.shared_at is not null then 3 when f.opened_at is not null then 2 else 1 end
      from found f where d.id = f.id
      returning f.id, f.period, f.sent_at, f.opened_at, f.shared_at, f.counted
    ),
    funnel as (
      insert into digest_funnel_daily (day, period, sent, opened, shared)
      select (sent_at at time zone ${zone})::date, period, count(*) filter (where counted < 1),
        count(*) filter (where counted < 2 and (opened_at is not null or shared_at is not null)), count(*) filter (where counted < 3 and shared_at is not null)
      from counted group by 1, 2
      on conflict (day, period) do update set
        sent = digest_funnel_daily.sent + excluded.sent, opened = digest_funnel_daily.opened + excluded.opened, shared = digest_funnel_daily.shared + excluded.shared
      returning 1
    ),
    reach as (
      insert into item_digests (item_id, period, digests)
      select di.item_id, c.period, count(*) from counted c join digest_items di on di.digest_id = c.id where c.counted = 0 group by 1, 2
      on conflict (item_id, period) do update set digests = item_digests.digests + excluded.digests
      returning 1
    )
    select (select count(*) from counted) as n, (select count(*) from funnel) as f, (select count(*) from reach) as r`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}
