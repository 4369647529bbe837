import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import { retentionCutoff } from '../rules/privacy/retention.js';
import { currentActivity } from './activity-context.js';

export interface RetentionStepsDeps {
  store: Store;
  config: KaikuConfig;
  log: Logger;
}

export interface RetentionPassResult {
  /** The first UTC day kept. */
  cutoff: string;
  /** Days folded in this pass. */
  folded: string[];
  /** Raw events deleted in this pass. */
  deleted: number;
  /** The day held back because the points tally or the analytics have not read all of it yet. */
  waitingOn: string | null;
  /** More to fold or delete: the workflow calls again. */
  more: boolean;
}

// One pass stays short (a heartbeat between steps); the workflow calls again while there is more.
const DAYS_PER_PASS = 31;
const BATCHES_PER_PASS = 20;

export function createRetentionSteps(deps: RetentionStepsDeps) {
  const { store, config, log } = deps;
  return {
    /**
     * Folds raw link events older than privacy.retention.linkEventMonths before `at` into daily totals and
     * deletes them, in batches of `batchSize`. Safe to run again at any point: a folded day is not folded twice.
     */
    async foldOldEvents(input: { at: string; batchSize?: number }): Promise<RetentionPassResult> {
      const activity = currentActivity();
      const cutoff = retentionCutoff(new Date(input.at), config.privacy.retention.linkEventMonths);
      const result: RetentionPassResult = { cutoff, folded: [], deleted: 0, waitingOn: null, more: false };
      for (let day = 0; day < DAYS_PER_PASS; day++) {
        const step = await store.retention.foldNextDay(cutoff);
        activity?.heartbeat();
        if ('waiting' in step) {
          result.waitingOn = step.waiting;
          log.info({ day: step.waiting, unread: step.unread, cutoff }, 'retention waits: the points tally or the analytics have not read this day yet');
          break;
        }
        if ('done' in step) break;
        result.folded.push(step.folded);
        if (day === DAYS_PER_PASS - 1) result.more = true;
      }
      const batchSize = input.batchSize ?? 5000;
      for (let batch = 0; batch < BATCHES_PER_PASS; batch++) {
        const deleted = await store.retention.deleteFolded(batchSize);
        result.deleted += deleted;
        activity?.heartbeat();
        if (deleted < batchSize) break;
        if (batch === BATCHES_PER_PASS - 1) result.more = true;
      }
      if (result.folded.length > 0 || result.deleted > 0) log.info(result, 'raw link events past retention folded and deleted');
      return result;
    },
  };
}
