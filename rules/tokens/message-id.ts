import { base32 } from './base32.js';
import type { Secret } from './secret.js';

// The Message-IDs kaiku writes. An HMAC under the secret of what the mail is (its kind and ids): a retry writes
// the same id, so threads hold together and receivers drop the duplicate, yet nobody can work one out from
// public facts (an item id from an article URL, an admin's address). kaiku never takes a Message-ID as
// authority (only the signed reply address decides); unguessable ids keep it from ever becoming one.

const PURPOSE = 'message-id';

/**
 * `<label.<26 base32 characters>@domain>`: the same for the same label and parts under one secret.
 *
 * @example
 * mailMessageId(secret, 'vantaa.fi', 'request', ['itm_0123…', 'ulla@vantaa.fi']) // '<request.k2v…q7a@vantaa.fi>'
 */
export function mailMessageId(secret: Secret, domain: string, label: string, parts: readonly string[]): string {
  const mac = secret.sign(PURPOSE, JSON.stringify([label, ...parts])).subarray(0, 16);
  return `<${label}.${base32(mac)}@${domain}>`;
}
