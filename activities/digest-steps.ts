import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { mailDomain } from '../rules/approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import type { DigestCandidate } from '../db/queries/digests.js';
import type { AdvocateRow, DigestRow, DigestRunTotals, HeldCounts } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { createDigestComposer, type DigestPreview } from './digest-composer.js';
import type { RenderedMail } from '../rules/mail/layout.js';
import { PermanentMailError, type Mailer } from '../integrations/email/mailer.js';
import type { AdvocateInput } from '../model/advocate.js';
import type { Secret } from '../rules/tokens/secret.js';
import { mailMessageId } from '../rules/tokens/message-id.js';
import { openPixelUrl, suggestReplyAddress } from '../rules/digests/links.js';
import { currentActivity, keepAlive } from './activity-context.js';
import { metrics } from '../integrations/metrics/metrics.js';
import { createDigestPlanner } from './digest-plan.js';
import { mayBeMailed } from '../rules/digests/next-run.js';

export interface DigestStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
}

export interface PlanDigestsInput {
  /** The tick's moment (ISO): which period each advocate is in. */
  at: string;
  /** A manual send: every advocate's current period, however long ago it began; those who had nothing get another look. */
  force: boolean;
  /** Most advocates per batch (default `digest.batchSize`). */
  batchSize?: number | undefined;
}

export interface DigestPlan {
  /** The run's id in the store; null when nothing was due and nothing was open. */
  runId: string | null;
  planned: number;
  batches: number;
  batchSize: number;
  /** Batches to send at once: one per SMTP connection the relay allows. */
  parallel: number;
  groups: number;
  /** Digests the mail budget held this run, by reason (absent in runs planned before the budget). */
  held?: HeldCounts;
  /** Post the run's top posts in the Teams programme channel when it is done (`teams.weeklyTopPosts`). */
  teamsTopPosts?: boolean;
}

export interface DigestBatchInput {
  /** The run (undefined: a run of kaiku before batches were planned, which takes any open digest). */
  runId?: string | null | undefined;
  /** The batch of the run; without it, the run's last round: whatever open digests it may take. */
  batch?: number | undefined;
  limit: number;
}

export interface DigestBatchResult {
  claimed: number;
  sent: number;
  empty: number;
  bounced: number;
  deferred: number;
  /** Claimed in `sending`: an interrupted attempt's digests, sent again as the same mail (those it had delivered are the duplicates). */
  resumed: number;
  /** Digests still open that the run may take after this batch, and when the earliest of them may be claimed. */
  open: number;
  nextAt: string | null;
}

type Outcome = 'sent' | { permanent: string } | { temporary: string };

// A 4xx is tried again at once with backoff; still refused after these waits, the digest waits for a later round.
const RETRY_WAITS_MS = [250, 500, 1000, 2000, 4000];
const DEFER_MS = 2 * 60_000;
// Recording an outcome is retried this long (a database restart) before the attempt gives up, its messages in doubt.
const RECORD_WAITS_MS = [100, 250, 500, 1000, 2000, 5000];
const RECORD_PATIENCE_MS = 5 * 60_000;
// A small run is cut so that each connection gets a batch, but never into batches smaller than this.
const MIN_BATCH = 50;

