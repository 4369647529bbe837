import { sql, type Kysely } from 'kysely';
import type { AdvocateInput } from '../../model/advocate.js';
import type { AdvocateRow, Database, DigestFrequency } from '../schema.js';
import type { Network } from '../../model/item.js';
import { containsPattern, listPage, type ListPage, type PageRequest, type SortOrder } from './list-page.js';

export interface AdvocateFilter {
  branch?: string | undefined;
  topic?: string | undefined;
  limit?: number | undefined;
}

/** How the advocates list can be sorted; by name unless asked. */
export const ADVOCATE_SORTS = ['name', 'email', 'newest', 'last-digest'] as const;
export type AdvocateSort = (typeof ADVOCATE_SORTS)[number];

const ADVOCATE_ORDERS: Record<AdvocateSort, SortOrder> = {
  name: { key: sql`a.name`, type: 'text', descending: false },
  email: { key: sql`a.email`, type: 'text', descending: false },
  newest: { key: sql`a.created_at`, type: 'timestamptz', descending: true },
  // Never null in the key: those who never had a digest come last.
  'last-digest': { key: sql`coalesce(a.last_digest_at, 'epoch'::timestamptz)`, type: 'timestamptz', descending: true },
};

export interface AdvocateListQuery extends PageRequest {
  branch?: string | undefined;
  topic?: string | undefined;
  /** Part of a name or an address. */
  search?: string | undefined;
  sort: AdvocateSort;
}

export interface Preferences {
  topics: string[];
  networks: Network[];
  language: string;
  frequency: DigestFrequency;
  pausedUntil: string | null;
  mastodonInstance: string | null;
  /** Appear by name on leaderboards; left as it is when undefined. */
  showName?: boolean | undefined;
}

export function advocateQueries(db: Kysely<Database>) {
  return {
    get(id: string): Promise<AdvocateRow | undefined> {
      return db.selectFrom('advocates').selectAll().where('id', '=', id).executeTakeFirst();
    },

    byEmail(email: string): Promise<AdvocateRow | undefined> {
      return db.selectFrom('advocates').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    },

    /**
     * Inserts or updates by email. The roster owns name, branch and time zone; language, topics and
     * networks too until the advocate sets their own preferences, which a later import then keeps.
     */
    async upsert(advocates: readonly AdvocateInput[]): Promise<{ inserted: number; updated: number }> {
      let inserted = 0;
      for (let start = 0; start < advocates.length; start += 500) {
        const chunk = advocates.slice(start, start + 500);
        const rows = await db
          .insertInto('advocates')
          .values(
            chunk.map((a) => ({
              email: a.email,
              name: a.name,
              language: a.language,
              time_zone: a.timeZone,
              branch: a.branch,
              topics: JSON.stringify(a.topics),
              networks: JSON.stringify(a.networks),
              mastodon_instance: a.mastodonInstance,
            })),
          )
          .onConflict((conflict) =>
            conflict.column('email').doUpdateSet({
              name: sql`excluded.name`,
              branch: sql`excluded.branch`,
              time_zone: sql`excluded.time_zone`,
              language: sql`case when advocates.prefs_updated_at is null then excluded.language else advocates.language end`,
              topics: sql`case when advocates.prefs_updated_at is null then excluded.topics else advocates.topics end`,
              networks: sql`case when advocates.prefs_updated_at is null then excluded.networks else advocates.networks end`,
              mastodon_instance: sql`coalesce(advocates.mastodon_instance, excluded.mastodon_instance)`,
              updated_at: sql`now()`,
            }),
          )
          // xmax = 0 only on a freshly inserted row: PostgreSQL's way to tell insert from update.
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .execute();
        inserted += rows.filter((row) => row.inserted).length;
      }
      return { inserted, updated: advocates.length - inserted };
    },

    list(filter: AdvocateFilter = {}): Promise<AdvocateRow[]> {
      let query = db.selectFrom('advocates').selectAll().orderBy('name').orderBy('id');
      if (filter.branch) query = query.where('branch', '=', filter.branch);
      if (filter.topic) query = query.where(sql<boolean>`topics ? ${filter.topic}`);
      return query.limit(filter.limit ?? 500).execute();
    },

    /** A page of the roster, filtered, searched and sorted, with the total: every advocate is on some page. */
    page(query: AdvocateListQuery): Promise<ListPage<AdvocateRow>> {
      const search = query.search?.trim();
      return listPage<AdvocateRow>(
        db,
        {
          columns: sql`a.*`,
          from: sql`advocates a`,
          where: sql`true ${query.branch ? sql`and a.branch = ${query.branch}` : sql``} ${query.topic ? sql`and a.topics ? ${query.topic}` : sql``} ${
            search ? sql`and (a.name ilike ${containsPattern(search)} or a.email ilike ${containsPattern(search)})` : sql``
          }`,
          id: sql`a.id`,
          idType: 'bigint',
          order: ADVOCATE_ORDERS[query.sort],
        },
        query,
      );
    },

    count(): Promise<number> {
      return db
        .selectFrom('advocates')
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    },

    /** Branches and topics in use, for the admin page's filters. */
    async facets(): Promise<{ branches: string[]; topics: string[] }> {
      const branches = await db.selectFrom('advocates').select('branch').distinct().where('branch', 'is not', null).orderBy('branch').execute();
      const topics = await sql<{ topic: string }>`select distinct jsonb_array_elements_text(topics) as topic from advocates order by topic`.execute(db);
      return { branches: branches.map((row) => row.branch!), topics: topics.rows.map((row) => row.topic) };
    },

    async updatePreferences(id: string, prefs: Preferences): Promise<void> {
      await db
        .updateTable('advocates')
        .set({
          topics: JSON.stringify(prefs.topics),
          networks: JSON.stringify(prefs.networks),
          language: prefs.language,
          frequency: prefs.frequency,
          paused_until: prefs.pausedUntil,
          mastodon_instance: prefs.mastodonInstance,
          ...(prefs.showName === undefined ? {} : { show_name: prefs.showName }),
          prefs_updated_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Idempotent: the first unsubscribe's time stands. Returns the row as it now is. */
    async unsubscribe(id: string): Promise<AdvocateRow | undefined> {
      await db
        .updateTable('advocates')
        .set({ unsubscribed_at: sql`coalesce(unsubscribed_at, now())`, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      return this.get(id);
    },

    async resubscribe(id: string): Promise<void> {
      await db
        .updateTable('advocates')
        .set({ unsubscribed_at: null, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** A permanent SMTP refusal: bouncing at once, paused after `pauseAfter` in a row. */
    async recordBounce(id: string, pauseAfter = 3): Promise<void> {
      await db
        .updateTable('advocates')
        .set({
          bounces: sql`bounces + 1`,
          mail_state: sql`case when bounces + 1 >= ${pauseAfter} then 'paused' else 'bouncing' end`,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
