import type { KaikuConfig } from '../../config/schema.js';
import { publicBaseUrl } from '../approvals/addresses.js';
import type { Secret } from './secret.js';
import { signToken, verifyToken, type SignedPayload } from './signed-token.js';

// The token in an admin's emailed sign-in link: names the admin and a one-time nonce (login_nonces), and
// expires. It only opens a page with a button; the session starts on that page's POST.

const PURPOSE = 'login';
/** How long a sign-in link works. */
export const SIGN_IN_TTL_MS = 15 * 60_000;

export interface SignInRequest {
  email: string;
  nonce: string;
  /** When the link stops working (ms since the epoch), fixed when it is asked for, however late the mail goes. */
  expiresAt: number;
}

export function signInLink(config: KaikuConfig, secret: Secret, request: SignInRequest): string {
  const token = signToken(secret, PURPOSE, { email: request.email, nonce: request.nonce }, request.expiresAt - Date.now());
  return `${publicBaseUrl(config)}/admin/login/${token}`;
}

export function readSignInToken(secret: Secret, token: string) {
  return verifyToken<SignedPayload & { email: string; nonce: string }>(secret, PURPOSE, token);
}
