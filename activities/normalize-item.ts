import { createHash } from 'node:crypto';
import type { SourceItem, SourceSettings } from '../model/source.js';
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
  publishedAt: Date | undefined;
  eventEndsAt: Date | undefined;
}

export const TITLE_MAX = 300;
export const SUMMARY_MAX = 600;

/** The item id is a digest of the canonical URL, so every source and every retry names an article the same way. */
export function itemIdFor(canonicalUrl: string): string {
  return `itm_${createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 24)}`;
}

/** Throws `InvalidUrlError` for an entry without a usable http(s) URL. */
export function normalizeItem(raw: SourceItem, source: SourceSettings): ItemDraft {
  const canonicalUrl = canonicalizeUrl(raw.url, source.url);
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
    categories: [...new Set((raw.categories ?? []).map((c) => toPlainText(c)?.toLowerCase()).filter((c): c is string => !!c))].slice(0, 20),
    publishedAt: parseDate(raw.publishedAt),
    eventEndsAt: parseDate(raw.eventEndsAt),
  };
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
