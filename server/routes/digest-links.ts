import { programNameIn } from '../../config/program-name.js';
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import type { Logger } from 'pino';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import { captionFor } from '../../rules/captions/caption-variants.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { ItemCaptions, Network } from '../../model/item.js';
import type { Store } from '../../db/store.js';
import { preferencesUrl, trackedUrl } from '../../rules/digests/links.js';
import { createClickRecorder } from '../click-recorder.js';
import { personalCaption, shareTarget } from '../../rules/digests/share-target.js';
import { stringsFor } from '../../rules/digests/digest-strings.js';
import { readLinkToken } from '../../rules/tokens/link-token.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { visitorId } from '../../rules/privacy/visitor-id.js';
import { simplePage } from '../pages/layout.js';
import { clientAddress } from '../client-address.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { metrics } from '../../integrations/metrics/metrics.js';

// /r/<token>: an advocate's tracked link, posted on social networks; records the click, redirects to the item.
// /s/<token>: a share button in a digest; records the share and opens the network's share dialog.
// The target is always an item's stored URL or a network's fixed share address: never one from the request.

const BOTS = /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skype|discord|headless|curl|wget|python-requests|go-http-client/i;

function isBot(userAgent: string): boolean {
  return userAgent === '' || BOTS.test(userAgent);
}

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
  [/(^|\.)(threads\.net|threads\.com)$/, 'threads'],
  [/(^|\.)(whatsapp\.com|wa\.me)$/, 'whatsapp'],
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

  /** A retracted item's share page: withdrawn, in the advocate's language, with nothing to share and nothing recorded. */
  const withdrawn = (c: Context, language: string) => {
    const t = stringsFor(language);
    c.header('cache-control', 'no-store');
    return c.html(
      simplePage(
        t.withdrawnTitle,
        html`<div class="notice" role="status" lang="${language}" id="withdrawn">${t.withdrawn(programNameIn(deps.config.program, language))}</div>`,
      ),
      410,
    );
  };

  app.get('/r/:token', async (c) => {
    if (carriesUrl(c.req.url)) return notFound();
    const read = readLinkToken(deps.secret, c.req.param('token'));
    if (!read.ok || read.link.kind !== 'click') return notFound();
    const item = await target(read.link.itemId);
    if (!item) return notFound();
    const userAgent = c.req.header('user-agent') ?? '';
    const ip = clientAddress(c);
    await clicks.record({
      kind: 'click',
      advocateId: read.link.advocateId,
      itemId: read.link.itemId,
      visitor: visitorId(deps.secret, ip, userAgent, new Date()),
      network: networkOf(c.req.header('referer')),
      bot: isBot(userAgent),
    });
    metrics.linkClicks.inc({ network: networkOf(c.req.header('referer')) ?? 'unknown' });
    return new Response(null, { status: 302, headers: { location: item.url, 'cache-control': 'private, max-age=0' } });
  });

  /** The share button's token, its advocate and item, and where the network's dialog is; or the answer when it is not valid. */
  async function shareOf(c: Context) {
    if (carriesUrl(c.req.url)) return { refused: notFound() };
    const read = readLinkToken(deps.secret, c.req.param('token')!);
    if (!read.ok || read.link.kind !== 'share') {
      if (!read.ok && read.reason === 'expired')
        return {
          refused: c.html(
            simplePage('Link expired', html`<div class="notice bad">This share button has expired. The newest digest has fresh ones.</div>`),
            410,
          ),
        };
      return { refused: notFound() };
    }
    const { advocateId, itemId, network } = read.link;
    // Read afresh, not from the cache: an item retracted in the console is withdrawn at once, even in digests already sent.
    const [item, advocate] = await Promise.all([deps.store.digests.itemTarget(itemId), deps.store.advocates.get(advocateId)]);
    if (!item?.captions || !advocate) return { refused: notFound() };
    if (item.retracted_at) return { refused: withdrawn(c, advocate.language) };
    // The advocate's own variant of the caption, the one their digest showed.
    const caption = personalCaption(
      network,
      captionFor(item.captions, network, advocateId, itemId),
      item.url,
      trackedUrl(deps.config, deps.secret, advocateId, itemId),
    );
    return {
      advocateId,
      itemId,
      network,
      advocate,
      caption,
      destination: shareTarget(network, caption, await hashtagsInEffect(deps.store.captions, deps.config.program.hashtags), advocate.mastodon_instance),
    };
  }

  // GET /s/<token> only shows kaiku's share page: link scanners and prefetchers open it too, so opening it
  // is recorded as `share_opened`, never paid. The share is the advocate's press of its button (POST).
  app.get('/s/:token', async (c) => {
    const share = await shareOf(c);
    if ('refused' in share) return share.refused;
    const { advocateId, itemId, network, advocate, caption, destination } = share;
    const userAgent = c.req.header('user-agent') ?? '';
    await deps.store.digests.recordLinkEvents([{ kind: 'share_opened', advocateId, itemId, network, bot: isBot(userAgent) }]);
    deps.log.info({ advocateId, itemId, network }, 'share page opened');

    const t = stringsFor(advocate.language);
    const name = NETWORK_NAMES[network];
    const prefilled = destination.kind === 'redirect';
    const fallback = destination.kind === 'redirect' ? destination.fallback : undefined;
    const hub = network === 'mastodon' && !advocate.mastodon_instance;
    const action = `/s/${c.req.param('token')}`;
    const nonce = randomBytes(16).toString('base64url');
    const preferences = html`<a href="${preferencesUrl(deps.config, deps.secret, advocateId)}">${t.preferences}</a>`;
    const hint = !destination.url
      ? html`${t.mastodonInstanceNeeded} ${preferences}`
      : fallback
        ? t.linkedinHint
        : hub
          ? html`${t.mastodonHubHint} ${preferences}`
          : prefilled
            ? t.prefilledHint
            : t.copyHint;
    // The form's answer redirects to the network's https dialog, which form-action must allow.
    c.header('content-security-policy', `default-src 'none'; style-src 'self'; script-src 'nonce-${nonce}'; frame-ancestors 'none'; form-action 'self' https:`);
    c.header('cache-control', 'no-store');
    return c.html(
      simplePage(
        t.shareOn(name),
        html`<p id="hint">${hint}</p>
          <label for="caption">${t.captionFor(name)}</label>
          <textarea id="caption" class="caption" rows="8" readonly>${caption}</textarea>
          ${
            destination.url
              ? html`<form id="share" method="post" action="${action}" data-copy="${prefilled ? 'no' : 'yes'}">
                  ${formField(c, deps, action, c.req.param('token')!)}
                  <p><button id="go" type="submit" class="approve">${prefilled ? t.openPrefilled(name) : t.copyAndOpen(name)}</button></p>
                </form>`
              : ''
          }
          ${
            fallback
              ? html`<form id="fallback" method="post" action="${action}" data-copy="yes">
                  ${formField(c, deps, action, c.req.param('token')!)}
                  <input type="hidden" name="via" value="link" />
                  <p><button id="copy-go" type="submit">${t.copyInstead}</button></p>
                </form>`
              : ''
          }
          <script nonce="${nonce}">
            ${raw(`document.querySelectorAll('form[data-copy="yes"]').forEach(function (form) {
              form.addEventListener('submit', function (event) {
                if (!navigator.clipboard || form.dataset.copied) return;
                event.preventDefault();
                var done = function () { form.dataset.copied = 'yes'; form.querySelector('button').textContent = '\u2713'; form.submit(); };
                navigator.clipboard.writeText(document.getElementById('caption').value).then(done, done);
              });
            });`)};
          </script>`,
      ),
    );
  });

  /** `POST /s/<token>` from kaiku's share page: the share (paid once per item × network), then the network's dialog. */
  app.post('/s/:token', async (c) => {
    const share = await shareOf(c);
    if ('refused' in share) return share.refused;
    const body = await c.req.parseBody();
    const guard = checkForm(c, deps, body, c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    const { advocateId, itemId, network, destination } = share;
    if (!destination.url) return c.redirect(`/s/${c.req.param('token')}`, 303);
    // The advocate's second choice, where the network has one (LinkedIn: the link only, the caption copied first).
    const location = body.via === 'link' && destination.kind === 'redirect' && destination.fallback ? destination.fallback : destination.url;
    await deps.store.digests.recordLinkEvents([{ kind: 'share', advocateId, itemId, network, bot: isBot(c.req.header('user-agent') ?? '') }]);
    metrics.shares.inc({ network });
    deps.log.info({ advocateId, itemId, network }, 'shared');
    return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
  });

  return app;
}
