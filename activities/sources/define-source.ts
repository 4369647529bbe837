import type { z } from 'zod';
import type { Logger } from 'pino';
import type { HttpClient } from '../../integrations/http/http-client.js';
import type { SourceItem, SourceSettings, SourceState } from '../../model/source.js';

// The data a source deals in is the model's (the store and the config share it); re-exported here as part of
// the public API for those who write a kind of source.
export type { SourceItem, SourceSettings, SourceState };

export interface SourceFetchContext<Options> {
  source: SourceSettings;
  /** The kind's own settings, parsed by its `configSchema`. */
  options: Options;
  /** HTTP GET with kaiku's limits: time, size, redirects, private addresses, a per-host cap. */
  http: HttpClient;
  /** What this source returned as `state` last time (empty on the first poll). */
  state: SourceState;
  log: Logger;
  signal: AbortSignal;
  /** Tell Temporal the fetch is alive; call it between slow steps. */
  heartbeat(): void;
}

export type SourceFetchResult =
  | { notModified: true; state?: SourceState | undefined }
  | {
      notModified?: false;
      items: SourceItem[];
      state?: SourceState | undefined;
      language?: string | undefined;
      /** Entries the kind read past, each with its reason: counted on the source, never silently dropped. */
      skipped?: { reason: string }[] | undefined;
      /** What the kind repaired to read the source (shown beside its health). */
      warnings?: string[] | undefined;
    };

export interface SourceDefinition<Options = unknown> {
  kind: string;
  description: string;
  configSchema: z.ZodType<Options>;
  fetch(ctx: SourceFetchContext<Options>): Promise<SourceFetchResult>;
}

const KIND_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * Defines a kind of source: where items come from when there is no feed (a blog without RSS, an
 * intranet API, a YouTube channel). kaiku runs `fetch` inside its fetch activity, with the same
 * limits, dedup, enrichment and approval as for any feed.
 *
 * The kind's own keys in the config are validated by `configSchema`; the common keys (`id`, `url`,
 * `topics`, `pollEvery`, `approvers`, ...) are kaiku's.
 *
 * @example
 * ```ts
 * import { defineSource, z } from 'kaiku';
 *
 * export const intranetNews = defineSource({
 *   kind: 'intranet-news',
 *   description: 'News from the intranet JSON API',
 *   configSchema: z.strictObject({ channel: z.string() }),
 *   async fetch({ source, options, http }) {
 *     const res = await http.get(`${source.url}?channel=${options.channel}`, { accept: 'application/json' });
 *     const body = JSON.parse(res.text()) as { posts: { link: string; headline: string }[] };
 *     return { items: body.posts.map((p) => ({ url: p.link, title: p.headline })) };
 *   },
 * });
 * ```
 * and in `kaiku.yaml`:
 * ```yaml
 * sources:
 *   - id: intranet
 *     kind: intranet-news
 *     url: https://intranet.example.org/api/news
 *     channel: public
 * ```
 */
export function defineSource<S extends z.ZodType>(definition: {
  kind: string;
  description?: string;
  configSchema: S;
  fetch(ctx: SourceFetchContext<z.output<S>>): Promise<SourceFetchResult>;
}): SourceDefinition<z.output<S>> {
  if (!KIND_PATTERN.test(definition.kind)) {
    throw new Error(`defineSource: kind "${definition.kind}" must be 2–40 lowercase letters, digits or dashes, starting with a letter (e.g. "intranet-news")`);
  }
  if (typeof definition.fetch !== 'function') {
    throw new Error(`defineSource: kind "${definition.kind}" needs a fetch(ctx) function`);
  }
  return {
    kind: definition.kind,
    description: definition.description ?? definition.kind,
    configSchema: definition.configSchema as z.ZodType<z.output<S>>,
    fetch: definition.fetch,
  };
}
