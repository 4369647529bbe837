import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleOptions,
  type ScheduleDescription,
  type ScheduleHandle,
} from '@temporalio/client';
import type { Logger } from 'pino';
import type { SourceSettings } from '../../model/source.js';
import { pollSource, type PollSourceInput } from '../../workflows/poll-source.js';
import { digestScheduleId, sendDigests, type SendDigestsInput } from '../../workflows/send-digests.js';
import { nudgesScheduleId, pointsScheduleId, rewardsScheduleId } from '../../workflows/engagement.js';
import { onboardingScheduleId } from '../../workflows/onboarding.js';
import { retentionScheduleId } from '../../workflows/retention.js';

/** Schedules are named after the task queue, so deployments sharing a namespace never touch each other's. */
export function pollSchedulePrefix(taskQueue: string): string {
  return `${taskQueue}:poll:`;
}

export function pollScheduleId(taskQueue: string, sourceId: string): string {
  return `${pollSchedulePrefix(taskQueue)}${sourceId}`;
}

export interface ScheduleReconciliation {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
}

export interface ReconcileOptions {
  client: Client;
  sources: readonly SourceSettings[];
  taskQueue: string;
  heartbeatTimeoutMs: number;
  /** Ids of sources known to be gone (from the store), deleted even if listing lags. */
  removedSourceIds?: readonly string[];
  /** Ids of sources to poll at once (their URL or kind changed). */
  pollNow?: readonly string[];
  log: Logger;
}

/**
 * Makes the Temporal Schedules match the config: one per source, polling at its interval; a new
 * source's Schedule fires at once, a changed one is updated in place, a removed one deleted, a
 * disabled one paused. Running it twice changes nothing.
 */
export async function reconcileSourceSchedules(options: ReconcileOptions): Promise<ScheduleReconciliation> {
  const result: ScheduleReconciliation = { created: [], updated: [], deleted: [], unchanged: [] };
  const wanted = new Set<string>();

  for (const source of options.sources) {
    const scheduleId = pollScheduleId(options.taskQueue, source.id);
    wanted.add(scheduleId);
    const input: PollSourceInput = { sourceId: source.id, heartbeatTimeoutMs: options.heartbeatTimeoutMs };
    const spec = { intervals: [{ every: source.pollEveryMs }], jitter: Math.min(Math.floor(source.pollEveryMs / 10), 60_000) };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: pollSource,
      taskQueue: options.taskQueue,
      workflowId: `${options.taskQueue}:poll:${source.id}`,
      args: [input] as [PollSourceInput],
    };
    const policies = { overlap: 'SKIP' as const, catchupWindow: '1 minute' as const };
    const note = source.enabled ? `polls ${source.url}` : 'disabled in the config (enabled: false)';
    const handle = options.client.schedule.getHandle(scheduleId);
    const description = await describeIfAny(handle);
    if (!description) {
      const created = await createUnlessTaken(
        options.client,
        {
          scheduleId,
          spec,
          action,
          policies,
          memo: { kaikuSourceId: source.id },
          state: { paused: !source.enabled, note, triggerImmediately: source.enabled },
        },
        options.log,
      );
      if (!created) {
        result.unchanged.push(scheduleId);
        continue;
      }
      result.created.push(scheduleId);
      options.log.info({ sourceId: source.id, scheduleId, every: source.pollEveryMs }, 'created poll schedule');
      continue;
    }
    if (matches(description, source, input, options.taskQueue)) {
      if (source.enabled && options.pollNow?.includes(source.id)) await handle.trigger();
      result.unchanged.push(scheduleId);
      continue;
    }
    await handle.update((previous) => ({ ...previous, spec, action, policies, state: { ...previous.state, paused: !source.enabled, note } }));
    // A source enabled again, or moved to a new URL, is polled now rather than at its next interval.
    if (source.enabled && (description.state.paused || options.pollNow?.includes(source.id))) await handle.trigger();
    result.updated.push(scheduleId);
    options.log.info({ sourceId: source.id, scheduleId, every: source.pollEveryMs }, 'updated poll schedule');
  }

  const prefix = pollSchedulePrefix(options.taskQueue);
  const stale = new Set((options.removedSourceIds ?? []).map((id) => pollScheduleId(options.taskQueue, id)));
  for await (const summary of options.client.schedule.list()) {
    if (summary.scheduleId.startsWith(prefix)) stale.add(summary.scheduleId);
  }
  for (const scheduleId of stale) {
    if (wanted.has(scheduleId)) continue;
    try {
      await options.client.schedule.getHandle(scheduleId).delete();
      result.deleted.push(scheduleId);
      options.log.info({ scheduleId }, 'deleted the poll schedule of a removed source');
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }
  return result;
}

