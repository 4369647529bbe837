import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import type { AdminRole } from '../model/admin.js';
import { secureCookies } from './form-guard.js';

// Admin sessions live on the server (admin_sessions): the cookie holds a random id, the table its hash.
// Every request looks the session up, so signing out, or another admin's "end session", holds at once and
// an old cookie is refused afterwards. The cookie is HttpOnly and SameSite=Lax: scripts cannot read it, no
// other site's post or frame carries it, and a link to the console followed from webmail (a mail's "see the
// leaderboards") finds the admin signed in. GETs change nothing; every form is checked by form-guard.ts.

const SESSION_TTL_MS = 12 * 3_600_000;

export interface AdminSession {
  /** The stored session's id hash: what forms are bound to and what "end session" names. */
  id: string;
  email: string;
  name: string;
  /** What they may do (model/admin.ts): kaiku.yaml's or the console's word, or the admitting group's. */
  role: AdminRole;
}

interface SessionDeps {
  store: Store;
  config: KaikuConfig;
}

function cookieName(config: KaikuConfig): string {
  return secureCookies(config) ? '__Host-kaiku_session' : 'kaiku_session';
}

export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** The signed-in admin of this request, or undefined (no cookie, ended, expired, or no longer an admin). */
export async function readSession(c: Context, deps: SessionDeps): Promise<AdminSession | undefined> {
  const cookie = getCookie(c, cookieName(deps.config));
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
  const row = await deps.store.sessions.live(sessionIdHash(cookie));
  if (!row) return undefined;
  // An admin removed from the config or the console (or whose admitting group was) loses their session at once, and a
  // changed role holds from their next click.
  if (row.admitted_by_group) {
    const admitted = deps.config.auth.oidc?.groups.find((group) => group.id === row.admitted_by_group);
    return admitted ? { id: row.id_hash, email: row.admin_email, name: row.admin_name ?? row.admin_email, role: admitted.role } : undefined;
  }
  const admin = (await deps.store.admins.inEffect(deps.config)).admins.find((a) => a.email === row.admin_email);
  return admin ? { id: row.id_hash, email: admin.email, name: admin.name, role: admin.role } : undefined;
}

export interface SessionOrigin {
  via: 'email' | 'oidc';
  /** Someone a provider's group admitted who is not under `admins:`: their name and the group. */
  admitted?: { name: string; group: string } | undefined;
}

export async function startSession(c: Context, deps: SessionDeps, email: string, origin: SessionOrigin = { via: 'email' }): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  await deps.store.sessions.create({
    idHash: sessionIdHash(id),
    email,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    userAgent: c.req.header('user-agent')?.slice(0, 200) ?? null,
    via: origin.via,
    admitted: origin.admitted,
  });
  setCookie(c, cookieName(deps.config), id, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: secureCookies(deps.config),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Ends this request's session on the server and drops its cookie. */
export async function endSession(c: Context, deps: SessionDeps, session: AdminSession): Promise<void> {
  await deps.store.sessions.end(session.id, session.email);
  deleteCookie(c, cookieName(deps.config), { path: '/', secure: secureCookies(deps.config) });
}
