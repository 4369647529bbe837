import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { NewItem } from '../db/schema.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceState } from '../model/source.js';
import type { ConfiguredSource } from '../config/schema.js';
import type { HttpClient } from '../integrations/http/http-client.js';
import { FetchError } from '../integrations/http/http-client.js';
import { FeedParseError } from '../integrations/feeds/feed-error.js';
import { InvalidUrlError } from '../integrations/feeds/canonical-url.js';
import { contentHash, normalizeItem, primaryLanguage, type ItemDraft } from './normalize-item.js';
import { enrichItems } from './enrich-items.js';
import { currentActivity, keepAlive } from './activity-context.js';
import { metrics } from '../integrations/metrics/metrics.js';

export interface FetchSourceDeps {
  store: Store;
  registry: SourceRegistry;
  /** One client for public addresses only, one for sources allowed to reach private ones. */
  http: { public: HttpClient; private: HttpClient };
  enrich: boolean;
  defaultLanguage: string;
  log: Logger;
  /** Hands stored items to the approval dispatcher (signal-with-start); safe to call twice. */
  announceItems: () => Promise<void>;
}

export type FetchSourceStatus = 'changed' | 'unchanged' | 'not-modified' | 'unhealthy' | 'removed';

export interface FetchSourceResult {
  sourceId: string;
  status: FetchSourceStatus;
  /** Why the source is unhealthy, in words for the admin page. */
  reason?: string;
  fetched: number;
  inserted: number;
  linked: number;
  skipped: number;
  /** Items of this source whose approval workflow is still to be started (the dispatcher was told). */
  awaitingApproval: number;
}

/**
 * The fetch activity: runs the source's kind, normalises and dedups what it returns, enriches new
 * items from their pages, stores them once and hands them to the approval dispatcher. A broken
 * source is marked unhealthy with the reason and returns normally (its next poll tries again); only
 * store and Temporal failures throw, for Temporal to retry.
 */
