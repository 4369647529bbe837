import { sql, type Kysely } from 'kysely';
import type { AdvocateRow, Database, KeyedMailState, SuggestionRow, SuggestionState, SuggestionVia } from '../schema.js';
import type { ItemCaptions } from '../../model/item.js';
import { offeredToEveryone } from './offered-to-everyone.js';

export interface WinnerRow {
  advocateId: string;
  kind: 'top' | 'draw';
  rank: number;
  points: number;
}

export interface WinnerWithAdvocate extends WinnerRow {
  name: string;
  email: string;
  language: string;
  branch: string | null;
}

/** Keyed mail, the reward months, nudges and suggestions: the engagement cycles' own rows. */
export function engagementQueries(db: Kysely<Database>) {
  return {
    /** The first time a digest was opened; later opens change nothing. */
    async markOpened(digestId: string): Promise<void> {
      if (!/^\d{1,18}$/.test(digestId)) return;
      await db
        .updateTable('digests')
        .set({ opened_at: sql`now()` })
        .where('id', '=', digestId)
        .where('opened_at', 'is', null)
        .execute();
    },

    /** Records that the mail under `key` is about to go; returns its state, which is `sent` if it went before. */
    async beginMail(mail: { key: string; kind: string; recipient: string; messageId: string }): Promise<{ state: KeyedMailState; messageId: string }> {
      await db
        .insertInto('keyed_mail')
        .values({ key: mail.key, kind: mail.kind, recipient: mail.recipient, message_id: mail.messageId })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      const row = await db.selectFrom('keyed_mail').select(['state', 'message_id']).where('key', '=', mail.key).executeTakeFirstOrThrow();
      return { state: row.state, messageId: row.message_id };
    },

    async finishMail(key: string, outcome: { sent: true } | { sent: false; error: string }): Promise<void> {
      await db
        .updateTable('keyed_mail')
        .set(outcome.sent ? { state: 'sent', sent_at: sql`now()`, error: null } : { state: 'failed', error: outcome.error })
        .where('key', '=', key)
        .execute();
    },

    keyedMail(kind: string) {
      return db.selectFrom('keyed_mail').selectAll().where('kind', '=', kind).orderBy('created_at').execute();
    },

    /**
     * Closes `month` with these winners, unless it was closed before: then the winners recorded then are
     * returned and nothing changes.
     */
    async closeMonth(month: string, rule: Record<string, unknown>, winners: readonly WinnerRow[]): Promise<{ closedNow: boolean; winners: WinnerRow[] }> {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('reward_months')
          .values({ month, rule: JSON.stringify(rule) })
          .onConflict((conflict) => conflict.column('month').doNothing())
          .returning('month')
          .executeTakeFirst();
        if (inserted && winners.length > 0)
          await trx
            .insertInto('reward_winners')
            .values(winners.map((w) => ({ month, advocate_id: w.advocateId, kind: w.kind, rank: w.rank, points: w.points })))
            .execute();
        const rows = await trx.selectFrom('reward_winners').selectAll().where('month', '=', month).orderBy('kind', 'desc').orderBy('rank').execute();
        return {
          closedNow: !!inserted,
          winners: rows.map((row) => ({ advocateId: String(row.advocate_id), kind: row.kind, rank: row.rank, points: row.points })),
        };
      });
    },

    async winners(month: string): Promise<WinnerWithAdvocate[]> {
      const rows = await db
        .selectFrom('reward_winners as w')
        .innerJoin('advocates as a', 'a.id', 'w.advocate_id')
        .select(['w.advocate_id', 'w.kind', 'w.rank', 'w.points', 'a.name', 'a.email', 'a.language', 'a.branch'])
        .where('w.month', '=', month)
        .orderBy('w.kind', 'desc')
        .orderBy('w.rank')
        .execute();
      return rows.map((row) => ({
        advocateId: String(row.advocate_id),
        kind: row.kind,
        rank: row.rank,
        points: row.points,
        name: row.name,
        email: row.email,
        language: row.language,
        branch: row.branch,
      }));
    },

    closedMonths() {
      return db.selectFrom('reward_months').selectAll().orderBy('month', 'desc').limit(12).execute();
    },

    /**
     * Advocates who may get a nudge: subscribed, mail working, not paused or snoozed on `localDate`, in the
     * programme longer than `quietSince`, no share since then, and no nudge since `nudgedSince`.
     */
    nudgeCandidates(input: { quietSince: Date; nudgedSince: Date; localDate: string; limit: number }): Promise<AdvocateRow[]> {
      return db
        .selectFrom('advocates as a')
        .selectAll('a')
        .where('a.unsubscribed_at', 'is', null)
        .where('a.mail_state', '=', 'ok')
        .where((eb) => eb.or([eb('a.paused_until', 'is', null), eb('a.paused_until', '<=', input.localDate)]))
        .where((eb) => eb.or([eb('a.nudges_snoozed_until', 'is', null), eb('a.nudges_snoozed_until', '<=', input.localDate)]))
        .where((eb) => eb.or([eb('a.last_nudged_at', 'is', null), eb('a.last_nudged_at', '<', input.nudgedSince)]))
        .where('a.created_at', '<', input.quietSince)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('link_events as e')
                .select('e.id')
                .whereRef('e.advocate_id', '=', 'a.id')
                .where('e.kind', '=', 'share')
                .where('e.at', '>=', input.quietSince),
            ),
          ),
        )
        .orderBy('a.id')
        .limit(input.limit)
        .execute();
    },

    async markNudged(advocateId: string, at: Date): Promise<void> {
      await db.updateTable('advocates').set({ last_nudged_at: at }).where('id', '=', advocateId).execute();
    },

    async snoozeNudges(advocateId: string, until: string): Promise<void> {
      await db
        .updateTable('advocates')
        .set({ nudges_snoozed_until: until, updated_at: sql`now()` })
        .where('id', '=', advocateId)
        .execute();
    },

    /** The week's best item: the most shared approved item since `since`, else the newest approved one (never a retracted one, one outside its schedule, nor a post for some branches only: a nudge goes to everyone). */
    async bestItem(since: Date, decidedSince: Date): Promise<{ id: string; url: string; title: string; captions: ItemCaptions } | undefined> {
      const rows = await sql<{ id: string; url: string; title: string; captions: ItemCaptions }>`
        select i.id, i.url, i.title, i.captions,
          (select count(*) from link_events e where e.item_id = i.id and e.kind = 'share' and e.at >= ${since}) as shares
        from items i
        where ${offeredToEveryone(decidedSince)}
        order by shares desc, i.decided_at desc limit 1`.execute(db);
      return rows.rows[0];
    },

    /** Pending items whose approval request went to `email` (by mail or into a daily summary). */
    waitingFor(email: string) {
      return db
        .selectFrom('items as i')
        .innerJoin('sources as s', 's.id', 'i.source_id')
        .select(['i.id', 'i.title', 'i.url', 'i.expires_at', 'i.approval_started_at', 'i.discovered_at', 's.name as source_name'])
        .where('i.state', '=', 'pending')
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('approval_events as e')
              .select('e.id')
              .whereRef('e.item_id', '=', 'i.id')
              .where('e.kind', 'in', ['requested', 'escalated'])
              .where('e.recipient', '=', email),
          ),
        )
        .orderBy('i.discovered_at')
        .execute();
    },

    /** Records a suggestion once per key; returns its row (the earlier one for a repeated key). */
    async suggest(input: { key: string; advocateId: string; url: string; via: SuggestionVia; note?: string | null }): Promise<SuggestionRow> {
      await db
        .insertInto('suggestions')
        .values({ key: input.key, advocate_id: input.advocateId, url: input.url, via: input.via, note: input.note ?? null })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      return db.selectFrom('suggestions').selectAll().where('key', '=', input.key).executeTakeFirstOrThrow();
    },

    suggestion(id: string): Promise<SuggestionRow | undefined> {
      return db.selectFrom('suggestions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async settleSuggestion(
      id: string,
      outcome: { state: Exclude<SuggestionState, 'received'>; reason?: string | null; itemId?: string | null },
    ): Promise<void> {
      await db
        .updateTable('suggestions')
        .set({ state: outcome.state, reason: outcome.reason ?? null, item_id: outcome.itemId ?? null, decided_at: sql`now()` })
        .where('id', '=', id)
        .where('state', '=', 'received')
        .execute();
    },

    suggestionsOf(advocateId: string) {
      return db.selectFrom('suggestions').selectAll().where('advocate_id', '=', advocateId).orderBy('id').execute();
    },

    /** Who suggested each of these items first. */
    async suggesters(itemIds: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
      const map = new Map<string, { name: string; email: string }>();
      if (itemIds.length === 0) return map;
      const rows = await db
        .selectFrom('suggestions as s')
        .innerJoin('advocates as a', 'a.id', 's.advocate_id')
        .select(['s.item_id', 'a.name', 'a.email'])
        .where('s.item_id', 'in', [...itemIds])
        .orderBy('s.id', 'desc')
        .execute();
      for (const row of rows) map.set(row.item_id!, { name: row.name, email: row.email });
      return map;
    },
  };
}
