import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SuggestionOutcome } from '../model/suggestion.js';

export interface SuggestLinkInput {
  suggestionId: string;
}

/** The workflow id of a suggestion: one workflow per suggestion, however many times it is submitted. */
export function suggestionWorkflowId(taskQueue: string, suggestionId: string): string {
  return `${taskQueue}:suggestion:${suggestionId}`;
}

/**
 * An advocate's suggested link: fetch the page's metadata (public addresses only, with size, time and
 * redirect limits), then store it as an item for the same approval workflow as feed items, credited to the
 * advocate; a link kaiku has already is credited, not duplicated. A refusal is an outcome, not a failure.
 */
export async function suggestLink(input: SuggestLinkInput): Promise<SuggestionOutcome> {
  const { processSuggestion } = proxyActivities<Activities>({
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
  });
  return processSuggestion(input.suggestionId);
}
