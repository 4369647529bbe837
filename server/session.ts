import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { KaikuConfig } from '../config/schema.js';
import type { Secret } from '../security/secret.js';
import { signToken, verifyToken } from '../security/signed-token.js';

// Admin sessions: a signed, expiring cookie naming the admin. HttpOnly and SameSite=Strict, so
// scripts cannot read it and no other site can make a browser send it with a form post.

const COOKIE = 'kaiku_session';
const SESSION_TTL_MS = 12 * 3_600_000;

export interface AdminSession {
  email: string;
  name: string;
}

export function readSession(c: Context, secret: Secret, config: KaikuConfig): AdminSession | undefined {
  const cookie = getCookie(c, COOKIE);
  if (!cookie) return undefined;
  const check = verifyToken<{ exp: number; email: string }>(secret, 'session', cookie);
  if (!check.ok) return undefined;
  // An admin removed from the config loses their session at once.
  const admin = config.admins.find((a) => a.email === check.payload.email);
  return admin ? { email: admin.email, name: admin.name } : undefined;
}

export function startSession(c: Context, secret: Secret, config: KaikuConfig, email: string): void {
  setCookie(c, COOKIE, signToken(secret, 'session', { email }, SESSION_TTL_MS), {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: config.server.publicUrl?.startsWith('https:') ?? false,
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, COOKIE, { path: '/' });
}

/** A form post must come from kaiku's own pages: the Origin (or Referer) must be this host. */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin') ?? c.req.header('referer');
  if (!origin) return false;
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}
