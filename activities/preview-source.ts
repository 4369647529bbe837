import type { Logger } from 'pino';
import type { ConfiguredSource } from '../config/schema.js';
import type { SourceClients } from '../integrations/http/source-clients.js';
import { FetchError, type FetchFailure } from '../integrations/http/http-client.js';
import { firstSentence } from '../integrations/feeds/text.js';
import type { SourceRegistry } from './sources/registry.js';
import { describeSourceError, draftEntries } from './fetch-source.js';
import { TITLE_MAX } from './normalize-item.js';

// "Test this feed" in the console: one fetch of a source not saved yet, through the fetch activity's own steps (the
// kind's fetch on the same guarded client, the same normalisation and dedup), without storing anything. Called by
// the server directly rather than as a workflow: it writes nothing, so it needs none of Temporal's durability, and
// the admin waits for the answer on the page.

export interface PreviewItem {
  title: string;
  url: string;
  publishedAt: Date | undefined;
}

/**
 * Which refusal a failed test is, for words in the admin's language (`reason` says it in English). The kind's own
 * words (a feed that cannot be parsed, an entry's reason to be skipped) are English only: `english` carries them.
 */
export type PreviewRefusal =
  | { kind: 'unknown kind'; sourceKind: string }
  | { kind: 'fetch'; failure: FetchFailure; url: string; status?: number | undefined }
  | { kind: 'not modified' }
  | { kind: 'unreadable'; total: number; english: string }
  | { kind: 'not read'; english: string };

export type SourcePreview =
  | {
      ok: true;
      items: PreviewItem[];
      fetched: number;
      skipped: number;
      /** In English: how many entries would be skipped, then the kind's own warnings. */
      warning?: string | undefined;
      /** The kind's own warnings (English), apart from the count of skipped entries. */
      warnings: string[];
    }
  | { ok: false; reason: string; refusal: PreviewRefusal };

/**
 * What polling `source` now would create, or the readable reason kaiku would refuse it. Article pages are not read
 * (the poll's enrichment): titles a feed leaves out come from the summary or the link, as they would without it.
 *
 * @example
 * const preview = await previewSource({ registry, http, log }, entry);
 * preview.ok ? preview.items.map((i) => i.title) : preview.reason // 'refused to fetch http://10.0.0.1/…: … private …'
 */
export async function previewSource(
  deps: { registry: SourceRegistry; http: Pick<SourceClients, 'public' | 'private'>; log: Logger; programmeTopics?: ReadonlySet<string> },
  source: ConfiguredSource,
): Promise<SourcePreview> {
  const { settings, options } = source;
  const definition = deps.registry.get(settings.kind);
  if (!definition)
    return { ok: false, reason: `no source kind "${settings.kind}" is known to this kaiku`, refusal: { kind: 'unknown kind', sourceKind: settings.kind } };
  let fetched: Awaited<ReturnType<typeof definition.fetch>>;
  try {
    fetched = await definition.fetch({
      source: settings,
      options,
      http: settings.allowPrivateAddresses ? deps.http.private : deps.http.public,
      state: {},
      log: deps.log.child({ preview: settings.url }),
      signal: AbortSignal.timeout(60_000),
      heartbeat: () => undefined,
    });
  } catch (error) {
    const reason = describeSourceError(error);
    const refusal: PreviewRefusal =
      error instanceof FetchError ? { kind: 'fetch', failure: error.kind, url: error.url, status: error.status } : { kind: 'not read', english: reason };
    return { ok: false, reason, refusal };
  }
  // No validators were sent, so a 304 is the server's own odd answer: nothing to show.
  if (fetched.notModified)
    return { ok: false, reason: 'the server answered 304 Not Modified to a first request; it sent no feed to read', refusal: { kind: 'not modified' } };
  const { drafts, skipped } = draftEntries(fetched.items, settings, fetched.skipped ?? [], deps.programmeTopics);
  const total = fetched.items.length + (fetched.skipped?.length ?? 0);
  if (total > 0 && drafts.size === 0) {
    const reasons = [...new Set(skipped.map((s) => s.reason))].join('; ');
    return { ok: false, reason: `none of the ${total} entries could be read: ${reasons}`, refusal: { kind: 'unreadable', total, english: reasons } };
  }
  const items = [...drafts.values()].map((draft) => ({
    title: draft.title ?? firstSentence(draft.summary, TITLE_MAX) ?? draft.canonicalUrl,
    url: draft.canonicalUrl,
    publishedAt: draft.publishedAt,
  }));
  const warnings = [...(skipped.length ? [`${skipped.length} of ${total} entries would be skipped`] : []), ...(fetched.warnings ?? [])];
  return { ok: true, items, fetched: total, skipped: skipped.length, warning: warnings.join('. ') || undefined, warnings: [...(fetched.warnings ?? [])] };
}
