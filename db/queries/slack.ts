import type { Kysely } from 'kysely';
import type { Database, SlackMessageKind, SlackMessageRow } from '../schema.js';

export type CardOutcomeName = 'approved' | 'rejected' | 'expired';

export function slackQueries(db: Kysely<Database>) {
  return {
    /** The item's messages of one kind (its cards: one per channel or DM). */
    async messages(itemId: string, kind: SlackMessageKind): Promise<SlackMessageRow[]> {
      return db.selectFrom('slack_messages').selectAll().where('item_id', '=', itemId).where('kind', '=', kind).orderBy('posted_at').execute();
    },

    async message(itemId: string, target: string, kind: SlackMessageKind): Promise<SlackMessageRow | undefined> {
      return db.selectFrom('slack_messages').selectAll().where('item_id', '=', itemId).where('target', '=', target).where('kind', '=', kind).executeTakeFirst();
    },

    /** The card a Slack click came from. */
    async cardAt(channel: string, ts: string): Promise<SlackMessageRow | undefined> {
      return db.selectFrom('slack_messages').selectAll().where('channel', '=', channel).where('ts', '=', ts).where('kind', '=', 'card').executeTakeFirst();
    },

    /** Records a posted message; a second record of the same key keeps the first. */
    async record(message: { itemId: string; target: string; kind: SlackMessageKind; channel: string; ts: string }): Promise<void> {
      await db
        .insertInto('slack_messages')
        .values({ item_id: message.itemId, target: message.target, kind: message.kind, channel: message.channel, ts: message.ts })
        .onConflict((conflict) => conflict.columns(['item_id', 'target', 'kind']).doNothing())
        .execute();
    },

    async markOutcome(itemId: string, target: string, outcome: CardOutcomeName): Promise<void> {
      await db
        .updateTable('slack_messages')
        .set({ outcome, updated_at: new Date() })
        .where('item_id', '=', itemId)
        .where('target', '=', target)
        .where('kind', '=', 'card')
        .execute();
    },
  };
}
