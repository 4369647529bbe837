import * as cheerio from 'cheerio';
import { toPlainText } from './text.js';

export interface PageMetadata {
  title: string | undefined;
  description: string | undefined;
  imageUrl: string | undefined;
  language: string | undefined;
  siteName: string | undefined;
  publishedAt: string | undefined;
}

/**
 * What an article page says about itself: Open Graph first (what networks show when the link is
 * shared), then Twitter cards, then plain HTML. Relative image URLs resolve against the page.
 */
export function extractPageMetadata(html: string, pageUrl: string): PageMetadata {
  const $ = cheerio.load(html);
  const meta = (...keys: string[]) => {
    for (const key of keys) {
      const value = $(`meta[property="${key}"], meta[name="${key}"]`).first().attr('content')?.trim();
      if (value) return value;
    }
    return undefined;
  };
  const image = meta('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src') ?? $('link[rel="image_src"]').attr('href');
  const lang = $('html').attr('lang')?.trim() || meta('og:locale')?.replace('_', '-');
  return {
    title: toPlainText(meta('og:title', 'twitter:title') ?? $('title').first().text()),
    description: toPlainText(meta('og:description', 'twitter:description', 'description')),
    imageUrl: image ? resolveUrl(image, pageUrl) : undefined,
    language: lang ? lang.toLowerCase().split(/[-_]/)[0] : undefined,
    siteName: meta('og:site_name'),
    publishedAt: meta('article:published_time', 'og:updated_time') ?? $('time[datetime]').first().attr('datetime'),
  };
}

function resolveUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
