import { createFetchSource, type FetchSourceDeps } from './fetch-source.js';
import { createStartApprovals, type StartApprovalsDeps } from './start-approvals.js';

export type ActivityDeps = FetchSourceDeps & StartApprovalsDeps;

/** The activities a kaiku worker runs, with their dependencies injected (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    fetchSource: createFetchSource(deps),
    startApprovals: createStartApprovals(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
