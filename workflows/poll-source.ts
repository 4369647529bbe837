import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FetchSourceResult } from '../activities/fetch-source.js';

export interface PollSourceInput {
  sourceId: string;
  /** How long the fetch activity may go without a heartbeat before another worker takes it over. */
  heartbeatTimeoutMs?: number;
}

export interface PollSourceResult extends Omit<FetchSourceResult, 'awaitingApproval'> {
  approvalsStarted: number;
}

/**
 * Run by the source's Schedule: fetch and store the source's new items, then start an approval
 * workflow for each. Items stored by a run that died before starting theirs are picked up here too.
 */
export async function pollSource(input: PollSourceInput): Promise<PollSourceResult> {
  const { fetchSource } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
  });
  const { startApprovals } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
  });

  const { awaitingApproval, ...fetched } = await fetchSource(input.sourceId);
  let approvalsStarted = 0;
  if (awaitingApproval.length > 0) {
    const { started } = await startApprovals(awaitingApproval);
    approvalsStarted = started;
  }
  return { ...fetched, approvalsStarted };
}
