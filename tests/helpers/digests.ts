import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AdvocateInput } from '../../model/advocate.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { sendDigests, type SendDigestsInput, type SendDigestsResult } from '../../workflows/send-digests.js';
import { tracked } from './pending-waits.js';

/** Approves items through the real `decide` Update, as an admin on the admin page would. */
export async function approveItems(deps: { client: Client; store: Store; config: KaikuConfig; log: Logger }, itemIds: readonly string[], actor: string) {
  for (const itemId of itemIds) {
    const result = await tracked(`${actor}’s approval of ${itemId}`, () =>
      submitDecision(deps, itemId, { decision: 'approve', actor, channel: 'admin' }, `test-${randomUUID()}`),
    );
    if (!result.ok) throw new Error(`could not approve ${itemId}: ${result.refusal}`);
  }
}

/** One digest tick on the harness's task queue, at `at` (simulated Schedule time). */
export function runDigestTick(client: Client, taskQueue: string, input: SendDigestsInput): Promise<SendDigestsResult> {
  const workflowId = `test-digest-${randomUUID()}`;
  return tracked(`the digest tick ${workflowId}`, () =>
    client.workflow.execute(sendDigests, { taskQueue, workflowId, args: [{ heartbeatTimeoutMs: 5_000, ...input }] }),
  );
}

export function advocate(overrides: Partial<AdvocateInput> & { email: string }): AdvocateInput {
  return {
    name: overrides.email.split('@')[0]!.replace(/\./g, ' '),
    language: 'fi',
    timeZone: 'Europe/Helsinki',
    branch: null,
    topics: [],
    networks: ['linkedin', 'x'],
    mastodonInstance: null,
    ...overrides,
  };
}
