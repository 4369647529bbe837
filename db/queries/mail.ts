import { sql, type Kysely } from 'kysely';
import type { Database, InboundMailRow, InboundVia, OutboxMailRow } from '../schema.js';

export interface InboundOutcome {
  state: 'done' | 'failed';
  outcome: string;
  detail?: string | undefined;
  itemId?: string | undefined;
  sender?: string | undefined;
}

export function mailQueries(db: Kysely<Database>) {
  return {
    /** Stores a mail that reached kaiku before anything reads it. Returns its id, or undefined if it was stored before. */
    async receive(mail: { dedupKey: string; via: InboundVia; envelopeFrom?: string | null; envelopeTo?: string[]; raw: Buffer }): Promise<string | undefined> {
      const row = await db
        .insertInto('inbound_mail')
        .values({
          dedup_key: mail.dedupKey,
          via: mail.via,
          envelope_from: mail.envelopeFrom ?? null,
          envelope_to: JSON.stringify(mail.envelopeTo ?? []),
          raw: mail.raw,
          size: mail.raw.length,
        })
        .onConflict((conflict) => conflict.column('dedup_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    /** Takes up to `limit` mails nobody is reading, for `leaseMs`: several processes may sweep the same store. */
    async claim(limit: number, leaseMs: number, ids?: readonly string[]): Promise<InboundMailRow[]> {
      let candidates = db
        .selectFrom('inbound_mail')
        .select('id')
        .where('state', '=', 'received')
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', new Date())]))
        .orderBy('received_at')
        .limit(limit);
      if (ids) candidates = candidates.where('id', 'in', ids.length > 0 ? [...ids] : ['-1']);
      return db
        .updateTable('inbound_mail')
        .set({ claimed_until: new Date(Date.now() + leaseMs), attempts: sql`attempts + 1` })
        .where('id', 'in', candidates)
        .where('state', '=', 'received')
        .returningAll()
        .execute();
    },

    async finish(id: string, outcome: InboundOutcome): Promise<void> {
      await db
        .updateTable('inbound_mail')
        .set({
          state: outcome.state,
          outcome: outcome.outcome,
          detail: outcome.detail?.slice(0, 2000) ?? null,
          item_id: outcome.itemId ?? null,
          sender: outcome.sender ?? null,
          processed_at: new Date(),
          claimed_until: null,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Gives a mail back to the sweep, to try again after `delayMs`. */
    async retryLater(id: string, delayMs: number, detail: string): Promise<void> {
      await db
        .updateTable('inbound_mail')
        .set({ claimed_until: new Date(Date.now() + delayMs), detail: detail.slice(0, 2000) })
        .where('id', '=', id)
        .execute();
    },

    /** How many answers kaiku sent this sender since `since`: the brake on reply storms. */
    async answersTo(sender: string, since: Date): Promise<number> {
      const row = await db
        .selectFrom('inbound_mail')
        .select(sql<string>`count(*)`.as('count'))
        .where('sender', '=', sender)
        .where('outcome', 'in', ['unclear', 'refused', 'no-token'])
        .where('processed_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** The raw mails of this sender's last `limit` approval replies kaiku read: where their custom signatures are learnt. */
    async earlierReplies(sender: string, limit: number): Promise<Buffer[]> {
      const rows = await db
        .selectFrom('inbound_mail')
        .select('raw')
        .where('sender', '=', sender)
        .where('outcome', 'in', ['decided', 'corrected', 'unclear', 'unclear-unanswered', 'refused', 'refused-unanswered'])
        .orderBy('received_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => Buffer.from(row.raw));
    },

    inbound(id: string): Promise<InboundMailRow | undefined> {
      return db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
    },

    listInbound(limit = 100): Promise<Omit<InboundMailRow, 'raw'>[]> {
      return db
        .selectFrom('inbound_mail')
        .select([
          'id',
          'dedup_key',
          'via',
          'envelope_from',
          'envelope_to',
          'size',
          'state',
          'attempts',
          'claimed_until',
          'outcome',
          'detail',
          'item_id',
          'sender',
          'received_at',
          'processed_at',
        ])
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async catch(mail: {
      messageId?: string | undefined;
      envelopeFrom?: string | null;
      envelopeTo: string[];
      subject?: string | undefined;
      raw: Buffer;
      inbound: boolean;
    }) {
      const row = await db
        .insertInto('outbox_mail')
        .values({
          message_id: mail.messageId ?? null,
          envelope_from: mail.envelopeFrom ?? null,
          envelope_to: JSON.stringify(mail.envelopeTo),
          subject: mail.subject ?? null,
          raw: mail.raw,
          inbound: mail.inbound,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    listOutbox(limit = 100, offset = 0): Promise<Omit<OutboxMailRow, 'raw'>[]> {
      return db
        .selectFrom('outbox_mail')
        .select(['id', 'message_id', 'envelope_from', 'envelope_to', 'subject', 'inbound', 'received_at'])
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    outboxMail(id: string): Promise<OutboxMailRow | undefined> {
      return db.selectFrom('outbox_mail').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async cursor(mailbox: string): Promise<{ uidValidity: string; lastUid: number } | undefined> {
      const row = await db.selectFrom('mailbox_cursors').selectAll().where('mailbox', '=', mailbox).executeTakeFirst();
      return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : undefined;
    },

    async setCursor(mailbox: string, uidValidity: string, lastUid: number): Promise<void> {
      await db
        .insertInto('mailbox_cursors')
        .values({ mailbox, uid_validity: uidValidity, last_uid: lastUid })
        .onConflict((conflict) => conflict.column('mailbox').doUpdateSet({ uid_validity: uidValidity, last_uid: lastUid, updated_at: new Date() }))
        .execute();
    },
  };
}
