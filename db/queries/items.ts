import { sql, type Kysely } from 'kysely';
import type { Database, ItemRow, NewItem } from '../schema.js';
import type { ItemState } from '../../model/item.js';
import { containsPattern, listPage, type ListPage, type PageRequest, type SortOrder } from './list-page.js';

export interface KnownItem {
  id: string;
  url: string;
  /** Already recorded as seen in the source being polled. */
  linked: boolean;
}

export interface ItemLink {
  item_id: string;
  source_id: string;
  guid: string | null;
  seen_url: string;
}

/** How the items list can be sorted; `found` (newest found first) unless asked. */
export const ITEM_SORTS = ['found', 'oldest', 'published', 'decided', 'title'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

const ITEM_ORDERS: Record<ItemSort, SortOrder> = {
  found: { key: sql`i.discovered_at`, type: 'timestamptz', descending: true },
  oldest: { key: sql`i.discovered_at`, type: 'timestamptz', descending: false },
  // Never null in the key: an item without the date sorts after every dated one.
  published: { key: sql`coalesce(i.published_at, 'epoch'::timestamptz)`, type: 'timestamptz', descending: true },
  decided: { key: sql`coalesce(i.decided_at, 'epoch'::timestamptz)`, type: 'timestamptz', descending: true },
  title: { key: sql`lower(i.title)`, type: 'text', descending: false },
};

export interface ItemListQuery extends PageRequest {
  state: ItemState;
  /** Words anywhere in the title, summary or address. */
  search?: string | undefined;
  sort: ItemSort;
}

export function itemQueries(db: Kysely<Database>) {
  return {
    get(id: string): Promise<ItemRow | undefined> {
      return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Which of these canonical URLs are items already, and whether `sourceId` has been seen carrying them. */
    async known(canonicalUrls: readonly string[], sourceId: string): Promise<KnownItem[]> {
      if (canonicalUrls.length === 0) return [];
      return db
        .selectFrom('items')
        .leftJoin('item_sources', (join) => join.onRef('item_sources.item_id', '=', 'items.id').on('item_sources.source_id', '=', sourceId))
        .select(['items.id', 'items.url', sql<boolean>`item_sources.item_id is not null`.as('linked')])
        .where('items.url', 'in', [...canonicalUrls])
        .execute();
    },

    /** Inserts the items no source has stored yet; returns the ids it inserted. */
    async insertNew(items: readonly NewItem[]): Promise<string[]> {
      if (items.length === 0) return [];
      const rows = await db
        .insertInto('items')
        .values([...items])
        .onConflict((conflict) => conflict.column('url').doNothing())
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    },

    async link(links: readonly ItemLink[]): Promise<number> {
      if (links.length === 0) return 0;
      const result = await db
        .insertInto('item_sources')
        .values([...links])
        .onConflict((conflict) => conflict.columns(['item_id', 'source_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },

    /** An article found in one more source takes that source's topics too. */
    async addTopics(itemIds: readonly string[], topics: readonly string[]): Promise<void> {
      if (itemIds.length === 0 || topics.length === 0) return;
      await db
        .updateTable('items')
        .set({
          topics: sql<string>`(select coalesce(jsonb_agg(distinct topic order by topic), '[]'::jsonb) from jsonb_array_elements_text(items.topics || ${JSON.stringify(topics)}::jsonb) as topic)`,
        })
        .where('id', 'in', [...itemIds])
        .execute();
    },

    /** Items whose approval workflow has not been started (new, or left by a crash), oldest first. */
    async awaitingApprovalStart(limit = 200): Promise<string[]> {
      const rows = await db
        .selectFrom('items')
        .select('id')
        .where('approval_started_at', 'is', null)
        .orderBy('discovered_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async countAwaitingApprovalStart(sourceId?: string): Promise<number> {
      let query = db
        .selectFrom('items')
        .select(sql<string>`count(*)`.as('count'))
        .where('approval_started_at', 'is', null);
      if (sourceId) query = query.where('source_id', '=', sourceId);
      return Number((await query.executeTakeFirstOrThrow()).count);
    },

    async markApprovalStarted(itemIds: readonly string[]): Promise<void> {
      if (itemIds.length === 0) return;
      await db
        .updateTable('items')
        .set({ approval_started_at: new Date() })
        .where('id', 'in', [...itemIds])
        .where('approval_started_at', 'is', null)
        .execute();
    },

    listByState(state: ItemState, limit = 100): Promise<ItemRow[]> {
      return db
        .selectFrom('items')
        .selectAll()
        .where('state', '=', state)
        .orderBy('discovered_at', 'desc')
        .orderBy(sql`published_at desc nulls last`)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** A page of the items in one state, searched and sorted, with the total: every item is on some page. */
    page(query: ItemListQuery): Promise<ListPage<ItemRow>> {
      const search = query.search?.trim();
      return listPage<ItemRow>(
        db,
        {
          columns: sql`i.*`,
          from: sql`items i`,
          where: sql`i.state = ${query.state} ${
            search
              ? sql`and (i.title ilike ${containsPattern(search)} or i.summary ilike ${containsPattern(search)} or i.url ilike ${containsPattern(search)})`
              : sql``
          }`,
          id: sql`i.id`,
          idType: 'text',
          order: ITEM_ORDERS[query.sort],
        },
        query,
      );
    },

    async countByState(): Promise<Record<ItemState, number>> {
      const rows = await db
        .selectFrom('items')
        .select(['state', sql<string>`count(*)`.as('count')])
        .groupBy('state')
        .execute();
      const counts: Record<ItemState, number> = { pending: 0, approved: 0, rejected: 0, expired: 0 };
      for (const row of rows) counts[row.state] = Number(row.count);
      return counts;
    },

    /** Sets an approved item's "not before" and "not after" (null: no limit); the row before and after, if it is approved and not retracted. */
    async schedule(id: string, schedule: { notBefore: Date | null; notAfter: Date | null }): Promise<ItemRow | undefined> {
      return db
        .updateTable('items')
        .set({ not_before: schedule.notBefore, not_after: schedule.notAfter })
        .where('id', '=', id)
        .where('state', '=', 'approved')
        .where('retracted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
    },

    /** Pins an approved item to the top of the next digest run (`by` an admin), or unpins it (null). */
    async pin(id: string, by: string | null): Promise<ItemRow | undefined> {
      return db
        .updateTable('items')
        .set(by ? { pinned_at: sql<Date>`now()`, pinned_by: by } : { pinned_at: null, pinned_by: null })
        .where('id', '=', id)
        .where('state', '=', 'approved')
        .where('retracted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
    },

    /** Retracts an approved item (once): no later digest, nudge or top-posts card carries it, and it is unpinned. */
    async retract(id: string, by: string): Promise<ItemRow | undefined> {
      return db
        .updateTable('items')
        .set({ retracted_at: sql<Date>`now()`, retracted_by: by, pinned_at: null, pinned_by: null })
        .where('id', '=', id)
        .where('state', '=', 'approved')
        .where('retracted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
    },

    /** Undoes a retraction: later digests may carry the item again and its share page opens. The row after, if it was retracted. */
    async restore(id: string): Promise<ItemRow | undefined> {
      return db
        .updateTable('items')
        .set({ retracted_at: null, retracted_by: null })
        .where('id', '=', id)
        .where('state', '=', 'approved')
        .where('retracted_at', 'is not', null)
        .returningAll()
        .executeTakeFirst();
    },

    async sourcesOf(itemIds: readonly string[]): Promise<Map<string, string[]>> {
      const map = new Map<string, string[]>();
      if (itemIds.length === 0) return map;
      const rows = await db
        .selectFrom('item_sources')
        .select(['item_id', 'source_id'])
        .where('item_id', 'in', [...itemIds])
        .orderBy('first_seen_at')
        .execute();
      for (const row of rows) map.set(row.item_id, [...(map.get(row.item_id) ?? []), row.source_id]);
      return map;
    },
  };
}
