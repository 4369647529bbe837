import { sql, type Kysely } from 'kysely';
import type { ApprovalEventRow, Database } from '../schema.js';
import type { ApprovalEventKind, DecisionChannel, ItemCaptions } from '../../model/item.js';

export interface NewApprovalEvent {
  key: string;
  itemId: string;
  kind: ApprovalEventKind;
  actor: string;
  channel: DecisionChannel;
  recipient?: string | undefined;
  messageId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
  at?: Date | undefined;
}

export function approvalQueries(db: Kysely<Database>) {
  return {
    eventByKey(key: string): Promise<ApprovalEventRow | undefined> {
      return db.selectFrom('approval_events').selectAll().where('key', '=', key).executeTakeFirst();
    },

    /** Records one event of the audit trail; a second event with the same key is a no-op. Returns whether it was new. */
    async recordEvent(event: NewApprovalEvent): Promise<boolean> {
      const result = await db
        .insertInto('approval_events')
        .values({
          key: event.key,
          item_id: event.itemId,
          kind: event.kind,
          actor: event.actor,
          channel: event.channel,
          recipient: event.recipient ?? null,
          message_id: event.messageId ?? null,
          detail: JSON.stringify(event.detail ?? {}),
          ...(event.at ? { at: event.at } : {}),
        })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async trails(itemIds: readonly string[]): Promise<Map<string, ApprovalEventRow[]>> {
      const map = new Map<string, ApprovalEventRow[]>();
      if (itemIds.length === 0) return map;
      const rows = await db
        .selectFrom('approval_events')
        .selectAll()
        .where('item_id', 'in', [...itemIds])
        .orderBy('at')
        .orderBy('id')
        .execute();
      for (const row of rows) map.set(row.item_id, [...(map.get(row.item_id) ?? []), row]);
      return map;
    },

    /**
     * The latest approval mail among `messageIds` that was sent to `recipient`: what a reply's thread headers
     * point at. For matching only (which item a mail was probably about); a Message-ID authorises nothing.
     */
    sentMessage(messageIds: readonly string[], recipient: string): Promise<{ item_id: string; recipient: string; message_id: string } | undefined> {
      if (messageIds.length === 0) return Promise.resolve(undefined);
      return db
        .selectFrom('approval_events')
        .select(['item_id', sql<string>`recipient`.as('recipient'), sql<string>`message_id`.as('message_id')])
        .where('message_id', 'in', [...messageIds])
        .where('recipient', '=', recipient)
        .where('kind', 'in', ['requested', 'reminded', 'escalated', 'confirmed'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    async setCaptionsIfMissing(itemId: string, captions: ItemCaptions): Promise<void> {
      await db
        .updateTable('items')
        .set({ captions: JSON.stringify(captions) })
        .where('id', '=', itemId)
        .where('captions', 'is', null)
        .execute();
    },

    async setExpiry(itemId: string, expiresAt: Date): Promise<void> {
      await db.updateTable('items').set({ expires_at: expiresAt }).where('id', '=', itemId).execute();
    },

    /** Writes the decision onto the item once; a replayed write changes nothing. */
    async decide(
      itemId: string,
      decision: { state: 'approved' | 'rejected'; by: string; at: Date; via: DecisionChannel; reason?: string | undefined; captions: ItemCaptions },
    ): Promise<boolean> {
      const result = await db
        .updateTable('items')
        .set({
          state: decision.state,
          decided_by: decision.by,
          decided_at: decision.at,
          decided_via: decision.via,
          decision_reason: decision.reason ?? null,
          captions: JSON.stringify(decision.captions),
        })
        .where('id', '=', itemId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * Replaces a decision by the one who took it, while the item has reached no advocate yet (no digest holds it).
     * False when it has, or when someone else decided it: nothing changes then.
     */
    async correct(
      itemId: string,
      correction: { state: 'approved' | 'rejected'; by: string; at: Date; reason?: string | undefined; captions: ItemCaptions },
    ): Promise<boolean> {
      const result = await db
        .updateTable('items')
        .set({
          state: correction.state,
          decided_at: correction.at,
          decided_via: 'email',
          decision_reason: correction.reason ?? null,
          captions: JSON.stringify(correction.captions),
        })
        .where('id', '=', itemId)
        .where('decided_by', '=', correction.by)
        .where('state', 'in', ['approved', 'rejected'])
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('digest_items').select('item_id').where('digest_items.item_id', '=', itemId))))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async expire(itemId: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('items')
        .set({ state: 'expired', decided_at: at, decided_by: 'kaiku', decided_via: 'system' })
        .where('id', '=', itemId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
