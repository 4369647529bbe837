import Parser from 'rss-parser';
import { z } from 'zod';
import * as cheerio from 'cheerio';
import type { SourceItem } from '../../model/source.js';
import { FeedParseError } from './feed-error.js';

export type FeedFormat = 'rss2' | 'rss1' | 'atom' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | undefined;
  language: string | undefined;
  items: SourceItem[];
}

type MediaNode = { $?: { url?: string; medium?: string; type?: string } };
type RssItem = Parser.Item & {
  id?: string;
  summary?: string;
  author?: string;
  contentEncoded?: string;
  mediaContent?: MediaNode[];
  mediaThumbnail?: MediaNode[];
  dcLanguage?: string;
  categories?: (string | { _?: string })[];
};

const xmlParser = new Parser<{ language?: string; dcLanguage?: string }, RssItem>({
  customFields: {
    feed: ['language', ['dc:language', 'dcLanguage'] as never],
    item: [
      ['content:encoded', 'contentEncoded'],
      ['media:content', 'mediaContent', { keepArray: true }],
      ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
      ['dc:language', 'dcLanguage'],
    ],
  },
});

/**
 * Reads RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed, telling them apart by content, not by the
 * Content-Type header (which feeds get wrong as often as right).
 */
export async function parseFeed(text: string, baseUrl: string): Promise<ParsedFeed> {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.length === 0) throw new FeedParseError('the answer is empty');
  if (body.startsWith('{')) return parseJsonFeed(body);
  if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|^<html[\s>]/i.test(body)) throw notAFeed(body, baseUrl);

  const format: FeedFormat | undefined = /<rdf:RDF[\s>]/.test(body.slice(0, 4096))
    ? 'rss1'
    : /<feed[\s>]/.test(body.slice(0, 4096))
      ? 'atom'
      : /<rss[\s>]/.test(body.slice(0, 4096))
        ? 'rss2'
        : undefined;
  if (!format) {
    if (body.startsWith('<')) throw new FeedParseError('the XML is not RSS, Atom or RDF: its root element is none of <rss>, <feed>, <rdf:RDF>');
    throw new FeedParseError(`the answer is not a feed: it starts with "${body.slice(0, 40).replace(/\s+/g, ' ')}"`);
  }

  let feed: Parser.Output<RssItem> & { language?: string; dcLanguage?: string };
  try {
    feed = await xmlParser.parseString(body);
  } catch (error) {
    throw new FeedParseError(`malformed ${format === 'atom' ? 'Atom' : 'RSS'}: ${describeXmlError(error)}`);
  }
  const feedLanguage = feed.language ?? feed.dcLanguage ?? (format === 'atom' ? /<feed[^>]*xml:lang=["']([^"']+)["']/.exec(body)?.[1] : undefined);
  return {
    format,
    title: feed.title?.trim() || undefined,
    language: feedLanguage?.trim() || undefined,
    items: (feed.items ?? []).map((item) => fromXmlItem(item, format)).filter((item): item is SourceItem => item !== undefined),
  };
}

