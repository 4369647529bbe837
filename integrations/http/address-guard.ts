import { isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

// Addresses a URL from a feed, a config or a suggestion may not reach: they are this machine,
// its private network, link-local (cloud metadata at 169.254.169.254) or otherwise not the public internet.
// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo…) are judged by the IPv4 address they
// carry, since a translator or tunnel on the way would deliver the request there.

type Range = readonly [cidr: string, what: string];

const IPV4_REFUSED: readonly Range[] = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

const IPV6_REFUSED: readonly Range[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard-only'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'ORCHID'],
  ['2001:20::/28', 'ORCHIDv2'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
];

/** IPv6 forms that carry IPv4 addresses, and where: each `at` gives the 32-bit IPv4 value(s) the address holds. */
const IPV6_EMBEDDING: readonly { cidr: string; what: string; at: (parts: readonly number[]) => number[] }[] = [
  { cidr: '::ffff:0:0/96', what: 'IPv4-mapped', at: (p) => [word(p, 6)] },
  { cidr: '::ffff:0:0:0/96', what: 'IPv4-translated (SIIT)', at: (p) => [word(p, 6)] },
  { cidr: '::/96', what: 'IPv4-compatible', at: (p) => [word(p, 6)] },
  { cidr: '64:ff9b::/96', what: 'NAT64', at: (p) => [word(p, 6)] },
  { cidr: '64:ff9b:1::/48', what: 'local-use NAT64', at: (p) => [word(p, 6)] },
  { cidr: '2002::/16', what: '6to4', at: (p) => [word(p, 1)] },
  // Teredo: the server's IPv4 in bits 32–63, the client's in the last 32 bits, inverted.
  { cidr: '2001::/32', what: 'Teredo', at: (p) => [word(p, 2), ~word(p, 6) >>> 0] },
];

const parsedRanges = <T extends { cidr: string }>(ranges: readonly T[]) => ranges.map((range) => ({ ...range, net: ipaddr.parseCIDR(range.cidr) }));
const v4Refused = parsedRanges(IPV4_REFUSED.map(([cidr, what]) => ({ cidr, what })));
const v6Refused = parsedRanges(IPV6_REFUSED.map(([cidr, what]) => ({ cidr, what })));
const v6Embedding = parsedRanges(IPV6_EMBEDDING);
const globalUnicast = ipaddr.parseCIDR('2000::/3');

function word(parts: readonly number[], index: number): number {
  return ((parts[index]! << 16) | parts[index + 1]!) >>> 0;
}

function ipv4Of(value: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/**
 * An IP literal in any spelling (compressed or not, any case, `[bracketed]`, with a `%zone`), or undefined.
 * Node checks the syntax; the WHATWG URL parser writes IPv6 in one canonical form, so `::1.2.3.4` stays
 * IPv4-compatible (ipaddr.js alone would read it as IPv4-mapped).
 */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  const address = bare.split('%', 1)[0]!;
  if (isIP(address) === 4) return ipaddr.IPv4.parse(address);
  if (isIP(address) !== 6) return undefined;
  return ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1));
}

/**
 * Why `address` (an IP literal) is not on the public internet, naming the range and, for IPv6 that carries
 * IPv4, the IPv4 address it carries; undefined when it is public.
 *
 * @example
 * addressRefusal('8.8.8.8');           // undefined
 * addressRefusal('::ffff:7f00:1');     // 'IPv4-mapped ::ffff:0:0/96 carrying 127.0.0.1, which is loopback 127.0.0.0/8'
 * addressRefusal('fe80::1%eth0');      // 'link-local fe80::/10'
 */
export function addressRefusal(address: string): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return 'not an IP address';
  if (parsed instanceof ipaddr.IPv4) {
    const range = v4Refused.find((entry) => parsed.match(entry.net));
    return range && `${range.what} ${range.cidr}`;
  }
  const direct = v6Refused.find((entry) => parsed.match(entry.net));
  if (direct) return `${direct.what} ${direct.cidr}`;
  const embedding = v6Embedding.find((entry) => parsed.match(entry.net));
  if (embedding) {
    for (const value of embedding.at(parsed.parts)) {
      const carried = ipv4Of(value).toString();
      const refusal = addressRefusal(carried);
      if (refusal) return `${embedding.what} ${embedding.cidr} carrying ${carried}, which is ${refusal}`;
    }
    return undefined;
  }
  return parsed.match(globalUnicast) ? undefined : 'outside the global unicast range 2000::/3';
}

/** True when `address` (an IP literal) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  return addressRefusal(address) === undefined;
}

export class BlockedAddressError extends Error {
  readonly code = 'EKAIKU_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
    /** Which range refused it, when kaiku's own judgement did (a test's policy may refuse without one). */
    readonly detail: string | undefined = addressRefusal(address),
  ) {
    const what = `a private, loopback or link-local address${detail ? ` (${detail})` : ''}`;
    super(hostname === address ? `${address} is ${what}` : `${hostname} resolves to ${address}, ${what}`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Which resolved addresses may be reached; the default is the public internet only. */
export type AddressPolicy = (address: string) => boolean;

/** How names become addresses: `dns.lookup` in production; a test may stand in a resolver of its own. */
export type Resolve = (
  hostname: string,
  options: { all: true; family: 0 | 4 | 6 },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for sockets that refuses disallowed addresses at connect time, so a hostname that
 * resolves to one (or is re-pointed to one between checks) is never reached.
 */
export function createGuardedLookup(allowed: AddressPolicy = isPublicAddress, resolve: Resolve = dnsLookup) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | undefined, callback: LookupCallback) =>
    guardedLookup(hostname, options, callback, allowed, resolve);
}

export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string } | undefined,
  callback: LookupCallback,
  allowed: AddressPolicy = isPublicAddress,
  resolve: Resolve = dnsLookup,
): void {
  resolve(hostname, { all: true, family: normaliseFamily(options?.family) }, (error, addresses) => {
    if (error) return callback(error, options?.all ? [] : '');
    const refused = addresses.find((entry) => !allowed(entry.address));
    if (refused) return callback(new BlockedAddressError(hostname, refused.address) as NodeJS.ErrnoException, options?.all ? [] : '');
    if (options?.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    callback(null, first.address, first.family);
  });
}

function normaliseFamily(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}
