import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

// What the admin page's analytics read. Clicks count unique human visitors (bots and repeats left out), as
// the points do; shares count advocates going on from kaiku's share page to a network's dialog (never a bot's), and
// "opened" the share pages opened, which link scanners open too. Each query returns plain rows the report turns into tables.

export function analyticsQueries(db: Kysely<Database>) {
  const rows = async <T>(query: ReturnType<typeof sql<T>>): Promise<T[]> => (await query.execute(db)).rows;

  return {
    /** Share pages opened, shares and unique clicks per ISO week since `from`. */
    weekly(from: Date) {
      return rows(sql<{ week: Date; opened: string; shares: string; clicks: string }>`
        with weeks as (select generate_series(date_trunc('week', ${from}::timestamptz), date_trunc('week', now()), interval '1 week') as week),
        o as (select date_trunc('week', at) as week, count(*) as n from link_events where kind = 'share_opened' and at >= ${from} group by 1),
        s as (select date_trunc('week', at) as week, count(*) as n from link_events where kind = 'share' and not bot and at >= ${from} group by 1),
        c as (select date_trunc('week', at) as week, count(distinct (advocate_id, item_id, visitor)) as n from link_events
              where kind = 'click' and not bot and visitor is not null and at >= ${from} group by 1)
        select weeks.week, coalesce(o.n, 0) as opened, coalesce(s.n, 0) as shares, coalesce(c.n, 0) as clicks
        from weeks left join o on o.week = weeks.week left join s on s.week = weeks.week left join c on c.week = weeks.week order by weeks.week`);
    },

    /** Shares and unique clicks since `from`, grouped by `dimension`. */
    by(dimension: 'source' | 'contentType' | 'branch' | 'network', from: Date) {
      const key = {
        source: sql`src.name`,
        contentType: sql`coalesce(src.settings -> 'settings' ->> 'contentType', src.kind)`,
        branch: sql`coalesce(a.branch, '(no branch)')`,
        network: sql`coalesce(e.network, '(unknown)')`,
      }[dimension];
      return rows(sql<{ label: string; opened: string; shares: string; clicks: string }>`
        select ${key} as label,
          count(*) filter (where e.kind = 'share_opened') as opened,
          count(*) filter (where e.kind = 'share' and not e.bot) as shares,
          count(distinct (e.advocate_id, e.item_id, e.visitor)) filter (where e.kind = 'click' and not e.bot and e.visitor is not null) as clicks
        from link_events e
        join items i on i.id = e.item_id
        join sources src on src.id = i.source_id
        join advocates a on a.id = e.advocate_id
        where e.at >= ${from}
        group by 1 order by shares desc, clicks desc, label`);
    },

    /** Items decided per week, with the median and 90th percentile hours from request to decision. */
    approvalTimes(from: Date) {
      return rows(sql<{ week: Date; decided: string; median_hours: number | null; p90_hours: number | null }>`
        select date_trunc('week', decided_at) as week, count(*) as decided,
          round((percentile_cont(0.5) within group (order by extract(epoch from decided_at - coalesce(approval_started_at, discovered_at))) / 3600)::numeric, 1)::float8 as median_hours,
          round((percentile_cont(0.9) within group (order by extract(epoch from decided_at - coalesce(approval_started_at, discovered_at))) / 3600)::numeric, 1)::float8 as p90_hours
        from items where decided_at >= ${from} and state in ('approved', 'rejected') and decided_via <> 'system'
        group by 1 order by 1`);
    },

    /** Digests sent per week, how many were opened, and how many led to a share of one of their items. */
    digestFunnel(from: Date) {
      return rows(sql<{ week: Date; sent: string; opened: string; shared: string }>`
        select week, count(*) as sent, count(*) filter (where opened or shared) as opened, count(*) filter (where shared) as shared from (
          select date_trunc('week', d.sent_at) as week, d.opened_at is not null as opened, exists (
            select 1 from digest_items di join link_events e on e.advocate_id = di.advocate_id and e.item_id = di.item_id and e.kind = 'share' and not e.bot
            where di.digest_id = d.id and e.at >= d.sent_at) as shared
          from digests d where d.state = 'sent' and d.sent_at >= ${from}
        ) t group by 1 order by 1`);
    },

    /** Approved items per week and how many carry each of the programme's hashtags in a caption. */
    async hashtags(from: Date, tags: readonly string[]) {
      const counts = tags.map(
        (tag, index) => sql`count(*) filter (where captions::text ilike ${`%${tag.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) as ${sql.ref(`t${index}`)}`,
      );
      return rows(sql<Record<string, unknown> & { week: Date; approved: string }>`
        select date_trunc('week', decided_at) as week, count(*) as approved ${counts.length > 0 ? sql`, ${sql.join(counts)}` : sql``}
        from items where state = 'approved' and decided_at >= ${from} and captions is not null
        group by 1 order by 1`);
    },

    /** Unique human clicks since `from`: what the earned-media value is counted from. */
    async uniqueClicks(from: Date): Promise<number> {
      const [row] = await rows(sql<{ n: string }>`
        select count(distinct (advocate_id, item_id, visitor)) as n from link_events where kind = 'click' and not bot and visitor is not null and at >= ${from}`);
      return Number(row?.n ?? 0);
    },
  };
}
