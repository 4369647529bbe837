import { NETWORK_RULES } from '../captions/caption-limits.js';
import type { Network } from '../../model/item.js';

// Where a share button leads, per network. X, Bluesky, Mastodon, Threads and WhatsApp take prefilled text.
// LinkedIn's composer takes it too (`feed/?shareActive=true&text=`, which works though LinkedIn does not document
// it), with its documented share-offsite dialog (the link only, the caption copied first) as the fallback the
// advocate can choose. Facebook takes the link only, so its landing shows the caption to copy.

/** The item's caption for one advocate: the item's link replaced by the advocate's tracked link. */
export function personalCaption(network: Network, caption: string, itemUrl: string, trackedUrl: string): string {
  if (!caption.includes(itemUrl)) return `${caption}\n\n${trackedUrl}`;
  const personal = caption.split(itemUrl).join(trackedUrl);
  // Bluesky counts a link in full: a tracked link longer than the original could push the caption past
  // the limit, and then the untracked link is the better share.
  return NETWORK_RULES[network].count(personal) <= NETWORK_RULES[network].limit ? personal : caption;
}

export type ShareTarget =
  /** The network's dialog with the caption in it; `fallback`: another way, the link only, the caption copied first. */
  | { kind: 'redirect'; url: string; fallback?: string | undefined }
  /** A kaiku page: shows the caption to copy, then opens `url` (absent: the advocate must name their Mastodon instance). */
  | { kind: 'copy-first'; caption: string; url: string | undefined };

/** The link inside a caption (the tracked one, or the original when the tracked one did not fit). */
function linkIn(caption: string): string | undefined {
  return /https?:\/\/[^\s<>"]+/.exec(caption)?.[0];
}

/**
 * The share dialog for `caption` on `network`:
 * X `x.com/intent/tweet?text&url&hashtags`, LinkedIn `share-offsite/?url`, Facebook `sharer.php?u`,
 * Bluesky `bsky.app/intent/compose?text`, Mastodon `<instance>/share?text&url` (or, with no server set, the share hub
 * `share.joinmastodon.org/#text`, which asks for it), Threads `threads.net/intent/post?text`, WhatsApp `wa.me/?text`.
 *
 * @example
 * shareTarget('whatsapp', 'Library opens\n\nhttps://k.example/r/T', [], null);
 * // { kind: 'redirect', url: 'https://wa.me/?text=Library%20opens%0A%0Ahttps%3A%2F%2Fk.example%2Fr%2FT' }
 */
export function shareTarget(network: Network, caption: string, hashtags: readonly string[], mastodonInstance: string | null): ShareTarget {
  const link = linkIn(caption) ?? '';
  const withoutLink = caption
    .replace(link, '')
    .split('\n')
    .map((line) => line.replace(/\s{2,}/g, ' ').trim())
    .join('\n')
    .trim();
  switch (network) {
    case 'x': {
      const tags = hashtags.map((tag) => tag.replace(/^#/, ''));
      // The hashtags go in their own parameter; the text keeps the words.
      let text = withoutLink;
      for (const tag of hashtags) text = text.replace(new RegExp(`(^|\\s)${escapeRegExp(tag)}(?=\\s|$)`, 'u'), '$1');
      const query = new URLSearchParams({ text: text.replace(/\s+$/g, '').replace(/\n{3,}/g, '\n\n'), url: link });
      if (tags.length > 0) query.set('hashtags', tags.join(','));
      return { kind: 'redirect', url: `https://x.com/intent/tweet?${query}` };
    }
    case 'bluesky':
      return { kind: 'redirect', url: `https://bsky.app/intent/compose?${new URLSearchParams({ text: caption })}` };
    case 'mastodon':
      // The hub reads the fragment in the browser: the caption never reaches its server in a request.
      if (!mastodonInstance) return { kind: 'redirect', url: `https://share.joinmastodon.org/#${percentQuery({ text: caption })}` };
      return { kind: 'redirect', url: `https://${mastodonInstance}/share?${new URLSearchParams({ text: withoutLink, url: link })}` };
    case 'linkedin':
      return {
        kind: 'redirect',
        url: `https://www.linkedin.com/feed/?${percentQuery({ shareActive: 'true', text: caption })}`,
        fallback: `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url: link })}`,
      };
    case 'threads':
      return { kind: 'redirect', url: `https://www.threads.net/intent/post?${percentQuery({ text: caption })}` };
    case 'whatsapp':
      return { kind: 'redirect', url: `https://wa.me/?${percentQuery({ text: caption })}` };
    case 'facebook':
      return { kind: 'copy-first', caption, url: `https://www.facebook.com/sharer/sharer.php?${new URLSearchParams({ u: link })}` };
  }
}

/** A query with spaces as %20: some dialogs (wa.me, LinkedIn's composer) show a `+` as written. */
function percentQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
