import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Network } from '../../model/item.js';

// What the admin page's analytics read: the rollups the points tally keeps (analytics-rollup.ts), a few thousand
// rows for any history, and the items themselves for approvals and hashtags. Clicks count unique human visitors
// (bots and repeats left out), as the points do; shares count advocates going on from kaiku's share page to a
// network's dialog (never a bot's), and "opened" the share pages opened, which link scanners open too. Weeks
// start on Monday and days are the programme's (`zone`); `from` is a local date, the first day counted.

export type AnalyticsDimensionLabel = 'source' | 'contentType' | 'branch' | 'network';

export interface DimensionRow {
  label: string;
  opened: number;
  shares: number;
  clicks: number;
}

export interface ItemReach {
  /** Digests that carried the item, per run (period), oldest first. */
  digests: { period: string; digests: number }[];
  /** Share pages opened, shares and unique clicks per network (null: the visitor's page did not say). */
  networks: { network: Network | null; opened: number; shares: number; clicks: number }[];
  /** The same per week (the Monday's date), oldest first. */
  weeks: { week: string; opened: number; shares: number; clicks: number }[];
}

/** A local date as the instant it begins in `zone`, for the queries that read the items table. */
const startOf = (day: string, zone: string) => sql`(${day}::date::timestamp at time zone ${zone})`;

