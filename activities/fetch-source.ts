import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { NewItem } from '../db/schema.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceState } from '../model/source.js';
import type { ConfiguredSource } from '../config/schema.js';
import { ApplicationFailure } from '@temporalio/common';
import type { HttpClient } from '../integrations/http/http-client.js';
import { FetchError } from '../integrations/http/http-client.js';
import { FeedParseError } from '../integrations/feeds/feed-error.js';
import { InvalidUrlError } from '../integrations/feeds/canonical-url.js';
import { firstSentence } from '../integrations/feeds/text.js';
import { safeText } from '../rules/text/safe-text.js';
import type { SourceItem, SourceSettings } from '../model/source.js';
import { TITLE_MAX, contentHash, normalizeItem, primaryLanguage, programmeTopicsOf, type ItemDraft } from './normalize-item.js';
import type { KaikuConfig } from '../config/schema.js';
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
  /** Its sources' topics (with the console's, see `store.sources.inEffect`): an item's category that names one becomes a topic of the item. */
  config: Pick<KaikuConfig, 'sources' | 'slack'>;
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
  /** Why entries were skipped, and how many for each reason. */
  skippedReasons?: Record<string, number>;
  /** What was repaired or skipped, in one line for the admin page (also stored on the source). */
  warning?: string;
  /** Items of this source whose approval workflow is still to be started (the dispatcher was told). */
  awaitingApproval: number;
}

/** How often a poll tries a source that did not answer (network, timeout, HTTP 429/5xx) before it gives up. */
export const TRANSIENT_ATTEMPTS = 3;

/**
 * The fetch activity: runs the source's kind, normalises and dedups what it returns, enriches new
 * items from their pages, stores them once and hands them to the approval dispatcher.
 *
 * A source that answers with something kaiku cannot read (not a feed, broken XML, too large, HTTP 4xx) is
 * marked unhealthy with the reason, and the activity fails with a non-retryable `SourceUnhealthy`
 * ApplicationFailure carrying the result: that is this poll's answer, and the next comes on schedule.
 * A source that did not answer (network, timeout, 429/5xx) is marked too, and retried up to
 * `TRANSIENT_ATTEMPTS` times. One entry that cannot be read is skipped and counted with its reason while
 * the others are stored. Only store and Temporal failures throw otherwise, for Temporal to retry.
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
    let fetched: Awaited<ReturnType<typeof definition.fetch>>;
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
      const unhealthy: FetchSourceResult = { ...result, status: 'unhealthy', reason };
      const attempt = activity?.info.attempt ?? 1;
      if (error instanceof FetchError && error.transient && attempt < TRANSIENT_ATTEMPTS) {
        log.warn({ reason, url: settings.url, attempt }, 'source did not answer; trying again');
        throw ApplicationFailure.create({ message: reason, type: 'SourceUnavailable', nonRetryable: false, details: [unhealthy] });
      }
      log.warn(
        { reason, url: settings.url, attempt, err: error instanceof FetchError || error instanceof FeedParseError ? undefined : error },
        'source is unhealthy',
      );
      throw ApplicationFailure.create({ message: reason, type: 'SourceUnhealthy', nonRetryable: true, details: [unhealthy] });
    }
    heartbeat();

    const nextState = stripUndefined({ ...previousState, ...fetched.state });
    if (fetched.notModified) {
      await deps.store.sources.recordUnchanged(row, nextState);
      return handOver({ ...result, status: 'not-modified' });
    }

    // Asked at each poll: a source added in the console brings its topics without a worker restart.
    const programmeTopics = programmeTopicsOf({ sources: await deps.store.sources.inEffect(deps.config.sources), slack: deps.config.slack });
    const { drafts, skipped } = draftEntries(fetched.items, settings, fetched.skipped ?? [], programmeTopics);
    result.fetched = fetched.items.length + (fetched.skipped?.length ?? 0);
    result.skipped = skipped.length;
    if (skipped.length > 0) {
      result.skippedReasons = countReasons(skipped);
      log.info({ skipped: result.skippedReasons }, 'entries skipped');
    }
    const warning = describeWarnings(fetched.warnings ?? [], result.skippedReasons, result.fetched);
    if (warning) result.warning = warning;
    if (fetched.items.length > 0 && drafts.size === 0 && skipped.length > 0) {
      // Every entry failed: the source is not giving kaiku anything it can store.
      const reason = `none of the ${result.fetched} entries could be read: ${warning}`;
      await deps.store.sources.recordFailure(sourceId, reason);
      log.warn({ reason, url: settings.url }, 'source is unhealthy');
      throw ApplicationFailure.create({ message: reason, type: 'SourceUnhealthy', nonRetryable: true, details: [{ ...result, status: 'unhealthy', reason }] });
    }
    const hash = contentHash([...drafts.values()]);

    if (hash === row.content_hash) {
      await deps.store.sources.recordUnchanged(row, nextState, warning ?? '');
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
      title: draft.title ?? firstSentence(draft.summary, TITLE_MAX) ?? fallbackTitle(draft.canonicalUrl),
      summary: draft.summary ?? null,
      image_url: draft.imageUrl ?? null,
      author: draft.author ?? null,
      language: draft.language ?? primaryLanguage(settings.language) ?? feedLanguage ?? draft.pageLanguage ?? deps.defaultLanguage,
      topics: JSON.stringify(draft.topics),
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
      // An article found again in another source takes that source's topics (and those its categories name).
      for (const item of relinked) await tx.items.addTopics([item.id], drafts.get(item.url)!.topics);
      await tx.sources.recordChange(sourceId, { fetchState: nextState, contentHash: hash, warning });
    });
    for (const row of rows) log.info({ itemId: row.id, url: row.url }, 'new item');
    log.info({ fetched: result.fetched, inserted: result.inserted, linked: result.linked, skipped: result.skipped, warning }, 'source polled');
    return handOver({ ...result, status: 'changed' });
  }
}

/**
 * The entries of one poll as drafts, one per canonical URL. An entry that cannot be normalised (no usable
 * URL, a value of the wrong kind) and a second entry with the same URL are skipped, each with its reason.
 */
