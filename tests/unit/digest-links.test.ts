import { expect, test } from 'vitest';
import { Secret } from '../../rules/tokens/secret.js';
import { clickToken, readLinkToken, shareToken } from '../../rules/tokens/link-token.js';
import { personalCaption, shareTarget } from '../../rules/digests/share-target.js';
import { NETWORK_RULES } from '../../rules/captions/caption-limits.js';

const secret = new Secret('k'.repeat(40));
const ITEM = 'itm_0123456789abcdef01234567';

test('click and share tokens carry ids only, are signed, and share tokens expire', () => {
  const click = clickToken(secret, '42', ITEM);
  expect(click).toMatch(/^[\w-]{39}$/);
  expect(readLinkToken(secret, click)).toEqual({ ok: true, link: { kind: 'click', advocateId: '42', itemId: ITEM } });
  const share = shareToken(secret, '42', ITEM, 'bluesky', 3_600_000);
  expect(readLinkToken(secret, share)).toEqual({ ok: true, link: { kind: 'share', advocateId: '42', itemId: ITEM, network: 'bluesky' } });
  expect(readLinkToken(secret, share, Date.now() + 2 * 3_600_000)).toEqual({ ok: false, reason: 'expired' });
  expect(readLinkToken(new Secret('o'.repeat(40)), click)).toEqual({ ok: false, reason: 'forged' });
  const flipped = click.slice(0, 10) + (click[10] === 'A' ? 'B' : 'A') + click.slice(11);
  expect(readLinkToken(secret, flipped).ok).toBe(false);
  expect(readLinkToken(secret, 'https://evil.example').ok).toBe(false);
});

test('the advocate tracked link replaces the item link, unless it would push the caption over the limit', () => {
  const url = 'https://city.example/a';
  const tracked = 'https://kaiku.city.example/r/abcdefghijabcdefghijabcdefghijabcdefghi';
  expect(personalCaption('x', `News ${url} #City`, url, tracked)).toBe(`News ${tracked} #City`);
  const long = `${'word '.repeat(54)}${url}`;
  expect(NETWORK_RULES.bluesky.count(long)).toBeLessThanOrEqual(300);
  expect(personalCaption('bluesky', long, url, tracked)).toBe(long);
});

test('share dialogs: X with text, url and hashtags; Bluesky, Mastodon and LinkedIn with text (LinkedIn with the copy-first fallback); Facebook copies first', () => {
  const caption = 'Library opens on Monday\n\nhttps://k.example/r/TOKEN #TestCity';
  const x = shareTarget('x', caption, ['#TestCity'], null);
  if (x.kind !== 'redirect') throw new Error('X should redirect');
  const xu = new URL(x.url);
  expect(xu.origin + xu.pathname).toBe('https://x.com/intent/tweet');
  expect(Object.fromEntries(xu.searchParams)).toEqual({ text: 'Library opens on Monday', url: 'https://k.example/r/TOKEN', hashtags: 'TestCity' });
  const bsky = shareTarget('bluesky', caption, ['#TestCity'], null);
  expect(bsky.kind === 'redirect' && new URL(bsky.url).searchParams.get('text')).toBe(caption);
  const mastodon = shareTarget('mastodon', caption, [], 'social.example');
  expect(mastodon.kind === 'redirect' && mastodon.url).toBe(
    `https://social.example/share?${new URLSearchParams({ text: 'Library opens on Monday\n\n#TestCity', url: 'https://k.example/r/TOKEN' })}`,
  );
  // no server named: the share hub, which asks for it
  expect(shareTarget('mastodon', caption, [], null)).toEqual({
    kind: 'redirect',
    url: `https://share.joinmastodon.org/#text=${encodeURIComponent(caption)}`,
  });
  expect(shareTarget('linkedin', caption, [], null)).toEqual({
    kind: 'redirect',
    url: `https://www.linkedin.com/feed/?shareActive=true&text=${encodeURIComponent(caption)}`,
    fallback: 'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fk.example%2Fr%2FTOKEN',
  });
  expect(shareTarget('facebook', caption, [], null)).toMatchObject({ url: 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fk.example%2Fr%2FTOKEN' });
});
