import { z } from 'zod';
import { defineSource } from './define-source.js';
import { readFeed } from '../../integrations/feeds/read-feed.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/**
 * RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, told apart by content; conditional GET on every poll, with the
 * validators of the URL the feed was finally served from (a redirect elsewhere starts fresh).
 */
export const feedSource = defineSource({
  kind: 'feed',
  description: 'An RSS, Atom, RDF or JSON feed',
  configSchema: z.strictObject({}),
  async fetch({ source, http, state, signal }) {
    const response = await http.get(source.url, {
      accept: FEED_ACCEPT,
      etag: state.etag,
      lastModified: state.lastModified,
      validatorsUrl: state.validatorsUrl ?? source.url,
      signal,
    });
    if (response.notModified) {
      return {
        notModified: true,
        state: { etag: response.etag ?? state.etag, lastModified: response.lastModified ?? state.lastModified, validatorsUrl: response.url },
      };
    }
    const feed = await readFeed(response.body, { contentType: response.contentType, url: response.url });
    return {
      items: feed.items,
      language: feed.language,
      skipped: feed.skipped,
      warnings: feed.warnings,
      state: { etag: response.etag, lastModified: response.lastModified, validatorsUrl: response.url },
    };
  },
});
