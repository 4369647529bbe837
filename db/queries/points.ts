import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { foldAnalytics } from './analytics-rollup.js';
import { addToTotals, periodOf, type LedgerRow } from './point-totals.js';

/** The rules the tally pays by (the config's `points`). */
export interface PointRules {
  share: number;
  click: number;
  clickCapPerItem: number;
  suggestionApproved: number;
}

export interface TallyResult {
  /** link_events read in this pass. */
  events: number;
  /** Ledger rows written (replays and capped clicks write none). */
  awarded: number;
  /** More events (or digests for the analytics) wait after this pass. */
  more: boolean;
}

export interface BoardRow {
  advocateId: string;
  rank: number;
  points: number;
  /** The advocate's name if they opted in on their preferences page; null otherwise. */
  name: string | null;
  branch: string | null;
}

export interface Standing {
  points: number;
  /** 1-based; null with no points in the window. */
  rank: number | null;
  /** Advocates with points in the window. */
  of: number;
}

export interface BoardScope {
  /** Start of the window (inclusive); all time when absent. */
  from?: Date | undefined;
  /** End of the window (exclusive). */
  to?: Date | undefined;
  branch?: string | undefined;
  limit?: number;
}

/**
 * The points ledger. Rows are only ever inserted, each under the key of the event it pays for; the
 * tally reads link_events past a cursor it moves in the same transaction, so a replayed pass pays nothing twice.
 * The same transaction keeps the leaderboards' per-period totals (point-totals.ts) and the analytics rollups
 * (analytics-rollup.ts): boards and analytics read those, never the whole ledger or every event.
 */
