import type { Logger } from 'pino';
import type { HttpClient } from '../integrations/http/http-client.js';
import { extractPageMetadata } from '../integrations/feeds/page-metadata.js';
import { clip } from '../integrations/feeds/text.js';
import { SUMMARY_MAX, TITLE_MAX, type ItemDraft } from './normalize-item.js';

export function needsEnrichment(draft: ItemDraft): boolean {
  return !draft.imageUrl || !draft.summary || !draft.title;
}

/**
 * Fills a missing title, summary, image or language from the article page's `og:`/meta tags.
 * A page that cannot be read leaves the item as the source gave it: enrichment never blocks an item.
 */
export async function enrichItems(
  drafts: readonly ItemDraft[],
  http: HttpClient,
  options: { log: Logger; heartbeat: () => void; signal?: AbortSignal | undefined },
): Promise<{ enriched: number; failed: number }> {
  let enriched = 0;
  let failed = 0;
  await Promise.all(
    drafts.filter(needsEnrichment).map(async (draft) => {
      try {
        const response = await http.get(draft.canonicalUrl, {
          accept: 'text/html,application/xhtml+xml',
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (response.contentType && !/html/i.test(response.contentType)) return;
        const meta = extractPageMetadata(response.text(), response.url);
        draft.title ??= clip(meta.title, TITLE_MAX);
        draft.summary ??= clip(meta.description, SUMMARY_MAX);
        draft.imageUrl ??= meta.imageUrl;
        draft.pageLanguage = meta.language;
        if (!draft.publishedAt && meta.publishedAt) {
          const date = new Date(meta.publishedAt);
          if (!Number.isNaN(date.getTime())) draft.publishedAt = date;
        }
        enriched++;
      } catch (error) {
        failed++;
        options.log.debug({ itemId: draft.id, url: draft.canonicalUrl, err: (error as Error).message }, 'could not enrich item from its page');
      } finally {
        options.heartbeat();
      }
    }),
  );
  return { enriched, failed };
}
