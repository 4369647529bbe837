import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

// Each advocate's points per period (the programme's weeks and months, and all time), kept with the ledger:
// what the leaderboards, the digest footer's board and standing, and the reward month read instead of summing
// the ledger. A period is made the first time a point falls in it, its totals summed from the ledger then, and
// from there every new ledger row adds to the totals of every period it falls in.

export interface LedgerRow {
  advocate_id: string;
  points: number;
  at: Date;
}

/** Adds rows just written to the ledger (in this transaction) to the totals of their periods in `zone`. */
export async function addToTotals(trx: Kysely<Database>, rows: readonly LedgerRow[], zone: string): Promise<void> {
  if (rows.length === 0) return;
  const ats = [...new Set(rows.map((row) => new Date(row.at).toISOString()))];
  // The programme's week and month of each row, and all time; a period met for the first time is summed whole.
  const made = await sql<{ id: number; starts_at: Date | null; ends_at: Date | null }>`
    insert into point_periods (kind, starts_at, ends_at)
    select distinct p.kind, p.starts_at, p.ends_at
    from unnest(${sql.val(ats)}::timestamptz[]) as r(at)
    cross join lateral (values
      ('week', date_trunc('week', r.at at time zone ${zone}) at time zone ${zone}, (date_trunc('week', r.at at time zone ${zone}) + interval '1 week') at time zone ${zone}),
      ('month', date_trunc('month', r.at at time zone ${zone}) at time zone ${zone}, (date_trunc('month', r.at at time zone ${zone}) + interval '1 month') at time zone ${zone}),
      ('all', null::timestamptz, null::timestamptz)
    ) as p(kind, starts_at, ends_at)
    on conflict on constraint point_periods_window do nothing
    returning id, starts_at, ends_at`.execute(trx);
  for (const period of made.rows) {
    await sql`
      insert into point_totals (period_id, advocate_id, points, first_at)
      select ${period.id}, advocate_id, sum(points), min(at) from points
      where true ${period.starts_at ? sql`and at >= ${period.starts_at}` : sql``} ${period.ends_at ? sql`and at < ${period.ends_at}` : sql``}
      group by advocate_id`.execute(trx);
  }
  // Every other period the rows fall in, whichever zone made it: a period once made is kept whole.
  const fresh = made.rows.map((period) => period.id);
  await sql`
    insert into point_totals (period_id, advocate_id, points, first_at)
    select p.id, r.advocate_id, sum(r.points), min(r.at)
    from unnest(${sql.val(rows.map((row) => row.advocate_id))}::bigint[], ${sql.val(rows.map((row) => row.points))}::int[], ${sql.val(
      rows.map((row) => new Date(row.at).toISOString()),
    )}::timestamptz[]) as r(advocate_id, points, at)
    join point_periods p on (p.starts_at is null or p.starts_at <= r.at) and (p.ends_at is null or r.at < p.ends_at)
    where not (p.id = any(${sql.val(fresh)}::int[]))
    group by p.id, r.advocate_id
    on conflict (period_id, advocate_id) do update set points = point_totals.points + excluded.points, first_at = least(point_totals.first_at, excluded.first_at)`.execute(
    trx,
  );
}

/** The period a window is, if its totals are kept: all time without bounds, else a week or month made by the tally. */
export async function periodOf(db: Kysely<Database>, window: { from?: Date | undefined; to?: Date | undefined }): Promise<number | undefined> {
  if (!window.from && !window.to) {
    const row = await db.selectFrom('point_periods').select('id').where('kind', '=', 'all').executeTakeFirst();
    return row?.id;
  }
  if (!window.from || !window.to) return undefined;
  const row = await db.selectFrom('point_periods').select('id').where('starts_at', '=', window.from).where('ends_at', '=', window.to).executeTakeFirst();
  return row?.id;
}