/** The Schedule's description, or undefined when there is no such Schedule. */
async function describeIfAny(handle: ScheduleHandle): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Creates the Schedule unless another worker, starting at the same moment from the same config, just did:
 * false then, and that worker's Schedule stands.
 */
async function createUnlessTaken(client: Client, options: ScheduleOptions, log: Logger): Promise<boolean> {
  try {
    await client.schedule.create(options);
    return true;
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    log.info({ scheduleId: options.scheduleId }, 'schedule created by another worker meanwhile');
    return false;
  }
}

function matches(description: ScheduleDescription, source: SourceSettings, input: PollSourceInput, taskQueue: string): boolean {
  const interval = description.spec.intervals?.[0];
  const action = description.action;
  return (
    description.spec.intervals?.length === 1 &&
    Number(interval?.every) === source.pollEveryMs &&
    action.workflowType === 'pollSource' &&
    action.taskQueue === taskQueue &&
    JSON.stringify(action.args) === JSON.stringify([input]) &&
    description.state.paused === !source.enabled
  );
}

/**
 * The hourly digest tick of a task queue, at the configured minute (08:30 → every hour at :30, so each
 * whole-hour time zone gets its digest on its minute). Created or brought in line at every start.
 */
export async function reconcileDigestSchedule(options: {
  client: Client;
  taskQueue: string;
  minute: number;
  input: SendDigestsInput;
  log: Logger;
}): Promise<'created' | 'updated' | 'unchanged'> {
  const scheduleId = digestScheduleId(options.taskQueue);
  const spec = { intervals: [{ every: '1 hour' as const, offset: options.minute * 60_000 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: sendDigests,
    taskQueue: options.taskQueue,
    workflowId: scheduleId,
    args: [options.input] as [SendDigestsInput],
  };
  const policies = { overlap: 'SKIP' as const, catchupWindow: '1 hour' as const };
  const handle = options.client.schedule.getHandle(scheduleId);
  const description = await describeIfAny(handle);
  if (!description) {
    const created = await createUnlessTaken(
      options.client,
      { scheduleId, spec, action, policies, state: { note: 'sends each advocate their digest at their own hour' } },
      options.log,
    );
    if (!created) return 'unchanged';
    options.log.info({ scheduleId, minute: options.minute }, 'created the digest schedule');
    return 'created';
  }
  const interval = description.spec.intervals?.[0];
  const same =
    description.spec.intervals?.length === 1 &&
    Number(interval?.every) === 3_600_000 &&
    Number(interval?.offset ?? 0) === options.minute * 60_000 &&
    description.action.workflowType === 'sendDigests' &&
    description.action.taskQueue === options.taskQueue &&
    JSON.stringify(description.action.args) === JSON.stringify([options.input]);
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action, policies }));
  options.log.info({ scheduleId, minute: options.minute }, 'updated the digest schedule');
  return 'updated';
}

interface WantedSchedule {
  scheduleId: string;
  /** A ScheduleSpec (intervals or calendars), as JSON-comparable data. */
  spec: Record<string, unknown>;
  workflowType: string;
  args: unknown[];
  note: string;
  overlap: 'SKIP' | 'BUFFER_ONE';
  catchupWindow: string;
}

/**
 * Creates a Schedule or brings it in line: the spec and the action's args are compared as JSON with what
 * was created from the same wanted shape (kept in the memo), so an unchanged config touches nothing.
 */
async function reconcileSchedule(client: Client, taskQueue: string, wanted: WantedSchedule, log: Logger): Promise<'created' | 'updated' | 'unchanged'> {
  const fingerprint = JSON.stringify([wanted.spec, wanted.workflowType, wanted.args, wanted.overlap, wanted.catchupWindow, taskQueue]);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: wanted.workflowType,
    taskQueue,
    workflowId: wanted.scheduleId,
    args: wanted.args,
  };
  const policies = { overlap: wanted.overlap, catchupWindow: wanted.catchupWindow as '1 hour' };
  const handle = client.schedule.getHandle(wanted.scheduleId);
  const description = await describeIfAny(handle);
  if (!description) {
    const created = await createUnlessTaken(
      client,
      { scheduleId: wanted.scheduleId, spec: wanted.spec as never, action, policies, memo: { kaikuFingerprint: fingerprint }, state: { note: wanted.note } },
      log,
    );
    if (!created) return 'unchanged';
    log.info({ scheduleId: wanted.scheduleId }, 'created schedule');
    return 'created';
  }
  if (description.memo?.kaikuFingerprint === fingerprint) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: wanted.spec as never, action, policies, state: { ...previous.state, note: wanted.note } }));
  // The memo is not part of an update: delete and create would lose the Schedule's history, so the next start compares again.
  log.info({ scheduleId: wanted.scheduleId }, 'updated schedule');
  return 'updated';
}

