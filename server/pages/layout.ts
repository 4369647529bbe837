import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { safeText } from '../../rules/text/safe-text.js';
import { STYLESHEET } from '../styles/stylesheet.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

/**
 * The frame of kaiku's own pages: no scripts, no third-party requests, readable on a phone. The page
 * leaves without bidirectional or control characters, whichever field they came in (see `safePage`). `lang`: the
 * language the page is written in (a console page in the admin's language; English where a page is not translated).
 */
export function layout(title: string, body: unknown, lang: ConsoleLanguage = 'en') {
  return safePage(
    html`<!doctype html>
      <html lang="${lang}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="same-origin" />
          <title>${title} · kaiku</title>
          <link rel="stylesheet" href="${STYLESHEET.path}" />
        </head>
        <body>
          ${body}
        </body>
      </html>`,
  );
}

/**
 * A rendered page with bidirectional and control characters taken out. Stored text is clean already; this
 * second line of defence covers text that was stored before, or comes from the config. kaiku's own markup
 * holds none of them, so the whole page can be cleaned at once.
 */
export function safePage(page: HtmlEscapedString | Promise<HtmlEscapedString>): HtmlEscapedString | Promise<HtmlEscapedString> {
  const clean = (done: HtmlEscapedString) => raw(safeText(String(done), { multiline: true }), done.callbacks);
  return page instanceof Promise ? page.then(clean) : clean(page);
}

/** A small page (sign-in, confirmation, outbox): the header names the page. */
export function simplePage(title: string, body: unknown, lang: ConsoleLanguage = 'en'): ReturnType<typeof layout> {
  return layout(
    title,
    html`<header><span class="brand">kaiku</span><span class="program">${title}</span></header>
      <main>${body}</main>`,
    lang,
  );
}

const relativeFormats = new Map<ConsoleLanguage, Intl.RelativeTimeFormat>();

/** "3 minutes ago", "3 minuuttia sitten", "för 3 minuter sedan"; past a week the date: short, and honest about its age. */
export function timeAgo(date: Date | null | undefined, now = new Date(), language: ConsoleLanguage = 'en'): string {
  if (!date) return '—';
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 0) return date.toISOString().slice(0, 16).replace('T', ' ');
  if (seconds < 60) return CONSOLE_STRINGS[language].time.justNow;
  let format = relativeFormats.get(language);
  if (!format) relativeFormats.set(language, (format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })));
  if (seconds < 3600) return format.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return format.format(-Math.floor(seconds / 3600), 'hour');
  if (seconds < 7 * 86_400) return format.format(-Math.floor(seconds / 86_400), 'day');
  return date.toISOString().slice(0, 10);
}
