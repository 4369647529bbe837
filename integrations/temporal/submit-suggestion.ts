import { createHash } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { SuggestionOutcome } from '../../model/suggestion.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { SuggestionVia } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { suggestLink, suggestionWorkflowId } from '../../workflows/suggest-link.js';
import { checkSuggestedUrl } from '../../rules/suggestions/suggestion-url.js';
import { ensureTemporalReachable, withTemporalDeadline } from './deadline.js';

export type SubmittedSuggestion = SuggestionOutcome | { state: 'checking' };

/**
 * An advocate's suggestion from any door (the form, a reply to the digest, Slack): the URL is checked,
 * recorded once per advocate × URL, and handed to its workflow; the answer waits up to `waitMs` for the
 * page to be read. A URL refused by the checks is not recorded: nothing changes. With `deadline` (the HTTP
 * form), Temporal is checked before anything is recorded, and out of reach it throws `TemporalUnavailableError`.
 */
export async function submitSuggestion(
  deps: { store: Store; client: Client; config: KaikuConfig; log: Logger; deadline?: { probeMs: number; callMs: number } | undefined },
  input: { advocateId: string; url: string; via: SuggestionVia; note?: string | undefined; waitMs?: number },
): Promise<SubmittedSuggestion> {
  const check = checkSuggestedUrl(input.url);
  if (!check.ok) return { state: 'refused', reason: check.reason };
  if (deps.deadline)
    await ensureTemporalReachable(
      deps.client,
      deps.deadline.probeMs,
      'kaiku cannot take suggestions for a moment; nothing was changed; try again in a minute.',
    );
  const key = createHash('sha256').update(`${input.advocateId}\n${check.url}`).digest('hex').slice(0, 32);
  const row = await deps.store.engagement.suggest({
    key,
    advocateId: input.advocateId,
    url: check.url,
    via: input.via,
    note: input.note?.slice(0, 500) ?? null,
  });
  const taskQueue = deps.config.temporal.taskQueue;
  const start = () =>
    deps.client.workflow.start(suggestLink, {
      taskQueue,
      workflowId: suggestionWorkflowId(taskQueue, row.id),
      args: [{ suggestionId: row.id }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  // A retry after a timeout finds the same row (its key) and the same workflow (USE_EXISTING).
  const handle = await (deps.deadline ? withTemporalDeadline(deps.client, deps.deadline.callMs, start) : start());
  deps.log.info({ suggestionId: row.id, advocateId: input.advocateId, via: input.via, url: check.url }, 'suggestion received');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SubmittedSuggestion>((resolve) => (timer = setTimeout(() => resolve({ state: 'checking' }), input.waitMs ?? 15_000)));
  try {
    return await Promise.race([handle.result(), timeout]);
  } catch (error) {
    if (error instanceof WorkflowFailedError) return { state: 'refused', reason: 'kaiku could not read the page; try again later.' };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
