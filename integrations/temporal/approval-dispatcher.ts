import type { Client } from '@temporalio/client';
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
