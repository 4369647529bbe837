import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import { pageCsp } from './csp.js';

// The captions page's live counter: as a template is typed, how long it is without the title and summary, against
// the network's limit. The one inline script, allowed by its hash (as mail-frame.ts does); with no script the count
// is the server's, shown when the page is drawn and checked again on saving, so nothing depends on it. Its words come
// from the counter's own data-of and data-over (the admin's language), so the script, and its hash, stay one.

const COUNT_TEMPLATES = `(() => {
  const link = /https?:\\/\\/[^\\s<>"]+/g;
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const count = (network, text) => {
    let links = 0;
    const rest = network === 'x' || network === 'mastodon' ? text.replace(link, () => { links++; return ''; }) : text;
    const chars = network === 'bluesky' ? [...graphemes.segment(rest)].length : [...rest].length;
    return chars + links * 23;
  };
  const fill = (area) =>
    area.value
      .replace(/\\{\\s*(title|summary)\\s*\\}/g, '')
      .replace(/\\{\\s*link\\s*\\}/g, area.dataset.link)
      .replace(/\\{\\s*hashtags\\s*\\}/g, area.dataset.hashtags)
      .split('\\n').map((line) => line.trimEnd()).join('\\n')
      .replace(/\\n{3,}/g, '\\n\\n')
      .trim();
  for (const area of document.querySelectorAll('textarea[data-counter]')) {
    const out = document.getElementById(area.dataset.counter);
    const limit = Number(area.dataset.limit);
    const update = () => {
      const length = area.value.trim() === '' ? 0 : count(area.dataset.network, fill(area));
      const words = length > limit ? out.dataset.over : out.dataset.of;
      const values = { length, limit, over: length - limit };
      out.textContent = words.replace(/\\{(length|limit|over)\\}/g, (_, name) => String(values[name]));
      out.classList.toggle('over', length > limit);
    };
    area.addEventListener('input', update);
    update(); // what was typed before the script ran (a slow page) is counted too
  }
})();`;

const COUNT_TEMPLATES_HASH = `'sha256-${createHash('sha256').update(COUNT_TEMPLATES).digest('base64')}'`;

/** The captions page's CSP: kaiku's page policy plus the counter, by its hash. */
export const CAPTION_PAGE_CSP = pageCsp([], [COUNT_TEMPLATES_HASH]);

/** The counter's words, with {length}, {limit} and {over} for the figures: `of` within the limit, `over` beyond it. */
export interface CounterWords {
  of: string;
  over: string;
}

/** What the counter shows, the same words the script writes (given them as the output's data-of and data-over). */
export function counterText(length: number, limit: number, words: CounterWords): string {
  const values: Record<string, number> = { length, limit, over: length - limit };
  return (length > limit ? words.over : words.of).replace(/\{(length|limit|over)\}/g, (_, name: string) => String(values[name]));
}

/** The counter script: once per page, after the templates' fields. Its text is exactly what the hash covers. */
export function countTemplates() {
  return raw(`<script>${COUNT_TEMPLATES}</script>`);
}
