// Real-world shaped feeds for tests and benchmarks, built from a list of entries.

export interface FeedEntry {
  url: string;
  title: string;
  summary?: string;
  image?: string;
  date?: Date;
  guid?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function rss2(title: string, entries: readonly FeedEntry[], options: { language?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>${escape(title)}</title>
    <link>https://example.org/</link>
    <description>${escape(title)}</description>
    ${options.language ? `<language>${options.language}</language>` : ''}
${entries
  .map(
    (e) => `    <item>
      <title>${escape(e.title)}</title>
      <link>${escape(e.url)}</link>
      <guid isPermaLink="false">${escape(e.guid ?? e.url)}</guid>
      ${e.summary ? `<description>${escape(e.summary)}</description>` : ''}
      ${e.date ? `<pubDate>${e.date.toUTCString()}</pubDate>` : ''}
      ${e.image ? `<media:content url="${escape(e.image)}" medium="image"/>` : ''}
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>
`;
}

export function atom(title: string, entries: readonly FeedEntry[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <title>${escape(title)}</title>
  <id>urn:kaiku:test:${escape(title)}</id>
  <updated>2026-11-20T10:00:00Z</updated>
${entries
  .map(
    (e) => `  <entry>
    <title>${escape(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escape(e.url)}"/>
    <id>${escape(e.guid ?? e.url)}</id>
    <updated>${(e.date ?? new Date('2026-11-20T10:00:00Z')).toISOString()}</updated>
    ${e.summary ? `<summary>${escape(e.summary)}</summary>` : ''}
  </entry>`,
  )
  .join('\n')}
</feed>
`;
}

export function jsonFeed(title: string, entries: readonly FeedEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: entries.map((e) => ({
      id: e.guid ?? e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      image: e.image,
      date_published: e.date?.toISOString(),
    })),
  });
}

/** `count` entries under `base`, with images and summaries so nothing needs enrichment. */
export function entries(base: string, count: number, prefix = 'article'): FeedEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    url: `${base}/${prefix}-${i}`,
    title: `${prefix} number ${i}`,
    summary: `Summary of ${prefix} ${i}: what happened, where and why it matters to our city.`,
    image: `${base}/images/${prefix}-${i}.jpg`,
    date: new Date(Date.UTC(2026, 10, 1, 8, i)),
  }));
}
