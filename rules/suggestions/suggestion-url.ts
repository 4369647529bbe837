// The checks a suggested URL gets before anything is stored: its shape. Where it points is checked by the
// worker's guarded HTTP client before any connection: an address written into the URL, the addresses a
// host name resolves to, and every redirect's target.

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkSuggestedUrl(input: string): UrlCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `"${text.slice(0, 200)}" is not a link: paste the whole address, starting with https://` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: `only http:// and https:// links can be suggested, not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: 'a link with a user name or password in it cannot be suggested' };
  return { ok: true, url: url.href };
}

/** The refusal for a URL that points (or redirects, or resolves) inside a private network. */
export function describeBlockedUrl(url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the text as given
  }
  return `refused: ${host} is a private, loopback or link-local address (or resolves or redirects to one); kaiku only fetches pages on the public internet. Nothing was fetched.`;
}
