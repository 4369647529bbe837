import * as cheerio from 'cheerio';
import type { SourceItem } from '../../model/source.js';
import { FeedParseError } from './feed-error.js';
import type { ParsedFeed, SkippedEntry } from './parse-feed.js';

// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). Read field by field rather than by a schema, so
// that one odd entry (a number where a string belongs) is skipped with its reason instead of refusing the feed,
// and what the feed lacks is said in words, not as a validator's path and regex.

type Json = Record<string, unknown>;

const VERSION = /^(https?:\/\/(www\.)?jsonfeed\.org\/version\/1(\.\d+)?\/?|1(\.\d+)?)$/i;

export function parseJsonFeed(body: string, baseUrl: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new FeedParseError(`the answer looks like JSON but is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new FeedParseError('the JSON is not a JSON Feed: it is not an object with "version" and "items"');
  const feed = json as Json;
  const version = text(feed['version']);
  if (!version) throw new FeedParseError('the JSON is not a JSON Feed: it has no "version" (https://jsonfeed.org/version/1.1)');
  if (!VERSION.test(version))
    throw new FeedParseError(`the JSON is not a JSON Feed kaiku reads: its version is "${version.slice(0, 80)}", not https://jsonfeed.org/version/1 or 1.1`);
  const entries = feed['items'];
  if (!Array.isArray(entries)) throw new FeedParseError('the JSON Feed has no "items" list');
  const warnings = /^1(\.\d+)?$/.test(version)
    ? [`the JSON Feed gives its version as "${version}" instead of its URL; kaiku read it as JSON Feed ${version}`]
    : [];

  const items: SourceItem[] = [];
  const skipped: SkippedEntry[] = [];
  for (const entry of entries as unknown[]) {
    if (!entry || typeof entry !== 'object') {
      skipped.push({ reason: 'an entry that is not an object' });
      continue;
    }
    const item = fromEntry(entry as Json, baseUrl);
    if ('reason' in item) skipped.push(item);
    else items.push(item);
  }
  return { format: 'json', title: text(feed['title']), language: text(feed['language']), items, skipped, warnings };
}

function fromEntry(entry: Json, baseUrl: string): SourceItem | SkippedEntry {
  const id = typeof entry['id'] === 'number' ? String(entry['id']) : text(entry['id']);
  const attachments = Array.isArray(entry['attachments']) ? (entry['attachments'] as Json[]) : [];
  const url =
    text(entry['url']) ??
    text(entry['external_url']) ??
    (id && /^https?:\/\//i.test(id) ? id : undefined) ??
    attachments.map((a) => text(a?.['url'])).find(Boolean);
  const title = text(entry['title']);
  if (!url) return { reason: 'an entry without a url', entry: title ?? id };
  const html = text(entry['content_html']);
  const authors = Array.isArray(entry['authors'])
    ? (entry['authors'] as Json[])
    : entry['author'] && typeof entry['author'] === 'object'
      ? [entry['author'] as Json]
      : [];
  const inlineImage = html?.includes('<img') ? cheerio.load(html)('img[src]').first().attr('src') : undefined;
  const image = text(entry['image']) ?? text(entry['banner_image']) ?? inlineImage;
  return {
    url: resolve(url, baseUrl),
    title,
    summary: text(entry['summary']) ?? text(entry['content_text']) ?? html,
    imageUrl: image ? resolve(image, baseUrl) : undefined,
    publishedAt: text(entry['date_published']) ?? text(entry['date_modified']),
    author: authors.map((a) => text(a?.['name'])).find(Boolean),
    language: text(entry['language']),
    categories: Array.isArray(entry['tags']) ? (entry['tags'] as unknown[]).map(text).filter((t): t is string => !!t) : [],
    guid: id,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return url;
  }
}
