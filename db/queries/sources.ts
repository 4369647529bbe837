import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { Database, SourceRow } from '../schema.js';
import type { SourceSettings, SourceState } from '../../model/source.js';

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
     * Makes the table match the config: new sources added, changed ones updated (a new URL or kind
     * forgets the old validators), missing ones marked inactive. Their items stay. `settings` keeps the
     * validated entry (common settings and the kind's options) that the fetch activity polls by.
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
        };
        if (!row) {
          await db
            .insertInto('sources')
            .values({ id: settings.id, ...values, fetch_state: '{}', last_error: null, content_hash: null, last_changed_at: null, last_failed_at: null })
            .execute();
          result.added.push(settings.id);
          continue;
        }
        existing.delete(settings.id);
        if (row.active && isDeepStrictEqual(row.settings, JSON.parse(stored))) continue;
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
        if (!row.active) continue;
        await db.updateTable('sources').set({ active: false, updated_at: new Date() }).where('id', '=', row.id).execute();
        result.removed.push(row.id);
      }
      return result;
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
