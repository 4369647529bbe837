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
