import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { reconcileSourceSchedules, type ScheduleReconciliation } from './schedules.js';

// The poll Schedules of every source the programme has, kaiku.yaml's and the console's: run by a worker at its
// start and by the console after each change to a source, so workers poll a source added, edited, paused or
// removed in the console without a restart (the Schedule starts the poll; the activity reads the source's row).

/**
 * Brings the poll Schedules in line with `store.sources.inEffect`: one per source, paused when it is disabled,
 * deleted when it was removed. `pollNow`: sources polled at once (a new URL, or an admin's "Poll now").
 *
 * @example
 * await scheduleSources({ config, store, client, log, pollNow: ['city-news'] });
 */
export async function scheduleSources(deps: {
  config: KaikuConfig;
  store: Store;
  client: Client;
  log: Logger;
  taskQueue?: string | undefined;
  pollNow?: readonly string[];
}): Promise<ScheduleReconciliation> {
  const sources = await deps.store.sources.inEffect(deps.config.sources);
  const inactive = (await deps.store.sources.list()).filter((row) => !row.active).map((row) => row.id);
  return reconcileSourceSchedules({
    client: deps.client,
    sources: sources.map((source) => source.settings),
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    heartbeatTimeoutMs: deps.config.temporal.activityHeartbeatTimeout,
    removedSourceIds: inactive,
    pollNow: deps.pollNow ?? [],
    log: deps.log,
  });
}

/** How long the console waits for the Schedules to follow a change before it says they will follow later. */
const FOLLOW_DEADLINE_MS = 3_000;
/** How often a follower that fell behind tries again. */
const RETRY_EVERY_MS = 15_000;

export interface ScheduleFollower {
  /** Brings the Schedules in line now: 'in line', or 'behind' when Temporal did not answer (it keeps trying). */
  follow(pollNow?: readonly string[]): Promise<'in line' | 'behind'>;
  /** Stops the retries (the server's close). */
  stop(): void;
}

/**
 * The console's side of the poll Schedules. A change is stored before its Schedules follow; when Temporal stops
 * answering between the two, the change stays stored and this process tries again every 15 s until they follow
 * (a worker's start brings them in line too), so the person is told, not shown a 500.
 *
 * @example
 * const follower = scheduleFollower({ config, store, client, log });
 * if ((await follower.follow(['city-news'])) === 'behind') showNotice();
 */
export function scheduleFollower(deps: { config: KaikuConfig; store: Store; client: Client; log: Logger }): ScheduleFollower {
  const waiting = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (pollNow: readonly string[]) => {
    await deps.client.withDeadline(Date.now() + FOLLOW_DEADLINE_MS, () => scheduleSources({ ...deps, pollNow }));
  };
  const retry = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const pollNow = [...waiting];
      attempt(pollNow).then(
        () => {
          for (const id of pollNow) waiting.delete(id);
          deps.log.info({ pollNow }, 'the poll Schedules follow the console’s changes again');
        },
        (error: unknown) => {
          deps.log.warn({ err: error }, 'the poll Schedules still do not follow the console’s changes; trying again');
          retry();
        },
      );
    }, RETRY_EVERY_MS);
    timer.unref();
  };
  return {
    async follow(pollNow = []) {
      try {
        await attempt([...new Set([...waiting, ...pollNow])]);
        waiting.clear();
        if (timer) clearTimeout(timer);
        timer = undefined;
        return 'in line';
      } catch (error) {
        for (const id of pollNow) waiting.add(id);
        deps.log.warn({ err: error }, 'the poll Schedules did not follow a change in the console; kaiku tries again');
        retry();
        return 'behind';
      }
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
