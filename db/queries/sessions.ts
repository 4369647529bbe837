import { sql, type Kysely } from 'kysely';
import type { AdminSessionRow, Database } from '../schema.js';

// Admin sign-in: the one-time nonces of emailed sign-in links, and the sessions they open. A session is
// looked up on every request, so ending one (sign-out, or another admin's "end") takes effect at once.

/** How stale `last_seen_at` may get before a request refreshes it: one write per session per few minutes, not per request. */
const SEEN_REFRESH = '5 minutes';

export function sessionQueries(db: Kysely<Database>) {
  return {
    /** Records a sign-in link's nonce; every older unused link of this admin stops working. */
    async createLoginNonce(nonce: string, email: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('login_nonces')
          .set({ revoked_at: new Date() })
          .where('email', '=', email)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .execute();
        await trx.insertInto('login_nonces').values({ nonce, email }).execute();
      });
    },

    /** Spends a sign-in link's nonce; false when it was used before or a newer link replaced it. */
    async spendLoginNonce(nonce: string, email: string): Promise<boolean> {
      const result = await db
        .updateTable('login_nonces')
        .set({ used_at: new Date() })
        .where('nonce', '=', nonce)
        .where('email', '=', email)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async create(session: { idHash: string; email: string; expiresAt: Date; userAgent: string | null }): Promise<void> {
      await db
        .insertInto('admin_sessions')
        .values({ id_hash: session.idHash, admin_email: session.email, expires_at: session.expiresAt, user_agent: session.userAgent })
        .execute();
    },

    /** The live session with this id hash (not ended, not expired), its last-seen time refreshed when stale. */
    async live(idHash: string): Promise<AdminSessionRow | undefined> {
      const row = await db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      if (row && row.last_seen_at.getTime() < Date.now() - 5 * 60_000) {
        await db
          .updateTable('admin_sessions')
          .set({ last_seen_at: sql`now()` })
          .where('id_hash', '=', idHash)
          .where('last_seen_at', '<', sql<Date>`now() - ${sql.lit(SEEN_REFRESH)}::interval`)
          .execute();
      }
      return row;
    },

    /** Ends a session; true when it was live. */
    async end(idHash: string, endedBy: string): Promise<boolean> {
      const result = await db
        .updateTable('admin_sessions')
        .set({ ended_at: sql`now()`, ended_by: endedBy })
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Every live session, newest first: the admin page's "Sessions". */
    listLive(): Promise<AdminSessionRow[]> {
      return db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
    },
  };
}
