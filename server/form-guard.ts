import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { KaikuConfig } from '../config/schema.js';
import { publicBaseUrl } from '../rules/approvals/addresses.js';
import type { Secret } from '../rules/tokens/secret.js';
import { simplePage } from './pages/layout.js';
import type { Logger } from 'pino';
import type { AdminSession } from './session.js';
import { CONSOLE_STRINGS } from './console/console-strings.js';
import { settledConsoleLanguage } from './console/console-language.js';

// Every form kaiku serves is protected three ways, so that a real browser passes and a forged post fails
// whichever headers a browser sends:
// 1. Sec-Fetch-Site, where the browser sends it, must say same-origin (or none: typed, bookmarked);
// 2. Origin, when it is a real origin (not "null"), must be kaiku's own;
// 3. always, a token in the form: an HMAC of a random per-browser key (a SameSite=Lax cookie, which a
//    cross-site post does not carry), the form's path and what the form belongs to (the admin's session,
//    or the token in the page's own URL).
// Lax, not Strict: a link followed from webmail is a cross-site navigation, which does not carry a Strict
// cookie, so kaiku would issue a new key and every kaiku page already open in that browser would have its
// forms refused. Lax cookies come along on such top-level GETs only, never on another site's posts or frames.

const FIELD = '_csrf';
const PURPOSE = 'form';

function cookieName(config: KaikuConfig): string {
  // __Host-: over https the cookie cannot be set by a sibling subdomain or for another path.
  return secureCookies(config) ? '__Host-kaiku_form' : 'kaiku_form';
}

export function secureCookies(config: KaikuConfig): boolean {
  return config.server.publicUrl?.startsWith('https:') ?? false;
}

// A key issued during this request, before the browser has the cookie (its first page with a form).
const issuedKeys = new WeakMap<Context, string>();

/** This browser's form key, created (and set as a cookie) on first use. */
function formKey(c: Context, config: KaikuConfig): string {
  const known = issuedKeys.get(c) ?? getCookie(c, cookieName(config));
  if (known && /^[A-Za-z0-9_-]{22}$/.test(known)) return known;
  const key = randomBytes(16).toString('base64url');
  setCookie(c, cookieName(config), key, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(config), maxAge: 30 * 86_400 });
  issuedKeys.set(c, key);
  return key;
}

function tokenFor(secret: Secret, key: string, path: string, binding: string): string {
  return secret.sign(PURPOSE, `${key}\n${path}\n${binding}`).subarray(0, 18).toString('base64url');
}

/**
 * The hidden field a form must carry to be accepted at `action` (its path), bound to `binding`:
 * the admin's session id hash, the URL token of the page, or '' for the sign-in form.
 *
 * @example
 * html`<form method="post" action="/p/${token}">${formField(c, deps, `/p/${token}`, token)} … </form>`
 */
export function formField(c: Context, deps: { config: KaikuConfig; secret: Secret }, action: string, binding: string) {
  return html`<input type="hidden" name="${FIELD}" value="${tokenFor(deps.secret, formKey(c, deps.config), action, binding)}" />`;
}

/** Why a form was refused, as data (its words: the catalogue's `refused.reasons`). */
export type FormRefusal =
  { kind: 'same-site' } | { kind: 'cross-site' } | { kind: 'origin'; origin: string } | { kind: 'no token' } | { kind: 'no cookie' } | { kind: 'wrong token' };

/** The words of each FormRefusal, as a clause after "not accepted, and nothing was changed:". */
export interface FormRefusalWords {
  sameSite: string;
  crossSite: string;
  origin: (origin: string) => string;
  noToken: string;
  noCookie: string;
  wrongToken: string;
}

/** A refusal in `words`. */
export function formRefusalText(refusal: FormRefusal, words: FormRefusalWords): string {
  switch (refusal.kind) {
    case 'same-site':
      return words.sameSite;
    case 'cross-site':
      return words.crossSite;
    case 'origin':
      return words.origin(refusal.origin);
    case 'no token':
      return words.noToken;
    case 'no cookie':
      return words.noCookie;
    case 'wrong token':
      return words.wrongToken;
  }
}

/** A form's check: `reason` in English (as logged), `refusal` the same as data. */
export type FormCheck = { ok: true } | FormRefused;
export type FormRefused = { ok: false; reason: string; refusal: FormRefusal };

function refused(refusal: FormRefusal): FormRefused {
  return { ok: false, reason: formRefusalText(refusal, CONSOLE_STRINGS.en.refused.reasons), refusal };
}

/** The origins a form may be posted from: kaiku's public URL, and on loopback the address the browser used. */
function ownOrigins(c: Context, config: KaikuConfig): string[] {
  const origins = [new URL(publicBaseUrl(config)).origin];
  const requested = new URL(c.req.url);
  // On a loopback name the Host the browser used is also ours (localhost vs 127.0.0.1); elsewhere only the configured
  // public URL is, so a rebound DNS name cannot pass as kaiku.
  if (/^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/.test(requested.hostname) || !config.server.publicUrl) origins.push(requested.origin);
  return origins;
}

/** Whether a form post at this request's path comes from kaiku's own page; `body` is the parsed form. */
export function checkForm(c: Context, deps: { config: KaikuConfig; secret: Secret }, body: Record<string, unknown>, binding: string): FormCheck {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return refused({ kind: site === 'same-site' ? 'same-site' : 'cross-site' });
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && !ownOrigins(c, deps.config).includes(origin)) return refused({ kind: 'origin', origin });
  const given = body[FIELD];
  const key = getCookie(c, cookieName(deps.config));
  if (typeof given !== 'string' || !key) return refused({ kind: key ? 'no token' : 'no cookie' });
  const expected = Buffer.from(tokenFor(deps.secret, key, new URL(c.req.url).pathname, binding));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return refused({ kind: 'wrong token' });
  return { ok: true };
}

/**
 * The 403 page a refused form gets: what happened, that nothing changed, what to do. In the signed-in admin's
 * language when the request is a console one (its language settled from the admin's session); English otherwise
 * (the sign-in forms, and the advocates' and approval links' pages, whose reader kaiku does not know here).
 */
export function refuseForm(c: Context, check: FormRefused) {
  const language = settledConsoleLanguage(c) ?? 'en';
  const t = CONSOLE_STRINGS[language].refused;
  const why = formRefusalText(check.refusal, t.reasons);
  return c.html(
    simplePage(
      t.title,
      html`<div class="notice bad" role="alert">
        <p><strong>${t.notAccepted}</strong> ${why}.</p>
        <p>${t.hint}</p>
      </div>`,
      language,
    ),
    403,
  );
}

/**
 * The console's posted form, when it is kaiku's own page's for this signed-in admin; otherwise the refusal page,
 * already made (and logged), for the route to return. Repeated fields (checkboxes) come as arrays.
 *
 * @example
 * const body = await postedConsoleForm(c, deps, log);
 * if (body instanceof Response) return body;
 */
export async function postedConsoleForm(
  c: Context<{ Variables: { admin: AdminSession } }>,
  deps: { config: KaikuConfig; secret: Secret },
  log: Logger,
): Promise<Record<string, unknown> | Response> {
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  const check = checkForm(c, deps, body, c.get('admin').id);
  if (!check.ok) {
    log.warn({ admin: c.get('admin').email, path: c.req.path, reason: check.reason }, 'console form refused');
    return await refuseForm(c, check);
  }
  return body;
}
