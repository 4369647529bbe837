import { publicBaseUrl } from '../approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import type { Network } from '../db/schema.js';
import type { DigestLinks } from '../emails/digest-mail.js';
import { clickToken, shareToken } from '../security/link-token.js';
import type { Secret } from '../security/secret.js';
import { signToken } from '../security/signed-token.js';

// Every link a digest carries, signed for one advocate. Preferences and unsubscribe links last a year
// (a digest read late must still let its reader leave); share buttons 60 days; tracked links forever.

export const PREFERENCES_PURPOSE = 'preferences';
export const UNSUBSCRIBE_PURPOSE = 'unsubscribe';
const PREFERENCES_TTL_MS = 365 * 24 * 3_600_000;
const SHARE_TTL_MS = 60 * 24 * 3_600_000;

export function preferencesUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/p/${signToken(secret, PREFERENCES_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

export function unsubscribeUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/u/${signToken(secret, UNSUBSCRIBE_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

export function trackedUrl(config: KaikuConfig, secret: Secret, advocateId: string, itemId: string): string {
  return `${publicBaseUrl(config)}/r/${clickToken(secret, advocateId, itemId)}`;
}

export function digestLinks(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): DigestLinks {
  const base = publicBaseUrl(config);
  return {
    click: (itemId: string) => `${base}/r/${clickToken(secret, advocateId, itemId)}`,
    share: (itemId: string, network: Network) => `${base}/s/${shareToken(secret, advocateId, itemId, network, SHARE_TTL_MS, now)}`,
    preferences: preferencesUrl(config, secret, advocateId, now),
    unsubscribe: unsubscribeUrl(config, secret, advocateId, now),
  };
}
