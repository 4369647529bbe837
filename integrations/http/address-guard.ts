import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

// Addresses a URL from a feed, a config or a suggestion may not reach: they are this machine,
// its private network, link-local (cloud metadata at 169.254.169.254) or otherwise not the public internet.
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True when `address` (an IP literal) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blocked.check(address, 'ipv6');
  }
  return false;
}

export class BlockedAddressError extends Error {
  readonly code = 'EKAIKU_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(
      hostname === address
        ? `${address} is a private, loopback or link-local address`
        : `${hostname} resolves to ${address}, a private, loopback or link-local address`,
    );
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Which resolved addresses may be reached; the default is the public internet only. */
export type AddressPolicy = (address: string) => boolean;

/**
 * A `lookup` for sockets that refuses disallowed addresses at connect time, so a hostname that
 * resolves to one (or is re-pointed to one between checks) is never reached.
 */
export function createGuardedLookup(allowed: AddressPolicy = isPublicAddress) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | undefined, callback: LookupCallback) =>
    guardedLookup(hostname, options, callback, allowed);
}

export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string } | undefined,
  callback: LookupCallback,
  allowed: AddressPolicy = isPublicAddress,
): void {
  dnsLookup(hostname, { all: true, family: normaliseFamily(options?.family) }, (error, addresses) => {
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
