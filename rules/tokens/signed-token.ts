import type { Secret } from './secret.js';

// Signed, expiring JSON tokens for what is not an approval: sign-in links and session cookies.
// Format: base64url(JSON).base64url(HMAC); the purpose is part of the key, so a token of one kind never passes as another.

export interface SignedPayload {
  exp: number;
  [key: string]: unknown;
}

export function signToken(secret: Secret, purpose: string, payload: Record<string, unknown>, ttlMs: number, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor((now + ttlMs) / 1000) })).toString('base64url');
  return `${body}.${secret.sign(purpose, body).toString('base64url')}`;
}

export function verifyToken<T extends SignedPayload>(
  secret: Secret,
  purpose: string,
  token: string,
  now = Date.now(),
): { ok: true; payload: T } | { ok: false; reason: 'malformed' | 'forged' | 'expired' } {
  const match = /^([A-Za-z0-9_-]{4,4000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, body, signature] = match as unknown as [string, string, string];
  if (!secret.verify(purpose, body, Buffer.from(signature, 'base64url'))) return { ok: false, reason: 'forged' };
  let payload: T;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
