import type { Secret } from '../tokens/secret.js';

/**
 * The hashed visitor of a tracked click: one per address, browser and UTC day, enough to count a click once and
 * too little to follow anyone. The day is part of the hash, so the id changes every day; the hash is keyed
 * (HMAC with KAIKU_SECRET), so trying every address and browser cannot turn it back into an address.
 *
 * @example
 * visitorId(secret, '203.0.113.7', 'Mozilla/5.0 …', new Date()) // 'q3V2x…' (16 characters)
 */
export function visitorId(secret: Secret, ip: string, userAgent: string, at: Date): string {
  return secret
    .sign('visitor', `${ip}\u0000${userAgent}\u0000${at.toISOString().slice(0, 10)}`)
    .toString('base64url')
    .slice(0, 16);
}