export function draftEntries(
  items: readonly SourceItem[],
  settings: SourceSettings,
  alreadySkipped: readonly { reason: string }[] = [],
  programmeTopics: ReadonlySet<string> = new Set(),
): { drafts: Map<string, ItemDraft>; skipped: { reason: string }[] } {
  const drafts = new Map<string, ItemDraft>();
  const skipped = alreadySkipped.map((entry) => ({ reason: entry.reason }));
  for (const raw of items) {
    let draft: ItemDraft;
    try {
      draft = normalizeItem(raw, settings, programmeTopics);
    } catch (error) {
      skipped.push({
        reason: error instanceof InvalidUrlError ? 'an entry without a usable http(s) link' : `an entry kaiku could not read (${oneLine(error)})`,
      });
      continue;
    }
    if (drafts.has(draft.canonicalUrl)) skipped.push({ reason: 'an entry with the same link as another entry' });
    else drafts.set(draft.canonicalUrl, draft);
  }
  return { drafts, skipped };
}

function countReasons(skipped: readonly { reason: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reason } of skipped) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

/** "2 of 131 entries skipped: 1 an entry without a link, 1 …; the XML has a bare & …". */
function describeWarnings(warnings: readonly string[], skipped: Record<string, number> | undefined, total: number): string | undefined {
  const parts: string[] = [];
  if (skipped) {
    const count = Object.values(skipped).reduce((a, b) => a + b, 0);
    const reasons = Object.entries(skipped).map(([reason, n]) => `${n} × ${reason}`);
    parts.push(`${count} of ${total} entries skipped: ${reasons.join('; ')}`);
  }
  parts.push(...warnings);
  return parts.length ? safeText(parts.join('. ')).slice(0, 2000) : undefined;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return safeText(message.split('\n')[0] ?? '').slice(0, 200);
}

/** Words for the admin page: what went wrong with the source, not a stack trace; always safe to store. */
export function describeSourceError(error: unknown): string {
  if (error instanceof FetchError || error instanceof FeedParseError) return safeText(error.message).slice(0, 2000);
  return `the source could not be read: ${oneLine(error)}`;
}

function stripUndefined(state: SourceState): SourceState {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined && value !== null)) as SourceState;
}

function fallbackTitle(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