export function analyticsQueries(db: Kysely<Database>) {
  const rows = async <T>(query: ReturnType<typeof sql<T>>): Promise<T[]> => (await query.execute(db)).rows;
  // Sums come back as numeric strings: the callers get numbers.
  const numbers = <T>(row: T, keys: (keyof T & string)[]): T => {
    const record = row as Record<string, unknown>;
    for (const key of keys) record[key] = Number(record[key] ?? 0);
    return row;
  };

  return {
    /** Share pages opened, shares and unique clicks per week from `from` to `to` (local dates), every week listed. */
    async weekly(from: string, to: string) {
      const result = await rows(sql<{ week: string; opened: number; shares: number; clicks: number }>`
        with weeks as (select generate_series(date_trunc('week', ${from}::date), date_trunc('week', ${to}::date), interval '1 week')::date as week),
        counted as (
          select date_trunc('week', day)::date as week, sum(opened) as opened, sum(shares) as shares, sum(clicks) as clicks
          from analytics_daily where dimension = 'source' and day >= ${from}::date and day <= ${to}::date group by 1)
        select weeks.week::text as week, coalesce(c.opened, 0) as opened, coalesce(c.shares, 0) as shares, coalesce(c.clicks, 0) as clicks
        from weeks left join counted c on c.week = weeks.week order by weeks.week`);
      return result.map((row) => numbers(row, ['opened', 'shares', 'clicks']));
    },

    /** Share pages opened, shares and unique clicks since `from`, by source, content type, branch or network. */
    async by(dimension: AnalyticsDimensionLabel, from: string): Promise<DimensionRow[]> {
      const stored = dimension === 'contentType' ? 'source' : dimension;
      const label = {
        source: sql`src.name`,
        contentType: sql`coalesce(src.settings -> 'settings' ->> 'contentType', src.kind)`,
        branch: sql`coalesce(r.key, '(no branch)')`,
        network: sql`coalesce(r.key, '(unknown)')`,
      }[dimension];
      const result = await rows(sql<DimensionRow>`
        select ${label} as label, sum(r.opened) as opened, sum(r.shares) as shares, sum(r.clicks) as clicks
        from analytics_daily r ${stored === 'source' ? sql`join sources src on src.id = r.key` : sql``}
        where r.dimension = ${stored} and r.day >= ${from}::date
        group by 1 order by shares desc, clicks desc, label`);
      return result.map((row) => numbers(row, ['opened', 'shares', 'clicks']));
    },

    /** Items decided per week (and of them, approved), with the median and 90th percentile hours from request to decision. */
    approvalTimes(from: string, zone: string) {
      return rows(sql<{ week: string; decided: string; approved: string; median_hours: number | null; p90_hours: number | null }>`
        select date_trunc('week', decided_at at time zone ${zone})::date::text as week, count(*) as decided,
          count(*) filter (where state = 'approved') as approved,
          round((percentile_cont(0.5) within group (order by extract(epoch from decided_at - coalesce(approval_started_at, discovered_at))) / 3600)::numeric, 1)::float8 as median_hours,
          round((percentile_cont(0.9) within group (order by extract(epoch from decided_at - coalesce(approval_started_at, discovered_at))) / 3600)::numeric, 1)::float8 as p90_hours
        from items where decided_at >= ${startOf(from, zone)} and state in ('approved', 'rejected') and decided_via <> 'system'
        group by 1 order by 1`);
    },

    /** Digests sent per week since `from`, how many were opened, and how many led to a share of one of their items. */
    async digestFunnel(from: string) {
      const result = await rows(sql<{ week: string; sent: number; opened: number; shared: number }>`
        select date_trunc('week', day)::date::text as week, sum(sent) as sent, sum(opened) as opened, sum(shared) as shared
        from digest_funnel_daily where day >= ${from}::date group by 1 order by 1`);
      return result.map((row) => numbers(row, ['sent', 'opened', 'shared']));
    },

    /** Approved items per week and how many carry each of the programme's hashtags in a caption. */
    async hashtags(from: string, zone: string, tags: readonly string[]) {
      const counts = tags.map(
        (tag, index) => sql`count(*) filter (where captions::text ilike ${`%${tag.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) as ${sql.ref(`t${index}`)}`,
      );
      return rows(sql<Record<string, unknown> & { week: string; approved: string }>`
        select date_trunc('week', decided_at at time zone ${zone})::date::text as week, count(*) as approved ${counts.length > 0 ? sql`, ${sql.join(counts)}` : sql``}
        from items where state = 'approved' and decided_at >= ${startOf(from, zone)} and captions is not null
        group by 1 order by 1`);
    },

    /** Unique human clicks since `from`: what the earned-media value is counted from. */
    async uniqueClicks(from: string): Promise<number> {
      const [row] = await rows(
        sql<{ n: string }>`select coalesce(sum(clicks), 0) as n from analytics_daily where dimension = 'source' and day >= ${from}::date`,
      );
      return Number(row?.n ?? 0);
    },

    /** How far the rollups have got: link events not folded in yet (the tally folds them within a minute). */
    async behind(): Promise<number> {
      const [row] = await rows(sql<{ n: string }>`
        select count(*) as n from link_events where id > (select last_event_id from points_cursor where name = 'analytics')`);
      return Number(row?.n ?? 0);
    },

    /** Where an item went: the digests that carried it, and its share pages, shares and clicks by network and week. */
    async itemReach(itemId: string): Promise<ItemReach> {
      const [digests, networks, weeks] = await Promise.all([
        rows(sql<{ period: string; digests: number }>`select period, digests from item_digests where item_id = ${itemId} order by period`),
        rows(sql<ItemReach['networks'][number]>`
          select network, sum(opened) as opened, sum(shares) as shares, sum(clicks) as clicks from item_daily where item_id = ${itemId}
          group by network order by shares desc, clicks desc, network nulls last`),
        rows(sql<ItemReach['weeks'][number]>`
          select date_trunc('week', day)::date::text as week, sum(opened) as opened, sum(shares) as shares, sum(clicks) as clicks from item_daily
          where item_id = ${itemId} group by 1 order by 1`),
      ]);
      return {
        digests: digests.map((row) => numbers(row, ['digests'])),
        networks: networks.map((row) => numbers(row, ['opened', 'shares', 'clicks'])),
        weeks: weeks.map((row) => numbers(row, ['opened', 'shares', 'clicks'])),
      };
    },
  };
}
