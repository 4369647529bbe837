import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FetchSourceResult } from '../activities/fetch-source.js';

export interface PollSourceInput {
  sourceId: string;
  /** How long the fetch activity may go without a heartbeat before another worker takes it over. */
  heartbeatTimeoutMs?: number;
}

export type PollSourceResult = FetchSourceResult;

/**
 * Run by the source's Schedule: fetch the source and store its new items. The fetch activity hands
 * them to the approval dispatcher (workflows/dispatch-approvals.ts), which starts their approval
 * workflows; a poll never waits for that.
 */
export async function pollSource(input: PollSourceInput): Promise<PollSourceResult> {
  const { fetchSource } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
  });
  return fetchSource(input.sourceId);
}
