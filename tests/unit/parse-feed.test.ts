import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../integrations/feeds/parse-feed.js';
import { FeedParseError } from '../../integrations/feeds/feed-error.js';
import { decodeBody } from '../../integrations/http/decode-body.js';
import { FIXTURES, readFixture } from '../helpers/fixtures.js';
import { toPlainText } from '../../integrations/feeds/text.js';

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

describe('parseFeed reads what valid feeds say', () => {
  const FINAL_URL = 'https://news.city.example/feeds/all.xml'; // where the feed was served after redirects

  test('xml:base at feed, entry and element level; relative links resolve against it, else against the final URL', async () => {
    const feed = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.city.example/2026/">
        <title>Blog</title>
        <entry><title>Feed level</title><link href="budget"/></entry>
        <entry xml:base="/archive/"><title>Entry level</title><link href="old-news"/></entry>
        <entry><title>Element level</title><link xml:base="https://cdn.city.example/x/" href="../photo-story"/></entry>
      </feed>`,
      FINAL_URL,
    );
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://blog.city.example/2026/budget',
      'https://blog.city.example/archive/old-news',
      'https://cdn.city.example/photo-story',
    ]);
    const rss = await parseFeed('<rss version="2.0"><channel><item><title>A</title><link>/news/a?rss</link></item></channel></rss>', FINAL_URL);
    expect(rss.items[0]!.url).toBe('https://news.city.example/news/a?rss');
  });

  test('prefixed Atom, and <rss> without a version', async () => {
    const prefixed = await parseFeed(
      `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
        <a:entry><a:title>One</a:title><a:link a:href="https://x.example/1"/><a:id>urn:1</a:id></a:entry>
        <a:entry><a:title>Two</a:title><a:link href="https://x.example/2"/><a:id>urn:2</a:id></a:entry></a:feed>`,
      FINAL_URL,
    );
    expect(prefixed).toMatchObject({ format: 'atom', title: 'Prefixed' });
    expect(prefixed.items.map((i) => [i.title, i.url])).toEqual([
      ['One', 'https://x.example/1'],
      ['Two', 'https://x.example/2'],
    ]);
    const bare = await parseFeed(
      '<rss><channel><title>No version</title><item><title>Item</title><link>https://x.example/i</link></item></channel></rss>',
      FINAL_URL,
    );
    expect(bare).toMatchObject({ format: 'rss2', title: 'No version', items: [{ title: 'Item', url: 'https://x.example/i' }] });
  });

  test('xhtml titles as text, base64 content decoded, escaped markup in CDATA shown as text', async () => {
    const feed = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom">
        <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Budget <b>2027</b></div></title><link href="https://x.example/1"/>
          <summary type="text/plain" mode="base64">${Buffer.from('Vantaan talousarvio hyväksyttiin.').toString('base64')}</summary></entry>
      </feed>`,
      FINAL_URL,
    );
    expect(toPlainText(feed.items[0]!.title)).toBe('Budget 2027');
    expect(toPlainText(feed.items[0]!.summary)).toBe('Vantaan talousarvio hyväksyttiin.');
    const cdata = await parseFeed(
      '<rss version="2.0"><channel><item><title><![CDATA[&lt;p&gt;Item Title&lt;/p&gt;]]></title><link>https://x.example/c</link></item></channel></rss>',
      FINAL_URL,
    );
    expect(toPlainText(cdata.items[0]!.title)).toBe('Item Title');
  });

  test('a bare & and an HTML entity are read with a warning; a tag that does not close is refused with line and column', async () => {
    const lenient = await parseFeed(
      '<rss version="2.0"><channel><title>Tom & Jerry&nbsp;news</title><item><title>A &amp; B</title><link>https://x.example/a</link></item></channel></rss>',
      FINAL_URL,
    );
    expect(toPlainText(lenient.title)).toBe('Tom & Jerry news');
    expect(lenient.warnings).toEqual([
      expect.stringMatching(/^the XML has a bare & or an entity XML does not define \(such as &nbsp;\) \(line 1, column \d+\); kaiku read it/),
    ]);
    const broken = await refuseFeed('<rss version="2.0"><channel>\n<item><title>x</item></channel></rss>');
    expect(broken.message).toMatch(/^malformed RSS: unexpected close tag at line 2, column \d+$/);
  });

  test('images from media:group (YouTube), itunes:image and enc:enclosure; never a tracking pixel or share button', async () => {
    const youtube = await parseFeed(readFileSync(`${FIXTURES}corpus/feeds/rss-parser/input/atom-customfields.atom`, 'utf8'), FINAL_URL);
    expect(youtube.items[0]!.imageUrl).toBe('https://i1.ytimg.com/vi/lR-w1h5ONOY/hqdefault.jpg');
    const feed = await parseFeed(
      `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:enc="http://purl.oclc.org/net/rss_2.0/enc#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:media="http://search.yahoo.com/mrss/"><channel>
        <item><title>Episode</title><link>https://x.example/e1</link><itunes:image href="https://cdn.x.example/e1.jpg"/></item>
        <item><title>Enc</title><link>https://x.example/e2</link><enc:enclosure rdf:resource="https://cdn.x.example/e2.png" enc:type="image/png"/></item>
        <item><title>Pixel</title><link>https://x.example/e3</link>
          <description>&lt;img src="https://feeds.feedburner.com/~ff/city?d=yIl2AUoC8zA" border="0"&gt;&lt;img src="https://x.example/spacer.gif" width="1" height="1"&gt;</description>
          <media:content url="https://x.example/share-button.png" medium="image" width="16" height="16"/></item>
      </channel></rss>`,
      FINAL_URL,
    );
    expect(feed.items.map((i) => i.imageUrl)).toEqual(['https://cdn.x.example/e1.jpg', 'https://cdn.x.example/e2.png', undefined]);
  });

  test('media:description as the summary when there is none', async () => {
    const feed = await parseFeed(
      `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>Video</title><link>https://x.example/v</link>
        <media:group><media:description>Kaupunginjohtajan tervehdys.</media:description></media:group></item></channel></rss>`,
      FINAL_URL,
    );
    expect(feed.items[0]!.summary).toBe('Kaupunginjohtajan tervehdys.');
  });

  test('episodes that all share the channel link are told apart by guid or enclosure', async () => {
    const episodes = Array.from(
      { length: 5 },
      (_, i) =>
        `<item><title>Jakso ${i}</title><link>https://pod.x.example/</link><guid isPermaLink="false">pod-${i}</guid><enclosure url="https://cdn.x.example/pod-${i}.mp3" type="audio/mpeg" length="1"/></item>`,
    ).join('');
    const feed = await parseFeed(`<rss version="2.0"><channel><title>Pod</title><link>https://pod.x.example/</link>${episodes}</channel></rss>`, FINAL_URL);
    expect(new Set(feed.items.map((i) => i.url)).size).toBe(5);
    expect(feed.items[0]).toMatchObject({ url: 'https://cdn.x.example/pod-0.mp3', guid: 'pod-0' });
  });

  test('JSON Feed 1.1 by its URL, and a bare "1.1" with a warning; what a JSON Feed lacks, in words', async () => {
    const item = { id: '1', url: '/news/1', title: 'Uutinen' };
    const byUrl = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [item] }), FINAL_URL);
    expect(byUrl).toMatchObject({ format: 'json', warnings: [], items: [{ url: 'https://news.city.example/news/1', title: 'Uutinen' }] });
    expect((await parseFeed(JSON.stringify({ version: '1.1', items: [item] }), FINAL_URL)).warnings).toEqual([expect.stringMatching(/version as "1.1"/)]);
    expect((await refuseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1' }))).message).toBe('the JSON Feed has no "items" list');
  });

  test('an RSS feed without a <channel> is read as empty and says so', async () => {
    const feed = await parseFeed('<rss version="2.0"></rss>', FINAL_URL);
    expect(feed).toMatchObject({ items: [], warnings: ['it is an RSS feed without a <channel>, so it has no items'] });
  });

  async function refuseFeed(text: string): Promise<Error> {
    return parseFeed(text, FINAL_URL).then(
      () => new Error('parsed without complaint'),
      (error: Error) => error,
    );
  }
});
