import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

// Retention of raw link events (privacy.retention.linkEventMonths): the oldest UTC day is folded into
// link_event_days, then its events are deleted in batches. Only events both consumers have read go: the points
// tally's cursor (`link_events`) and the analytics' (`analytics`), whose rollups (migration 0009) already hold
// them. Each step is its own transaction and safe to rerun: a day is folded once (link_event_folds' key), and
// the deletion removes only what a fold counted.

/** What one fold step did: a day folded, a day held back by a consumer that has not read it yet, or nothing left. */
export type FoldStep = { folded: string; events: number } | { waiting: string; unread: number } | { done: true };

/** The smallest of the two consumers' cursors: events at or below it have been read by both. */
const bothRead = sql<string>`(select coalesce(min(last_event_id), 0) from points_cursor where name in ('link_events', 'analytics'))`;
/** The first instant after the last folded day (UTC), or -infinity when none is folded. */
const afterFolded = sql<Date>`coalesce(((select max(day) from link_event_folds) + 1)::timestamp at time zone 'UTC', '-infinity'::timestamptz)`;

export function retentionQueries(db: Kysely<Database>) {
  return {
    /**
     * Folds the oldest day (UTC) of raw events before `before` (a YYYY-MM-DD day, UTC) not folded yet: its
     * events per item, kind, network and the advocate's branch into link_event_days. A day with an event a
     * consumer has not read is left alone (`waiting`), and so are the days after it.
     *
     * @example
     * for (let step = await store.retention.foldNextDay('2025-11-01'); 'folded' in step; step = await store.retention.foldNextDay('2025-11-01')) {}
     */
    async foldNextDay(before: string): Promise<FoldStep> {
      return db.transaction().execute(async (trx) => {
        const oldest = await sql<{ day: string | null }>`
          select to_char((min(at) at time zone 'UTC')::date, 'YYYY-MM-DD') as day from link_events
          where at >= ${afterFolded} and at < (${before}::date)::timestamp at time zone 'UTC'`.execute(trx);
        const day = oldest.rows[0]?.day ?? null;
        if (day === null) return { done: true };
        const inDay = sql`at >= (${day}::date)::timestamp at time zone 'UTC' and at < (${day}::date + 1)::timestamp at time zone 'UTC'`;
        const stats = await sql<{ upto: string; n: string; unread: string }>`
          select max(id) as upto, count(*) as n, count(*) filter (where id > ${bothRead}) as unread from link_events where ${inDay}`.execute(trx);
        const { upto, n, unread } = stats.rows[0]!;
        if (Number(unread) > 0) return { waiting: day, unread: Number(unread) };
        // The fold's key: a second run (or a run beside this one) that reaches the same day folds nothing.
        const claimed = await sql`
          insert into link_event_folds (day, events, through_event_id) values (${day}::date, ${Number(n)}, ${upto})
          on conflict (day) do nothing returning day`.execute(trx);
        if (claimed.rows.length === 0) return { folded: day, events: 0 };
        await sql`
          insert into link_event_days (day, item_id, kind, network, branch, events, human_events, visitors)
          select ${day}::date, e.item_id, e.kind, coalesce(e.network, ''), coalesce(a.branch, ''), count(*), count(*) filter (where not e.bot),
            count(distinct e.visitor)
          from link_events e join advocates a on a.id = e.advocate_id
          where e.id <= ${upto} and e.at >= (${day}::date)::timestamp at time zone 'UTC' and e.at < (${day}::date + 1)::timestamp at time zone 'UTC'
          group by e.item_id, e.kind, coalesce(e.network, ''), coalesce(a.branch, '')`.execute(trx);
        return { folded: day, events: Number(n) };
      });
    },

    /** Deletes up to `limit` raw events of folded days, only those the fold counted. Returns how many went. */
    async deleteFolded(limit: number): Promise<number> {
      const result = await sql`
        delete from link_events where id in (
          select e.id from link_events e join link_event_folds f on f.day = (e.at at time zone 'UTC')::date
          where e.at < ${afterFolded} and e.id <= f.through_event_id and e.id <= ${bothRead}
          limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** The folded daily totals of one UTC day, for the analytics' long view and for tests. */
    days(day: string) {
      return db
        .selectFrom('link_event_days')
        .selectAll()
        .where('day', '=', day)
        .orderBy('item_id')
        .orderBy('kind')
        .orderBy('network')
        .orderBy('branch')
        .execute();
    },
  };
}
