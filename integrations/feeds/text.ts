import * as cheerio from 'cheerio';
import { safeText } from '../../rules/text/safe-text.js';

// Markup that survives one round of decoding is markup escaped twice (`&lt;p&gt;Title&lt;/p&gt;` in CDATA):
// a reader would see tags, so a second round takes them out too. Only real HTML tags count, not "a <b".
const LEFTOVER_TAG = /<\/?(p|br|b|i|em|strong|span|div|a|img|sup|sub|u|s|small|big|font|h[1-6]|ul|ol|li|blockquote|code|pre|table|tr|td|th|hr)(\s[^<>]*)?\/?>/i;

/**
 * Plain text from a fragment that may hold HTML and entities, with whitespace folded and bidirectional
 * and control characters taken out (entities are decoded first, so `&#x202E;` goes too).
 *
 * @example toPlainText('<![CDATA[&lt;p&gt;Item Title&lt;/p&gt;]]>'.slice(9, -3)) === 'Item Title'
 */
export function toPlainText(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  let text = /[<&]/.test(value) ? htmlText(value) : value;
  if (LEFTOVER_TAG.test(text)) text = htmlText(text);
  const folded = safeText(text).replace(/\s+/g, ' ').trim();
  return folded || undefined;
}

function htmlText(value: string): string {
  return cheerio.load(`<body>${value}</body>`)('body').text();
}

/** Cuts text at a word boundary to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string | undefined, max: number): string | undefined {
  if (!text || text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The first sentence of a summary, as the title of an entry that has none (clipped to `max`).
 *
 * @example firstSentence('Kirjasto avaa ovensa. Tervetuloa!', 120) === 'Kirjasto avaa ovensa.'
 */
export function firstSentence(summary: string | undefined, max: number): string | undefined {
  if (!summary) return undefined;
  const match = /^.+?[.!?…](?=\s+\p{Lu}|\s*$)/su.exec(summary.trim());
  return clip((match?.[0] ?? summary).trim(), max);
}
