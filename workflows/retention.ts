import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// The daily retention round (privacy.retention): raw link events past the retention are folded into daily
// totals and deleted, pass by pass, until none is left or a day waits for the tally to read it.

const stepsWith = (heartbeatTimeoutMs?: number) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
  });

export function retentionScheduleId(taskQueue: string): string {
  return `${taskQueue}:retention`;
}

export interface RetentionRoundResult {
  cutoff: string;
  folded: number;
  deleted: number;
  waitingOn: string | null;
}

/** The day's round; `at` stands for the Schedule's time (tests move it to see events age out). */
export async function retentionRound(input: { at?: string; batchSize?: number; heartbeatTimeoutMs?: number } = {}): Promise<RetentionRoundResult> {
  const at = input.at ?? workflowInfo().startTime.toISOString();
  const steps = stepsWith(input.heartbeatTimeoutMs);
  const total: RetentionRoundResult = { cutoff: '', folded: 0, deleted: 0, waitingOn: null };
  // Bounded: a backlog of years is finished by the next days' rounds rather than by one endless history.
  for (let pass = 0; pass < 50; pass++) {
    const result = await steps.foldOldEvents({ at, ...(input.batchSize ? { batchSize: input.batchSize } : {}) });
    total.cutoff = result.cutoff;
    total.folded += result.folded.length;
    total.deleted += result.deleted;
    total.waitingOn = result.waitingOn;
    if (!result.more) break;
  }
  return total;
}
