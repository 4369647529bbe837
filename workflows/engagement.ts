import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CloseMonthResult } from '../activities/engagement-steps.js';

// The engagement cycles, each a Schedule's workflow: the points tally (every minute), the month's
// rewards (the 1st of each month, closing the month before) and the daily nudges and approver summaries.

const { tallyPoints } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// The mail steps heartbeat after each message: a worker that dies mid-round is noticed within the timeout.
const stepsWith = (heartbeatTimeoutMs?: number) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['BadMonth'] },
  });

export function pointsScheduleId(taskQueue: string): string {
  return `${taskQueue}:points`;
}
export function rewardsScheduleId(taskQueue: string): string {
  return `${taskQueue}:rewards`;
}
export function nudgesScheduleId(taskQueue: string): string {
  return `${taskQueue}:nudges`;
}
/** One workflow id per month: closing a month twice meets the first run (or its result). */
export function rewardsWorkflowId(taskQueue: string, month: string): string {
  return `${taskQueue}:rewards:${month}`;
}

/** Folds new share and click events into the points ledger. */
export async function pointsTally(): Promise<{ events: number; awarded: number }> {
  return tallyPoints({});
}

export interface RewardsCloseInput {
  /** YYYY-MM; the Schedule leaves it out and the month before the run's start is closed. */
  month?: string;
  heartbeatTimeoutMs?: number;
}

export interface RewardsCloseResult extends CloseMonthResult {
  mails: { sent: number; already: number };
}

/**
 * Closes a month: the ledger is brought up to date, the winners computed and recorded once (a second close
 * finds them), then each winner and the admins are mailed once (keyed mails).
 */
export async function rewardsClose(input: RewardsCloseInput = {}): Promise<RewardsCloseResult> {
  const steps = stepsWith(input.heartbeatTimeoutMs);
  const month = input.month ?? (await steps.rewardMonthBefore({ at: workflowInfo().startTime.toISOString() }));
  await tallyPoints({});
  const closed = await steps.closeRewardMonth({ month });
  const mails = await steps.sendRewardMails({ month });
  log.info('reward month done', { month, closedNow: closed.closedNow, winners: closed.winners.length, ...mails });
  return { ...closed, mails };
}

/** The daily round: nudges to quiet advocates (those the mail budget holds, counted in `held`), and summaries to approvers who chose them. */
export async function dailyNudges(
  input: { at?: string; heartbeatTimeoutMs?: number } = {},
): Promise<{ nudged: number; skipped: number; summaries: number; held?: Partial<Record<'quiet period' | 'weekly cap', number>> }> {
  const steps = stepsWith(input.heartbeatTimeoutMs);
  const at = input.at ?? workflowInfo().startTime.toISOString();
  const summaries = await steps.sendApproverSummaries({ at });
  const nudges = await steps.sendNudges({ at });
  return { ...nudges, summaries: summaries.sent };
}
