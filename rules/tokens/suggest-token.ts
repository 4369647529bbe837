import { base32, unbase32 } from './base32.js';
import type { Secret } from './secret.js';

// The token in a digest's reply-to address (approvals+s<token>@…): replying to the digest with a URL
// suggests it, credited to the advocate the digest went to. Binary: advocate id (6) · expiry in hours (4) ·
// HMAC (10) = 20 bytes, 32 characters of lowercase base32.

const PURPOSE = 'suggest-reply';
export const SUGGEST_ADDRESS_PREFIX = 's';

export function suggestReplyToken(secret: Secret, advocateId: string, ttlMs: number, now = Date.now()): string {
  const body = Buffer.alloc(10);
  body.writeUIntBE(Number(advocateId), 0, 6);
  body.writeUInt32BE(Math.ceil((now + ttlMs) / 3_600_000), 6);
  return SUGGEST_ADDRESS_PREFIX + base32(Buffer.concat([body, secret.sign(PURPOSE, body).subarray(0, 10)]));
}

/** The advocate a reply address token names, or why it is refused; undefined when it is not a suggestion token at all. */
export function readSuggestReplyToken(
  secret: Secret,
  text: string,
  now = Date.now(),
): { ok: true; advocateId: string } | { ok: false; reason: 'forged' | 'expired' } | undefined {
  const lower = text.toLowerCase();
  if (lower.length !== 33 || !lower.startsWith(SUGGEST_ADDRESS_PREFIX)) return undefined;
  const bytes = unbase32(lower.slice(1));
  if (!bytes || bytes.length !== 20 || base32(bytes) !== lower.slice(1)) return undefined;
  const body = bytes.subarray(0, 10);
  if (!secret.verify(PURPOSE, body, bytes.subarray(10))) return { ok: false, reason: 'forged' };
  if (body.readUInt32BE(6) * 3_600_000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, advocateId: String(body.readUIntBE(0, 6)) };
}
