import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { publicBaseUrl } from '../../rules/approvals/addresses.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { signToken, verifyToken, type SignedPayload } from '../../rules/tokens/signed-token.js';
import { admit } from '../../integrations/identity/oidc-admission.js';
import { ProviderUnreachable, SignInRefused, type OidcClient, type PendingSignIn } from '../../integrations/identity/oidc-client.js';
import { checkForm, refuseForm, secureCookies } from '../form-guard.js';
import { simplePage } from '../pages/layout.js';
import { startSession } from '../session.js';
import { consoleLanguage, consoleText } from '../console/console-language.js';

// Admin sign-in with the organisation's OpenID provider. "Sign in with …" is a form (checked like every other);
// the provider sends the browser back to the callback with a GET, so there the CSRF protection is the `state`:
// it must equal the one in this browser's short-lived cookie, signed by kaiku, and it is spent on success, so a
// replayed callback URL opens nothing. The cookie carries the PKCE verifier and the nonce too: it is HttpOnly,
// SameSite=Lax (the provider's redirect is a top-level GET, which carries it), and lives ten minutes.
// Its pages speak the browser's language (Accept-Language), as the sign-in page does: no admin is known yet.

const PENDING_PURPOSE = 'oidc-pending';
const PENDING_TTL_MS = 10 * 60_000;

export interface OidcDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  oidc: OidcClient;
  log: Logger;
}

const cookieName = (config: KaikuConfig) => (secureCookies(config) ? '__Host-kaiku_oidc' : 'kaiku_oidc');
const stateHash = (state: string) => createHash('sha256').update(`oidc-state\n${state}`).digest('hex');
export const oidcCallbackUrl = (config: KaikuConfig) => `${publicBaseUrl(config)}/admin/oidc/callback`;

/**
 * `POST /admin/oidc/start` (the login page's "Sign in with …" button) → 303 to the provider's authorization
 * endpoint; `GET /admin/oidc/callback?code=…&state=…` → the provider's answer checked, then 303 to /admin.
 *
 * @example
 * app.route('/admin/oidc', oidcRoutes({ store, config, secret, oidc: createOidcClient(config.auth.oidc!, secret, log), log }));
 */
export function oidcRoutes(deps: OidcDeps) {
  const app = new Hono();
  const log = deps.log.child({ component: 'oidc' });
  const provider = deps.config.auth.oidc!.name;

  const page = (c: Context, status: 400 | 403 | 503, title: string, text: string) => {
    const t = consoleText(c).oidc;
    return c.html(
      simplePage(
        title,
        html`<div class="notice bad" role="alert">
            <p><strong>${text}.</strong> ${t.notSignedIn}</p>
          </div>
          <p><a href="/admin/login">${t.back}</a></p>`,
        consoleLanguage(c),
      ),
      status,
    );
  };
  const unreachable = (c: Context) => {
    const t = consoleText(c).oidc;
    return page(c, 503, t.unreachableTitle(provider), t.unreachable(provider));
  };
  /** "Sign-in not valid" (`notStarted` or `usedBefore`). */
  const notValid = (c: Context, why: 'notStarted' | 'usedBefore') => {
    const t = consoleText(c).oidc;
    return page(c, 403, t.invalidTitle, t[why]);
  };

  app.post('/start', async (c) => {
    const form = checkForm(c, deps, await c.req.parseBody(), '');
    if (!form.ok) return refuseForm(c, form);
    let begun: Awaited<ReturnType<OidcClient['begin']>>;
    try {
      begun = await deps.oidc.begin(oidcCallbackUrl(deps.config));
    } catch (error) {
      if (error instanceof ProviderUnreachable) {
        log.warn({ err: error.message }, 'OpenID provider unreachable at sign-in');
        return unreachable(c);
      }
      throw error;
    }
    setCookie(c, cookieName(deps.config), signToken(deps.secret, PENDING_PURPOSE, { ...begun.pending }, PENDING_TTL_MS), {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secureCookies(deps.config),
      maxAge: PENDING_TTL_MS / 1000,
    });
    return c.redirect(begun.url.href, 303);
  });

  app.get('/callback', async (c) => {
    const cookie = getCookie(c, cookieName(deps.config));
    const read = cookie ? verifyToken<SignedPayload & PendingSignIn>(deps.secret, PENDING_PURPOSE, cookie) : undefined;
    const state = c.req.query('state');
    if (!read?.ok) {
      log.warn({ reason: read ? read.reason : 'no cookie' }, 'OpenID callback without a sign-in begun in this browser');
      return notValid(c, 'notStarted');
    }
    if (!state || (await deps.store.sessions.oidcStateSpent(stateHash(state)))) {
      log.warn('OpenID callback with a state already used, or none');
      return notValid(c, 'usedBefore');
    }
    const error = c.req.query('error');
    if (error) {
      log.warn({ error }, 'the OpenID provider answered with an error');
      deleteCookie(c, cookieName(deps.config), { path: '/', secure: secureCookies(deps.config) });
      const described = (c.req.query('error_description') ?? error).slice(0, 300);
      const t = consoleText(c).oidc;
      return page(c, 403, t.notSignedInTitle, t.providerError(provider, described));
    }
    const pending = { state: read.payload.state, nonce: read.payload.nonce, verifier: read.payload.verifier };
    const callbackUrl = new URL(`${oidcCallbackUrl(deps.config)}${new URL(c.req.url).search}`);
    let claims: Record<string, unknown>;
    try {
      claims = await deps.oidc.finish(callbackUrl, pending);
    } catch (failure) {
      if (failure instanceof ProviderUnreachable) {
        log.warn({ err: failure.message }, 'OpenID provider unreachable at the callback');
        return unreachable(c);
      }
      if (failure instanceof SignInRefused) {
        log.warn({ code: failure.code }, 'OpenID answer refused');
        const t = consoleText(c).oidc;
        return page(c, 403, t.notSignedInTitle, t.notProved(provider, failure.message));
      }
      throw failure;
    }
    const admission = admit(claims, deps.config, (await deps.store.admins.inEffect(deps.config)).admins);
    if (!admission.ok) {
      log.warn({ reason: admission.log, subject: typeof claims.sub === 'string' ? claims.sub.slice(0, 80) : undefined }, 'OpenID sign-in refused');
      const t = consoleText(c).oidc;
      return page(c, 403, t.notSignedInTitle, t.refused(provider, admission.refusal, admission.reason));
    }
    const opened = await deps.store.transaction(async (store) => {
      if (!(await store.sessions.spendOidcState(stateHash(state)))) return false;
      await startSession(c, { store, config: deps.config }, admission.email, { via: 'oidc', admitted: admission.admitted });
      return true;
    });
    if (!opened) return notValid(c, 'usedBefore');
    deleteCookie(c, cookieName(deps.config), { path: '/', secure: secureCookies(deps.config) });
    log.info({ admin: admission.email, group: admission.admitted?.group }, 'admin signed in with OpenID');
    return c.redirect('/admin', 303);
  });

  return app;
}