export function createFetchSource(deps: FetchSourceDeps) {
  return async function fetchSource(sourceId: string): Promise<FetchSourceResult> {
    const activity = currentActivity();
    const stopKeepAlive = keepAlive(activity);
    try {
      const result = await fetchAndStore(sourceId, activity);
      const outcome = result.status === 'changed' ? 'new' : result.status === 'unhealthy' ? 'failed' : result.status === 'removed' ? 'removed' : 'unchanged';
      metrics.polls.inc({ source: sourceId, outcome });
      if (result.inserted > 0) metrics.itemsIngested.inc({ source: sourceId }, result.inserted);
      return result;
    } finally {
      stopKeepAlive();
    }
  };

  async function fetchAndStore(sourceId: string, activity: ReturnType<typeof currentActivity>): Promise<FetchSourceResult> {
    const heartbeat = () => activity?.heartbeat();
    const signal = activity?.cancellationSignal;
    const log = deps.log.child({ sourceId, workflowId: activity?.info.workflowExecution?.workflowId });
    const result: FetchSourceResult = { sourceId, status: 'unchanged', fetched: 0, inserted: 0, linked: 0, skipped: 0, awaitingApproval: 0 };
    // Also after a poll that found nothing new: items stored by an attempt that died before announcing them.
    const handOver = async (outcome: FetchSourceResult): Promise<FetchSourceResult> => {
      const awaitingApproval = await deps.store.items.countAwaitingApprovalStart(sourceId);
      if (awaitingApproval > 0) await deps.announceItems();
      return { ...outcome, awaitingApproval };
    };

    // The store, not this worker's copy of the config, says what a source is: during a rolling deploy,
    // an old worker polls the source as the newest config has it.
    const row = await deps.store.sources.get(sourceId);
    const configured = row?.settings as ConfiguredSource | undefined;
    if (!row || !row.active || !configured?.settings?.enabled) {
      log.info('source is no longer in the config; nothing to fetch');
      return { ...result, status: 'removed' };
    }
    const { settings, options } = configured;
    const definition = deps.registry.get(settings.kind);
    if (!definition) throw new Error(`no source kind "${settings.kind}" is registered in this worker`);

    const http = settings.allowPrivateAddresses ? deps.http.private : deps.http.public;
    const previousState = (row.fetch_state ?? {}) as SourceState;
    let fetched;
    try {
      fetched = await definition.fetch({
        source: settings,
        options,
        http,
        state: previousState,
        log,
        signal: signal ?? new AbortController().signal,
        heartbeat,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = describeSourceError(error);
      await deps.store.sources.recordFailure(sourceId, reason);
      log.warn({ reason, url: settings.url }, 'source is unhealthy');
      return { ...result, status: 'unhealthy', reason };
    }
    heartbeat();

    const nextState = stripUndefined({ ...previousState, ...fetched.state });
    if (fetched.notModified) {
      await deps.store.sources.recordUnchanged(row, nextState);
      return handOver({ ...result, status: 'not-modified' });
    }

    const drafts = new Map<string, ItemDraft>();
    for (const raw of fetched.items) {
      try {
        const draft = normalizeItem(raw, settings);
        if (!drafts.has(draft.canonicalUrl)) drafts.set(draft.canonicalUrl, draft);
      } catch (error) {
        if (!(error instanceof InvalidUrlError)) throw error;
        result.skipped++;
        log.debug({ reason: error.message }, 'skipped an entry without a usable URL');
      }
    }
    result.fetched = fetched.items.length;
    const hash = contentHash([...drafts.values()]);

    if (hash === row.content_hash) {
      await deps.store.sources.recordUnchanged(row, nextState);
      return handOver({ ...result, status: 'unchanged' });
    }

    const known = await deps.store.items.known([...drafts.keys()], sourceId);
    const knownUrls = new Map(known.map((item) => [item.url, item]));
    const fresh = [...drafts.values()].filter((draft) => !knownUrls.has(draft.canonicalUrl));
    const relinked = known.filter((item) => !item.linked);
    if (deps.enrich && fresh.length > 0) {
      const { enriched, failed } = await enrichItems(fresh, http, { log, heartbeat, signal });
      if (enriched + failed > 0) log.debug({ enriched, failed }, 'enriched new items from their pages');
    }

    const feedLanguage = primaryLanguage(fetched.language);
    const rows: NewItem[] = fresh.map((draft) => ({
      id: draft.id,
      url: draft.canonicalUrl,
      source_id: sourceId,
      title: draft.title ?? fallbackTitle(draft.canonicalUrl),
      summary: draft.summary ?? null,
      image_url: draft.imageUrl ?? null,
      author: draft.author ?? null,
      language: draft.language ?? primaryLanguage(settings.language) ?? feedLanguage ?? draft.pageLanguage ?? deps.defaultLanguage,
      topics: JSON.stringify(settings.topics),
      categories: JSON.stringify(draft.categories),
      published_at: draft.publishedAt ?? null,
      event_ends_at: draft.eventEndsAt ?? null,
      approval_started_at: null,
    }));
    const links = [...fresh, ...relinked.map((item) => drafts.get(item.url)!)].map((draft) => ({
      item_id: draft.id,
      source_id: sourceId,
      guid: draft.guid ?? null,
      seen_url: draft.seenUrl,
    }));

    await deps.store.transaction(async (tx) => {
      result.inserted = (await tx.items.insertNew(rows)).length;
      result.linked = await tx.items.link(links);
      await tx.items.addTopics(
        relinked.map((item) => item.id),
        settings.topics,
      );
      await tx.sources.recordChange(sourceId, { fetchState: nextState, contentHash: hash });
    });
    for (const row of rows) log.info({ itemId: row.id, url: row.url }, 'new item');
    log.info({ fetched: result.fetched, inserted: result.inserted, linked: result.linked, skipped: result.skipped }, 'source polled');
    return handOver({ ...result, status: 'changed' });
  }
}

/** Words for the admin page: what went wrong with the source, not a stack trace. */
export function describeSourceError(error: unknown): string {
  if (error instanceof FetchError || error instanceof FeedParseError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `the source failed: ${message.split('\n')[0]}`;
}

function stripUndefined(state: SourceState): SourceState {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined && value !== null)) as SourceState;
}

function fallbackTitle(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
