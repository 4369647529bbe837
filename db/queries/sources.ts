import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { Database, SourceOrigin, SourceRow } from '../schema.js';
import type { SourceSettings, SourceState } from '../../model/source.js';
import type { ConfiguredSource } from '../../config/schema.js';

/** A source the programme polls: the validated entry, and who owns it (kaiku.yaml or the console). */
export interface ProgrammeSource extends ConfiguredSource {
  origin: SourceOrigin;
}

export interface SourceSyncResult {
  added: string[];
  changed: string[];
  /** Changed sources whose URL or kind changed: their validators were forgotten. */
  moved: string[];
  removed: string[];
}

export function sourceQueries(db: Kysely<Database>) {
  return {
    get(id: string): Promise<SourceRow | undefined> {
      return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    },

    list(): Promise<SourceRow[]> {
      return db.selectFrom('sources').selectAll().orderBy('active', 'desc').orderBy('id').execute();
    },

    /**
     * Makes the table's kaiku.yaml rows match the config: new sources added, changed ones updated (a new URL or kind
     * forgets the old validators), missing ones marked inactive. Their items stay. `settings` keeps the
     * validated entry (common settings and the kind's options) that the fetch activity polls by. Console rows are
     * the console's and left alone, but for one whose id kaiku.yaml now names too: the file wins and takes it over.
     */
    async sync(sources: readonly { settings: SourceSettings; options: unknown }[]): Promise<SourceSyncResult> {
      const result: SourceSyncResult = { added: [], changed: [], moved: [], removed: [] };
      const existing = new Map((await this.list()).map((row) => [row.id, row]));
      for (const { settings, options } of sources) {
        const row = existing.get(settings.id);
        const stored = JSON.stringify({ settings, options });
        const values = {
          kind: settings.kind,
          name: settings.name,
          url: settings.url,
          topics: JSON.stringify(settings.topics),
          settings: stored,
          origin: 'config' as const,
          removed_at: null,
        };
        if (!row) {
          // Two workers starting at once both find it missing: the one whose insert lands adds it, the other has nothing to do.
          const inserted = await db
            .insertInto('sources')
            .values({ id: settings.id, ...values, fetch_state: '{}', last_error: null, content_hash: null, last_changed_at: null, last_failed_at: null })
            .onConflict((oc) => oc.column('id').doNothing())
            .returning('id')
            .executeTakeFirst();
          if (inserted) result.added.push(settings.id);
          continue;
        }
        existing.delete(settings.id);
        if (row.active && row.origin === 'config' && isDeepStrictEqual(row.settings, JSON.parse(stored))) continue;
        const moved = row.url !== settings.url || row.kind !== settings.kind;
        await db
          .updateTable('sources')
          .set({
            ...values,
            active: true,
            updated_at: new Date(),
            ...(moved ? { fetch_state: '{}', content_hash: null, health: 'pending' as const, last_error: null, failure_count: 0 } : {}),
          })
          .where('id', '=', settings.id)
          .execute();
        result.changed.push(settings.id);
        if (moved) result.moved.push(settings.id);
      }
      for (const row of existing.values()) {
        if (!row.active || row.origin === 'console') continue;
        await db.updateTable('sources').set({ active: false, updated_at: new Date() }).where('id', '=', row.id).execute();
        result.removed.push(row.id);
      }
      return result;
    },

    /**
     * The sources the programme polls, in one list wherever kaiku asks "which sources are there": kaiku.yaml's
     * (`configured`, this process's config) and then the console's active ones. An id both name is kaiku.yaml's.
     *
     * @example
     * const sources = await store.sources.inEffect(config.sources);
     * sources.map((s) => `${s.settings.id} (${s.origin})`)   // ['city-news (config)', 'jobs (console)']
     */
    async inEffect(configured: readonly ConfiguredSource[]): Promise<ProgrammeSource[]> {
      const ids = new Set(configured.map((source) => source.settings.id));
      const rows = await db.selectFrom('sources').select(['id', 'settings']).where('origin', '=', 'console').where('active', '=', true).orderBy('id').execute();
      return [
        ...configured.map((source) => ({ ...source, origin: 'config' as const })),
        ...rows.filter((row) => !ids.has(row.id)).map((row) => ({ ...(row.settings as unknown as ConfiguredSource), origin: 'console' as const })),
      ];
    },

    /** Adds a console source; undefined when a row (active, removed, or kaiku.yaml's) already has its id. */
    async addConsole(source: ConfiguredSource): Promise<SourceRow | undefined> {
      const { settings } = source;
      return db
        .insertInto('sources')
        .values({
          id: settings.id,
          kind: settings.kind,
          name: settings.name,
          url: settings.url,
          topics: JSON.stringify(settings.topics),
          settings: JSON.stringify(source),
          origin: 'console',
          fetch_state: '{}',
          last_error: null,
          content_hash: null,
          last_changed_at: null,
          last_failed_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /**
     * Replaces a console source's entry (an edit, a pause or a resume); true when its URL or kind moved, whose old
     * validators and content hash were then forgotten. Refuses (throws) a row that is not an active console source.
     */
    async editConsole(id: string, source: ConfiguredSource): Promise<{ moved: boolean }> {
      const row = await this.get(id);
      if (!row || row.origin !== 'console' || !row.active) throw new Error(`source "${id}" is not an active console source; nothing was changed`);
      const { settings } = source;
      const moved = row.url !== settings.url || row.kind !== settings.kind;
      await db
        .updateTable('sources')
        .set({
          kind: settings.kind,
          name: settings.name,
          url: settings.url,
          topics: JSON.stringify(settings.topics),
          settings: JSON.stringify({ ...source, settings: { ...settings, id } }),
          updated_at: new Date(),
          ...(moved ? { fetch_state: '{}', content_hash: null, health: 'pending' as const, last_error: null, last_warning: null, failure_count: 0 } : {}),
        })
        .where('id', '=', id)
        .execute();
      return { moved };
    },

    /** Removes a console source: no longer polled (its Schedule goes with it); its items stay and still name it. */
    async removeConsole(id: string): Promise<void> {
      await db
        .updateTable('sources')
        .set({ active: false, removed_at: new Date(), updated_at: new Date() })
        .where('id', '=', id)
        .where('origin', '=', 'console')
        .execute();
    },

    /** How many items each source carries (an item found in two sources counts in both). */
    async itemCounts(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('item_sources')
        .select(['source_id', (eb) => eb.fn.countAll<string>().as('count')])
        .groupBy('source_id')
        .execute();
      return new Map(rows.map((row) => [row.source_id, Number(row.count)]));
    },

    /** A poll that brought something new: validators, content hash, health, and what it repaired or skipped. */
    async recordChange(id: string, change: { fetchState: SourceState; contentHash: string; warning?: string | undefined }): Promise<void> {
      await db
        .updateTable('sources')
        .set({
          fetch_state: JSON.stringify(change.fetchState),
          content_hash: change.contentHash,
          health: 'healthy',
          last_error: null,
          last_warning: change.warning?.slice(0, 2000) ?? null,
          failure_count: 0,
          last_changed_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },

    /** A poll that found nothing new; writes only if something about the source did change. */
    async recordUnchanged(row: SourceRow, fetchState: SourceState, warning?: string): Promise<boolean> {
      const sameState = isDeepStrictEqual(row.fetch_state ?? {}, JSON.parse(JSON.stringify(fetchState)));
      // A 304 says nothing about the body, so it keeps the last warning; an unchanged body repeats its own.
      const nextWarning = warning === undefined ? row.last_warning : warning.slice(0, 2000) || null;
      if (row.health === 'healthy' && sameState && nextWarning === row.last_warning) return false;
      await db
        .updateTable('sources')
        .set({
          fetch_state: JSON.stringify(fetchState),
          health: 'healthy',
          last_error: null,
          last_warning: nextWarning,
          failure_count: 0,
          updated_at: new Date(),
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    },

    async recordFailure(id: string, reason: string): Promise<void> {
      await db
        .updateTable('sources')
        .set({
          health: 'unhealthy',
          last_error: reason.slice(0, 2000),
          failure_count: sql<number>`failure_count + 1`,
          last_failed_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
