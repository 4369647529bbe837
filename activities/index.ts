import { createFetchSource, type FetchSourceDeps } from './fetch-source.js';
import { createStartApprovals, type StartApprovalsDeps } from './start-approvals.js';
import { createApprovalSteps, type ApprovalStepsDeps } from './approval-steps.js';

export type ActivityDeps = FetchSourceDeps & StartApprovalsDeps & ApprovalStepsDeps;

/** The activities a kaiku worker runs, with their dependencies injected (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    fetchSource: createFetchSource(deps),
    startApprovals: createStartApprovals(deps),
    ...createApprovalSteps(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
