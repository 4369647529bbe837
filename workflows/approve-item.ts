import { condition, defineQuery, setHandler, workflowInfo } from '@temporalio/workflow';

export interface ApproveItemInput {
  itemId: string;
}

export type ApprovalStage = 'awaiting-decision';

export interface ApprovalState {
  itemId: string;
  stage: ApprovalStage;
  since: string;
}

export const approvalStateQuery = defineQuery<ApprovalState>('approvalState');

/**
 * One workflow per candidate item, whose workflow id is the item id: starting it twice is harmless.
 * For now it holds the item at the approval stage and answers where it stands; deciding (approvers,
 * requests, reminders, expiry) builds on this workflow.
 */
export async function approveItem(input: ApproveItemInput): Promise<void> {
  const state: ApprovalState = {
    itemId: input.itemId,
    stage: 'awaiting-decision',
    since: workflowInfo().startTime.toISOString(),
  };
  setHandler(approvalStateQuery, () => state);
  await condition(() => false);
}
