import { condition, continueAsNew, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/** Sent (with signal-with-start) whenever a poll stores items that await their approval workflow. */
export const itemsStoredSignal = defineSignal('itemsStored');

export interface DispatchApprovalsInput {
  heartbeatTimeoutMs?: number;
  /** Items taken per activity run. */
  batchSize?: number;
}

/** The one dispatcher of a task queue: its workflow id. */
export function dispatcherWorkflowId(taskQueue: string): string {
  return `${taskQueue}:approvals`;
}

const ROUNDS_PER_RUN = 200;

/**
 * Starts the approval workflows of stored items, batch after batch, at a pace the Temporal server
 * can take, so a burst of new items (a first poll of many feeds) never holds up polling. The store
 * is the queue: a round takes whatever awaits, so a missed signal is caught by the next round, and
 * at the latest by the sweep every 10 minutes.
 */
export async function dispatchApprovals(input: DispatchApprovalsInput = {}): Promise<void> {
  const { startApprovals } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
  });
  const batchSize = input.batchSize ?? 200;
  let stored = true; // a new run first sweeps what a previous one may have left
  setHandler(itemsStoredSignal, () => {
    stored = true;
  });

  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    await condition(() => stored, '10 minutes');
    stored = false;
    for (;;) {
      const { found } = await startApprovals(batchSize);
      if (found < batchSize) break;
    }
  }
  // Keep the history short; a signal that arrives meanwhile is caught by the new run's first sweep.
  await continueAsNew<typeof dispatchApprovals>(input);
}
