import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A counter's state: points consumed in its window and when the window ends (ms since the epoch; null: never). */
export interface RateCounter {
  points: number;
  expire: number | null;
}

// The storage of rate-limiter-flexible's counters (server/rate-limiter.ts), one atomic statement each, so
// every kaiku process in front of the same database counts against the same limits.
export function rateLimitQueries(db: Kysely<Database>) {
  const counter = (row: { points: number; expire: string | number | null }): RateCounter => ({
    points: Number(row.points),
    expire: row.expire === null ? null : Number(row.expire),
  });
  return {
    /** Adds `points` to `key`, starting a new window of `msDuration` when the old one has ended (or always, when `forceExpire`). */
    async add(key: string, points: number, msDuration: number, forceExpire: boolean): Promise<RateCounter> {
      const now = Date.now();
      const expire = msDuration > 0 ? now + msDuration : null;
      const ended = forceExpire ? sql<boolean>`true` : sql<boolean>`rate_limits.expire is not null and rate_limits.expire <= ${now}`;
      const row = await sql<{ points: number; expire: string | null }>`
        insert into rate_limits (key, points, expire) values (${key}, ${points}, ${expire})
        on conflict (key) do update set
          points = case when ${ended} then ${points} else rate_limits.points + ${points} end,
          expire = case when ${ended} then ${expire}::bigint else rate_limits.expire end
        returning points, expire`.execute(db);
      return counter(row.rows[0]!);
    },

    async get(key: string): Promise<RateCounter | undefined> {
      const row = await db
        .selectFrom('rate_limits')
        .select(['points', 'expire'])
        .where('key', '=', key)
        .where((eb) => eb.or([eb('expire', 'is', null), eb('expire', '>', String(Date.now()))]))
        .executeTakeFirst();
      return row ? counter(row) : undefined;
    },

    async remove(key: string): Promise<boolean> {
      const result = await db.deleteFrom('rate_limits').where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Drops counters whose window ended before `before` (ms). */
    async sweep(before: number): Promise<number> {
      const result = await db.deleteFrom('rate_limits').where('expire', '<', String(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
