import type { Kysely } from 'kysely';
import type { AuditTrailRow, CaptionTemplateRow, Database, ItemRow } from '../schema.js';
import type { Network } from '../../model/item.js';

// The console's caption templates and hashtags (issue 17, migration 0019). Changed only through
// server/console/audited-change.ts, so each change has its row in the audit trail.

/** The audit trail's entities for the captions page. */
export const CAPTION_ENTITIES = { template: 'caption template', hashtags: 'programme hashtags' } as const;

export function captionTemplateQueries(db: Kysely<Database>) {
  return {
    /** Every stored template, by network, language and variant. */
    all(): Promise<CaptionTemplateRow[]> {
      return db.selectFrom('caption_templates').selectAll().orderBy('network').orderBy('language').orderBy('variant').execute();
    },

    /** A network × language's variants, in order (none: the default proposal). */
    async of(network: Network, language: string): Promise<string[]> {
      const rows = await db
        .selectFrom('caption_templates')
        .select('body')
        .where('network', '=', network)
        .where('language', '=', language)
        .orderBy('variant')
        .execute();
      return rows.map((row) => row.body);
    },

    /** Every network's variants for one language, for a proposal. */
    async forLanguage(language: string): Promise<Partial<Record<Network, string[]>>> {
      const rows = await db.selectFrom('caption_templates').select(['network', 'body']).where('language', '=', language).orderBy('variant').execute();
      const templates: Partial<Record<Network, string[]>> = {};
      for (const row of rows) (templates[row.network] ??= []).push(row.body);
      return templates;
    },

    /** Replaces a network × language's variants with `bodies` (none: back to the default). */
    async replace(network: Network, language: string, bodies: readonly string[]): Promise<void> {
      await db.deleteFrom('caption_templates').where('network', '=', network).where('language', '=', language).execute();
      if (bodies.length === 0) return;
      await db
        .insertInto('caption_templates')
        .values(bodies.map((body, index) => ({ network, language, variant: index + 1, body })))
        .execute();
    },

    /** The hashtags written in the console; undefined when none were. */
    async hashtags(): Promise<string[] | undefined> {
      const row = await db.selectFrom('caption_hashtags').select('hashtags').executeTakeFirst();
      return row?.hashtags;
    },

    async setHashtags(tags: readonly string[]): Promise<void> {
      await db
        .insertInto('caption_hashtags')
        .values({ id: true, hashtags: JSON.stringify(tags) })
        .onConflict((oc) => oc.column('id').doUpdateSet({ hashtags: JSON.stringify(tags), updated_at: new Date() }))
        .execute();
    },

    /** The captions page's trail: every template and hashtag change, newest first. */
    trail(limit = 200): Promise<AuditTrailRow[]> {
      return db
        .selectFrom('audit_trail')
        .selectAll()
        .where('entity', 'in', [CAPTION_ENTITIES.template, CAPTION_ENTITIES.hashtags])
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** The newest item, preferably in `language`, for the page's preview; undefined when there are none. */
    async previewItem(language: string): Promise<ItemRow | undefined> {
      const inLanguage = await db.selectFrom('items').selectAll().where('language', '=', language).orderBy('discovered_at', 'desc').limit(1).executeTakeFirst();
      return inLanguage ?? (await db.selectFrom('items').selectAll().orderBy('discovered_at', 'desc').limit(1).executeTakeFirst());
    },
  };
}
