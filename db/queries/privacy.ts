import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { auditQueries } from './audit.js';

// An advocate's own data: the export they download (their page, later) and its erasure (SCIM's DELETE now; their
// page and the console later). tests/integration/privacy.test.ts looks for her data in every table after an erase.

/** Who asked for an erasure: the advocate (from their page), an admin (their email), or the directory (SCIM DELETE). */
export type ErasedBy = 'advocate' | 'scim' | string;

export function privacyQueries(db: Kysely<Database>) {
  return {
    /**
     * Erases an advocate's personal data at once and for good: their name, email and settings, their directory
     * identity and groups, mail to or from them (copies, Message-IDs, SMTP errors), the visitor hashes of their
     * links (in the events and in the click points' keys) and their suggestions' notes. Run it in a transaction. The
     * advocate's row stays, holding nothing that names them, so the points, shares and digests counted in the
     * programme's totals still add up. Idempotent: erasing again changes nothing. Returns false for no such advocate.
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
      // Both ways: the catcher also keeps the replies sent from the dev outbox, from them.
      await db
        .deleteFrom('outbox_mail')
        .where((eb) =>
          eb.or([
            eb(sql`lower(envelope_from)`, '=', email),
            sql<boolean>`exists (select 1 from jsonb_array_elements_text(envelope_to) as t(address) where lower(t.address) = ${email})`,
          ]),
        )
        .execute();
      await db
        .updateTable('keyed_mail')
        .set({ recipient: 'erased', message_id: 'erased', error: null })
        .where(sql`lower(recipient)`, '=', email)
        .execute();
      // A digest's SMTP error can quote the address; its Message-ID would find the mail in the relay's logs.
      await db.updateTable('digests').set({ error: null, message_id: null }).where('advocate_id', '=', advocateId).execute();
      await db.updateTable('link_events').set({ visitor: null }).where('advocate_id', '=', advocateId).execute();
      // A click's idempotency key quotes the visitor hash; the tally has read those events, so the key can go.
      await db
        .updateTable('points')
        .set({ key: sql`'click:' || advocate_id || ':' || coalesce(item_id, '') || ':erased-' || id` })
        .where('advocate_id', '=', advocateId)
        .where('reason', '=', 'click')
        .execute();
      await db.updateTable('suggestions').set({ note: null }).where('advocate_id', '=', advocateId).execute();
      // A suggested link that never became an item could be the advocate's own page.
      await db.updateTable('suggestions').set({ url: 'https://erased.invalid/' }).where('advocate_id', '=', advocateId).where('item_id', 'is', null).execute();
      // Which urgent sends mailed them: the sends keep how many they reached.
      await db.deleteFrom('urgent_mails').where('advocate_id', '=', advocateId).execute();
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
      // The console's trail quoted their name and settings: those go; who changed what, when, stays.
      await auditQueries(db).forgetValues('advocate', advocateId);
      await db
        .insertInto('erasure_requests')
        .values({ advocate_id: advocateId, state: 'erased', decided_at: sql`now()`, decided_by: by })
        .onConflict((c) => c.column('advocate_id').doUpdateSet({ state: 'erased', decided_at: sql`now()`, decided_by: by, decline_reason: null }))
        .execute();
      return true;
    },

    /**
     * Everything kaiku holds about one advocate, as the JSON they download from their page (GDPR art. 15 and 20).
     * Visitor hashes are left out: they are other people's.
     */
    async exportData(advocateId: string): Promise<Record<string, unknown> | undefined> {
      const advocate = await db.selectFrom('advocates').selectAll().where('id', '=', advocateId).executeTakeFirst();
      if (!advocate) return undefined;
      const [directory, groups, digests, received, events, points, rewards, suggestions, mail, erasure, urgent] = await Promise.all([
        db.selectFrom('scim_users').select(['user_name', 'external_id', 'active', 'created_at']).where('advocate_id', '=', advocateId).executeTakeFirst(),
        db
          .selectFrom('scim_group_members as m')
          .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
          .select(['g.display_name'])
          .where('m.advocate_id', '=', advocateId)
          .execute(),
        db
          .selectFrom('digests')
          .select(['period', 'state', 'item_ids', 'planned_at', 'sent_at', 'opened_at'])
          .where('advocate_id', '=', advocateId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('digest_items as d')
          .innerJoin('items as i', 'i.id', 'd.item_id')
          .select(['i.id', 'i.title', 'i.url'])
          .where('d.advocate_id', '=', advocateId)
          .orderBy('i.id')
          .execute(),
        db.selectFrom('link_events').select(['kind', 'item_id', 'network', 'bot', 'at']).where('advocate_id', '=', advocateId).orderBy('id').execute(),
        db.selectFrom('points').select(['reason', 'item_id', 'points', 'at']).where('advocate_id', '=', advocateId).orderBy('id').execute(),
        db.selectFrom('reward_winners').select(['month', 'kind', 'rank', 'points']).where('advocate_id', '=', advocateId).orderBy('month').execute(),
        db
          .selectFrom('suggestions')
          .select(['url', 'via', 'note', 'state', 'reason', 'created_at', 'decided_at'])
          .where('advocate_id', '=', advocateId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('keyed_mail')
          .select(['kind', 'state', 'created_at', 'sent_at'])
          .where(sql`lower(recipient)`, '=', advocate.email.toLowerCase())
          .orderBy('created_at')
          .execute(),
        db
          .selectFrom('erasure_requests')
          .select(['state', 'requested_at', 'decided_at', 'decline_reason'])
          .where('advocate_id', '=', advocateId)
          .executeTakeFirst(),
        db
          .selectFrom('urgent_mails as u')
          .innerJoin('items as i', 'i.id', 'u.item_id')
          .select(['i.id as item_id', 'i.title', 'u.state', 'u.planned_at', 'u.sent_at'])
          .where('u.advocate_id', '=', advocateId)
          .orderBy('u.planned_at')
          .execute(),
      ]);
      return {
        exportedAt: new Date().toISOString(),
        advocate: {
          // Text on both databases (PGlite returns a bigint as a number, pg as a string).
          id: String(advocate.id),
          email: advocate.email,
          name: advocate.name,
          language: advocate.language,
          timeZone: advocate.time_zone,
          branch: advocate.branch,
          topics: advocate.topics,
          networks: advocate.networks,
          mastodonInstance: advocate.mastodon_instance,
          frequency: advocate.frequency,
          pausedUntil: advocate.paused_until,
          unsubscribedAt: advocate.unsubscribed_at,
          showNameOnLeaderboards: advocate.show_name,
          mailState: advocate.mail_state,
          bounces: advocate.bounces,
          lastDigestAt: advocate.last_digest_at,
          lastNudgedAt: advocate.last_nudged_at,
          nudgesSnoozedUntil: advocate.nudges_snoozed_until,
          createdAt: advocate.created_at,
          updatedAt: advocate.updated_at,
          erasedAt: advocate.erased_at,
        },
        directory: directory ? { ...directory, groups: groups.map((g) => g.display_name) } : null,
        digests,
        itemsReceived: received,
        linkEvents: events,
        points,
        rewards,
        suggestions,
        mailSent: mail,
        urgentPosts: urgent,
        erasureRequest: erasure ?? null,
      };
    },

    /**
     * Records an advocate's "erase my data" for an admin to confirm (privacy.erasure: admin-confirms). Idempotent:
     * asking again keeps the first request's moment. Returns what stands afterwards.
     *
     * @example
     * await store.privacy.requestErasure('42') // 'requested'
     */
    async requestErasure(advocateId: string): Promise<'requested' | 'erased' | 'declined'> {
      await db
        .insertInto('erasure_requests')
        .values({ advocate_id: advocateId })
        // Asked again after a refusal: the request is open again, for an admin to decide anew.
        .onConflict((c) =>
          c
            .column('advocate_id')
            .doUpdateSet({ state: 'requested', requested_at: sql`now()`, decided_at: null, decided_by: null, decline_reason: null })
            .where('erasure_requests.state', '=', 'declined'),
        )
        .execute();
      const row = await db.selectFrom('erasure_requests').select('state').where('advocate_id', '=', advocateId).executeTakeFirstOrThrow();
      return row.state;
    },

    /** Erasure requests waiting for an admin, oldest first, with whom they are for (the console's Advocates page). */
    pendingErasures() {
      return db
        .selectFrom('erasure_requests as r')
        .innerJoin('advocates as a', 'a.id', 'r.advocate_id')
        .select(['r.advocate_id', 'r.requested_at', 'a.name', 'a.email', 'a.branch'])
        .where('r.state', '=', 'requested')
        .where('a.erased_at', 'is', null)
        .orderBy('r.requested_at')
        .orderBy('r.advocate_id')
        .execute();
    },

    /** Declines an advocate's open erasure request, with the reason they are shown; false when none was open. */
    async declineErasure(advocateId: string, by: string, reason: string): Promise<boolean> {
      const result = await db
        .updateTable('erasure_requests')
        .set({ state: 'declined', decided_at: sql`now()`, decided_by: by, decline_reason: reason })
        .where('advocate_id', '=', advocateId)
        .where('state', '=', 'requested')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** The erasure recorded for an advocate (who, when), if any. */
    erasureRequest(advocateId: string) {
      return db.selectFrom('erasure_requests').selectAll().where('advocate_id', '=', advocateId).executeTakeFirst();
    },
  };
}
