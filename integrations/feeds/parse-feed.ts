import Parser from 'rss-parser';
import * as cheerio from 'cheerio';
import type { SourceItem } from '../../model/source.js';
import { FeedParseError } from './feed-error.js';
import { readXmlTree } from './xml-tree.js';
import { canonicalFeedXml, type FeedFormat } from './canonical-xml.js';
import { parseJsonFeed } from './json-feed.js';
import { pickImage, type ImageCandidate } from './item-image.js';

export type { FeedFormat };

/** An entry kaiku read past, and why: counted on the source, never silently. */
export interface SkippedEntry {
  reason: string;
  /** The entry's title or id, for the log. */
  entry?: string | undefined;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | undefined;
  language: string | undefined;
  items: SourceItem[];
  skipped: SkippedEntry[];
  /** What was wrong with the feed but repaired (a bare &, an unclosed root, gzip without Content-Encoding, …). */
  warnings: string[];
}

type Attributes = { $?: Record<string, string | undefined> };
type MediaNode = Attributes & { 'media:content'?: MediaNode[]; 'media:thumbnail'?: MediaNode[] };
type RssItem = Parser.Item & {
  id?: unknown;
  summary?: unknown;
  author?: unknown;
  contentEncoded?: unknown;
  mediaContent?: MediaNode[];
  mediaThumbnail?: MediaNode[];
  mediaGroup?: MediaNode[];
  mediaDescription?: unknown;
  itunesImage?: Attributes[];
  itunesSummary?: unknown;
  encEnclosure?: Attributes[];
  dcLanguage?: unknown;
  kaikuBase?: unknown;
  atomCategories?: (Attributes | string)[];
  'rdf:about'?: string;
};

const xmlParser = new Parser<{ language?: unknown; dcLanguage?: unknown }, RssItem>({
  customFields: {
    feed: ['language', ['dc:language', 'dcLanguage'] as never],
    item: [
      ['content:encoded', 'contentEncoded'],
      ['media:content', 'mediaContent', { keepArray: true }],
      ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
      ['media:group', 'mediaGroup', { keepArray: true }],
      ['media:description', 'mediaDescription'],
      ['itunes:image', 'itunesImage', { keepArray: true }],
      ['itunes:summary', 'itunesSummary'],
      ['enc:enclosure', 'encEnclosure', { keepArray: true }],
      ['dc:language', 'dcLanguage'],
      ['kaiku:base', 'kaikuBase'],
      ['category', 'atomCategories', { keepArray: true }],
    ],
  },
});

/**
 * Reads RSS 0.9x–2.0 (with or without `version`), RSS 1.0/0.90 (RDF), Atom 1.0 and 0.3 (prefixed or
 * not), CDF and JSON Feed 1.0/1.1, telling them apart by content, not by the Content-Type header
 * (which feeds get wrong as often as right). `baseUrl` is the URL the feed was finally fetched from:
 * relative links resolve against xml:base, else against it. An entry that cannot be read is skipped
 * with its reason; a document that is not a feed throws `FeedParseError` saying what it is instead.
 *
 * @example const { items, skipped } = await parseFeed(text, 'https://www.vantaa.fi/fi/rss.xml');
 */
export async function parseFeed(text: string, baseUrl: string): Promise<ParsedFeed> {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.length === 0) throw new FeedParseError('the answer is empty');
  if (body.startsWith('{') || body.startsWith('[')) return parseJsonFeed(body, baseUrl);
  if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|^<html[\s>]/i.test(body)) throw notAFeed(body, baseUrl);
  if (!body.startsWith('<')) throw new FeedParseError(`the answer is not a feed: it starts with "${printable(body.slice(0, 40))}"`);

  const tree = readXmlTree(body, baseUrl);
  if (tree.root.local.toLowerCase() === 'html') throw notAFeed(body, baseUrl);
  const canonical = canonicalFeedXml(tree.root);
  let feed: Parser.Output<RssItem> & { language?: unknown; dcLanguage?: unknown };
  try {
    feed = await xmlParser.parseString(canonical.xml);
  } catch (error) {
    throw new FeedParseError(`the ${canonical.format === 'atom' ? 'Atom' : 'RSS'} feed could not be read: ${firstLine(error)}`);
  }
  const channelLink = stringOf(feed.link);
  const skipped: SkippedEntry[] = [];
  const items: SourceItem[] = [];
  const entries = feed.items ?? [];
  const links = new Map<string, number>();
  for (const entry of entries) {
    const link = stringOf(entry.link);
    if (link) links.set(link, (links.get(link) ?? 0) + 1);
  }
  for (const entry of entries) {
    try {
      const item = fromXmlItem(entry, canonical.format, baseUrl, { channelLink, links });
      if ('reason' in item) skipped.push(item);
      else items.push(item);
    } catch (error) {
      skipped.push({ reason: `an entry kaiku could not read (${firstLine(error)})`, entry: stringOf(entry.title) });
    }
  }
  return {
    format: canonical.format,
    title: stringOf(feed.title)?.trim() || undefined,
    language: (stringOf(feed.language) ?? stringOf(feed.dcLanguage) ?? canonical.xmlLang)?.trim() || undefined,
    items,
    skipped,
    warnings: [...tree.warnings.map((warning) => `the XML has ${warning}; kaiku read it as lenient readers do`), ...canonical.warnings],
  };
}

interface FeedContext {
  channelLink: string | undefined;
  /** How many entries carry each link: podcasts often give every episode the show's page. */
  links: Map<string, number>;
}

