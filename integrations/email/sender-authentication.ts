import { getDomain } from 'tldts';
import { parseAuthenticationResults, type AuthResult } from './authentication-results.js';

// Whether the mail server that received a reply vouches for its From address. Only the fields written under an
// authserv-id the operator trusts count: anyone can put an Authentication-Results field into a mail before it
// reaches that server. Several trusted fields (one per filter: SPF, DKIM, DMARC) are read as one.

export type SenderCheck =
  /** A trusted field shows DMARC, or SPF or DKIM aligned with the From domain, passing. */
  | { verdict: 'pass'; detail: string; ignored: string[] }
  /** A trusted field shows dmarc=fail, or results with no aligned pass: the reply is not read. */
  | { verdict: 'refused'; detail: string; ignored: string[] }
  /** No trusted field: the receiving server said nothing kaiku may rely on. */
  | { verdict: 'no-evidence'; ignored: string[] };

/**
 * Judges `fields` (the values of a mail's Authentication-Results fields) for the From address `from`.
 * `ignored` lists the authserv-ids of the fields that were not trusted, for the log.
 *
 * @example
 * checkSender(['mx.vantaa.fi; dkim=pass header.d=vantaa.fi'], 'ulla@vantaa.fi', ['mx.vantaa.fi']) // { verdict: 'pass', … }
 */
export function checkSender(fields: readonly string[], from: string, trustedIds: readonly string[]): SenderCheck {
  const trusted = new Set(trustedIds.map((id) => id.toLowerCase()));
  const parsed = fields.map(parseAuthenticationResults);
  const ignored = parsed.filter((field) => !field.authservId || !trusted.has(field.authservId)).map((field) => field.authservId ?? '(no authserv-id)');
  const mine = parsed.filter((field) => field.authservId && trusted.has(field.authservId));
  if (mine.length === 0) return { verdict: 'no-evidence', ignored };
  const results = mine.flatMap((field) => field.results);
  const fromDomain = from.slice(from.lastIndexOf('@') + 1).toLowerCase();
  const dmarcFail = results.find((r) => r.method === 'dmarc' && r.result === 'fail');
  if (dmarcFail) return { verdict: 'refused', detail: `dmarc=fail${fromProperty(dmarcFail)}`, ignored };
  const pass = results.find(
    (r) =>
      r.result === 'pass' &&
      ((r.method === 'dmarc' && (!r.properties['header.from'] || r.properties['header.from'].toLowerCase() === fromDomain)) ||
        (r.method === 'dkim' && aligned(dkimDomain(r), fromDomain)) ||
        (r.method === 'spf' && aligned(spfDomain(r), fromDomain))),
  );
  if (pass) return { verdict: 'pass', detail: describe(pass), ignored };
  const seen = results.filter((r) => ['dmarc', 'dkim', 'spf'].includes(r.method)).map(describe);
  return {
    verdict: 'refused',
    detail: `no pass aligned with ${fromDomain}${seen.length ? `: ${seen.join(', ')}` : ' (no SPF, DKIM or DMARC result)'}`,
    ignored,
  };
}

/** DMARC's relaxed alignment: the same organisational domain (registrable domain, by the Public Suffix List). */
function aligned(domain: string | undefined, fromDomain: string): boolean {
  if (!domain) return false;
  const organisation = (host: string) => getDomain(host, { allowPrivateDomains: true }) ?? host;
  return organisation(domain.toLowerCase()) === organisation(fromDomain);
}

function dkimDomain(result: AuthResult): string | undefined {
  const identity = result.properties['header.i'];
  return result.properties['header.d'] || (identity?.includes('@') ? identity.slice(identity.lastIndexOf('@') + 1) : undefined);
}

function spfDomain(result: AuthResult): string | undefined {
  const mailFrom = result.properties['smtp.mailfrom'];
  if (!mailFrom) return undefined;
  return mailFrom.includes('@') ? mailFrom.slice(mailFrom.lastIndexOf('@') + 1) : mailFrom;
}

function fromProperty(result: AuthResult): string {
  return result.properties['header.from'] ? ` header.from=${result.properties['header.from']}` : '';
}

function describe(result: AuthResult): string {
  const domain = result.method === 'dkim' ? dkimDomain(result) : result.method === 'spf' ? spfDomain(result) : result.properties['header.from'];
  return `${result.method}=${result.result}${domain ? ` (${domain})` : ''}`;
}
