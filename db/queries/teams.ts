import type { Kysely } from 'kysely';
import type { Database, TeamsMessageKind, TeamsMessageRow } from '../schema.js';
import type { CardOutcomeName } from './slack.js';

// What kaiku posted in Teams: approval cards and their thread replies per item (as slack.ts keeps for Slack),
// and the programme channel's posts, each once by its key.
export function teamsQueries(db: Kysely<Database>) {
  return {
    /** The item's messages of one kind (its cards: one per channel or approver). */
    async messages(itemId: string, kind: TeamsMessageKind): Promise<TeamsMessageRow[]> {
      return db.selectFrom('teams_messages').selectAll().where('item_id', '=', itemId).where('kind', '=', kind).orderBy('posted_at').execute();
    },

    async message(itemId: string, target: string, kind: TeamsMessageKind): Promise<TeamsMessageRow | undefined> {
      return db.selectFrom('teams_messages').selectAll().where('item_id', '=', itemId).where('target', '=', target).where('kind', '=', kind).executeTakeFirst();
    },

    /** The card a click came from: its activity id, in the conversation Teams says it is in. */
    async cardAt(conversationId: string, activityId: string): Promise<TeamsMessageRow | undefined> {
      const rows = await db.selectFrom('teams_messages').selectAll().where('activity_id', '=', activityId).where('kind', '=', 'card').execute();
      // A channel post's conversation id carries `;messageid=…` in some activities and not in others.
      const base = (id: string) => id.split(';')[0];
      return rows.find((row) => base(row.conversation_id) === base(conversationId));
    },

    /** Records a posted message; a second record of the same key keeps the first. */
    async record(message: { itemId: string; target: string; kind: TeamsMessageKind; conversationId: string; activityId: string }): Promise<void> {
      await db
        .insertInto('teams_messages')
        .values({
          item_id: message.itemId,
          target: message.target,
          kind: message.kind,
          conversation_id: message.conversationId,
          activity_id: message.activityId,
        })
        .onConflict((conflict) => conflict.columns(['item_id', 'target', 'kind']).doNothing())
        .execute();
    },

    async markOutcome(itemId: string, target: string, outcome: CardOutcomeName): Promise<void> {
      await db
        .updateTable('teams_messages')
        .set({ outcome, updated_at: new Date() })
        .where('item_id', '=', itemId)
        .where('target', '=', target)
        .where('kind', '=', 'card')
        .execute();
    },

    async post(key: string): Promise<{ conversation_id: string; activity_id: string } | undefined> {
      return db.selectFrom('teams_posts').select(['conversation_id', 'activity_id']).where('key', '=', key).executeTakeFirst();
    },

    async recordPost(key: string, conversationId: string, activityId: string): Promise<void> {
      await db
        .insertInto('teams_posts')
        .values({ key, conversation_id: conversationId, activity_id: activityId })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
    },
  };
}
