import type { Logger } from 'pino';
import type { ConfiguredSource } from '../config/schema.js';
import type { SourceClients } from '../integrations/http/source-clients.js';
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

export type SourcePreview = { ok: true; items: PreviewItem[]; fetched: number; skipped: number; warning?: string | undefined } | { ok: false; reason: string };

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
  if (!definition) return { ok: false, reason: `no source kind "${settings.kind}" is known to this kaiku` };
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
    return { ok: false, reason: describeSourceError(error) };
  }
  // No validators were sent, so a 304 is the server's own odd answer: nothing to show.
  if (fetched.notModified) return { ok: false, reason: 'the server answered 304 Not Modified to a first request; it sent no feed to read' };
  const { drafts, skipped } = draftEntries(fetched.items, settings, fetched.skipped ?? [], deps.programmeTopics);
  const total = fetched.items.length + (fetched.skipped?.length ?? 0);
  if (total > 0 && drafts.size === 0) {
    return { ok: false, reason: `none of the ${total} entries could be read: ${[...new Set(skipped.map((s) => s.reason))].join('; ')}` };
  }
  const items = [...drafts.values()].map((draft) => ({
    title: draft.title ?? firstSentence(draft.summary, TITLE_MAX) ?? draft.canonicalUrl,
    url: draft.canonicalUrl,
    publishedAt: draft.publishedAt,
  }));
  const warnings = [...(skipped.length ? [`${skipped.length} of ${total} entries would be skipped`] : []), ...(fetched.warnings ?? [])];
  return { ok: true, items, fetched: total, skipped: skipped.length, warning: warnings.join('. ') || undefined };
}
