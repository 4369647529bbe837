import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import { pageCsp } from './csp.js';

// A mail's own HTML (outbox, digest preview) shown inside a console page, at its full height.
//
// The framed document runs nothing: its CSP allows no script and the frame's sandbox has no allow-scripts. It keeps
// kaiku's origin (allow-same-origin) only so that the page around it can read how tall it is; with scripts off that
// grants the mail nothing. The page's one script is inline and allowed by its hash alone, so the console still runs
// no other script, and without it the frame keeps its fixed height and a link opens the mail at full size.

/** The CSP of a framed mail document: its inline styles and images, nothing else, framed by kaiku only. */
export const FRAMED_MAIL_CSP = "sandbox allow-same-origin; default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

// Fits each frame to its document once loaded (images included), and again when the window's width changes.
const FIT_FRAMES = `(() => {
  const frames = [...document.querySelectorAll('iframe[data-fit]')];
  const fit = (frame) => {
    const root = frame.contentDocument && frame.contentDocument.documentElement;
    if (root) frame.style.height = Math.ceil(root.scrollHeight) + 2 + 'px';
  };
  for (const frame of frames) {
    frame.addEventListener('load', () => fit(frame));
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete') fit(frame);
  }
  addEventListener('resize', () => frames.forEach(fit));
})();`;

const FIT_FRAMES_HASH = `'sha256-${createHash('sha256').update(FIT_FRAMES).digest('base64')}'`;

/** The CSP of a page holding mail frames: kaiku's page policy plus the fitting script, by its hash. */
export const MAIL_FRAME_PAGE_CSP = pageCsp([], [FIT_FRAMES_HASH]);

/**
 * A framed mail, fitted to its content, with a link to the same document at full size.
 *
 * @example
 * c.header('content-security-policy', MAIL_FRAME_PAGE_CSP);
 * html`${mailFrame({ src: '/outbox/7/html', title: 'HTML part', className: 'mail' })}`;
 */
export function mailFrame(frame: { src: string; title: string; className: string; openLabel?: string }) {
  return html`<iframe class="${frame.className}" sandbox="allow-same-origin" data-fit src="${frame.src}" title="${frame.title}"></iframe>
    <p class="muted"><a href="${frame.src}" target="_blank" rel="noopener">${frame.openLabel ?? `Open the ${frame.title} at full size`}</a></p>`;
}

/** The script that fits the page's mail frames: once per page, after them. Its text is exactly what the hash covers. */
export function fitMailFrames() {
  return raw(`<script>${FIT_FRAMES}</script>`);
}
