import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import { startApprovalWorkflow } from '../integrations/temporal/approval-dispatcher.js';
import { currentActivity, keepAlive } from './activity-context.js';

export interface StartApprovalsDeps {
  store: Store;
  client: Client;
  taskQueue: string;
  log: Logger;
  /** Workflow starts in flight at once (default 8): a burst must not flood the Temporal server. */
  startConcurrency?: number;
}

/**
 * Takes up to `limit` stored items whose approval workflow has not been started, starts one per
 * item with the item's id as workflow id, and marks them. Starting twice is harmless: a running
 * workflow is reused and a finished one is never started again. Returns how many it took.
 */
export function createStartApprovals(deps: StartApprovalsDeps) {
  return async function startApprovals(limit: number): Promise<{ found: number; started: number; finishedBefore: number }> {
    const activity = currentActivity();
    const stopKeepAlive = keepAlive(activity);
    try {
      const itemIds = await deps.store.items.awaitingApprovalStart(limit);
      let started = 0;
      let finishedBefore = 0;
      const queue = [...itemIds];
      const startNext = async () => {
        for (let itemId = queue.shift(); itemId; itemId = queue.shift()) {
          if ((await startApprovalWorkflow(deps.client, deps.taskQueue, itemId)) === 'started') {
            started++;
            deps.log.debug({ itemId, workflowId: itemId }, 'approval workflow started');
          } else finishedBefore++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(deps.startConcurrency ?? 8, itemIds.length) }, startNext));
      await deps.store.items.markApprovalStarted(itemIds);
      if (itemIds.length > 0) deps.log.info({ found: itemIds.length, started, finishedBefore }, 'approval workflows started');
      return { found: itemIds.length, started, finishedBefore };
    } finally {
      stopKeepAlive();
    }
  };
}
