import type { KaikuConfig } from '../../config/schema.js';
import type { Secret } from '../tokens/secret.js';
import { issueApprovalToken, type ApprovalTokenKind } from '../tokens/approval-token.js';
import { mailMessageId } from '../tokens/message-id.js';

// Where an approval email points: signed links to the confirmation pages and the signed reply-to
// address. Tokens stay valid a week past the item's expiry, so a late answer is told "expired", not "forged".

const LATE_ANSWER_GRACE_MS = 7 * 24 * 3_600_000;

export function publicBaseUrl(config: KaikuConfig): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/+$/, '');
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}`;
}

/** The domain kaiku sends from and receives replies at. */
export function mailDomain(config: KaikuConfig): string {
  return config.email.replyDomain ?? /@([^\s>]+)>?\s*$/.exec(config.email.from)![1]!.toLowerCase();
}

export function tokenExpiry(itemExpiresAt: string | Date): Date {
  return new Date(new Date(itemExpiresAt).getTime() + LATE_ANSWER_GRACE_MS);
}

export function approvalToken(secret: Secret, kind: ApprovalTokenKind, itemId: string, approverEmail: string, itemExpiresAt: string | Date): string {
  return issueApprovalToken(secret, { kind, itemId, approverEmail, expiresAt: tokenExpiry(itemExpiresAt) });
}

export function approvalLinkUrl(config: KaikuConfig, token: string): string {
  return `${publicBaseUrl(config)}/a/${token}`;
}

export function replyAddress(config: KaikuConfig, token: string): string {
  return `${config.email.replyLocalPart}+${token}@${mailDomain(config)}`;
}

/** The token in a reply address of ours, or undefined when the address is not one. */
export function tokenInAddress(config: KaikuConfig, address: string): string | undefined {
  const [local, domain] = address.trim().toLowerCase().replace(/^<|>$/g, '').split('@');
  if (!local || domain !== mailDomain(config)) return undefined;
  const prefix = `${config.email.replyLocalPart}+`;
  return local.startsWith(prefix) ? local.slice(prefix.length) : undefined;
}

export function isReplyAddress(config: KaikuConfig, address: string): boolean {
  const [local, domain] = address.trim().toLowerCase().replace(/^<|>$/g, '').split('@');
  return domain === mailDomain(config) && (local === config.email.replyLocalPart || !!local?.startsWith(`${config.email.replyLocalPart}+`));
}

/**
 * The Message-ID of one approval mail: the same on every retry, so that threads hold together, and signed, so
 * that it says nothing of the item or the approver and cannot be guessed (mails sent before ids were signed
 * keep their `<kind.item.hash@domain>` ids in the store, which threading still finds).
 */
export function approvalMessageId(config: KaikuConfig, secret: Secret, kind: string, itemId: string, email: string): string {
  return mailMessageId(secret, mailDomain(config), kind, [itemId, email.trim().toLowerCase()]);
}
