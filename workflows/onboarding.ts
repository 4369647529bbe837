import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { OnboardingRoundResult } from '../activities/onboarding-steps.js';

// The welcome sequence for new advocates: one round a day, a Schedule's workflow, every due mail in one
// batched activity (never a workflow per advocate), as the daily nudges are.

const stepsWith = (heartbeatTimeoutMs?: number) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
  });

export function onboardingScheduleId(taskQueue: string): string {
  return `${taskQueue}:onboarding`;
}

/** The day's round; `at` stands for the Schedule's time (tests walk through days with it). */
export async function onboardingRound(input: { at?: string; heartbeatTimeoutMs?: number } = {}): Promise<OnboardingRoundResult> {
  const at = input.at ?? workflowInfo().startTime.toISOString();
  return stepsWith(input.heartbeatTimeoutMs).sendOnboarding({ at });
}

/** `kaiku onboarding enrol`: advocates already on the roster join the sequence only when an admin asks. */
export async function onboardingEnrol(input: { all?: boolean; emails?: string[]; at?: string }): Promise<{ enrolled: number; unknown: string[] }> {
  return stepsWith().enrolOnboarding({ ...input, at: input.at ?? workflowInfo().startTime.toISOString() });
}
