// Query parameters that only say where a click came from; the same article with and without them is one item.
const TRACKING_PARAMETERS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'rb_clickid',
  's_cid',
  'ref_src',
]);

export class InvalidUrlError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input.slice(0, 200)}" is not a usable article URL: ${reason}`);
    this.name = 'InvalidUrlError';
  }
}

/**
 * The form of an article's URL that kaiku stores and dedups on: http(s) only, host lowercased,
 * default port, fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`, ...) removed, the
 * remaining parameters sorted. Relative URLs resolve against `base`.
 *
 * @example canonicalizeUrl('HTTPS://News.Example.org:443/a?utm_source=x&b=2&a=1#top') === 'https://news.example.org/a?a=1&b=2'
 */
export function canonicalizeUrl(input: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    throw new InvalidUrlError(input, 'it cannot be parsed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidUrlError(input, `${url.protocol} is not http or https`);
  if (!url.hostname) throw new InvalidUrlError(input, 'it has no host');
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  // The query is kept as written, parameter by parameter: URLSearchParams would turn a bare flag `?rss` into
  // `?rss=`, another URL on servers that tell them apart.
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => ({ pair, name: safeDecode(pair.split('=')[0]!.replace(/\+/g, ' ')) }))
    .filter(({ name }) => {
      const lower = name.toLowerCase();
      return !lower.startsWith('utm_') && !TRACKING_PARAMETERS.has(lower);
    });
  kept.sort((a, b) => (a.name === b.name ? (a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0) : a.name < b.name ? -1 : 1));
  url.search = kept.length ? `?${kept.map(({ pair }) => pair).join('&')}` : '';
  if (url.pathname === '') url.pathname = '/';
  return url.href;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
