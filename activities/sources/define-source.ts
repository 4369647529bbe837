import type { z } from 'zod';
import type { Logger } from 'pino';
import type { HttpClient } from '../../integrations/http/http-client.js';

/** One article as a source found it. kaiku normalises the URL, enriches what is missing and stores it once. */
export interface SourceItem {
  /** The article's address. Tracking parameters and fragments are stripped before dedup. */
  url: string;
  title?: string | undefined;
  /** Plain text; HTML is stripped by kaiku if present. */
  summary?: string | undefined;
  imageUrl?: string | undefined;
  publishedAt?: Date | string | undefined;
  author?: string | undefined;
  /** BCP 47 tag such as `fi` or `sv-FI`, if the source knows it. */
  language?: string | undefined;
  categories?: string[] | undefined;
  /** The source's own id for the entry (an RSS guid, an Atom id). */
  guid?: string | undefined;
  /** For an event: when it ends. Approval stops asking then, since the post is no use afterwards. */
  eventEndsAt?: Date | string | undefined;
}

/** What a source remembers between polls: validators for conditional GET, or a cursor of its own. */
export interface SourceState {
  etag?: string | undefined;
  lastModified?: string | undefined;
  cursor?: string | undefined;
}

/** The settings every source has, whatever its kind (see `config/schema.ts`). */
export interface SourceSettings {
  id: string;
  kind: string;
  name: string;
  url: string;
  topics: string[];
  language?: string | undefined;
  pollEveryMs: number;
  approvers: string[];
  priority: number;
  enabled: boolean;
  allowPrivateAddresses: boolean;
  /** For analytics by content type; the kind when the config names none. */
  contentType?: string | undefined;
}

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
  | { notModified?: false; items: SourceItem[]; state?: SourceState | undefined; language?: string | undefined };

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
 * import { z } from 'zod';
 * import { defineSource } from 'kaiku/activities/sources/define-source.js';
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
