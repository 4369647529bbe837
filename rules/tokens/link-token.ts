import { NETWORKS } from '../captions/caption-limits.js';
import type { Network } from '../../model/item.js';
import type { Secret } from './secret.js';

// The tokens in digest links: /r/<token> (an advocate's tracked link to an item, posted publicly, so it
// never expires) and /s/<token> (an advocate opening a network's share dialog; expires). Both name ids,
// never a URL: the redirect target is looked up in the store, so no token can redirect elsewhere.
// Binary, base64url: kind (1) · advocate id (6) · item id (12) · [expiry in hours (4)] · HMAC (10).

const PURPOSE = 'digest-link';
const MAC_BYTES = 10;
const CLICK = 0xff;
/** A click token's length in characters: 29 bytes in base64url. */
export const CLICK_TOKEN_LENGTH = 39;

export type LinkToken = { kind: 'click'; advocateId: string; itemId: string } | { kind: 'share'; advocateId: string; itemId: string; network: Network };

function itemBytes(itemId: string): Buffer {
  const match = /^itm_([0-9a-f]{24})$/.exec(itemId);
  if (!match) throw new Error(`not an item id: ${itemId}`);
  return Buffer.from(match[1]!, 'hex');
}

function sealed(secret: Secret, body: Buffer): string {
  return Buffer.concat([body, secret.sign(PURPOSE, body).subarray(0, MAC_BYTES)]).toString('base64url');
}

/** The token of advocate A's tracked link to item I. */
export function clickToken(secret: Secret, advocateId: string, itemId: string): string {
  const body = Buffer.alloc(19);
  body[0] = CLICK;
  body.writeUIntBE(Number(advocateId), 1, 6);
  itemBytes(itemId).copy(body, 7);
  return sealed(secret, body);
}

/** The token of advocate A's share button for item I on network N, valid for `ttlMs`. */
export function shareToken(secret: Secret, advocateId: string, itemId: string, network: Network, ttlMs: number, now = Date.now()): string {
  const body = Buffer.alloc(23);
  body[0] = NETWORKS.indexOf(network);
  body.writeUIntBE(Number(advocateId), 1, 6);
  itemBytes(itemId).copy(body, 7);
  body.writeUInt32BE(Math.ceil((now + ttlMs) / 3_600_000), 19);
  return sealed(secret, body);
}

/** The token's meaning, or why it is refused. */
export function readLinkToken(
  secret: Secret,
  token: string,
  now = Date.now(),
): { ok: true; link: LinkToken } | { ok: false; reason: 'malformed' | 'forged' | 'expired' } {
  if (!/^[A-Za-z0-9_-]{39,44}$/.test(token)) return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(token, 'base64url');
  // base64url has more than one spelling of the last character's spare bits: accept only the canonical one.
  if (bytes.toString('base64url') !== token) return { ok: false, reason: 'malformed' };
  const isClick = bytes[0] === CLICK;
  const length = isClick ? 19 : 23;
  if (bytes.length !== length + MAC_BYTES) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, length);
  if (!secret.verify(PURPOSE, body, bytes.subarray(length))) return { ok: false, reason: 'forged' };
  const advocateId = String(body.readUIntBE(1, 6));
  const itemId = `itm_${body.subarray(7, 19).toString('hex')}`;
  if (isClick) return { ok: true, link: { kind: 'click', advocateId, itemId } };
  const network = NETWORKS[body[0]!];
  if (!network) return { ok: false, reason: 'malformed' };
  if (body.readUInt32BE(19) * 3_600_000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, link: { kind: 'share', advocateId, itemId, network } };
}
