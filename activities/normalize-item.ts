import { createHash } from 'node:crypto';
import type { SourceItem, SourceSettings } from '../model/source.js';
import type { KaikuConfig } from '../config/schema.js';
import { canonicalizeUrl } from '../integrations/feeds/canonical-url.js';
import { clip, toPlainText } from '../integrations/feeds/text.js';
import { safeText } from '../rules/text/safe-text.js';

/** An item as kaiku will store it, before enrichment fills what the source left out. */
export interface ItemDraft {
  id: string;
  canonicalUrl: string;
  /** The URL as the source gave it, tracking parameters and all (kept in item_sources.seen_url). */
  seenUrl: string;
  guid: string | undefined;
  title: string | undefined;
  summary: string | undefined;
  imageUrl: string | undefined;
  author: string | undefined;
  /** From the item itself; the source's, the feed's, the page's or the program's language fill in later. */
  language: string | undefined;
  /** The article page's `<html lang>`, when enrichment read the page. */
  pageLanguage?: string | undefined;
  categories: string[];
  /** The source's topics, and each category that names one of the programme's topics (see `topicsFor`). */
  topics: string[];
  publishedAt: Date | undefined;
  eventEndsAt: Date | undefined;
}

export const TITLE_MAX = 300;
export const SUMMARY_MAX = 600;

/** The item id is a digest of the canonical URL, so every source and every retry names an article the same way. */
export function itemIdFor(canonicalUrl: string): string {
  return `itm_${createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 24)}`;
}

/**
 * Throws `InvalidUrlError` for an entry without a usable http(s) URL. `programmeTopics` are the topics the
 * programme knows (see `programmeTopicsOf`): a category naming one of them becomes a topic of the item.
 */
export function normalizeItem(raw: SourceItem, source: SourceSettings, programmeTopics: ReadonlySet<string> = new Set()): ItemDraft {
  const canonicalUrl = canonicalizeUrl(raw.url, source.url);
  const categories = [...new Set((raw.categories ?? []).map((c) => toPlainText(c)?.toLowerCase()).filter((c): c is string => !!c))].slice(0, 20);
  return {
    id: itemIdFor(canonicalUrl),
    canonicalUrl,
    seenUrl: new URL(raw.url.trim(), source.url).href,
    guid: raw.guid ? safeText(String(raw.guid)).trim().slice(0, 1000) || undefined : undefined,
    title: clip(toPlainText(raw.title), TITLE_MAX),
    summary: clip(toPlainText(raw.summary), SUMMARY_MAX),
    imageUrl: absoluteHttpUrl(raw.imageUrl, source.url),
    author: clip(toPlainText(raw.author), 200),
    language: primaryLanguage(raw.language),
    categories,
    topics: topicsFor(source.topics, categories, programmeTopics),
    publishedAt: parseDate(raw.publishedAt),
    eventEndsAt: parseDate(raw.eventEndsAt),
  };
}

/**
 * The topics the programme knows: every source's and every Slack channel rule's, in the form kaiku compares
 * topics in (lower case, single spaces). Advocates choose among the sources' topics on their preferences page.
 *
 * @example
 * programmeTopicsOf(config)   // Set { 'culture', 'jobs', 'city' }
 */
export function programmeTopicsOf(config: Pick<KaikuConfig, 'sources' | 'slack'>): Set<string> {
  return new Set(
    [...config.sources.flatMap((source) => source.settings.topics), ...config.slack.channels.flatMap((rule) => rule.topics)].map(topicKey).filter(Boolean),
  );
}

/**
 * An item's topics: its source's, plus each of its categories that names a programme topic, compared without
 * regard to case or spacing (a feed's "Jobs" or "JOBS " is the topic `jobs`). Other categories stay categories:
 * a feed's free-form tags must not invent topics nobody chose.
 *
 * @example
 * topicsFor(['city'], ['jobs', 'summer'], new Set(['jobs', 'culture']))   // ['city', 'jobs']
 */
export function topicsFor(sourceTopics: readonly string[], categories: readonly string[], programmeTopics: ReadonlySet<string>): string[] {
  const matched = categories.map(topicKey).filter((category) => programmeTopics.has(category));
  return [...new Set([...sourceTopics, ...matched])];
}

function topicKey(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** `fi-FI` → `fi`; kaiku matches advocates on the primary language. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

function parseDate(value: Date | string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function absoluteHttpUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A digest of what a poll found, to tell an unchanged feed without touching the items table. */
export function contentHash(drafts: readonly ItemDraft[]): string {
  const hash = createHash('sha256');
  for (const draft of drafts) {
    hash.update(
      JSON.stringify([draft.canonicalUrl, draft.title, draft.summary, draft.imageUrl, draft.publishedAt?.toISOString(), draft.eventEndsAt?.toISOString()]),
    );
    hash.update('\n');
  }
  return hash.digest('hex');
}
