import { z } from 'zod';
import * as cheerio from 'cheerio';
import { defineSource } from './define-source.js';
import { FeedParseError } from '../../integrations/feeds/feed-error.js';

const selector = z.string().min(1).meta({ example: 'article h2 a' });

/**
 * A listing page without a feed (news, open positions, events), read with CSS selectors:
 * `item` picks each entry; the others are looked up inside it.
 */
export const htmlListingSource = defineSource({
  kind: 'html',
  description: 'A web page that lists articles, read with CSS selectors',
  configSchema: z.strictObject({
    selectors: z
      .strictObject({
        item: selector.meta({ example: 'article.news-item' }),
        link: selector.default('a[href]').meta({ example: 'h2 a' }),
        title: selector.optional().meta({ example: 'h2' }),
        summary: selector.optional().meta({ example: 'p.lead' }),
        image: selector.optional().meta({ example: 'img' }),
        date: selector.optional().meta({ example: 'time' }),
      })
      .meta({ example: '{ item: article, link: h2 a, title: h2, summary: p }' }),
  }),
  async fetch({ source, options, http, state, signal }) {
    const response = await http.get(source.url, { accept: 'text/html', etag: state.etag, lastModified: state.lastModified, signal });
    if (response.notModified) return { notModified: true };
    const $ = cheerio.load(response.text());
    const { selectors } = options;
    const entries = $(selectors.item);
    if (entries.length === 0) {
      throw new FeedParseError(`the selector "${selectors.item}" matched nothing on ${response.url}; check selectors.item against the page`);
    }
    const items = entries
      .toArray()
      .map((element) => {
        const entry = $(element);
        const linkElement = entry.is(selectors.link) ? entry : entry.find(selectors.link).first();
        const href = linkElement.attr('href');
        if (!href) return undefined;
        const text = (css: string | undefined) => (css ? entry.find(css).first().text().trim() || undefined : undefined);
        const imageElement = selectors.image ? entry.find(selectors.image).first() : undefined;
        const dateElement = selectors.date ? entry.find(selectors.date).first() : undefined;
        return {
          url: new URL(href, response.url).href,
          title: text(selectors.title) ?? (linkElement.text().trim() || undefined),
          summary: text(selectors.summary),
          imageUrl: imageElement?.attr('src') ? new URL(imageElement.attr('src')!, response.url).href : undefined,
          publishedAt: dateElement?.attr('datetime') ?? dateElement?.text().trim(),
        };
      })
      .filter((item) => item !== undefined);
    return { items, language: $('html').attr('lang'), state: { etag: response.etag, lastModified: response.lastModified } };
  },
});
