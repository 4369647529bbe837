import { expect, test } from 'vitest';
import { checkCaption, NETWORK_RULES, NETWORKS } from '../../rules/captions/caption-limits.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { shareTarget } from '../../rules/digests/share-target.js';
import { readLinkToken, shareToken } from '../../rules/tokens/link-token.js';
import { Secret } from '../../rules/tokens/secret.js';

// Each network's share dialog and caption limit (issue 18): the words arrive prefilled wherever the network takes them.

const caption = 'Kirjasto avautuu maanantaina – tervetuloa!\n\nhttps://k.example/r/TOKEN #OnnellisenArjenTekijät';

test('Threads and WhatsApp open with the whole caption, spaces as %20 (wa.me shows a + as written)', () => {
  const threads = shareTarget('threads', caption, [], null);
  expect(threads).toEqual({ kind: 'redirect', url: `https://www.threads.net/intent/post?text=${encodeURIComponent(caption)}` });
  const whatsapp = shareTarget('whatsapp', caption, [], null);
  expect(whatsapp.kind === 'redirect' && whatsapp.url).toBe(`https://wa.me/?text=${encodeURIComponent(caption)}`);
  expect(whatsapp.kind === 'redirect' && whatsapp.url).not.toContain('+');
  expect(new URL(whatsapp.kind === 'redirect' ? whatsapp.url : '').searchParams.get('text')).toBe(caption);
});

test('LinkedIn opens its composer with the caption, and offers share-offsite (the link only) as the fallback', () => {
  const linkedin = shareTarget('linkedin', caption, [], null);
  if (linkedin.kind !== 'redirect') throw new Error('LinkedIn should open its composer');
  const composer = new URL(linkedin.url);
  expect(composer.origin + composer.pathname).toBe('https://www.linkedin.com/feed/');
  expect(Object.fromEntries(composer.searchParams)).toEqual({ shareActive: 'true', text: caption });
  expect(linkedin.fallback).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent('https://k.example/r/TOKEN')}`);
});

test('Mastodon without a server goes through the share hub, the caption in the fragment; with one, to that server', () => {
  const hub = shareTarget('mastodon', caption, [], null);
  if (hub.kind !== 'redirect') throw new Error('the hub is a redirect');
  const url = new URL(hub.url);
  expect(url.origin + url.pathname + url.search).toBe('https://share.joinmastodon.org/');
  expect(decodeURIComponent(url.hash.slice('#text='.length))).toBe(caption);
  expect(shareTarget('mastodon', caption, [], 'mastodon.social')).toMatchObject({ url: expect.stringMatching(/^https:\/\/mastodon\.social\/share\?/) });
});

test('each network has its own limit: Threads 500, Bluesky 300 graphemes, X 280 with a link as 23', () => {
  expect(NETWORK_RULES.threads.limit).toBe(500);
  expect(checkCaption('threads', 'a'.repeat(500)).ok).toBe(true);
  expect(checkCaption('threads', 'a'.repeat(501))).toMatchObject({
    ok: false,
    length: 501,
    problem: expect.stringMatching(/Threads caption is 501 characters long; Threads allows 500/),
  });
  // 300 family emoji are 300 graphemes (and 2,100 code points): Bluesky takes them
  const family = '👨‍👩‍👧'.repeat(300);
  expect(checkCaption('bluesky', family).ok).toBe(true);
  expect(checkCaption('bluesky', `${family}a`).ok).toBe(false);
  // a link counts 23 on X, however long
  const long = `https://example.org/${'x'.repeat(200)}`;
  expect(checkCaption('x', `${'a'.repeat(256)} ${long}`)).toMatchObject({ ok: true, length: 280 });
  expect(checkCaption('x', `${'a'.repeat(257)} ${long}`).ok).toBe(false);
  expect(NETWORK_RULES.whatsapp.limit).toBeGreaterThan(3000);
});

test('proposed captions fit every network, the new ones included', () => {
  const proposed = proposeCaptions({
    title: 'Vaasan kaupunki palkittiin työntekijälähettiläsohjelmastaan',
    summary: 'Ohjelma käynnistyi lokakuussa 2022. '.repeat(40),
    url: 'https://www.vaasa.fi/uutiset/palkinto',
    language: 'fi',
    hashtags: ['#OnnellisenArjenTekijät'],
  });
  for (const network of NETWORKS) {
    expect(checkCaption(network, proposed.networks[network]).ok).toBe(true);
    expect(proposed.networks[network]).toContain('https://www.vaasa.fi/uutiset/palkinto');
  }
  expect(NETWORK_RULES.threads.count(proposed.networks.threads)).toBeLessThanOrEqual(500);
});

test("the share links of existing digests keep their network: new networks come last in a token's list", () => {
  const secret = new Secret(Buffer.alloc(32, 7));
  for (const network of NETWORKS) {
    const read = readLinkToken(secret, shareToken(secret, '42', 'itm_0123456789abcdef01234567', network, 60_000));
    expect(read.ok && read.link.kind === 'share' && read.link.network).toBe(network);
  }
  expect(NETWORKS.slice(0, 5)).toEqual(['linkedin', 'x', 'facebook', 'bluesky', 'mastodon']);
});
