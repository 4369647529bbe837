import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';

// kaiku as an OpenID Connect relying party, through openid-client (OpenID-certified): discovery, the
// authorization code flow with PKCE, and the ID token's checks (issuer, audience, expiry, nonce, and its
// signature against the provider's JWKS, which openid-client skips by default over TLS and kaiku asks for).

export type OidcSettings = NonNullable<KaikuConfig['auth']['oidc']>;

/** What the browser carries between "Sign in with …" and the callback (in a signed, short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** The provider could not be reached (down, timing out, answering 5xx): nothing was decided. */
export class ProviderUnreachable extends Error {
  override name = 'ProviderUnreachable';
}

/** The provider answered, but the answer does not prove who the person is (wrong audience, expired, nonce …). */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface OidcClient {
  /** Where to send the browser, and what it must bring back. */
  begin(redirectUri: string): Promise<{ url: URL; pending: PendingSignIn }>;
  /** Checks the provider's answer at `callbackUrl` and returns the ID token's claims. */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<Record<string, unknown>>;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * The relying party for `auth.oidc`. Discovery is fetched on first use and kept; a failed one is tried again
 * on the next sign-in. Every call to the provider is bounded by `auth.oidc.timeout`.
 *
 * @example
 * const client = createOidcClient(config.auth.oidc!, env.OIDC_CLIENT_SECRET, log);
 * const { url, pending } = await client.begin('https://advocacy.vantaa.fi/admin/oidc/callback');
 */
export function createOidcClient(settings: OidcSettings, clientSecret: string | undefined, log: Logger): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const issuer = new URL(settings.issuer);
  // Plain http only to a provider on this machine (tests, a local Keycloak); the schema refuses it elsewhere.
  const insecure = issuer.protocol === 'http:' && LOOPBACK_HOST.test(issuer.hostname);

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(issuer, settings.clientId, undefined, clientSecret ? oidc.ClientSecretPost(clientSecret) : oidc.None(), {
        timeout: Math.ceil(settings.timeout / 1000),
        execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw classify(error, 'discovery');
      });
    return discovered;
  }

  return {
    async begin(redirectUri) {
      const config = await configuration();
      const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes.join(' '),
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },

    async finish(callbackUrl, pending) {
      const config = await configuration();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new SignInRefused('the provider sent no ID token', 'no_id_token');
        return claims as Record<string, unknown>;
      } catch (error) {
        const classified = classify(error, 'token');
        const e = error as { name?: string; code?: unknown; message?: string; cause?: unknown };
        log.warn(
          { err: { name: e.name, code: e.code, message: e.message, cause: e.cause instanceof Error ? e.cause.message : undefined } },
          'OpenID sign-in not completed',
        );
        throw classified;
      }
    },
  };
}

/** Sorts openid-client's errors into "the provider is unreachable" and "the answer is refused". */
function classify(error: unknown, step: 'discovery' | 'token'): Error {
  if (error instanceof ProviderUnreachable || error instanceof SignInRefused) return error;
  const e = error as { name?: string; code?: string; status?: number; cause?: { code?: string; status?: number; name?: string }; message?: string };
  const status = e.status ?? e.cause?.status;
  const network = e.name === 'TimeoutError' || e.name === 'AbortError' || (e.name === 'TypeError' && /fetch failed/i.test(e.message ?? ''));
  const networkCause = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET'].includes(e.cause?.code ?? '');
  if (network || networkCause || (typeof status === 'number' && status >= 500) || e.cause?.name === 'TimeoutError') {
    return new ProviderUnreachable(
      `the provider did not answer the ${step === 'discovery' ? 'discovery' : 'token'} request (${e.cause?.code ?? e.name ?? 'error'})`,
    );
  }
  if (step === 'discovery') return new ProviderUnreachable(`the provider's discovery document could not be read: ${e.message ?? String(error)}`);
  // oauth4webapi's cause says which check failed ("unexpected JWT "aud" (audience) claim value").
  const detail = error instanceof Error && error.cause instanceof Error ? error.cause.message : (e.message ?? String(error));
  return new SignInRefused(detail, e.code ?? e.name ?? 'refused');
}
