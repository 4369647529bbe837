import type { KaikuEnv } from '../../config/env.js';

export interface TeamsSettings {
  /** The bot's Microsoft App ID: the audience every incoming token must name. */
  appId: string;
  appPassword: string;
  /** The Entra tenant the bot's app registration lives in (single-tenant bots); absent: Bot Framework's multi-tenant one. */
  tenantId?: string | undefined;
  /** Where proactive posts go: the Bot Connector's base URL for the tenant's region. */
  serviceUrl: string;
  /** Entra's login origin, for the bot's own token (client credentials). */
  loginUrl: string;
  /** Bot Framework's OpenID metadata: the keys incoming tokens are signed with. */
  openIdMetadataUrl: string;
}

/** Teams is on when the bot's app id and password are set; otherwise kaiku runs without it. */
export function teamsSettings(
  env: Pick<KaikuEnv, 'TEAMS_APP_ID' | 'TEAMS_APP_PASSWORD' | 'TEAMS_TENANT_ID' | 'TEAMS_SERVICE_URL' | 'TEAMS_LOGIN_URL' | 'TEAMS_OPENID_METADATA_URL'>,
): TeamsSettings | undefined {
  if (!env.TEAMS_APP_ID || !env.TEAMS_APP_PASSWORD) return undefined;
  return {
    appId: env.TEAMS_APP_ID,
    appPassword: env.TEAMS_APP_PASSWORD,
    tenantId: env.TEAMS_TENANT_ID,
    serviceUrl: env.TEAMS_SERVICE_URL,
    loginUrl: env.TEAMS_LOGIN_URL,
    openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
  };
}
