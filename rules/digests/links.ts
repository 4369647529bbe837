import { publicBaseUrl, replyAddress } from '../approvals/addresses.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { Network } from '../../model/item.js';
import type { DigestLinks } from './digest-mail.js';
import { clickToken, shareToken } from '../tokens/link-token.js';
import type { Secret } from '../tokens/secret.js';
import { signToken } from '../tokens/signed-token.js';
import { suggestReplyToken } from '../tokens/suggest-token.js';

// Every link a digest carries, signed for one advocate. Preferences and unsubscribe links last a year
// (a digest read late must still let its reader leave); share buttons 60 days; tracked links forever.

export const PREFERENCES_PURPOSE = 'preferences';
export const UNSUBSCRIBE_PURPOSE = 'unsubscribe';
export const SUGGEST_PURPOSE = 'suggest';
export const SNOOZE_PURPOSE = 'snooze-nudges';
export const OPEN_PURPOSE = 'digest-open';
/** The advocate's privacy page (/privacy/<token>): what kaiku records, their data's download and erasure. */
export const PRIVACY_PURPOSE = 'privacy';
const PREFERENCES_TTL_MS = 365 * 24 * 3_600_000;
const SHARE_TTL_MS = 60 * 24 * 3_600_000;

export function preferencesUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/p/${signToken(secret, PREFERENCES_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

export function unsubscribeUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/u/${signToken(secret, UNSUBSCRIBE_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

/** The advocate's suggestion form (and the reply-to address that does the same by mail): a year, like preferences. */
export function suggestUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/suggest/${signToken(secret, SUGGEST_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

export function suggestReplyAddress(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return replyAddress(config, suggestReplyToken(secret, advocateId, PREFERENCES_TTL_MS, now));
}

/**
 * The advocate's "What kaiku records about you" page, where they download their data or ask to erase it: a
 * token of its own, so no other link of theirs can erase them.
 *
 * @example
 * privacyUrl(config, secret, '42') // 'https://kaiku.example.fi/privacy/eyJ…'
 */
export function privacyUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/privacy/${signToken(secret, PRIVACY_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

/** "Snooze for a month" in a nudge. */
export function snoozeUrl(config: KaikuConfig, secret: Secret, advocateId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/n/${signToken(secret, SNOOZE_PURPOSE, { a: String(advocateId) }, PREFERENCES_TTL_MS, now)}`;
}

/** The digest's open pixel: one image per digest, for the open-to-share rate. */
export function openPixelUrl(config: KaikuConfig, secret: Secret, digestId: string, now = Date.now()): string {
  return `${publicBaseUrl(config)}/o/${signToken(secret, OPEN_PURPOSE, { d: String(digestId) }, PREFERENCES_TTL_MS, now)}.gif`;
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
    suggest: suggestUrl(config, secret, advocateId, now),
    privacy: privacyUrl(config, secret, advocateId, now),
  };
}