export function createDigestSteps(deps: DigestStepsDeps) {
  const { store, config, log } = deps;
  const planner = createDigestPlanner(deps);
  const composer = createDigestComposer(deps);
  const domain = mailDomain(config);
  const relay = config.digest.relay;
  // Each batch sends over one connection: its share of the messages in flight and of the rate.
  const window = Math.max(1, Math.ceil(config.digest.concurrency / relay.connections));
  const batchRate = relay.messagesPerSecond ? relay.messagesPerSecond / relay.connections : undefined;
  const worker = `${process.pid}@${hostname()}`;

  async function sendOne(
    mailer: Mailer,
    advocate: AdvocateRow,
    digest: DigestRow,
    mail: RenderedMail,
    messageId: string,
    unsubscribe: string,
  ): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await mailer.send({
          from: config.email.from,
          to: advocate.email,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          encoding: mail.encoding,
          messageId,
          // A reply with a link suggests it (integrations/email/inbound.ts reads the signed address).
          replyTo: suggestReplyAddress(config, deps.secret, advocate.id),
          headers: {
            // RFC 8058 one-click unsubscribe: mail providers POST "List-Unsubscribe=One-Click" to the URL.
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': `${config.program.name.replace(/[<>"]/g, '')} digest <digest.${domain}>`,
            'X-Kaiku-Digest': `${advocate.id}/${digest.period}`,
          },
        });
        return 'sent' as const;
      } catch (error) {
        const message = (error as Error).message;
        if (error instanceof PermanentMailError) return { permanent: message };
        const wait = RETRY_WAITS_MS[attempt];
        if (wait === undefined) return { temporary: message };
        await delay(wait);
      }
    }
  }

  /** Writes an outcome to the store, retried through a database restart; a message stays in doubt only if this gives up. */
  async function record(what: string, ids: { digestId: string; advocateId: string }, write: () => Promise<void>): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (Date.now() - started > RECORD_PATIENCE_MS) throw error;
        log.warn({ err: error, ...ids, attempt }, `recording a ${what} digest failed; trying again`);
        await delay(RECORD_WAITS_MS[Math.min(attempt, RECORD_WAITS_MS.length - 1)]!);
      }
    }
  }

  /** Composes, sends and records the claimed digests over one SMTP connection of their own. */
  async function deliver(rows: DigestRow[], result: DigestBatchResult, signal: AbortSignal, where: Record<string, unknown>): Promise<void> {
    const advocates = new Map((await store.digests.advocates(rows.map((row) => row.advocate_id))).map((a) => [String(a.id), a]));
    const pick = await composer.chooser([...advocates.values()]);
    const standingOf = await composer.engagement([...advocates.values()]);
    // A digest already in `sending` was perhaps delivered before a crash: it goes again as the same mail.
    const resumed = rows.filter((r) => r.state === 'sending');
    const resent = await store.digests.itemsById([...new Set(resumed.flatMap((r) => r.item_ids))]);
    const byId = new Map(resent.map((item) => [item.id, item]));
    result.resumed += resumed.length;
    if (resumed.length > 0) log.warn({ ...where, resumed: resumed.length }, 'digests resumed after an interrupted attempt: each goes again as the same mail');
    const now = Date.now();

    const empty: string[] = [];
    const ready: { row: DigestRow; advocate: AdvocateRow; items: DigestCandidate[] }[] = [];
    for (const row of rows) {
      const advocate = advocates.get(String(row.advocate_id))!;
      if (!mayBeMailed(advocate)) {
        empty.push(row.id);
        continue;
      }
      const items = row.state === 'sending' ? row.item_ids.map((id) => byId.get(id)).filter((i): i is DigestCandidate => !!i) : pick(advocate);
      if (items.length === 0) empty.push(row.id);
      else ready.push({ row, advocate, items });
    }
    await store.digests.markEmpty(empty);
    result.empty += empty.length;

    const prepared = ready.map(({ row, advocate, items }) => ({
      row,
      advocate,
      items,
      links: { ...composer.links(advocate.id, now), open: openPixelUrl(config, deps.secret, row.id, now) },
      messageId: row.message_id ?? mailMessageId(deps.secret, domain, 'digest', [advocate.id, row.period]),
    }));
    // Items and Message-ID are fixed before the first message goes, so a resend is the same mail.
    await store.digests.markSending(
      prepared.map((p) => ({ id: p.row.id, advocateId: p.advocate.id, itemIds: p.items.map((i) => i.id), messageId: p.messageId })),
    );

    const settle = async (row: DigestRow, advocate: AdvocateRow, outcome: Outcome) => {
      const ids = { digestId: row.id, advocateId: advocate.id };
      if (outcome === 'sent') {
        // Recorded the moment the relay answers: a crash leaves in doubt only the messages in flight.
        await record('sent', ids, () => store.digests.markSent([{ id: row.id, advocateId: advocate.id }]));
        result.sent++;
        metrics.digestsSent.inc();
      } else if ('permanent' in outcome) {
        await record('refused', ids, async () => {
          await store.digests.markFailed(row.id, outcome.permanent);
          await store.advocates.recordBounce(advocate.id);
        });
        result.bounced++;
        metrics.digestsBounced.inc();
        log.warn({ ...where, ...ids, period: row.period, reason: outcome.permanent }, 'digest refused for good: advocate marked bouncing');
      } else {
        await record('deferred', ids, () => store.digests.defer(row.id, new Date(Date.now() + DEFER_MS), outcome.temporary));
        result.deferred++;
        metrics.digestsDeferred.inc();
        log.warn({ ...where, ...ids, period: row.period, reason: outcome.temporary }, 'digest deferred after repeated temporary refusals');
      }
    };

    // A sliding window of `window` messages: one on the wire, the next ones rendered and queued behind it.
    // A new pool's pace starts afresh: one interval first keeps the pace across a lane's batches too.
    if (batchRate && prepared.length > 0) await delay(1000 / batchRate);
    const mailer = deps.mailer.pool({ connections: 1, messagesPerSecond: batchRate });
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    try {
      for (const p of prepared) {
        while (inFlight.size >= window) await Promise.race(inFlight);
        // Cancelled, or a record given up: take no new digest; those in flight finish and are recorded.
        if (failure !== undefined || signal.aborted) break;
        const mail = composer.render(p.advocate, p.items, p.links, 'wire', standingOf(p.advocate));
        const task: Promise<void> = sendOne(mailer, p.advocate, p.row, mail, p.messageId, p.links.unsubscribe)
          .then((outcome) => settle(p.row, p.advocate, outcome))
          .catch((error: unknown) => void (failure ??= error))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      await Promise.all(inFlight);
    } finally {
      mailer.close();
    }
    if (failure !== undefined) throw failure;
  }

  return {
    /**
     * Plans this period's digest for every advocate whose digest moment has come (one row per advocate ×
     * period) as one run of the calling workflow, cut into batches.
     */
    async planDigests(input: PlanDigestsInput): Promise<DigestPlan> {
      const at = new Date(input.at);
      const groups = await planner.dueGroups(at, input.force);
      const execution = currentActivity()?.info.workflowExecution ?? { workflowId: 'standalone', runId: randomUUID() };
      const most = input.batchSize ?? config.digest.batchSize;
      const held = await planner.heldByBudget(at, () => planner.dueAdvocates(groups, input.force));
      const run = await store.digests.planRun({
        held,
        workflowId: execution.workflowId,
        workflowRunId: execution.runId,
        tickAt: at,
        forced: input.force,
        groups,
        batchSizeFor: (due) => Math.min(most, Math.max(MIN_BATCH, Math.ceil(due / relay.connections))),
      });
      // A retried planning step finds its run again and counts it again: the counter is at-least-once.
      if (run.runId) metrics.digestsPlanned.inc(run.planned);
      if (run.runId)
        log.info({ runId: run.runId, at: input.at, planned: run.planned, batches: run.batches, held: run.held, force: input.force }, 'digests planned');
      return { ...run, parallel: relay.connections, groups: groups.length, teamsTopPosts: config.teams.weeklyTopPosts && !!config.teams.programChannel };
    },

    /**
     * Sends one batch of a run (or its last round), each message over the batch's own SMTP connection and
     * recorded the moment the relay takes it. Claims are leased for the heartbeat timeout and renewed while
     * the attempt lives, so a dead worker's digests pass to the retry as soon as Temporal gives up on it.
     */
    async sendDigestBatch(input: DigestBatchInput): Promise<DigestBatchResult> {
      const context = Context.current();
      const claimer = `${context.info.workflowExecution?.workflowId ?? 'standalone'}:${context.info.activityId}:${context.info.attempt}`;
      const leaseMs = Math.max(context.info.heartbeatTimeoutMs || 30_000, 1_000);
      const { runId, batch } = input;
      const where = { runId, batch, claimer, worker };
      const result: DigestBatchResult = { claimed: 0, sent: 0, empty: 0, bounced: 0, deferred: 0, resumed: 0, open: 0, nextAt: null };
      const stopBeating = keepAlive(context);
      let extending: Promise<void> | undefined;
      const lease = setInterval(() => {
        extending ??= store.digests
          .extendClaim(claimer, leaseMs, runId)
          .catch((error: unknown) => log.warn({ err: error, ...where }, 'renewing the digest claim failed'))
          .finally(() => (extending = undefined));
      }, leaseMs / 3);
      try {
        if (runId && batch !== undefined) await store.digests.startBatch(runId, batch, worker);
        const scope = runId && batch !== undefined ? { runId, batch } : { runId };
        for (;;) {
          const rows = await store.digests.claim(claimer, scope, input.limit, leaseMs);
          result.claimed += rows.length;
          if (rows.length > 0) await deliver(rows, result, context.cancellationSignal, where);
          if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
          if (!runId || batch === undefined) break;
          // Part of the batch still leased by an attempt Temporal gave up on: its lease ends within a heartbeat timeout.
          const held = await store.digests.heldElsewhere(claimer, runId, batch);
          if (held.count === 0) break;
          await delay(Math.max((held.until?.getTime() ?? Date.now()) - Date.now(), 0) + 100, undefined, { signal: context.cancellationSignal }).catch(
            () => undefined,
          );
        }
        if (runId && batch !== undefined) await store.digests.finishBatch(runId, batch);
      } finally {
        clearInterval(lease);
        stopBeating();
        await extending;
      }
      const open = await store.digests.open(runId);
      result.open = open.count;
      result.nextAt = open.nextAt?.toISOString() ?? null;
      log.info({ ...where, ...result }, 'digest batch done');
      return result;
    },

    /** Records the run as finished; its figures, from the store, count what was delivered whatever crashed on the way. */
    async finishDigestRun(input: { runId: string }): Promise<DigestRunTotals> {
      // A pin is for the next run: the run that carried the item takes it off, in the item's trail as kaiku's change.
      const unpinned = await store.transaction(async (tx) => {
        const rows = await tx.digests.unpinCarried(input.runId);
        for (const row of rows)
          await tx.audit.record({
            actor: 'kaiku',
            entity: 'item',
            entityId: row.id,
            action: 'unpinned',
            before: { pinned: 'yes' },
            after: { pinned: 'no', digestRun: input.runId },
          });
        return rows.length;
      });
      if (unpinned > 0) log.info({ runId: input.runId, unpinned }, 'pinned items carried by the run unpinned');
      const totals = await store.digests.finishRun(input.runId);
      log.info({ runId: input.runId, ...totals }, 'digest run finished');
      return totals;
    },

    /** The digest `email` would get now, rendered but neither sent nor recorded; null for an unknown address. */
    async previewDigest(input: { email: string }): Promise<DigestPreview | null> {
      const advocate = await store.advocates.byEmail(input.email);
      return advocate ? composer.preview(advocate) : null;
    },

    /** Upserts roster rows the CLI has already checked. */
    async importAdvocates(input: { advocates: AdvocateInput[] }): Promise<{ inserted: number; updated: number }> {
      return store.advocates.upsert(input.advocates);
    },
  };
}
