import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import { approveItem } from '../workflows/approve-item.js';
import { currentActivity } from './activity-context.js';

export interface StartApprovalsDeps {
  store: Store;
  client: Client;
  taskQueue: string;
  log: Logger;
  /** Starts in flight at once; the Temporal server, not kaiku, is the bottleneck here. */
  concurrency?: number;
}

/**
 * Starts one approval workflow per item, with the item's id as workflow id, then marks the items.
 * Starting twice is harmless: a running workflow is reused and a finished one is never started again.
 */
export function createStartApprovals(deps: StartApprovalsDeps) {
  return async function startApprovals(itemIds: string[]): Promise<{ started: number; finishedBefore: number }> {
    let started = 0;
    let finishedBefore = 0;
    const activity = currentActivity();
    const heartbeat = () => activity?.heartbeat();
    const queue = [...itemIds];
    const worker = async () => {
      for (let itemId = queue.shift(); itemId; itemId = queue.shift()) {
        try {
          await deps.client.workflow.start(approveItem, {
            workflowId: itemId,
            taskQueue: deps.taskQueue,
            args: [{ itemId }],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
          started++;
          deps.log.debug({ itemId, workflowId: itemId }, 'approval workflow started');
        } catch (error) {
          // Only a finished workflow refuses (REJECT_DUPLICATE); a running one is reused (USE_EXISTING).
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          finishedBefore++;
        }
        heartbeat();
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 16, itemIds.length) }, worker));
    await deps.store.items.markApprovalStarted(itemIds);
    return { started, finishedBefore };
  };
}
