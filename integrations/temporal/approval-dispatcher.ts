import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { approveItem } from '../../workflows/approve-item.js';
import { dispatchApprovals, dispatcherWorkflowId, itemsStoredSignal } from '../../workflows/dispatch-approvals.js';

/**
 * Tells the task queue's approval dispatcher that items await their approval workflow, starting
 * the dispatcher if it is not running (signal-with-start: one call, safe to repeat).
 */
export async function notifyApprovalDispatcher(client: Client, taskQueue: string, heartbeatTimeoutMs: number): Promise<void> {
  await client.workflow.signalWithStart(dispatchApprovals, {
    workflowId: dispatcherWorkflowId(taskQueue),
    taskQueue,
    args: [{ heartbeatTimeoutMs }],
    signal: itemsStoredSignal,
    signalArgs: [],
  });
}

/**
 * Starts an item's approval workflow, its workflow id the item's id. Starting twice is harmless: a running
 * workflow is reused ('started'), and one that finished is never started again ('finished before').
 */
export async function startApprovalWorkflow(client: Client, taskQueue: string, itemId: string): Promise<'started' | 'finished before'> {
  try {
    await client.workflow.start(approveItem, {
      workflowId: itemId,
      taskQueue,
      args: [{ itemId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return 'started';
  } catch (error) {
    // Only a finished workflow refuses (REJECT_DUPLICATE); a running one is reused (USE_EXISTING).
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return 'finished before';
  }
}
