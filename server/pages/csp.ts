/**
 * The Content-Security-Policy of kaiku's HTML pages: no scripts, kaiku's own stylesheet, forms posted to kaiku only,
 * or also to `formActions` (the login page's "Sign in with …" form, which the browser follows to the provider).
 * `scriptHashes` allows exactly those inline scripts (the mail frames' fitting script) and no other.
 *
 * @example
 * c.header('content-security-policy', pageCsp(['https://login.microsoftonline.com']));
 */
export function pageCsp(formActions: readonly string[] = [], scriptHashes: readonly string[] = []): string {
  const scripts = scriptHashes.length > 0 ? `; script-src ${scriptHashes.join(' ')}` : '';
  return `default-src 'none'; img-src * data:; style-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action ${["'self'", ...formActions].join(' ')}${scripts}`;
}