/**
 * The engagement Schedules of a task queue: the points tally every minute, the reward month closed on the
 * 1st at 00:30, the nudges and approver summaries daily at `nudges.time`, all in the programme's time zone.
 */
export async function reconcileEngagementSchedules(options: {
  client: Client;
  taskQueue: string;
  timeZone: string;
  nudgeTime: string;
  rewards: boolean;
  nudges: boolean;
  /** The welcome sequence's daily round, an hour after the nudges (so a nudge sent that day is seen, and it waits). */
  onboarding?: boolean;
  heartbeatTimeoutMs: number;
  log: Logger;
}): Promise<void> {
  const { client, taskQueue, log } = options;
  const [hour, minute] = options.nudgeTime.split(':').map(Number) as [number, number];
  await reconcileSchedule(
    client,
    taskQueue,
    {
      scheduleId: pointsScheduleId(taskQueue),
      spec: { intervals: [{ every: '1 minute' }] },
      workflowType: 'pointsTally',
      args: [],
      note: 'folds shares and clicks into the points ledger',
      overlap: 'SKIP',
      catchupWindow: '1 minute',
    },
    log,
  );
  const calendar = (entry: Record<string, unknown>) => ({ calendars: [entry], timezone: options.timeZone });
  for (const [enabled, scheduleId, wanted] of [
    [
      options.rewards,
      rewardsScheduleId(taskQueue),
      {
        spec: calendar({ dayOfMonth: 1, hour: 0, minute: 30 }),
        workflowType: 'rewardsClose',
        note: 'closes last month: winners, their mails and the admins summary',
        overlap: 'BUFFER_ONE' as const,
        catchupWindow: '7 days',
      },
    ],
    [
      options.nudges,
      nudgesScheduleId(taskQueue),
      {
        spec: calendar({ hour, minute }),
        workflowType: 'dailyNudges',
        note: 'nudges quiet advocates; approvers daily summaries',
        overlap: 'SKIP' as const,
        catchupWindow: '6 hours',
      },
    ],
    [
      options.onboarding ?? false,
      onboardingScheduleId(taskQueue),
      {
        spec: calendar({ hour: (hour + 1) % 24, minute }),
        workflowType: 'onboardingRound',
        note: 'the welcome sequence for new advocates',
        overlap: 'SKIP' as const,
        catchupWindow: '6 hours',
      },
    ],
  ] as const) {
    if (!enabled) {
      await client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch((error: unknown) => {
          if (!(error instanceof ScheduleNotFoundError)) throw error;
        });
      continue;
    }
    await reconcileSchedule(client, taskQueue, { scheduleId, args: [{ heartbeatTimeoutMs: options.heartbeatTimeoutMs }], ...wanted }, log);
  }
}

/**
 * The retention Schedule of a task queue: every day at 03:15 in the programme's time zone (a quiet hour), raw
 * link events past privacy.retention are folded into daily totals and deleted. Always on: privacy by default.
 */
export function reconcileRetentionSchedule(options: {
  client: Client;
  taskQueue: string;
  timeZone: string;
  heartbeatTimeoutMs: number;
  log: Logger;
}): Promise<'created' | 'updated' | 'unchanged'> {
  return reconcileSchedule(
    options.client,
    options.taskQueue,
    {
      scheduleId: retentionScheduleId(options.taskQueue),
      spec: { calendars: [{ hour: 3, minute: 15 }], timezone: options.timeZone },
      workflowType: 'retentionRound',
      args: [{ heartbeatTimeoutMs: options.heartbeatTimeoutMs }],
      note: 'folds raw share and click events past privacy.retention into daily totals and deletes them',
      overlap: 'SKIP',
      catchupWindow: '6 hours',
    },
    options.log,
  );
}
