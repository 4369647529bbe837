import type { Logger } from 'pino';
import type { SuggestionOutcome } from '../model/suggestion.js';
import { SUGGESTIONS_SOURCE_ID, type KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import { canonicalizeUrl, InvalidUrlError } from '../integrations/feeds/canonical-url.js';
import { extractPageMetadata } from '../integrations/feeds/page-metadata.js';
import { clip } from '../integrations/feeds/text.js';
import { FetchError, type HttpClient } from '../integrations/http/http-client.js';
import { describeBlockedUrl } from '../rules/suggestions/suggestion-url.js';
import { itemIdFor, primaryLanguage, SUMMARY_MAX, TITLE_MAX } from './normalize-item.js';

export interface SuggestionStepsDeps {
  store: Store;
  config: KaikuConfig;
  log: Logger;
  /** Public addresses only, with the suggestion limits (see worker.ts). */
  suggestionHttp: HttpClient;
  announceItems: () => Promise<void>;
}

export function createSuggestionSteps(deps: SuggestionStepsDeps) {
  const { store, log } = deps;

  async function existing(url: string): Promise<{ id: string; title: string } | undefined> {
    const item = await store.items.get(itemIdFor(url));
    return item ? { id: item.id, title: item.title } : undefined;
  }

  return {
    /** Reads a suggested page and makes it an item (or credits an existing one). Safe to run twice. */
    async processSuggestion(suggestionId: string): Promise<SuggestionOutcome> {
      const row = await store.engagement.suggestion(suggestionId);
      if (!row) return { state: 'refused', reason: 'kaiku has no such suggestion.' };
      const itemLog = log.child({ suggestionId, advocateId: row.advocate_id });
      if (row.state !== 'received') {
        const item = row.item_id ? await store.items.get(row.item_id) : undefined;
        if (row.state === 'refused' || !item) return { state: 'refused', reason: row.reason ?? 'refused' };
        return { state: row.state, itemId: item.id, title: item.title };
      }
      const settle = async (outcome: SuggestionOutcome): Promise<SuggestionOutcome> => {
        await store.engagement.settleSuggestion(
          suggestionId,
          outcome.state === 'refused' ? { state: 'refused', reason: outcome.reason } : { state: outcome.state, itemId: outcome.itemId },
        );
        itemLog.info({ ...outcome }, 'suggestion settled');
        return outcome;
      };

      let canonical: string;
      try {
        canonical = canonicalizeUrl(row.url);
      } catch (error) {
        if (error instanceof InvalidUrlError) return settle({ state: 'refused', reason: error.message });
        throw error;
      }
      const known = await existing(canonical);
      if (known) return settle({ state: 'duplicate', itemId: known.id, title: known.title });

      let page;
      try {
        page = await deps.suggestionHttp.get(canonical, { accept: 'text/html,application/xhtml+xml' });
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        if (error.transient && error.kind !== 'timeout') throw error; // the site may recover: Temporal retries
        const reason = error.kind === 'blocked-address' ? describeBlockedUrl(error.url) : `kaiku could not read ${canonical}: ${error.message}.`;
        return settle({ state: 'refused', reason });
      }
      if (page.contentType && !/html/i.test(page.contentType)) {
        return settle({ state: 'refused', reason: `${canonical} is not a web page (${page.contentType}); suggest the page that links to it.` });
      }
      // After redirects the page may be one kaiku has already.
      const finalUrl = canonicalizeUrl(page.url);
      const knownFinal = finalUrl !== canonical ? await existing(finalUrl) : undefined;
      if (knownFinal) return settle({ state: 'duplicate', itemId: knownFinal.id, title: knownFinal.title });

      const meta = extractPageMetadata(page.text(), page.url);
      const id = itemIdFor(finalUrl);
      const title = clip(meta.title, TITLE_MAX) ?? new URL(finalUrl).hostname;
      await store.transaction(async (tx) => {
        await tx.items.insertNew([
          {
            id,
            url: finalUrl,
            source_id: SUGGESTIONS_SOURCE_ID,
            title,
            summary: clip(meta.description, SUMMARY_MAX) ?? null,
            image_url: meta.imageUrl ?? null,
            author: null,
            language: primaryLanguage(meta.language) ?? deps.config.program.defaultLanguage,
            topics: JSON.stringify([]),
            categories: JSON.stringify([]),
            published_at: null,
            event_ends_at: null,
            approval_started_at: null,
          },
        ]);
        await tx.items.link([{ item_id: id, source_id: SUGGESTIONS_SOURCE_ID, guid: null, seen_url: row.url }]);
      });
      const outcome = await settle({ state: 'accepted', itemId: id, title });
      await deps.announceItems();
      return outcome;
    },
  };
}
