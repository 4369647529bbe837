import { AppCredentials, AuthenticationConstants, ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import type { TeamsSettings } from './settings.js';

// The bot's own token for calls to the Bot Connector: OAuth 2.0 client credentials against Entra, the grant the
// SDK's MSAL-based credentials make. MSAL refuses any authority that is not https, so kaiku subclasses the SDK's
// AppCredentials (its documented extension point: token cache and expiry stay the SDK's) with the one POST.

const TOKEN_TIMEOUT_MS = 10_000;

class ClientSecretCredentials extends AppCredentials {
  constructor(
    private readonly settings: TeamsSettings,
    oAuthScope: string,
  ) {
    super(settings.appId, settings.tenantId, oAuthScope);
    this.oAuthEndpoint = `${settings.loginUrl}/${settings.tenantId ?? AuthenticationConstants.DefaultChannelAuthTenant}`;
  }

  protected async refreshToken(): Promise<{ accessToken: string; expiresOn: Date }> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const response = await fetch(`${this.oAuthEndpoint}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.settings.appId, client_secret: this.settings.appPassword, scope }),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      // Entra's error codes (AADSTS…) say what is wrong with the registration; the secret itself is never in them.
      throw new Error(
        `Teams: Entra refused the bot's token (HTTP ${response.status}): ${String(body.error ?? '')} ${String(body.error_description ?? '')}`.trim(),
      );
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
    return { accessToken: body.access_token, expiresOn: new Date(Date.now() + seconds * 1000) };
  }
}

/** The SDK's credential factory for kaiku's one bot: only its app id is valid, and authentication is never off. */
export class KaikuCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly settings: TeamsSettings) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(appId === this.settings.appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(false);
  }

  createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (appId !== this.settings.appId) return Promise.reject(new Error(`Teams: no credentials for app id ${appId}`));
    return Promise.resolve(new ClientSecretCredentials(this.settings, audience ?? AuthenticationConstants.ToChannelFromBotOAuthScope));
  }
}

/** Credentials for proactive calls (posting a card), outside any incoming turn. */
export function botCredentials(settings: TeamsSettings): ServiceClientCredentials {
  return new ClientSecretCredentials(settings, AuthenticationConstants.ToChannelFromBotOAuthScope);
}
