import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { safeText } from '../../rules/text/safe-text.js';

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
          <style>
            :root {
              --ink: #1d2433;
              --muted: #5f6b7a;
              --line: #e3e7ee;
              --bg: #f6f7f9;
              --accent: #2457c5;
              --ok: #1f7a4d;
              --bad: #b3261e;
              --wait: #8a5a00;
            }
            * {
              box-sizing: border-box;
            }
            body {
              margin: 0;
              font:
                15px/1.5 system-ui,
                -apple-system,
                'Segoe UI',
                Roboto,
                sans-serif;
              color: var(--ink);
              background: var(--bg);
            }
            header {
              background: #fff;
              border-bottom: 1px solid var(--line);
              padding: 14px 24px;
              display: flex;
              align-items: baseline;
              gap: 16px;
              flex-wrap: wrap;
            }
            header .brand {
              font-weight: 700;
              font-size: 18px;
              letter-spacing: 0.02em;
            }
            header .program {
              color: var(--muted);
            }
            main {
              max-width: 1100px;
              margin: 0 auto;
              padding: 20px 24px 60px;
            }
            nav.tabs {
              display: flex;
              gap: 6px;
              flex-wrap: wrap;
              margin: 0 0 18px;
            }
            nav.tabs a {
              padding: 6px 12px;
              border-radius: 999px;
              text-decoration: none;
              color: var(--ink);
              background: #fff;
              border: 1px solid var(--line);
            }
            nav.tabs a.current {
              background: var(--ink);
              color: #fff;
              border-color: var(--ink);
            }
            nav.tabs .count {
              font-variant-numeric: tabular-nums;
              opacity: 0.75;
              margin-left: 4px;
            }
            h2 {
              font-size: 16px;
              margin: 28px 0 10px;
            }
            .items {
              display: grid;
              gap: 10px;
            }
            .item {
              display: grid;
              grid-template-columns: 120px 1fr;
              gap: 14px;
              background: #fff;
              border: 1px solid var(--line);
              border-radius: 10px;
              padding: 12px;
            }
            .item img,
            .item .noimg {
              width: 120px;
              height: 68px;
              object-fit: cover;
              border-radius: 6px;
              background: var(--line);
            }
            .item h3 {
              margin: 0 0 4px;
              font-size: 15px;
            }
            .item h3 a {
              color: var(--ink);
            }
            .item p {
              margin: 0 0 6px;
              color: var(--muted);
            }
            .meta {
              font-size: 13px;
              color: var(--muted);
              display: flex;
              gap: 10px;
              flex-wrap: wrap;
            }
            .tag {
              background: var(--bg);
              border: 1px solid var(--line);
              border-radius: 4px;
              padding: 0 6px;
            }
            .state {
              font-weight: 600;
            }
            .state.pending {
              color: var(--wait);
            }
            table {
              width: 100%;
              border-collapse: collapse;
              background: #fff;
              border: 1px solid var(--line);
              border-radius: 10px;
              overflow: hidden;
            }
            th,
            td {
              text-align: left;
              padding: 8px 10px;
              border-bottom: 1px solid var(--line);
              vertical-align: top;
              font-size: 14px;
            }
            th {
              font-size: 12px;
              text-transform: uppercase;
              letter-spacing: 0.04em;
              color: var(--muted);
              background: #fafbfc;
            }
            .health {
              font-weight: 600;
            }
            .health.healthy {
              color: var(--ok);
            }
            .health.unhealthy {
              color: var(--bad);
            }
            .health.pending {
              color: var(--muted);
            }
            .error {
              color: var(--bad);
              font-size: 13px;
            }
            .empty {
              background: #fff;
              border: 1px dashed var(--line);
              border-radius: 10px;
              padding: 24px;
              color: var(--muted);
              text-align: center;
            }
            code,
            .url {
              font-size: 12px;
              color: var(--muted);
              word-break: break-all;
            }
            form.inline {
              display: inline;
            }
            button,
            .button {
              font: inherit;
              padding: 8px 14px;
              border-radius: 6px;
              border: 1px solid var(--line);
              background: #fff;
              cursor: pointer;
              color: var(--ink);
              text-decoration: none;
            }
            button.approve {
              background: var(--ok);
              color: #fff;
              border-color: var(--ok);
            }
            button.reject {
              background: var(--bad);
              color: #fff;
              border-color: var(--bad);
            }
            textarea,
            input[type='email'],
            input[type='text'] {
              font: inherit;
              width: 100%;
              padding: 8px;
              border: 1px solid var(--line);
              border-radius: 6px;
            }
            label {
              display: block;
              font-size: 13px;
              color: var(--muted);
              margin: 10px 0 4px;
            }
            .panel {
              background: #fff;
              border: 1px solid var(--line);
              border-radius: 10px;
              padding: 20px;
              margin: 16px 0;
            }
            .notice {
              border-left: 4px solid var(--accent);
              background: #fff;
              padding: 12px 16px;
              margin: 16px 0;
            }
            .notice.bad {
              border-color: var(--bad);
            }
            .notice.ok {
              border-color: var(--ok);
            }
            .trail {
              font-size: 13px;
              color: var(--muted);
              margin: 8px 0 0;
              padding-left: 18px;
            }
            pre.mail {
              white-space: pre-wrap;
              background: #fff;
              border: 1px solid var(--line);
              padding: 12px;
              border-radius: 6px;
              font-size: 13px;
            }
            iframe.mail {
              width: 100%;
              height: 640px;
              border: 1px solid var(--line);
              border-radius: 6px;
              background: #fff;
            }
            @media (max-width: 640px) {
              .item {
                grid-template-columns: 1fr;
              }
              .item img,
              .item .noimg {
                width: 100%;
                height: 140px;
              }
              td:nth-child(3),
              th:nth-child(3) {
                display: none;
              }
            }
          </style>
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
