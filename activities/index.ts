// The activities a kaiku worker runs, each created with its dependencies injected (tests pass their own).
import { createFetchSource, type FetchSourceDeps } from './fetch-source.js';
import { createStartApprovals, type StartApprovalsDeps } from './start-approvals.js';
import { createApprovalSteps, type ApprovalStepsDeps } from './approval-steps.js';
import { createDigestSteps, type DigestStepsDeps } from './digest-steps.js';
import { createSlackSteps, type SlackStepsDeps } from './slack-steps.js';
import { createTeamsSteps, type TeamsStepsDeps } from './teams-steps.js';
import { createEngagementSteps, type EngagementStepsDeps } from './engagement-steps.js';
import { createSuggestionSteps, type SuggestionStepsDeps } from './suggestion-steps.js';
import { createSignInSteps, type SignInStepsDeps } from './sign-in-steps.js';
import { createOnboardingSteps, type OnboardingStepsDeps } from './onboarding-steps.js';
import { createRetentionSteps, type RetentionStepsDeps } from './retention-steps.js';
import { createUrgentSteps, type UrgentStepsDeps } from './urgent-steps.js';

export type ActivityDeps = FetchSourceDeps &
  StartApprovalsDeps &
  ApprovalStepsDeps &
  DigestStepsDeps &
  SlackStepsDeps &
  TeamsStepsDeps &
  EngagementStepsDeps &
  SuggestionStepsDeps &
  SignInStepsDeps &
  OnboardingStepsDeps &
  RetentionStepsDeps &
  UrgentStepsDeps;

/** The activities a kaiku worker runs, with their dependencies injected (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    fetchSource: createFetchSource(deps),
    startApprovals: createStartApprovals(deps),
    ...createApprovalSteps(deps),
    ...createDigestSteps(deps),
    ...createSlackSteps(deps),
    ...createTeamsSteps(deps),
    ...createEngagementSteps(deps),
    ...createSuggestionSteps(deps),
    ...createSignInSteps(deps),
    ...createOnboardingSteps(deps),
    ...createRetentionSteps(deps),
    ...createUrgentSteps(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
