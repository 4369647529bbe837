import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SignInRequest } from '../rules/tokens/sign-in-token.js';

/** One workflow per sign-in link asked for: the id names its nonce, so a link is mailed once. */
export function signInWorkflowId(taskQueue: string, nonce: string): string {
  return `${taskQueue}:sign-in:${nonce}`;
}

/**
 * Mails an admin's sign-in link after the sign-in page has answered, retrying while SMTP is down until
 * the link itself would have expired (a later mail would be no use).
 */
export async function signInLink(request: SignInRequest): Promise<void> {
  const { mailSignInLink } = proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: Math.max(1_000, request.expiresAt - Date.now()),
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
  });
  await mailSignInLink(request);
}
