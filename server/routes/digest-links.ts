import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { Logger } from 'pino';
import { NETWORK_NAMES } from '../../content/caption-limits.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { ItemCaptions, Network } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { preferencesUrl, trackedUrl } from '../../digests/links.js';
import { createClickRecorder } from '../../digests/click-recorder.js';
import { personalCaption, shareTarget } from '../../digests/share-target.js';
import { stringsFor } from '../../emails/digest-strings.js';
import { readLinkToken } from '../../security/link-token.js';
import type { Secret } from '../../security/secret.js';
import { simplePage } from '../pages/layout.js';

// /r/<token>: an advocate's tracked link, posted on social networks; records the click, redirects to the item.
// /s/<token>: a share button in a digest; records the share and opens the network's share dialog.
// The target is always an item's stored URL or a network's fixed share address: never one from the request.

const BOTS = /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skype|discord|headless|curl|wget|python-requests|go-http-client/i;

export interface DigestLinkDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
}

/** A query value that is a URL has no business on these paths: someone is trying to make them redirect. */
function carriesUrl(url: string): boolean {
  const query = new URL(url).searchParams;
  for (const [name, value] of query) {
    if (/^(https?:)?\/\//i.test(value) || /:\/\//.test(value) || /^(url|next|redirect|return|to|target|dest)/i.test(name)) return true;
  }
  return false;
}

// Where a click came from, when the network's page says so (t.co and lnkd.in are their link shorteners).
const REFERRERS: [RegExp, Network][] = [
  [/(^|\.)(t\.co|x\.com|twitter\.com)$/, 'x'],
  [/(^|\.)(linkedin\.com|lnkd\.in)$/, 'linkedin'],
  [/(^|\.)(facebook\.com|fb\.me|fb\.com)$/, 'facebook'],
  [/(^|\.)(bsky\.app|bsky\.social)$/, 'bluesky'],
  [/(^|\.)(mastodon\.[a-z]+|mstdn\.[a-z]+)$/, 'mastodon'],
];

function networkOf(referer: string | undefined): Network | undefined {
  if (!referer) return undefined;
  try {
    const host = new URL(referer).hostname.toLowerCase();
    return REFERRERS.find(([pattern]) => pattern.test(host))?.[1];
  } catch {
    return undefined;
  }
}

function visitorOf(ip: string, userAgent: string): string {
  // One visitor per address, browser and day, kept as a hash: enough to count unique clicks, not to track people.
  return createHash('sha256')
    .update(`${ip}\u0000${userAgent}\u0000${new Date().toISOString().slice(0, 10)}`)
    .digest('base64url')
    .slice(0, 16);
}

export function digestLinkRoutes(deps: DigestLinkDeps) {
  const app = new Hono();
  const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const clicks = createClickRecorder(deps.store);
  // Item URLs never change once stored: a small cache keeps the redirect off the database.
  const targets = new Map<string, { url: string; captions: ItemCaptions | null }>();
  async function target(itemId: string) {
    let found = targets.get(itemId);
    if (!found) {
      const row = await deps.store.digests.itemTarget(itemId);
      if (!row) return undefined;
      found = { url: row.url, captions: row.captions };
      if (targets.size > 5000) targets.clear();
      targets.set(itemId, found);
    }
    return found;
  }

  app.get('/r/:token', async (c) => {
    if (carriesUrl(c.req.url)) return notFound();
    const read = readLinkToken(deps.secret, c.req.param('token'));
    if (!read.ok || read.link.kind !== 'click') return notFound();
    const item = await target(read.link.itemId);
    if (!item) return notFound();
    const userAgent = c.req.header('user-agent') ?? '';
    const peer = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? '';
    // X-Forwarded-For is believed only from a reverse proxy on this machine; anyone else could invent visitors.
    const forwarded = /^(127\.|::1$|::ffff:127\.)/.test(peer) ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const ip = forwarded || peer;
    await clicks.record({
      kind: 'click',
      advocateId: read.link.advocateId,
      itemId: read.link.itemId,
      visitor: visitorOf(ip, userAgent),
      network: networkOf(c.req.header('referer')),
      bot: userAgent === '' || BOTS.test(userAgent),
    });
    return new Response(null, { status: 302, headers: { location: item.url, 'cache-control': 'private, max-age=0' } });
  });

  app.get('/s/:token', async (c) => {
    if (carriesUrl(c.req.url)) return notFound();
    const read = readLinkToken(deps.secret, c.req.param('token'));
    if (!read.ok || read.link.kind !== 'share') {
      if (!read.ok && read.reason === 'expired')
        return c.html(simplePage('Link expired', html`<div class="notice bad">This share button has expired. The newest digest has fresh ones.</div>`), 410);
      return notFound();
    }
    const { advocateId, itemId, network } = read.link;
    const [item, advocate] = await Promise.all([target(itemId), deps.store.advocates.get(advocateId)]);
    if (!item?.captions || !advocate) return notFound();
    await deps.store.digests.recordLinkEvents([{ kind: 'share', advocateId, itemId, network }]);
    deps.log.info({ advocateId, itemId, network }, 'share opened');

    const caption = personalCaption(network, item.captions.networks[network], item.url, trackedUrl(deps.config, deps.secret, advocateId, itemId));
    const destination = shareTarget(network, caption, deps.config.program.hashtags, advocate.mastodon_instance);
    if (destination.kind === 'redirect') return new Response(null, { status: 302, headers: { location: destination.url, 'cache-control': 'no-store' } });

    // LinkedIn and Facebook ignore prefilled text: the caption is copied first, with the click that opens the dialog.
    const t = stringsFor(advocate.language);
    const name = NETWORK_NAMES[network];
    const nonce = randomBytes(16).toString('base64url');
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; frame-ancestors 'none'; form-action 'none'`,
    );
    c.header('cache-control', 'no-store');
    return c.html(
      simplePage(
        t.shareOn(name),
        html`<p>
            ${destination.url ? t.copyHint : html`${t.mastodonInstanceNeeded} <a href="${preferencesUrl(deps.config, deps.secret, advocateId)}">${t.preferences}</a>`}
          </p>
          <textarea id="caption" rows="8" readonly style="width:100%;font:inherit;padding:10px;border:1px solid var(--line);border-radius:6px;">
${caption}</textarea>
          ${
            destination.url
              ? html`<p><a id="go" class="button" href="${destination.url}" data-url="${destination.url}">${t.copyAndOpen(name)}</a></p>`
              : html`<p><a id="go" class="button" href="#caption">${t.copyHint}</a></p>`
          }
          <script nonce="${nonce}">
            ${raw(`document.getElementById('go').addEventListener('click', function (event) {
              var link = this; var text = document.getElementById('caption').value;
              if (!navigator.clipboard) return;
              event.preventDefault();
              navigator.clipboard.writeText(text).catch(function () {}).then(function () {
                link.textContent = '✓'; if (link.dataset.url) window.location.href = link.dataset.url;
              });
            });`)};
          </script>`,
      ),
    );
  });

  return app;
}
