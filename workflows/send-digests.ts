import { log, patched, proxyActivities, sleep } from '@temporalio/workflow';
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
  /** The run in the store (the admin page's Digests), null when there was nothing to send. */
  runId?: string | null;
  /** Digests this run planned (newly due). */
  planned: number;
  /** What the store holds at the end, for this run's digests: delivered whatever crashed on the way. */
  sent: number;
  empty: number;
  bounced: number;
  deferred: number;
  batches: number;
  /** Activity executions the run took (retries aside): a few per batch, never one per advocate. */
  activities: number;
  /** Digests the mail budget held (quiet period, weekly cap), by reason. */
  held?: Partial<Record<'quiet period' | 'weekly cap', number>>;
  /** The run's top posts went to the Teams programme channel (`teams.weeklyTopPosts`). */
  teamsTopPosts?: boolean;
}

/** The digest Schedule of a task queue: its id. */
export function digestScheduleId(taskQueue: string): string {
  return `${taskQueue}:digest`;
}

// Runs that began before batches were fanned out go on as they began (see Temporal's patching).
const FAN_OUT = 'digest-batches-fan-out';
// Runs that began before the Teams top-posts card finish without it.
const TOP_POSTS = 'digest-teams-top-posts';

/**
 * One digest tick: plan the due advocates' digests in the store as a run cut into batches, then send the
 * batches, `parallel` at once (one per SMTP connection the relay allows), each batch one activity on
 * whichever worker takes it: never one workflow per advocate. A last round takes what the batches left
 * (deferred by a 4xx, or still leased by a crashed attempt). The store is the queue and each digest row is
 * keyed advocate × period, so a tick retried, repeated or overlapping a manual send mails nobody twice.
 */
export async function sendDigests(input: SendDigestsInput = {}): Promise<SendDigestsResult> {
  const { planDigests, finishDigestRun } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  // The heartbeat timeout is the takeover time: a batch whose worker died goes to another within it.
  const { sendDigestBatch } = proxyActivities<Activities>({
    startToCloseTimeout: '1 day',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  // A Teams call that keeps failing gives up after a while: the digest run is done either way.
  const { postTeamsTopPosts } = proxyActivities<Activities>({
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: ['TeamsOff', 'TeamsRefused'] },
  });
  const at = input.at ?? new Date().toISOString();
  if (!patched(FAN_OUT)) return batchesOneAfterAnother(input, at);

  const plan = await planDigests({ at, force: input.force ?? false, batchSize: input.batchSize });
  if (!plan.runId) return { runId: null, planned: 0, sent: 0, empty: 0, bounced: 0, deferred: 0, batches: 0, activities: 1 };
  const held = plan.held ? { held: plan.held } : {};
  const runId = plan.runId;
  let activities = 2; // planning and finishing
  let next = 0;
  const lane = async () => {
    while (next < plan.batches) {
      const batch = next++;
      activities++;
      await sendDigestBatch({ runId, batch, limit: plan.batchSize });
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.parallel, plan.batches) }, lane));
  for (;;) {
    activities++;
    const round = await sendDigestBatch({ runId, limit: plan.batchSize });
    if (round.open === 0) break;
    if (round.claimed === 0) await sleep(untilNext(round.nextAt));
  }
  const totals = await finishDigestRun({ runId });
  let teamsTopPosts: { teamsTopPosts: boolean } | Record<string, never> = {};
  if (plan.teamsTopPosts && totals.sent > 0 && patched(TOP_POSTS)) {
    activities++;
    // A Teams outage costs the channel its card, never the run: the digests are out and recorded.
    teamsTopPosts = {
      teamsTopPosts: await postTeamsTopPosts({ runId }).then(
        (r) => r.posted,
        (error: unknown) => {
          log.warn('the top posts could not be posted in Teams', { runId, error: String(error) });
          return false;
        },
      ),
    };
  }
  const result = {
    runId,
    planned: plan.planned,
    sent: totals.sent,
    empty: totals.empty,
    bounced: totals.failed,
    deferred: totals.deferred,
    batches: plan.batches,
    activities,
    ...held,
    ...teamsTopPosts,
  };
  log.info('digest run done', { ...result, at });
  return result;
}

/** What is left is deferred (a 4xx) or held by another attempt: wait for it rather than spin. */
function untilNext(nextAt: string | null): number {
  const wait = nextAt ? new Date(nextAt).getTime() - Date.now() : 30_000;
  return Math.min(Math.max(wait, 1_000), 10 * 60_000);
}

/** The loop of runs begun before the fan-out: batches one after another until nothing is open. */
async function batchesOneAfterAnother(input: SendDigestsInput, at: string): Promise<SendDigestsResult> {
  const { planDigests, sendDigestBatch } = proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const { planned } = await planDigests({ at, force: input.force ?? false });
  const result: SendDigestsResult = { planned, sent: 0, empty: 0, bounced: 0, deferred: 0, batches: 0, activities: 1 };
  for (;;) {
    const batch = await sendDigestBatch({ limit: input.batchSize ?? 500 });
    result.batches++;
    result.activities++;
    result.sent += batch.sent;
    result.empty += batch.empty;
    result.bounced += batch.bounced;
    result.deferred += batch.deferred;
    if (batch.open === 0) break;
    if (batch.claimed === 0) await sleep(untilNext(batch.nextAt));
  }
  return result;
}
