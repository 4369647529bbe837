import { sql, type Kysely } from 'kysely';
import type { Database, UrgentSegmentJson as UrgentSegment, UrgentSendRow } from '../schema.js';
import type { Network } from '../../model/item.js';

// Urgent sends (issue 17): the send an admin started, the advocates it planned to mail, and which of them were mailed.

/** What an urgent send's audience is decided on, per advocate (an erased advocate is nobody's audience and is not listed). */
export interface AudienceRow {
  id: string;
  language: string;
  branch: string | null;
  topics: readonly string[];
  time_zone: string;
  paused_until: string | null;
  unsubscribed_at: Date | null;
  mail_state: string;
  removed_at: Date | null;
  /** Urgent mails planned for them inside the cap's window. */
  urgentRecently: number;
}

export interface UrgentRecipient {
  advocate_id: string;
  email: string;
  name: string;
  language: string;
  networks: Network[];
}

export function urgentQueries(db: Kysely<Database>) {
  return {
    /** Every advocate not erased, with how many urgent mails were planned for them since `since` (the cap's window). */
    async audienceRows(since: Date): Promise<AudienceRow[]> {
      const rows = await db
        .selectFrom('advocates as a')
        .select([
          'a.id',
          'a.language',
          'a.branch',
          'a.topics',
          'a.time_zone',
          'a.paused_until',
          'a.unsubscribed_at',
          'a.mail_state',
          'a.removed_at',
          sql<number>`(select count(*) from urgent_mails m where m.advocate_id = a.id and m.planned_at > ${since} and m.state <> 'failed')::int`.as(
            'urgentRecently',
          ),
        ])
        .where('a.erased_at', 'is', null)
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({ ...row, id: String(row.id), urgentRecently: Number(row.urgentRecently) }));
    },

    /** The branches, topics and languages of the advocates on the roster (not removed or erased), for the segment form. */
    async segmentChoices(): Promise<{ branches: string[]; topics: string[]; languages: string[] }> {
      const rows = await db
        .selectFrom('advocates')
        .select(['branch', 'topics', 'language'])
        .where('erased_at', 'is', null)
        .where('removed_at', 'is', null)
        .execute();
      const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
      return {
        branches: sorted(rows.map((r) => r.branch).filter((b): b is string => !!b)),
        topics: sorted(rows.flatMap((r) => r.topics)),
        languages: sorted(rows.map((r) => r.language)),
      };
    },

    /** Records a send once; false when `id` was recorded before (a resubmitted form). */
    async create(send: { id: string; itemId: string; actor: string; segment: UrgentSegment }): Promise<boolean> {
      const inserted = await db
        .insertInto('urgent_sends')
        .values({ id: send.id, item_id: send.itemId, actor: send.actor, segment: JSON.stringify(send.segment) })
        .onConflict((c) => c.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    get(id: string): Promise<UrgentSendRow | undefined> {
      return db.selectFrom('urgent_sends').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The item's sends, newest first. */
    ofItem(itemId: string): Promise<UrgentSendRow[]> {
      return db.selectFrom('urgent_sends').selectAll().where('item_id', '=', itemId).orderBy('created_at', 'desc').execute();
    },

    /** Each send's mails by state (mailed, refused for good), for the sends' table. */
    async mailStates(sendIds: readonly string[]): Promise<Map<string, { sent: number; failed: number }>> {
      if (sendIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('urgent_mails')
        .select([
          'send_id',
          sql<number>`count(*) filter (where state = 'sent')::int`.as('sent'),
          sql<number>`count(*) filter (where state = 'failed')::int`.as('failed'),
        ])
        .where('send_id', 'in', [...sendIds])
        .groupBy('send_id')
        .execute();
      return new Map(rows.map((row) => [row.send_id, { sent: Number(row.sent), failed: Number(row.failed) }]));
    },

    /**
     * Plans a send's mails once: a retried plan (a worker killed after it) finds the first one's recipients and
     * figures. Returns how many it plans and leaves out.
     */
    async plan(sendId: string, advocateIds: readonly string[], leftOut: Record<string, number>) {
      return db.transaction().execute(async (trx) => {
        const send = await trx.selectFrom('urgent_sends').selectAll().where('id', '=', sendId).forUpdate().executeTakeFirstOrThrow();
        if (send.planned !== null) return { planned: send.planned, leftOut: (send.left_out ?? {}) as Record<string, number> };
        for (let at = 0; at < advocateIds.length; at += 1000) {
          await trx
            .insertInto('urgent_mails')
            .values(advocateIds.slice(at, at + 1000).map((id) => ({ send_id: sendId, advocate_id: id, item_id: send.item_id })))
            .execute();
        }
        await trx
          .updateTable('urgent_sends')
          .set({ planned: advocateIds.length, left_out: JSON.stringify(leftOut) })
          .where('id', '=', sendId)
          .execute();
        return { planned: advocateIds.length, leftOut };
      });
    },

    /** Up to `limit` of the send's recipients not mailed yet, in advocate order. */
    unsent(sendId: string, limit: number): Promise<UrgentRecipient[]> {
      return db
        .selectFrom('urgent_mails as m')
        .innerJoin('advocates as a', 'a.id', 'm.advocate_id')
        .select(['m.advocate_id', 'a.email', 'a.name', 'a.language', 'a.networks'])
        .where('m.send_id', '=', sendId)
        .where('m.state', '=', 'planned')
        .orderBy('m.advocate_id')
        .limit(limit)
        .execute();
    },

    async markMailed(sendId: string, advocateId: string, outcome: 'sent' | 'failed'): Promise<void> {
      await db
        .updateTable('urgent_mails')
        .set({ state: outcome, sent_at: sql`now()` })
        .where('send_id', '=', sendId)
        .where('advocate_id', '=', advocateId)
        .execute();
    },

    async mailedCount(sendId: string): Promise<number> {
      const row = await db
        .selectFrom('urgent_mails')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('send_id', '=', sendId)
        .where('state', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async recordSlack(sendId: string, channel: string, ts: string): Promise<void> {
      await db.updateTable('urgent_sends').set({ slack_channel: channel, slack_ts: ts }).where('id', '=', sendId).execute();
    },

    async finish(sendId: string): Promise<void> {
      await db
        .updateTable('urgent_sends')
        .set({ finished_at: sql`coalesce(finished_at, now())` })
        .where('id', '=', sendId)
        .execute();
    },
  };
}
