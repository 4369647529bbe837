import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

// An advocate's personal data, and its erasure (for SCIM's DELETE now; the advocate's own page and the console later).

/** Who asked for an erasure: the advocate (from their page), an admin (their email), or the directory (SCIM DELETE). */
export type ErasedBy = 'advocate' | 'scim' | string;

export function privacyQueries(db: Kysely<Database>) {
  return {
    /**
     * Erases an advocate's personal data at once and for good: their name, email and settings, their directory
     * identity and groups, mail to or from them, digest errors and Message-IDs, the visitor hashes of their links and
     * their suggestions' notes. Run it in a transaction. The advocate's row stays, holding nothing that names them,
     * so the points, shares and digests counted in the programme's totals still add up. Idempotent: erasing again
     * changes nothing. Returns false for no such advocate.
     *
     * @example
     * await store.transaction((s) => s.privacy.erase('42', 'scim'));
     */
    async erase(advocateId: string, by: ErasedBy): Promise<boolean> {
      const advocate = await db.selectFrom('advocates').select(['id', 'email', 'erased_at']).where('id', '=', advocateId).executeTakeFirst();
      if (!advocate) return false;
      if (advocate.erased_at) return true;
      const email = advocate.email.toLowerCase();
      // Copies of mail to or from them: the replies they sent (suggestions), and the dev catcher's copies of their digests.
      await db
        .deleteFrom('inbound_mail')
        .where((eb) => eb.or([eb(sql`lower(sender)`, '=', email), eb(sql`lower(envelope_from)`, '=', email)]))
        .execute();
      await db
        .deleteFrom('outbox_mail')
        .where(sql<boolean>`exists (select 1 from jsonb_array_elements_text(envelope_to) as t(address) where lower(t.address) = ${email})`)
        .execute();
      await db
        .updateTable('keyed_mail')
        .set({ recipient: 'erased', error: null })
        .where(sql`lower(recipient)`, '=', email)
        .execute();
      // A digest's SMTP error can quote the address; its Message-ID would find the mail in the relay's logs.
      await db.updateTable('digests').set({ error: null, message_id: null }).where('advocate_id', '=', advocateId).execute();
      await db.updateTable('link_events').set({ visitor: null }).where('advocate_id', '=', advocateId).execute();
      await db.updateTable('suggestions').set({ note: null }).where('advocate_id', '=', advocateId).execute();
      // A suggested link that never became an item could be the advocate's own page.
      await db.updateTable('suggestions').set({ url: 'https://erased.invalid/' }).where('advocate_id', '=', advocateId).where('item_id', 'is', null).execute();
      await db.deleteFrom('scim_group_members').where('advocate_id', '=', advocateId).execute();
      await db.deleteFrom('scim_users').where('advocate_id', '=', advocateId).execute();
      await db
        .updateTable('advocates')
        .set({
          email: `erased-${advocateId}@erased.invalid`,
          name: 'Erased advocate',
          time_zone: 'UTC',
          topics: '[]',
          networks: '[]',
          mastodon_instance: null,
          paused_until: null,
          nudges_snoozed_until: null,
          prefs_updated_at: null,
          show_name: false,
          unsubscribed_at: sql`coalesce(unsubscribed_at, now())`,
          mail_state: 'paused',
          erased_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', advocateId)
        .execute();
      await db
        .insertInto('erasure_requests')
        .values({ advocate_id: advocateId, state: 'erased', decided_at: sql`now()`, decided_by: by })
        .onConflict((c) => c.column('advocate_id').doUpdateSet({ state: 'erased', decided_at: sql`now()`, decided_by: by }))
        .execute();
      return true;
    },
  };
}
