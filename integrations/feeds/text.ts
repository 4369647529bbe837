import * as cheerio from 'cheerio';
import { safeText } from '../../rules/text/safe-text.js';

/**
 * Plain text from a fragment that may hold HTML and entities, with whitespace folded and bidirectional
 * and control characters taken out (entities are decoded first, so `&#x202E;` goes too).
 */
export function toPlainText(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const text = /[<&]/.test(value) ? cheerio.load(`<body>${value}</body>`)('body').text() : value;
  const folded = safeText(text).replace(/\s+/g, ' ').trim();
  return folded || undefined;
}

/** Cuts text at a word boundary to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string | undefined, max: number): string | undefined {
  if (!text || text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
