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

    async create(session: {
      idHash: string;
      email: string;
      expiresAt: Date;
      userAgent: string | null;
      via?: 'email' | 'oidc';
      /** For an admin a provider's group admitted who is not under `admins:`: their name and the group. */
      admitted?: { name: string; group: string } | undefined;
    }): Promise<void> {
      await db
        .insertInto('admin_sessions')
        .values({
          id_hash: session.idHash,
          admin_email: session.email,
          expires_at: session.expiresAt,
          user_agent: session.userAgent,
          signed_in_via: session.via ?? 'email',
          admin_name: session.admitted?.name ?? null,
          admitted_by_group: session.admitted?.group ?? null,
        })
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

    /** Whether an OpenID sign-in's state (its hash) was spent before. */
    async oidcStateSpent(stateHash: string): Promise<boolean> {
      return (await db.selectFrom('oidc_spent_states').select('state_hash').where('state_hash', '=', stateHash).executeTakeFirst()) !== undefined;
    },

    /** Spends an OpenID sign-in's state; false when it was spent before (a replayed callback). */
    async spendOidcState(stateHash: string): Promise<boolean> {
      const rows = await db
        .insertInto('oidc_spent_states')
        .values({ state_hash: stateHash })
        .onConflict((c) => c.doNothing())
        .returning('state_hash')
        .execute();
      return rows.length > 0;
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

    /** Ends every live session of one admin (removed from the console); how many were live. */
    async endAllOf(email: string, endedBy: string): Promise<number> {
      const result = await db
        .updateTable('admin_sessions')
        .set({ ended_at: sql`now()`, ended_by: endedBy })
        .where('admin_email', '=', email)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
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
