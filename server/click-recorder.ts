import type { NewLinkEvent } from '../db/queries/digests.js';
import type { Store } from '../db/store.js';

/**
 * Group commit for the tracked-link clicks: a click waits for its row to be in the database before its
 * redirect goes out (a kaiku process that dies loses none), but clicks arriving while a write is in progress
 * go together in the next one. Idle, a click is written at once; under load, one statement carries many.
 *
 * The write commits asynchronously (synchronous_commit off, for this transaction only): PostgreSQL flushes
 * it to disk within a fraction of a second instead of the redirect waiting for the fsync, whose stalls on a
 * busy disk were the endpoint's whole tail (bench/redirect: p99 17 → 5 ms). Only a crash of the database
 * server itself could lose the last instants of clicks; approvals and everything else commit synchronously.
 */
export function createClickRecorder(store: Store, maxBatch = 500) {
  let pending: { event: NewLinkEvent; done: (error?: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (pending.length > 0) {
        const batch = pending.slice(0, maxBatch);
        pending = pending.slice(batch.length);
        try {
          await store.digests.recordLinkEvents(
            batch.map((entry) => entry.event),
            { asyncCommit: true },
          );
          for (const entry of batch) entry.done();
        } catch (error) {
          for (const entry of batch) entry.done(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    record(event: NewLinkEvent): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ event, done: (error) => (error === undefined ? resolve() : reject(error as Error)) });
        if (!writing) void drain();
      });
    },
  };
}
