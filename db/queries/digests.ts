import { sql, type Kysely } from 'kysely';
import type { AdvocateRow, Database, DigestFrequency, DigestRow, LinkEventKind } from '../schema.js';
import type { ItemCaptions, Network } from '../../model/item.js';

export interface DigestCandidate {
  id: string;
  url: string;
  title: string;
  summary: string | null;
  image_url: string | null;
  language: string | null;
  topics: string[];
  captions: ItemCaptions;
  decided_at: Date;
  source_name: string;
  priority: number;
}

export interface ZoneGroup {
  time_zone: string;
  frequency: DigestFrequency;
}

export interface SendingDigest {
  id: string;
  advocateId: string;
  itemIds: string[];
  messageId: string;
}

export interface NewLinkEvent {
  kind: LinkEventKind;
  advocateId: string;
  itemId: string;
  network?: Network | undefined;
  visitor?: string | undefined;
  bot?: boolean | undefined;
}

const OPEN = ['planned', 'sending'] as const;

export function digestQueries(db: Kysely<Database>) {
  /** An item as a digest shows it, with its source's name and priority. */
  const withSource = () =>
    db
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select([
        'items.id',
        'items.url',
        'items.title',
        'items.summary',
        'items.image_url',
        'items.language',
        'items.topics',
        sql<ItemCaptions>`items.captions`.as('captions'),
        sql<Date>`items.decided_at`.as('decided_at'),
        'sources.name as source_name',
        sql<number>`coalesce((sources.settings -> 'settings' ->> 'priority')::int, 5)`.as('priority'),
      ]);

  return {
    /** The (time zone, frequency) pairs of advocates who may get a digest: each pair shares one period. */
    async zoneGroups(): Promise<ZoneGroup[]> {
      return db
        .selectFrom('advocates')
        .select(['time_zone', 'frequency'])
        .distinct()
        .where('unsubscribed_at', 'is', null)
        .where('mail_state', '<>', 'paused')
        .execute();
    },

    /**
     * Plans period `period` for the group's advocates who have no digest for it yet. `replanEmpty` (a manual
     * send) plans again those who had nothing relevant earlier in the period. Returns how many were planned.
     */
    async plan(group: ZoneGroup & { period: string; localDate: string; replanEmpty: boolean }): Promise<number> {
      const result = await sql`
        insert into digests (advocate_id, period)
        select id, ${group.period} from advocates
        where time_zone = ${group.time_zone} and frequency = ${group.frequency}
          and unsubscribed_at is null and mail_state <> 'paused'
          and (paused_until is null or paused_until <= ${group.localDate})
        on conflict (advocate_id, period) do ${
          group.replanEmpty ? sql`update set state = 'planned', claimed_by = null, claimed_until = null where digests.state = 'empty'` : sql`nothing`
        }`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },

    /**
     * Claims up to `limit` open digests for `claimer` for `leaseMs`: unclaimed ones, ones whose lease ran
     * out, and the claimer's own (a retried activity takes its rows straight back).
     */
    async claim(claimer: string, limit: number, leaseMs: number): Promise<DigestRow[]> {
      const rows = await sql<DigestRow>`
        update digests set claimed_by = ${claimer}, claimed_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
        where id in (
          select id from digests
          where state in ('planned', 'sending')
            and (claimed_by is null or claimed_by = ${claimer} or claimed_until < now())
            and (not_before is null or not_before <= now())
          order by id limit ${limit}
          for update skip locked
        )
        returning *`.execute(db);
      return rows.rows.sort((a, b) => Number(a.id) - Number(b.id));
    },

    async extendClaim(claimer: string, leaseMs: number): Promise<void> {
      await sql`update digests set claimed_until = now() + ${`${leaseMs} milliseconds`}::interval where claimed_by = ${claimer} and state in ('planned', 'sending')`.execute(
        db,
      );
    },

    /** Open digests left, and when the earliest of them may be claimed again. */
    async open(): Promise<{ count: number; nextAt: Date | null }> {
      const row = await db
        .selectFrom('digests')
        // the earliest moment one becomes claimable: a deferral ends, or another attempt's lease runs out
        .select([sql<string>`count(*)`.as('n'), sql<Date | null>`least(min(not_before), min(claimed_until))`.as('next_at')])
        .where('state', 'in', [...OPEN])
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), nextAt: row.next_at ? new Date(row.next_at) : null };
    },

    /** Approved, unexpired items with captions, decided since `since`. */
    candidates(since: Date): Promise<DigestCandidate[]> {
      return withSource()
        .where('items.state', '=', 'approved')
        .where('items.captions', 'is not', null)
        .where('items.decided_at', '>=', since)
        .where((eb) => eb.or([eb('items.expires_at', 'is', null), eb('items.expires_at', '>', sql<Date>`now()`)]))
        .orderBy('items.decided_at', 'desc')
        .limit(1000)
        .execute();
    },

    /** The items a resent digest carried, whatever their state now. */
    itemsById(ids: readonly string[]): Promise<DigestCandidate[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return withSource()
        .where('items.id', 'in', [...ids])
        .execute();
    },

    /** advocate id → the item ids (of `itemIds`) they have already received. */
    async received(advocateIds: readonly string[], itemIds: readonly string[]): Promise<Map<string, Set<string>>> {
      const map = new Map<string, Set<string>>();
      if (advocateIds.length === 0 || itemIds.length === 0) return map;
      const rows = await db
        .selectFrom('digest_items')
        .select(['advocate_id', 'item_id'])
        .where('advocate_id', 'in', [...advocateIds])
        .where('item_id', 'in', [...itemIds])
        .execute();
      for (const row of rows) {
        const key = String(row.advocate_id);
        if (!map.has(key)) map.set(key, new Set());
        map.get(key)!.add(row.item_id);
      }
      return map;
    },

    advocates(ids: readonly string[]): Promise<AdvocateRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('advocates')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
    },

    /** Written before the SMTP transaction: the items chosen and the Message-ID, so a resend is the same mail. */
    async markSending(digests: readonly SendingDigest[]): Promise<void> {
      if (digests.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await sql`
          update digests as d set state = 'sending', item_ids = v.item_ids::jsonb, message_id = v.message_id
          from (values ${sql.join(digests.map((d) => sql`(${d.id}::bigint, ${JSON.stringify(d.itemIds)}, ${d.messageId})`))}) as v(id, item_ids, message_id)
          where d.id = v.id`.execute(trx);
        const received = digests.flatMap((d) => d.itemIds.map((itemId) => ({ advocate_id: d.advocateId, item_id: itemId, digest_id: d.id })));
        if (received.length > 0)
          await trx
            .insertInto('digest_items')
            .values(received)
            .onConflict((conflict) => conflict.columns(['advocate_id', 'item_id']).doNothing())
            .execute();
      });
    },

    async markSent(digests: readonly { id: string; advocateId: string }[]): Promise<void> {
      if (digests.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('digests')
          .set({ state: 'sent', sent_at: sql`now()`, claimed_by: null, claimed_until: null, error: null })
          .where(
            'id',
            'in',
            digests.map((d) => d.id),
          )
          .execute();
        await trx
          .updateTable('advocates')
          .set({ last_digest_at: sql`now()`, bounces: 0, mail_state: 'ok' })
          .where(
            'id',
            'in',
            digests.map((d) => d.advocateId),
          )
          .execute();
      });
    },

    async markEmpty(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('digests')
        .set({ state: 'empty', claimed_by: null, claimed_until: null })
        .where('id', 'in', [...ids])
        .execute();
    },

    /** A permanent refusal for this address: the digest is not retried. */
    async markFailed(id: string, error: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('digests').set({ state: 'failed', error, claimed_by: null, claimed_until: null }).where('id', '=', id).execute();
        // Never delivered, so not received: the items stay eligible should the address work again.
        await trx.deleteFrom('digest_items').where('digest_id', '=', id).execute();
      });
    },

    /** A temporary refusal: tried again after `notBefore`, as the same mail. */
    async defer(id: string, notBefore: Date, error: string): Promise<void> {
      await db.updateTable('digests').set({ not_before: notBefore, error, claimed_by: null, claimed_until: null }).where('id', '=', id).execute();
    },

    forAdvocate(advocateId: string): Promise<DigestRow[]> {
      return db.selectFrom('digests').selectAll().where('advocate_id', '=', advocateId).orderBy('id', 'desc').limit(20).execute();
    },

    async recordLinkEvents(events: readonly NewLinkEvent[], options: { asyncCommit?: boolean } = {}): Promise<void> {
      if (events.length === 0) return;
      if (options.asyncCommit) {
        await db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          await digestQueries(trx).recordLinkEvents(events);
        });
        return;
      }
      await db
        .insertInto('link_events')
        .values(
          events.map((event) => ({
            kind: event.kind,
            advocate_id: event.advocateId,
            item_id: event.itemId,
            network: event.network ?? null,
            visitor: event.visitor ?? null,
            bot: event.bot ?? false,
          })),
        )
        .execute();
    },

    linkEvents(advocateId: string) {
      return db.selectFrom('link_events').selectAll().where('advocate_id', '=', advocateId).orderBy('id').execute();
    },

    /** Item id → its URL, for the redirects (only approved items are shared). */
    async itemTarget(itemId: string): Promise<{ url: string; captions: ItemCaptions | null } | undefined> {
      return db
        .selectFrom('items')
        .select(['url', sql<ItemCaptions | null>`captions`.as('captions')])
        .where('id', '=', itemId)
        .executeTakeFirst();
    },
  };
}
