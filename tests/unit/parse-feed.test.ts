import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../integrations/feeds/parse-feed.js';
import { FeedParseError } from '../../integrations/feeds/feed-error.js';
import { decodeBody } from '../../integrations/http/decode-body.js';
import { FIXTURES, readFixture } from '../helpers/fixtures.js';

describe('parseFeed on real-world shaped fixtures', () => {
  test('RSS 2.0: CDATA, HTML descriptions, content:encoded images, enclosures, media:content, categories', async () => {
    const feed = await parseFeed(readFixture('feeds/rss2-city.xml'), 'https://www.vantaa.example/fi/rss.xml');
    expect(feed.format).toBe('rss2');
    expect(feed.language).toBe('fi-FI');
    expect(feed.items).toHaveLength(3); // the entry without a link is dropped
    const [heureka, kotihoito, valtuusto] = feed.items;
    expect(heureka).toMatchObject({
      url: 'https://www.vantaa.example/fi/uutiset/heureka-nayttely?utm_source=rss&utm_medium=feed',
      title: 'Tiedepuisto Heureka avaa uuden näyttelyn & työpajan',
      imageUrl: 'https://www.vantaa.example/sites/default/files/heureka.jpg', // relative in the feed: resolved against the feed's URL
      guid: 'node-48213',
      author: 'Viestintä',
      categories: ['Kulttuuri', 'Tiede'],
    });
    expect(heureka!.summary).toContain('Uusi avaruusnäyttely avautuu joulukuussa');
    expect(heureka!.summary).not.toContain('<strong>');
    expect(new Date(heureka!.publishedAt as string).toISOString()).toBe('2026-11-20T07:00:00.000Z');
    expect(kotihoito!.imageUrl).toBe('https://www.vantaa.example/sites/default/files/kotihoito.jpg');
    expect(valtuusto!.imageUrl).toBe('https://www.vantaa.example/media/valtuusto.png');
  });

  test('Atom: the alternate link, not the replies link; the summary; xml:lang', async () => {
    const feed = await parseFeed(readFixture('feeds/atom-blog.xml'), 'https://blogg.vasa.example/feed.atom');
    expect(feed.format).toBe('atom');
    expect(feed.language).toBe('sv-FI');
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://blogg.vasa.example/2026/11/en-dag-som-hemvardare/',
      'https://blogg.vasa.example/2026/11/cykelvagar/',
    ]);
    expect(feed.items[0]).toMatchObject({ title: 'En dag som hemvårdare', author: 'Anna Lindqvist', guid: 'tag:blogg.vasa.example,2026:post-381' });
    expect(feed.items[0]!.summary).toContain('Vi följde med Anna');
    expect(feed.items[1]!.imageUrl).toBe('https://blogg.vasa.example/img/cykel.jpg');
  });

  test('RSS 1.0 (RDF): items outside the channel, dc:date, dc:language', async () => {
    const feed = await parseFeed(readFixture('feeds/rss1-rdf.xml'), 'https://www.example.fi/uutiset/rss');
    expect(feed.format).toBe('rss1');
    expect(feed.language).toBe('fi');
    expect(feed.items.map((i) => i.title)).toEqual(['Kirjasto avaa ovensa', 'Uusi pyöräsilta']);
    expect(feed.items[0]!.url).toBe('https://www.example.fi/uutiset/kirjasto');
  });

  test('JSON Feed 1.1: url or external_url, summary or content_html, item language, tags', async () => {
    const feed = await parseFeed(readFixture('feeds/json-feed.json'), 'https://podcast.vero.example/feed.json');
    expect(feed.format).toBe('json');
    expect(feed.language).toBe('fi');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      url: 'https://podcast.vero.example/episodes/12',
      imageUrl: 'https://podcast.vero.example/art/12.png',
      author: 'Nanna',
      categories: ['verot', 'palvelut'],
    });
    expect(feed.items[1]).toMatchObject({
      url: 'https://www.vero.example/uutiset/veronpalautukset',
      language: 'sv',
      imageUrl: 'https://www.vero.example/kuva.jpg',
      guid: '13',
    });
  });

  test('an ISO-8859-1 feed decodes by its XML prolog', async () => {
    const text = decodeBody(readFileSync(`${FIXTURES}feeds/latin1.xml`), 'application/rss+xml');
    const feed = await parseFeed(text, 'https://old.example.fi/rss');
    expect(feed.items[0]).toMatchObject({ title: 'Pääkirjasto ja työpaikat', summary: 'Åbo och Växjö' });
  });
});

describe('parseFeed refuses what is not a feed, saying what it is', () => {
  const refuse = (text: string): Promise<Error> =>
    parseFeed(text, 'https://example.org/news/').then(
      () => new Error('parsed without complaint'),
      (e: unknown) => e as Error,
    );

  test('malformed XML names the line', async () => {
    const error = await refuse(readFixture('feeds/malformed.xml'));
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error.message).toMatch(/^malformed RSS: .+ at line \d+, column \d+/);
  });

  test('an HTML page points at the feed it links', async () => {
    const error = await refuse(readFixture('feeds/html-page.html'));
    expect(error.message).toBe("this is an HTML page, not a feed; it names its feed at https://example.org/rss.xml: use that as the source's url");
  });

  test('an HTML page without a feed link suggests kind: html', async () => {
    expect((await refuse('<!doctype html><html><body>hi</body></html>')).message).toMatch(/kind: html with selectors/);
  });

  test.each([
    ['', /the answer is empty/],
    ['{"hello": "world"}', /not a JSON Feed/],
    ['{not json', /looks like JSON but is not valid JSON/],
    ['<?xml version="1.0"?><sitemap/>', /not a feed: its root element is <sitemap>, not <rss>, <feed> or <rdf:RDF>/],
    ['Service Unavailable', /not a feed: it starts with "Service Unavailable"/],
  ])('%j', async (text, message) => {
    const error = await refuse(text);
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error.message).toMatch(message);
  });
});
