import { sql, type Kysely } from 'kysely';
import type { AdvocateInput } from '../../model/advocate.js';
import type { AdvocateRow, Database, DigestFrequency, ScimGroupRow, ScimUserRow } from '../schema.js';
import type { Network } from '../../model/item.js';
import { containsPattern, listPage, type ListPage, type PageRequest, type SortOrder } from './list-page.js';

/** What the dry digest plan reads of each advocate on the roster (`planRoster`). */
export const PLAN_COLUMNS = [
  'id',
  'name',
  'email',
  'language',
  'branch',
  'topics',
  'time_zone',
  'frequency',
  'unsubscribed_at',
  'mail_state',
  'bounces',
  'paused_until',
  'last_digest_at',
] as const;
export type PlanAdvocate = Pick<AdvocateRow, (typeof PLAN_COLUMNS)[number]>;

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

/** What the directory says of a user (integrations/identity/scim-mapping.ts makes it from a SCIM body). */
export interface DirectoryUser {
  advocate: AdvocateInput;
  userName: string;
  externalId: string | null;
  active: boolean;
  branchAttribute: string | null;
}

export interface ScimUser {
  advocate: AdvocateRow;
  scim: ScimUserRow;
  groups: ScimGroupRow[];
}

/** A write the directory asked for that would make two users (or groups) one: the attribute that collided. */
export type DirectoryWrite<T> = { ok: true; value: T } | { ok: false; conflict: string };

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export function advocateQueries(db: Kysely<Database>) {
  /** The SCIM users with their advocates and groups; `where` narrows it to one attribute's value. */
  async function scimUsers(where?: { id?: string; userName?: string; externalId?: string; email?: string }): Promise<ScimUser[]> {
    let query = db
      .selectFrom('scim_users as s')
      .innerJoin('advocates as a', 'a.id', 's.advocate_id')
      .selectAll('a')
      .select([
        's.user_name',
        's.external_id',
        's.active as scim_active',
        's.suspended',
        's.branch_attribute',
        's.created_at as scim_created_at',
        's.updated_at as scim_updated_at',
      ])
      .where('a.erased_at', 'is', null)
      .orderBy('a.id');
    if (where?.id !== undefined) query = query.where('a.id', '=', where.id);
    // userName is not case-exact (RFC 7643 §4.1.1): Entra's UPNs come in any case.
    if (where?.userName !== undefined) query = query.where(sql<boolean>`lower(s.user_name) = lower(${where.userName})`);
    if (where?.externalId !== undefined) query = query.where('s.external_id', '=', where.externalId);
    if (where?.email !== undefined) query = query.where('a.email', '=', where.email.trim().toLowerCase());
    const rows = await query.execute();
    const memberships = rows.length
      ? await db
          .selectFrom('scim_group_members as m')
          .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
          .selectAll('g')
          .select('m.advocate_id')
          .where(
            'm.advocate_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('g.display_name')
          .execute()
      : [];
    return rows.map(({ user_name, external_id, scim_active, suspended, branch_attribute, scim_created_at, scim_updated_at, ...advocate }) => ({
      advocate,
      scim: {
        advocate_id: advocate.id,
        user_name,
        external_id,
        active: scim_active,
        suspended,
        branch_attribute,
        created_at: scim_created_at,
        updated_at: scim_updated_at,
      },
      groups: memberships.filter((m) => m.advocate_id === advocate.id).map(({ advocate_id: _, ...group }) => group),
    }));
  }

  /** The advocate's mail follows the directory's `active`: paused at once when false, back when true again (unless removed). */
  async function applyActive(advocateId: string, active: boolean): Promise<void> {
    const row = await db.selectFrom('scim_users').select(['active', 'suspended']).where('advocate_id', '=', advocateId).executeTakeFirstOrThrow();
    if (!active && !row.suspended) {
      const { mail_state } = await db.selectFrom('advocates').select('mail_state').where('id', '=', advocateId).executeTakeFirstOrThrow();
      // A pause kaiku made before (for bounces) is not the directory's: its `active: true` later must not lift it.
      if (mail_state !== 'paused') {
        await db
          .updateTable('advocates')
          .set({ mail_state: 'paused', updated_at: sql`now()` })
          .where('id', '=', advocateId)
          .execute();
        await db.updateTable('scim_users').set({ active: false, suspended: true }).where('advocate_id', '=', advocateId).execute();
        return;
      }
    }
    if (active && row.suspended) {
      // An advocate an admin removed from the programme stays removed (and paused), whatever the directory says.
      await db
        .updateTable('advocates')
        .set({ mail_state: 'ok', bounces: 0, updated_at: sql`now()` })
        .where('id', '=', advocateId)
        .where('removed_at', 'is', null)
        .execute();
      await db.updateTable('scim_users').set({ active: true, suspended: false }).where('advocate_id', '=', advocateId).execute();
    } else if (row.active !== active) {
      await db.updateTable('scim_users').set({ active }).where('advocate_id', '=', advocateId).execute();
    }
  }

  /**
   * What the directory owns of an advocate: name, time zone, branch, and the email when `email` is set; the
   * language too until the advocate sets their own preferences (as a roster import does).
   */
  async function updateFromDirectory(id: string, advocate: AdvocateInput, options: { email?: boolean } = {}): Promise<void> {
    await db
      .updateTable('advocates')
      .set({
        ...(options.email ? { email: advocate.email } : {}),
        name: advocate.name,
        time_zone: advocate.timeZone,
        branch: advocate.branch,
        language: sql`case when prefs_updated_at is null then ${advocate.language} else language end`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  return {
    updateFromDirectory,

    scim: {
      users: scimUsers,

      /** Whether a directory provisions this advocate (then it owns their name, time zone and branch). */
      async manages(advocateId: string): Promise<boolean> {
        return Boolean(await db.selectFrom('scim_users').select('advocate_id').where('advocate_id', '=', advocateId).executeTakeFirst());
      },

      /**
       * Creates the advocate a directory provisions, or adopts the one already on the roster with that email (a CSV
       * import before SCIM was switched on) if no other directory user holds it. Run it in a transaction.
       */
      async createUser(user: DirectoryUser): Promise<DirectoryWrite<string>> {
        if ((await scimUsers({ userName: user.userName })).length > 0) return { ok: false, conflict: `userName "${user.userName}" is already provisioned` };
        if (user.externalId && (await scimUsers({ externalId: user.externalId })).length > 0)
          return { ok: false, conflict: `externalId "${user.externalId}" is already provisioned` };
        const existing = await db
          .selectFrom('advocates')
          .select('id')
          .where('email', '=', user.advocate.email)
          .where('erased_at', 'is', null)
          .executeTakeFirst();
        if (existing && (await db.selectFrom('scim_users').select('advocate_id').where('advocate_id', '=', existing.id).executeTakeFirst()))
          return { ok: false, conflict: `the email ${user.advocate.email} belongs to another provisioned user` };
        try {
          const id =
            existing?.id ??
            (
              await db
                .insertInto('advocates')
                .values({
                  email: user.advocate.email,
                  name: user.advocate.name,
                  language: user.advocate.language,
                  time_zone: user.advocate.timeZone,
                  branch: user.advocate.branch,
                  topics: JSON.stringify(user.advocate.topics),
                  networks: JSON.stringify(user.advocate.networks),
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
          if (existing) await updateFromDirectory(id, user.advocate);
          await db
            .insertInto('scim_users')
            .values({ advocate_id: id, user_name: user.userName, external_id: user.externalId, branch_attribute: user.branchAttribute })
            .execute();
          await applyActive(id, user.active);
          return { ok: true, value: String(id) };
        } catch (error) {
          if (isUniqueViolation(error)) return { ok: false, conflict: 'another user holds this userName, externalId or email' };
          throw error;
        }
      },

      /** Replaces what the directory owns of a provisioned advocate (PUT, or the result of a PATCH). Run it in a transaction. */
      async replaceUser(id: string, user: DirectoryUser): Promise<DirectoryWrite<string>> {
        try {
          await updateFromDirectory(id, user.advocate, { email: true });
          await db
            .updateTable('scim_users')
            .set({ user_name: user.userName, external_id: user.externalId, branch_attribute: user.branchAttribute, updated_at: sql`now()` })
            .where('advocate_id', '=', id)
            .execute();
          await applyActive(id, user.active);
          return { ok: true, value: id };
        } catch (error) {
          if (isUniqueViolation(error)) return { ok: false, conflict: 'another user holds this userName, externalId or email' };
          throw error;
        }
      },

      /** Sets the branch and topics an advocate's groups give (scim-mapping.ts `placement`). */
      async setPlacement(id: string, placement: { branch: string | null; topics: string[] }): Promise<void> {
        await db
          .updateTable('advocates')
          .set({ branch: placement.branch, topics: JSON.stringify(placement.topics), updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
      },

      async groups(where?: {
        id?: string;
        displayName?: string;
        externalId?: string;
      }): Promise<(ScimGroupRow & { members: { id: string; name: string }[] })[]> {
        let query = db.selectFrom('scim_groups').selectAll().orderBy('display_name').orderBy('id');
        if (where?.id !== undefined) query = query.where('id', '=', where.id);
        if (where?.displayName !== undefined) query = query.where(sql<boolean>`lower(display_name) = lower(${where.displayName})`);
        if (where?.externalId !== undefined) query = query.where('external_id', '=', where.externalId);
        const groups = await query.execute();
        const members = groups.length
          ? await db
              .selectFrom('scim_group_members as m')
              .innerJoin('advocates as a', 'a.id', 'm.advocate_id')
              .select(['m.group_id', 'a.id', 'a.name'])
              .where(
                'm.group_id',
                'in',
                groups.map((g) => g.id),
              )
              .orderBy('a.id')
              .execute()
          : [];
        return groups.map((g) => ({ ...g, members: members.filter((m) => m.group_id === g.id).map(({ id, name }) => ({ id, name })) }));
      },

      async createGroup(group: { id: string; displayName: string; externalId: string | null }): Promise<DirectoryWrite<string>> {
        try {
          await db.insertInto('scim_groups').values({ id: group.id, display_name: group.displayName, external_id: group.externalId }).execute();
          return { ok: true, value: group.id };
        } catch (error) {
          if (isUniqueViolation(error)) return { ok: false, conflict: `externalId "${group.externalId}" is already provisioned` };
          throw error;
        }
      },

      /** Renames a group and sets its members (only advocates the directory provisioned); returns the advocates whose groups changed. */
      async replaceGroup(id: string, group: { displayName: string; externalId: string | null; members: string[] }): Promise<DirectoryWrite<string[]>> {
        try {
          await db
            .updateTable('scim_groups')
            .set({ display_name: group.displayName, external_id: group.externalId, updated_at: sql`now()` })
            .where('id', '=', id)
            .execute();
        } catch (error) {
          if (isUniqueViolation(error)) return { ok: false, conflict: `externalId "${group.externalId}" is already provisioned` };
          throw error;
        }
        // Ids as text on both databases (PGlite returns a bigint as a number, pg as a string).
        const before = (await db.selectFrom('scim_group_members').select('advocate_id').where('group_id', '=', id).execute()).map((r) => String(r.advocate_id));
        const wanted = [...new Set(group.members)];
        // A value that is no advocate id names nobody (and must not reach SQL as a bigint).
        const malformed = wanted.find((m) => !/^\d{1,18}$/.test(m));
        if (malformed !== undefined) return { ok: false, conflict: `no provisioned user has the id ${malformed}` };
        const known = wanted.length
          ? (await db.selectFrom('scim_users').select('advocate_id').where('advocate_id', 'in', wanted).execute()).map((r) => String(r.advocate_id))
          : [];
        const unknown = wanted.filter((m) => !known.includes(m));
        if (unknown.length > 0) return { ok: false, conflict: `no provisioned user has the id ${unknown[0]}` };
        const added = known.filter((m) => !before.includes(m));
        const removed = before.filter((m) => !known.includes(m));
        if (removed.length) await db.deleteFrom('scim_group_members').where('group_id', '=', id).where('advocate_id', 'in', removed).execute();
        if (added.length)
          await db
            .insertInto('scim_group_members')
            .values(added.map((advocate_id) => ({ group_id: id, advocate_id })))
            .execute();
        return { ok: true, value: [...added, ...removed] };
      },

      /** Deletes a group; returns its former members. */
      async deleteGroup(id: string): Promise<string[]> {
        const members = (await db.selectFrom('scim_group_members').select('advocate_id').where('group_id', '=', id).execute()).map((r) =>
          String(r.advocate_id),
        );
        await db.deleteFrom('scim_groups').where('id', '=', id).execute();
        return members;
      },
    },

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

    /** Adds one advocate (the console's "Add"); undefined when the address is on the roster already. */
    async add(a: AdvocateInput): Promise<AdvocateRow | undefined> {
      return db
        .insertInto('advocates')
        .values({
          email: a.email,
          name: a.name,
          language: a.language,
          time_zone: a.timeZone,
          branch: a.branch,
          topics: JSON.stringify(a.topics),
          networks: JSON.stringify(a.networks),
          mastodon_instance: a.mastodonInstance,
        })
        .onConflict((conflict) => conflict.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /** What an admin edits of an advocate in the console (the address stays: it is who they are). */
    async edit(id: string, a: Omit<AdvocateInput, 'email' | 'mastodonInstance'>): Promise<void> {
      await db
        .updateTable('advocates')
        .set({
          name: a.name,
          language: a.language,
          time_zone: a.timeZone,
          branch: a.branch,
          topics: JSON.stringify(a.topics),
          networks: JSON.stringify(a.networks),
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    /** An admin's pause (no mail until resumed) or resume; resuming also forgets past bounces. */
    async setPaused(id: string, paused: boolean): Promise<void> {
      await db
        .updateTable('advocates')
        .set(paused ? { mail_state: 'paused', updated_at: sql`now()` } : { mail_state: 'ok', bounces: 0, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** Removes an advocate from the programme: paused for good (nothing mails a paused advocate), row and history kept. */
    async remove(id: string): Promise<void> {
      await db
        .updateTable('advocates')
        .set({ removed_at: sql`coalesce(removed_at, now())`, mail_state: 'paused', updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** Every advocate still on the roster (not removed or erased), by name: the roster CSV. */
    roster(): Promise<AdvocateRow[]> {
      return db.selectFrom('advocates').selectAll().where('removed_at', 'is', null).where('erased_at', 'is', null).orderBy('name').orderBy('id').execute();
    },

    /** `roster()` with only what the dry digest plan reads: a roster's other timestamps and settings are not parsed. */
    planRoster(): Promise<PlanAdvocate[]> {
      return db
        .selectFrom('advocates')
        .select([...PLAN_COLUMNS])
        .where('removed_at', 'is', null)
        .where('erased_at', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute();
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
