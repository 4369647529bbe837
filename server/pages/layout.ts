import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { safeText } from '../../rules/text/safe-text.js';
import { STYLESHEET } from '../styles/stylesheet.js';

/**
 * The frame of kaiku's own pages: no scripts, no third-party requests, readable on a phone. The page
 * leaves without bidirectional or control characters, whichever field they came in (see `safePage`).
 */
export function layout(title: string, body: unknown) {
  return safePage(
    html`<!doctype html>
      <html lang="en">
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
export function simplePage(title: string, body: unknown): ReturnType<typeof layout> {
  return layout(
    title,
    html`<header><span class="brand">kaiku</span><span class="program">${title}</span></header>
      <main>${body}</main>`,
  );
}

/** "3 min ago", "2 h ago", "5 Nov": short, and honest about its age. */
export function timeAgo(date: Date | null | undefined, now = new Date()): string {
  if (!date) return '—';
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 0) return date.toISOString().slice(0, 16).replace('T', ' ');
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return date.toISOString().slice(0, 10);
}