export function pointQueries(db: Kysely<Database>) {
  const windowed = (scope: BoardScope) => sql`${scope.from ? sql`and p.at >= ${scope.from}` : sql``} ${scope.to ? sql`and p.at < ${scope.to}` : sql``}`;
  /**
   * Each advocate's total and first point in the window: the kept totals of its period (a programme week or
   * month, or all time), or, for any other window, summed from the ledger.
   */
  const totalsIn = async (scope: BoardScope) => {
    const period = await periodOf(db, scope);
    return period !== undefined
      ? sql`(select advocate_id, points as total, first_at from point_totals where period_id = ${period})`
      : sql`(select advocate_id, sum(points) as total, min(at) as first_at from points p where true ${windowed(scope)} group by advocate_id)`;
  };

  return {
    /**
     * Turns up to `limit` new link events (and newly approved suggestions) into ledger rows, and folds up to
     * `limit` events and digests into the analytics; `timeZone` (the programme's) names the weeks, months and days.
     */
    async tally(rules: PointRules, limit: number, timeZone: string): Promise<TallyResult> {
      return db.transaction().execute(async (trx) => {
        // The row lock makes tallies run one at a time even if two passes overlap: the click cap needs that.
        const cursor = await sql<{ last_event_id: string }>`select last_event_id from points_cursor where name = 'link_events' for update`.execute(trx);
        const after = cursor.rows[0]?.last_event_id ?? '0';
        const events = await trx
          .selectFrom('link_events')
          .select(['id', 'kind', 'advocate_id', 'item_id', 'network', 'visitor', 'bot', 'at'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(limit)
          .execute();
        const rows: { key: string; advocate_id: string; reason: 'share' | 'click' | 'suggestion'; item_id: string; points: number; at: Date }[] = [];
        const maxClicks = rules.click > 0 ? Math.floor(rules.clickCapPerItem / rules.click) : 0;
        const clickPairs = [...new Set(events.filter((e) => e.kind === 'click').map((e) => `${e.advocate_id}:${e.item_id}`))];
        const paidClicks = new Map<string, number>();
        const paidKeys = new Set<string>();
        if (clickPairs.length > 0 && maxClicks > 0) {
          const existing = await trx
            .selectFrom('points')
            .select(['advocate_id', 'item_id', 'key'])
            .where('reason', '=', 'click')
            .where(sql<boolean>`(advocate_id::text || ':' || item_id) in (${sql.join(clickPairs)})`)
            .execute();
          for (const row of existing) {
            const pair = `${row.advocate_id}:${row.item_id}`;
            paidClicks.set(pair, (paidClicks.get(pair) ?? 0) + 1);
            paidKeys.add(row.key);
          }
        }
        for (const event of events) {
          const advocateId = String(event.advocate_id);
          // Opening a share page pays nothing: scanners open it too. A share pays once, and never a bot's.
          if (event.kind === 'share_opened') continue;
          if (event.kind === 'share') {
            if (rules.share > 0 && event.network && !event.bot)
              rows.push({
                key: `share:${advocateId}:${event.item_id}:${event.network}`,
                advocate_id: advocateId,
                reason: 'share',
                item_id: event.item_id,
                points: rules.share,
                at: event.at,
              });
            continue;
          }
          // A click pays once per visitor, never for a bot, and only up to the item's cap.
          if (event.bot || !event.visitor || maxClicks === 0) continue;
          const key = `click:${advocateId}:${event.item_id}:${event.visitor}`;
          const pair = `${advocateId}:${event.item_id}`;
          if (paidKeys.has(key) || (paidClicks.get(pair) ?? 0) >= maxClicks) continue;
          paidKeys.add(key);
          paidClicks.set(pair, (paidClicks.get(pair) ?? 0) + 1);
          rows.push({ key, advocate_id: advocateId, reason: 'click', item_id: event.item_id, points: rules.click, at: event.at });
        }
        // What was written, replays left out, is what the totals add.
        const written: LedgerRow[] = [];
        for (let start = 0; start < rows.length; start += 1000) {
          const inserted = await trx
            .insertInto('points')
            .values(rows.slice(start, start + 1000))
            .onConflict((conflict) => conflict.column('key').doNothing())
            .returning(['advocate_id', 'points', 'at'])
            .execute();
          written.push(...inserted);
        }
        if (events.length > 0) await sql`update points_cursor set last_event_id = ${events[events.length - 1]!.id} where name = 'link_events'`.execute(trx);

        // The first advocate to suggest an item is paid when it is approved, if they suggested it before the decision.
        if (rules.suggestionApproved > 0) {
          const suggested = await sql<LedgerRow>`
            insert into points (key, advocate_id, reason, item_id, points, at)
            select 'suggestion:' || s.item_id, s.advocate_id, 'suggestion', s.item_id, ${rules.suggestionApproved}, i.decided_at
            from (select distinct on (item_id) item_id, advocate_id, created_at from suggestions
                  where item_id is not null and state in ('accepted', 'duplicate') order by item_id, id) s
            join items i on i.id = s.item_id
            where i.state = 'approved' and s.created_at <= i.decided_at
              and not exists (select 1 from points p where p.key = 'suggestion:' || s.item_id)
            on conflict (key) do nothing
            returning advocate_id, points, at`.execute(trx);
          written.push(...suggested.rows);
        }
        await addToTotals(trx, written, timeZone);
        const analytics = await foldAnalytics(trx, timeZone, limit);
        return { events: events.length, awarded: written.length, more: events.length === limit || analytics.more };
      });
    },

    /** The top of the board in a window, program-wide or for one branch. */
    async board(scope: BoardScope): Promise<BoardRow[]> {
      const rows = await sql<{ advocate_id: string; total: string; rank: string; name: string; show_name: boolean; branch: string | null }>`
        select t.advocate_id, t.total, rank() over (order by t.total desc) as rank, a.name, a.show_name, a.branch
        from ${await totalsIn(scope)} t join advocates a on a.id = t.advocate_id
        where true ${scope.branch !== undefined ? sql`and a.branch = ${scope.branch}` : sql``}
        order by t.total desc, t.first_at, t.advocate_id
        limit ${scope.limit ?? 10}`.execute(db);
      return rows.rows.map((row) => ({
        advocateId: String(row.advocate_id),
        rank: Number(row.rank),
        points: Number(row.total),
        name: row.show_name ? row.name : null,
        branch: row.branch,
      }));
    },

    /** Each advocate's points and program-wide rank in a window. */
    async standings(advocateIds: readonly string[], scope: BoardScope): Promise<Map<string, Standing>> {
      const result = new Map<string, Standing>();
      if (advocateIds.length === 0) return result;
      const totals = await totalsIn(scope);
      const [mine, histogram] = await Promise.all([
        sql<{
          advocate_id: string;
          total: string;
        }>`select advocate_id, total from ${totals} t where advocate_id in (${sql.join(advocateIds.map((id) => Number(id)))})`.execute(db),
        // How many advocates have each total: a rank is one more than those with more, whatever their number.
        sql<{ total: string; n: string }>`select total, count(*) as n from ${totals} t group by total`.execute(db),
      ]);
      const counts = histogram.rows.map((row) => ({ total: Number(row.total), n: Number(row.n) }));
      const of = counts.reduce((sum, row) => sum + row.n, 0);
      for (const id of advocateIds) result.set(String(id), { points: 0, rank: null, of });
      for (const row of mine.rows) {
        const points = Number(row.total);
        const rank = 1 + counts.filter((count) => count.total > points).reduce((sum, count) => sum + count.n, 0);
        result.set(String(row.advocate_id), { points, rank, of });
      }
      return result;
    },

    /**
     * Every advocate's total in a window, highest first: the reward cycle's input. `onRoster` leaves out advocates
     * removed from the programme or erased (a prize goes to someone still in it).
     */
    async totals(scope: BoardScope, options: { onRoster?: boolean } = {}): Promise<{ advocateId: string; points: number; firstAt: Date }[]> {
      const roster = options.onRoster ? sql`join advocates a on a.id = t.advocate_id and a.removed_at is null and a.erased_at is null` : sql``;
      const rows = await sql<{ advocate_id: string; total: string; first_at: Date }>`
        select t.advocate_id, t.total, t.first_at from ${await totalsIn(scope)} t ${roster}
        order by t.total desc, t.first_at, t.advocate_id`.execute(db);
      return rows.rows.map((row) => ({ advocateId: String(row.advocate_id), points: Number(row.total), firstAt: new Date(row.first_at) }));
    },

    forAdvocate(advocateId: string) {
      return db.selectFrom('points').selectAll().where('advocate_id', '=', advocateId).orderBy('id').execute();
    },

    /** The branches advocates belong to, for the per-branch boards. */
    async branches(): Promise<string[]> {
      const rows = await db.selectFrom('advocates').select('branch').distinct().where('branch', 'is not', null).orderBy('branch').execute();
      return rows.map((row) => row.branch!).filter(Boolean);
    },
  };
}