function fromXmlItem(item: RssItem, format: FeedFormat, feedUrl: string, context: FeedContext): SourceItem | SkippedEntry {
  const base = stringOf(item.kaikuBase) ?? feedUrl;
  const guid = stringOf(item.guid) ?? stringOf(item.id);
  const title = stringOf(item.title);
  const enclosures = [item.enclosure, ...(item.encEnclosure ?? []).map((node) => node.$)].filter((e) => e !== undefined) as Record<
    string,
    string | undefined
  >[];
  const enclosureUrl = enclosures.map((e) => e.url ?? e['rdf:resource'] ?? e.resource).find(Boolean);
  const link = stringOf(item.link);
  const guidUrl = guid && /^https?:\/\//i.test(guid.trim()) ? guid.trim() : undefined;
  // A link shared with the channel or with other entries does not tell the entries apart; their guid or enclosure does.
  const shared = link !== undefined && ((context.links.get(link) ?? 0) > 1 || (link === context.channelLink && (guidUrl || enclosureUrl)));
  const url = (shared ? (guidUrl && guidUrl !== link ? guidUrl : enclosureUrl) : undefined) ?? link ?? item['rdf:about'] ?? guidUrl ?? enclosureUrl;
  if (!url) return { reason: 'an entry without a link', entry: title ?? guid };

  const html = stringOf(item.contentEncoded) ?? stringOf(item.content);
  const summary =
    format === 'atom'
      ? (stringOf(item.summary) ?? stringOf(item.contentSnippet) ?? stringOf(item.mediaDescription))
      : (stringOf(item.contentSnippet) ?? stringOf(item.summary) ?? stringOf(item.mediaDescription) ?? stringOf(item.itunesSummary) ?? snippetOf(html));
  return {
    url: url.trim(),
    title,
    summary: summary ?? mediaDescriptionIn(item.mediaGroup),
    imageUrl: pickImage(imageCandidates(item, enclosures, html, base)),
    publishedAt: stringOf(item.isoDate) ?? stringOf(item.pubDate),
    author: stringOf(item.creator) ?? stringOf(item.author),
    language: stringOf(item.dcLanguage),
    categories: categoriesOf(item),
    guid: guid ?? (shared ? enclosureUrl : undefined),
  };
}

function imageCandidates(item: RssItem, enclosures: Record<string, string | undefined>[], html: string | undefined, base: string): ImageCandidate[] {
  const media = (nodes: MediaNode[] | undefined, thumbnail: boolean): ImageCandidate[] =>
    (nodes ?? []).flatMap((node) => {
      const a = node.$ ?? {};
      if (!a.url) return [];
      return [{ url: a.url, type: a.type, medium: thumbnail ? 'image' : a.medium, width: a.width, height: a.height }];
    });
  const groups = item.mediaGroup ?? [];
  return [
    ...media(item.mediaContent, false),
    ...groups.flatMap((group) => media(group['media:content'], false)),
    ...media(item.mediaThumbnail, true),
    ...groups.flatMap((group) => media(group['media:thumbnail'], true)),
    ...(item.itunesImage ?? []).flatMap((node) => (node.$?.href ? [{ url: node.$.href, medium: 'image' }] : [])),
    ...enclosures.flatMap((e) => {
      const url = e.url ?? e['rdf:resource'] ?? e.resource;
      return url ? [{ url, type: e.type, length: e.length }] : [];
    }),
    ...imagesInHtml(html, base),
  ].map((candidate) => ({ ...candidate, url: absolute(candidate.url, base) }));
}

function imagesInHtml(html: string | undefined, base: string): ImageCandidate[] {
  if (!html || !html.includes('<img')) return [];
  const $ = cheerio.load(html);
  return $('img[src]')
    .toArray()
    .slice(0, 10)
    .map((img) => ({
      url: absolute($(img).attr('src')!, base),
      medium: 'image',
      width: $(img).attr('width'),
      height: $(img).attr('height'),
      inline: true,
    }));
}

function mediaDescriptionIn(groups: MediaNode[] | undefined): string | undefined {
  for (const group of groups ?? []) {
    const description = stringOf((group as Record<string, unknown>)['media:description']);
    if (description) return description;
  }
  return undefined;
}

function categoriesOf(item: RssItem): string[] {
  const rss = (item.categories ?? []) as unknown[];
  const atom = (item.atomCategories ?? []).map((c) => (typeof c === 'string' ? c : (c.$?.label ?? c.$?.term)));
  return [...rss.map(stringOf), ...(rss.length ? [] : atom)].filter((c): c is string => !!c && c.trim() !== '');
}

/** A value rss-parser gives as a string, or as xml2js's `{ _: text }`, or as an array of them; else undefined. */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value : undefined;
  if (Array.isArray(value)) return stringOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) return stringOf((value as { _: unknown })._);
  return undefined;
}

function snippetOf(html: string | undefined): string | undefined {
  return html ? cheerio.load(`<body>${html}</body>`)('body').text().trim() || undefined : undefined;
}

function absolute(url: string, base: string): string {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return url;
  }
}

function notAFeed(html: string, baseUrl: string): FeedParseError {
  const $ = cheerio.load(html);
  const link = $('link[rel~="alternate"]')
    .filter((_, el) => /(rss|atom|feed)\+(xml|json)|application\/json/.test($(el).attr('type') ?? ''))
    .first()
    .attr('href');
  if (link) {
    return new FeedParseError(`this is an HTML page, not a feed; it names its feed at ${absolute(link, baseUrl)}: use that as the source's url`);
  }
  return new FeedParseError("this is an HTML page, not a feed; use the page's RSS/Atom address, or kind: html with selectors for a listing page");
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable(message.split('\n')[0] ?? message);
}

/** Text fit for a reason on the admin page: no control characters, no runs of whitespace. */
export function printable(text: string): string {
  return text
    .replace(/[\u0000-\u001F\u007F-\u009F\uFFFD]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
