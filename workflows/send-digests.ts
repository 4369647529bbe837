import { log, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export interface SendDigestsInput {
  /** The tick's moment (ISO); a Schedule leaves it out and the workflow's start time is used. */
  at?: string;
  /** `kaiku digest send --now`: every advocate's current period, whether or not their moment has come. */
  force?: boolean;
  batchSize?: number;
  heartbeatTimeoutMs?: number;
}

export interface SendDigestsResult {
  planned: number;
  sent: number;
  empty: number;
  bounced: number;
  deferred: number;
  batches: number;
}

/** The digest Schedule of a task queue: its id. */
export function digestScheduleId(taskQueue: string): string {
  return `${taskQueue}:digest`;
}

/**
 * One digest tick: plan the due advocates' digests in the store, then send them in batches, each batch
 * one activity: never one workflow per advocate. The store is the queue and each digest row is keyed
 * advocate × period, so a tick retried, repeated or overlapping a manual send mails nobody twice.
 */
export async function sendDigests(input: SendDigestsInput = {}): Promise<SendDigestsResult> {
  const { planDigests, sendDigestBatch } = proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const at = input.at ?? new Date().toISOString();
  const { planned } = await planDigests({ at, force: input.force ?? false });
  const result: SendDigestsResult = { planned, sent: 0, empty: 0, bounced: 0, deferred: 0, batches: 0 };
  for (;;) {
    const batch = await sendDigestBatch({ limit: input.batchSize ?? 500 });
    result.batches++;
    result.sent += batch.sent;
    result.empty += batch.empty;
    result.bounced += batch.bounced;
    result.deferred += batch.deferred;
    if (batch.open === 0) break;
    if (batch.claimed === 0) {
      // What is left is deferred (a 4xx) or held by another run: wait for it rather than spin.
      const wait = batch.nextAt ? new Date(batch.nextAt).getTime() - Date.now() : 30_000;
      await sleep(Math.min(Math.max(wait, 1_000), 10 * 60_000));
    }
  }
  log.info('digest tick done', { ...result, at });
  return result;
}
