import { createHash } from 'node:crypto';
import type { Secret } from './secret.js';
import { base32, unbase32 } from './base32.js';

// A compact token naming one item and one approver, for links and reply-to addresses. Binary layout:
// kind (1) · item id (12) · approver digest (5) · expiry in unix seconds (4) · HMAC prefix (10) = 32 bytes,
// written in lowercase base32 (52 characters) so that `approvals+<token>@` fits the 64-octet local part
// and survives mail servers that fold case.

export type ApprovalTokenKind = 'reply' | 'approve' | 'reject';

const KIND_CODES: Record<ApprovalTokenKind, number> = { reply: 1, approve: 2, reject: 3 };
const PURPOSE = 'approval-token';
const TOKEN_LENGTH = 52;

export interface ApprovalToken {
  kind: ApprovalTokenKind;
  itemId: string;
  /** The approver's address digest; `approverDigest(email)` tells whether an address is this approver. */
  approver: string;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; token: ApprovalToken } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; token?: ApprovalToken };

/** The first five bytes of SHA-256 of the lower-cased address, hex. */
export function approverDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 10);
}

export function issueApprovalToken(secret: Secret, input: { kind: ApprovalTokenKind; itemId: string; approverEmail: string; expiresAt: Date }): string {
  const itemHex = /^itm_([0-9a-f]{24})$/.exec(input.itemId)?.[1];
  if (!itemHex) throw new Error(`cannot issue a token for item id "${input.itemId}"`);
  const body = Buffer.alloc(22);
  body[0] = KIND_CODES[input.kind];
  Buffer.from(itemHex, 'hex').copy(body, 1);
  Buffer.from(approverDigest(input.approverEmail), 'hex').copy(body, 13);
  body.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(input.expiresAt.getTime() / 1000))), 18);
  return base32(Buffer.concat([body, secret.sign(PURPOSE, body).subarray(0, 10)]));
}

export function checkApprovalToken(secret: Secret, text: string, now = new Date()): TokenCheck {
  const lower = text.toLowerCase();
  const bytes = lower.length === TOKEN_LENGTH ? unbase32(lower) : undefined;
  // The last character carries 4 padding bits: only the canonical spelling is accepted, so no two tokens mean the same.
  if (!bytes || bytes.length !== 32 || base32(bytes) !== lower) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, 22);
  const kind = (Object.keys(KIND_CODES) as ApprovalTokenKind[]).find((k) => KIND_CODES[k] === body[0]);
  if (!kind || !secret.verify(PURPOSE, body, bytes.subarray(22))) return { ok: false, reason: 'forged' };
  const token: ApprovalToken = {
    kind,
    itemId: `itm_${body.subarray(1, 13).toString('hex')}`,
    approver: body.subarray(13, 18).toString('hex'),
    expiresAt: new Date(body.readUInt32BE(18) * 1000),
  };
  if (token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', token };
  return { ok: true, token };
}
