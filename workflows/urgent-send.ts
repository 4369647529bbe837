import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { UrgentSendInput } from '../activities/urgent-steps.js';

// An urgent send (the console's "Send now" on an approved item): plan the segment's recipients once, mail them in
// batches of keyed mails, then post in the programme's Slack channel. The workflow id is the item's and the send's,
// so a double click or a resubmitted form starts nothing twice; a Slack outage never holds the mails (they go first).

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotApproved'] },
});

const slack = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Mails per activity call: fan-out is batched, never one workflow per advocate. */
export const URGENT_BATCH = 200;

export function urgentSendWorkflowId(taskQueue: string, itemId: string, sendId: string): string {
  return `${taskQueue}:urgent:${itemId}:${sendId}`;
}

export interface UrgentSendResult {
  planned: number;
  leftOut: Record<string, number>;
  mailed: number;
  slack: 'posted' | 'none' | 'failed';
}

export async function urgentSend(input: UrgentSendInput): Promise<UrgentSendResult> {
  const plan = await steps.planUrgentSend(input);
  for (;;) {
    const batch = await steps.sendUrgentMails({ sendId: input.sendId, itemId: input.itemId, limit: URGENT_BATCH });
    if (!batch.more) break;
  }
  let posted: UrgentSendResult['slack'] = 'none';
  try {
    posted = (await slack.postUrgentSlack({ sendId: input.sendId, itemId: input.itemId })).posted ? 'posted' : 'none';
  } catch (error) {
    posted = 'failed';
    log.warn('the urgent post could not be posted in Slack; the mails went', { sendId: input.sendId, itemId: input.itemId, error: String(error) });
  }
  const { mailed } = await steps.finishUrgentSend({ sendId: input.sendId, itemId: input.itemId });
  log.info('urgent send done', { sendId: input.sendId, itemId: input.itemId, planned: plan.planned, mailed, slack: posted });
  return { ...plan, mailed, slack: posted };
}
