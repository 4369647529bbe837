import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
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
 * workflows; a poll never waits for that. A source kaiku cannot read fails the activity without retry
 * (`SourceUnhealthy`, the source already marked): that is this poll's result, and the next poll comes on schedule.
 */
export async function pollSource(input: PollSourceInput): Promise<PollSourceResult> {
  const { fetchSource } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
  });
  try {
    return await fetchSource(input.sourceId);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && (cause.type === 'SourceUnhealthy' || cause.type === 'SourceUnavailable') && cause.details?.[0]) {
      return cause.details[0] as PollSourceResult;
    }
    throw error;
  }
}