function fromXmlItem(item: RssItem, format: FeedFormat): SourceItem | undefined {
  const guid = item.guid ?? item.id;
  // An RSS item may have only a permalink guid; RDF items carry rdf:about.
  const url = item.link ?? (item as { 'rdf:about'?: string })['rdf:about'] ?? (guid && /^https?:\/\//.test(guid) ? guid : undefined);
  if (!url) return undefined;
  const html = item.contentEncoded ?? item.content;
  return {
    url: url.trim(),
    title: item.title,
    summary: format === 'atom' ? (item.summary ?? item.contentSnippet) : (item.contentSnippet ?? item.summary),
    imageUrl: imageOf(item, html),
    publishedAt: item.isoDate ?? item.pubDate,
    author: item.creator ?? item.author,
    language: item.dcLanguage,
    categories: ((item.categories ?? []) as (string | { _?: string })[]).map((c) => (typeof c === 'string' ? c : (c._ ?? ''))).filter(Boolean),
    guid,
  };
}

function imageOf(item: RssItem, html: string | undefined): string | undefined {
  const enclosure = item.enclosure;
  if (enclosure?.url && (enclosure.type?.startsWith('image/') || /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(enclosure.url))) return enclosure.url;
  const media = [...(item.mediaContent ?? []), ...(item.mediaThumbnail ?? [])].find(
    (node) => node.$?.url && (node.$.medium === 'image' || node.$.type?.startsWith('image/') || !node.$.medium),
  );
  if (media?.$?.url) return media.$.url;
  if (html && html.includes('<img')) return cheerio.load(html)('img[src]').first().attr('src');
  return undefined;
}

const jsonFeedSchema = z.object({
  version: z.string().regex(/^https:\/\/jsonfeed\.org\/version\//),
  title: z.string().optional(),
  language: z.string().optional(),
  items: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).optional(),
      url: z.string().optional(),
      external_url: z.string().optional(),
      title: z.string().optional(),
      summary: z.string().optional(),
      content_text: z.string().optional(),
      content_html: z.string().optional(),
      image: z.string().optional(),
      banner_image: z.string().optional(),
      date_published: z.string().optional(),
      authors: z.array(z.object({ name: z.string().optional() })).optional(),
      author: z.object({ name: z.string().optional() }).optional(),
      tags: z.array(z.string()).optional(),
      language: z.string().optional(),
    }),
  ),
});

function parseJsonFeed(body: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new FeedParseError(`malformed JSON: ${(error as Error).message}`);
  }
  const parsed = jsonFeedSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FeedParseError(
      `not a JSON Feed (https://jsonfeed.org/version/1.1): ${first ? `${first.path.join('.') || 'top level'}: ${first.message}` : 'unreadable'}`,
    );
  }
  const feed = parsed.data;
  return {
    format: 'json',
    title: feed.title,
    language: feed.language,
    items: feed.items
      .map((entry): SourceItem | undefined => {
        const url = entry.url ?? entry.external_url ?? (typeof entry.id === 'string' && /^https?:\/\//.test(entry.id) ? entry.id : undefined);
        if (!url) return undefined;
        return {
          url,
          title: entry.title,
          summary: entry.summary ?? entry.content_text ?? entry.content_html,
          imageUrl:
            entry.image ??
            entry.banner_image ??
            (entry.content_html?.includes('<img') ? cheerio.load(entry.content_html)('img[src]').first().attr('src') : undefined),
          publishedAt: entry.date_published,
          author: entry.authors?.[0]?.name ?? entry.author?.name,
          language: entry.language,
          categories: entry.tags,
          guid: entry.id === undefined ? undefined : String(entry.id),
        };
      })
      .filter((item): item is SourceItem => item !== undefined),
  };
}

function notAFeed(html: string, baseUrl: string): FeedParseError {
  const $ = cheerio.load(html);
  const link = $('link[rel~="alternate"]')
    .filter((_, el) => /(rss|atom|feed)\+(xml|json)|application\/json/.test($(el).attr('type') ?? ''))
    .first()
    .attr('href');
  if (link) {
    const absolute = safeResolve(link, baseUrl);
    return new FeedParseError(`this is an HTML page, not a feed; it names its feed at ${absolute}: use that as the source's url`);
  }
  return new FeedParseError("this is an HTML page, not a feed; use the page's RSS/Atom address, or kind: html with selectors for a listing page");
}

function safeResolve(link: string, base: string): string {
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

function describeXmlError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const match = /^(.*?)\s*\nLine:\s*(\d+)\s*\nColumn:\s*(\d+)/s.exec(message);
  if (match) return `${match[1]} at line ${Number(match[2]) + 1}, column ${match[3]}`;
  return message.split('\n')[0] ?? message;
}
